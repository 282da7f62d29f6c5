// The thread row's counts of top-level comments (migration 0023): how many a first page may list and how many are
// pinned. A first page asks D1 for exactly that many, so a cold one reads N + 1 rows on a database of many threads.
// Every kind of write keeps the counts; each step below checks them against the comments themselves.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createSite, importItem, json, neighbour, postComment, threadPath } from "./helpers";
import { deleteOwn } from "./safety-helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

/** Comments on a page, replies included. */
const shown = (list: any[]): number => list.reduce((n, c) => n + 1 + shown(c.replies), 0);

/** The thread row's counts, and the same counted from the comments (entries of the two indexes a first page walks). */
async function counts(site: string, thread: string) {
  const row = await env.DB.prepare("SELECT listed_roots, pinned_roots FROM threads WHERE site_id = ?1 AND key = ?2")
    .bind(site, thread)
    .first<{ listed_roots: number; pinned_roots: number }>();
  const truth = await env.DB.prepare(
    `SELECT
       SUM(status = 'published' AND pinned = 1) AS pinned,
       SUM((status = 'published' OR reply_count > 0) AND NOT (status = 'published' AND pinned = 1)) AS listed
     FROM comments WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL`,
  )
    .bind(site, thread)
    .first<{ pinned: number | null; listed: number | null }>();
  return { row: { listed: row?.listed_roots ?? 0, pinned: row?.pinned_roots ?? 0 }, truth: { listed: truth?.listed ?? 0, pinned: truth?.pinned ?? 0 } };
}

/** Top-level comments a reader may see, from the comments themselves: published ones, and tombstones over published replies. */
async function visibleRoots(site: string, thread: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT id FROM comments AS c WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL
       AND (status = 'published' OR EXISTS (SELECT 1 FROM comments AS r WHERE r.site_id = ?1 AND r.root_id = c.id AND r.status = 'published'))
     ORDER BY pinned DESC, created_at, id`,
  )
    .bind(site, thread)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

describe("the thread row's counts of top-level comments", () => {
  it("follow posts, replies, moderation, pins, a reader's delete, imports and an erase", async () => {
    const { id, ownerToken } = await createSite();
    await neighbour(id);
    const thread = "/2026/12/counted/";
    const owner = { token: ownerToken };
    const act = (comment: string, action: string) => json(`/sites/${id}/moderation/comments/${comment}/${action}`, 200, { method: "POST", ...owner });
    const steps: string[] = [];
    /** After each write: the counts agree with the comments, and a cold first page lists every visible top-level comment. */
    async function check(step: string) {
      steps.push(step);
      const { row, truth } = await counts(id, thread);
      expect(row, steps.join(" → ")).toEqual(truth);
      const page = await json(`${threadPath(id, thread)}?limit=50`, 200);
      expect(page.comments.map((c: any) => c.id), steps.join(" → ")).toEqual(await visibleRoots(id, thread));
      expect(page.nextCursor).toBeNull();
    }

    const a = await postComment(id, thread, { body: "First!", authorEmail: "Forget.Me@example.com" });
    const b = await postComment(id, thread, { body: "Second, with a [link](https://example.com)" });
    const c = await postComment(id, thread, { body: "Third — ünïcödé 🚀" });
    await check("three posts");
    const replyA = await postComment(id, thread, { body: "A reply to the first", parentId: a.comment.id });
    await check("a reply");
    await act(a.comment.id, "reject");
    await check("a rejected comment with a published reply (a tombstone)");
    await act(replyA.comment.id, "spam");
    await check("its only reply filed as spam (a hidden comment with a reply, no tombstone)");
    await act(b.comment.id, "pin");
    await check("a pin");
    await act(c.comment.id, "pin");
    await act(b.comment.id, "unpin");
    await check("a pin moved");
    const held = await postComment(id, thread, { body: "Soon hidden" });
    await json(`/sites/${id}`, 200, { method: "PATCH", ...owner, body: { moderation: "pre" } });
    const heldReply = await postComment(id, thread, { body: "A held reply", parentId: held.comment.id });
    await postComment(id, thread, { body: "Held for review" });
    await check("a held comment and a held reply");
    await act(held.comment.id, "reject");
    await check("the held reply's top-level comment rejected (hidden, with a reply)");
    await act(heldReply.comment.id, "approve");
    await check("the reply approved (its top-level comment a tombstone)");
    await act(held.comment.id, "approve");
    await check("the top-level comment approved");
    await json(`/sites/${id}`, 200, { method: "PATCH", ...owner, body: { moderation: "post" } });
    const mine = await postComment(id, thread, { body: "I will take this back" });
    await check("another post");
    expect((await deleteOwn(id, mine.comment.id, mine.editToken)).status).toBe(204);
    await check("deleted by its writer");
    await json(`/sites/${id}/moderation/bulk`, 200, { ...owner, body: { ids: [b.comment.id, held.comment.id], action: "spam" } });
    await check("a bulk action");
    await json(`/sites/${id}/moderation/bulk`, 200, { ...owner, body: { ids: [b.comment.id], action: "approve" } });
    await check("approved again");
    // A deleted comment keeps its pin for a restore to bring back.
    await json(`/sites/${id}/moderation/bulk`, 200, { ...owner, body: { ids: [c.comment.id], action: "delete" } });
    await check("the pinned comment deleted");
    await json(`/sites/${id}/moderation/bulk`, 200, { ...owner, body: { ids: [c.comment.id], action: "restore" } });
    await check("and restored, pinned");
    const item = (sourceId: string, parent: string | null, status: string, at: string) => importItem(thread, sourceId, parent, status, at);
    const imported = [
      item("1", null, "published", "2019-03-01T08:00:00Z"),
      item("2", null, "spam", "2019-03-01T09:00:00Z"),
      item("3", "2", "published", "2019-03-01T10:00:00Z"),
      item("4", null, "deleted", "2019-03-01T11:00:00Z"),
      item("5", null, "pending", "2019-03-01T12:00:00Z"),
    ];
    await json(`/sites/${id}/import`, 200, { ...owner, body: { comments: imported } });
    await check("an import");
    await json(`/sites/${id}/import`, 200, { ...owner, body: { comments: [...imported, item("6", "4", "published", "2019-03-02T08:00:00Z")] } });
    await check("the import again, with a reply to a deleted comment");
    await json(`/sites/${id}/gdpr/erase`, 200, { ...owner, body: { email: "forget.me@example.com" } });
    await check("an erase");
    expect(await counts(id, thread)).toMatchObject({ row: { pinned: 1 } });
  }, 120_000);

  it("reads N + 1 rows for a cold first page shorter than its limit, in every order, next to other threads", async () => {
    const { id, ownerToken } = await createSite();
    await neighbour(id);
    await json(`/sites/${id}`, 200);
    const thread = "/2026/12/short/";
    const roots: string[] = [];
    for (let n = 0; n < 5; n++) roots.push((await postComment(id, thread, { body: `comment ${n}` })).comment.id);
    await postComment(id, thread, { body: "a reply", parentId: roots[1] });
    await postComment(id, thread, { body: "another reply", parentId: roots[3] });
    await json(`/sites/${id}/moderation/comments/${roots[2]}/pin`, 200, { method: "POST", token: ownerToken });
    for (const sort of ["oldest", "newest", "top"]) {
      // Each order is its own cold page: the pin made every cached page of the thread cold.
      const res = await call(`${threadPath(id, thread)}?limit=20&sort=${sort}`);
      const page = await res.json<any>();
      expect(page.comments[0].id).toBe(roots[2]);
      expect(page.comments).toHaveLength(5);
      expect(shown(page.comments)).toBe(7);
      expect(page.nextCursor).toBeNull();
      // Before, 9: the entries past the thread's top-level and pinned ones (the next site's) too.
      expect(rowsRead(res), sort).toBe(7 + 1);
    }
    // A thread without a comment reads nothing but its (missing) row.
    const empty = await call(`${threadPath(id, "/2026/12/no-comments-yet/")}?limit=20`);
    expect((await empty.json<any>()).comments).toEqual([]);
    expect(rowsRead(empty)).toBeLessThanOrEqual(1);
  }, 60_000);

  it("reads N + 1 rows for a thread's last page after its first, in every order, next to other threads", async () => {
    const { id } = await createSite();
    await neighbour(id);
    await json(`/sites/${id}`, 200);
    const thread = "/2026/12/two-pages/";
    const roots: string[] = [];
    for (let n = 0; n < 26; n++) roots.push((await postComment(id, thread, { body: `comment ${n}` })).comment.id);
    await postComment(id, thread, { body: "a reply on the last page", parentId: roots[23] });
    for (const sort of ["oldest", "newest", "top"]) {
      const first = await json(`${threadPath(id, thread)}?limit=20&sort=${sort}`, 200);
      expect(first.nextCursor).not.toBeNull();
      // "Load more": the cursor says how many top-level comments follow, so the scan ends by its LIMIT.
      const res = await call(`${threadPath(id, thread)}?limit=20&sort=${sort}&cursor=${encodeURIComponent(first.nextCursor)}`);
      const last = await res.json<any>();
      expect([...first.comments, ...last.comments].map((c: any) => c.id).sort()).toEqual([...roots].sort());
      expect(last.comments).toHaveLength(6);
      expect(last.nextCursor).toBeNull();
      // The 7 comments and the cursor's own row, which the scan lands on; 9 before in the oldest order (the next
      // site's entry too).
      expect(rowsRead(res), sort).toBe(shown(last.comments) + 1);
    }
    // After a write the cursor's count no longer holds: the page asks for a whole page again, and lists every comment.
    const first = await json(`${threadPath(id, thread)}?limit=20`, 200);
    const late = (await postComment(id, thread, { body: "posted between the pages" })).comment.id;
    const rest = await json(`${threadPath(id, thread)}?limit=20&cursor=${encodeURIComponent(first.nextCursor)}`, 200);
    expect(rest.comments.map((c: any) => c.id)).toEqual([...roots.slice(20), late]);
  }, 60_000);
});
