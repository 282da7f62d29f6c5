// The moderation queue's counts per status: kept per site by every write that adds comments or changes their
// status, so a dashboard load reads a row per status instead of every comment of the site, and still exact.
import { describe, expect, it } from "vitest";
import { call, createSite, env, json, postComment, threadPath } from "./helpers";
import { deleteOwn, editOwn } from "./safety-helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

/** The counts as the comments themselves say: what the queue must show. */
async function recount(site: string) {
  const counts: Record<string, number> = { pending: 0, published: 0, rejected: 0, spam: 0, deleted: 0 };
  const { results } = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM comments WHERE site_id = ?1 GROUP BY status")
    .bind(site)
    .all<{ status: string; n: number }>();
  for (const r of results) counts[r.status] = r.n;
  return counts;
}

const queueCounts = async (site: string, token: string) => (await json(`/sites/${site}/moderation/comments?limit=5`, 200, { token })).counts;

/** An old WordPress export's comments: `n` of them in a few threads, some held, spam or trashed, with replies. */
function oldComments(n: number, from = 0) {
  const statuses = ["published", "published", "published", "pending", "spam", "deleted", "published", "rejected"];
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return {
      source: "wordpress",
      sourceId: String(1000 + k),
      parent: k % 5 === 4 ? { source: "wordpress", sourceId: String(1000 + k - 1) } : null,
      thread: `/2018/0${(k % 3) + 1}/post-${k % 3}/`,
      body: k % 8 === 4 ? `Cheap meds ➜ http://spam.example/${k}` : `Comment #${k}: I mostly agree, but — see my blog?`,
      authorName: k % 7 === 0 ? "Ренат" : `Reader ${k % 41}`,
      status: statuses[k % statuses.length],
      createdAt: new Date(Date.UTC(2018, 0, 1) + k * 3_600_000).toISOString(),
    };
  });
}

describe("moderation queue counts", () => {
  it("reads a row per status, not every comment of a site of 400", async () => {
    const { id, ownerToken } = await createSite();
    const comments = oldComments(400);
    for (let i = 0; i < comments.length; i += 50) await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: comments.slice(i, i + 50) } });
    const res = await call(`/sites/${id}/moderation/comments?limit=20`, { token: ownerToken });
    const queue = await res.json<any>();
    expect(queue.comments).toHaveLength(20);
    expect(queue.counts).toEqual(await recount(id));
    expect(Object.values(queue.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(400);
    // The site row (the owner's token is checked against it), 21 queue rows (one tells that more follow) and the
    // five statuses' counts; before, the 400 comments counted one by one besides (422 rows).
    expect(rowsRead(res)).toBeLessThanOrEqual(1 + 21 + 5);
  }, 60_000);

  it("stays exact through posting, moderation, the author's edits and deletes, erasure and imports run twice", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["viagra"], blockedWordsAction: "spam", editWindowMinutes: 30 });
    const expectExact = async (step: string) => expect(await queueCounts(id, ownerToken), step).toEqual(await recount(id));
    const act = (comment: string, action: string) => json(`/sites/${id}/moderation/comments/${comment}/${action}`, 200, { method: "POST", token: ownerToken });
    const first = await postComment(id, "/a/", { body: "First!", authorEmail: "Forget.Me@example.com" });
    const reply = await postComment(id, "/a/", { body: "A reply", parentId: first.comment.id });
    const spam = await postComment(id, "/a/", { body: "V I A G R A viagra cheap" });
    await expectExact("posted");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "pre" } });
    const held = await postComment(id, "/b/", { body: "Held until approved", authorEmail: "forget.me@example.com" });
    const held2 = await postComment(id, "/b/", { body: "Another held one" });
    await expectExact("held");
    await act(held.comment.id, "approve");
    await act(reply.comment.id, "reject");
    await act(first.comment.id, "spam");
    await act(first.comment.id, "approve");
    await expectExact("moderated");
    // Approving what is already published changes nothing; a bulk action moves each comment once.
    await act(held.comment.id, "approve");
    await json(`/sites/${id}/moderation/bulk`, 200, { method: "POST", token: ownerToken, body: { ids: [held2.comment.id, reply.comment.id, spam.comment.id], action: "reject" } });
    await json(`/sites/${id}/moderation/comments/${held.comment.id}`, 200, { method: "DELETE", token: ownerToken });
    await act(held.comment.id, "restore");
    await expectExact("bulk, delete and restore");
    // One author's edit brings in a blocked word (the comment turns to spam); another author deletes theirs.
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "post" } });
    const own = await postComment(id, "/c/", { body: "Typo here" });
    const edited = await editOwn(id, own.comment.id, own.editToken, { body: "Typo fixed, and viagra" });
    expect(edited.status, await edited.text()).toBe(200);
    await expectExact("edited by its author");
    const regret = await postComment(id, "/c/", { body: "On second thought…" });
    const deleted = await deleteOwn(id, regret.comment.id, regret.editToken);
    expect(deleted.status).toBe(204);
    await expectExact("deleted by its author");
    await json(`/sites/${id}/gdpr/erase`, 200, { method: "POST", token: ownerToken, body: { email: "forget.me@example.com" } });
    await expectExact("erased");
    // An import, then the same file again with more in it: what was there already counts once.
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: oldComments(30) } });
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: oldComments(45) } });
    await expectExact("imported twice");
  }, 60_000);

  it("stays exact through a restore into another site and into its own, and through overlapping imports at once", async () => {
    const a = await createSite();
    const thread = "/2026/12/restored/";
    const root = (await postComment(a.id, thread, { body: "Root — über alles?" })).comment.id;
    const rude = (await postComment(a.id, thread, { body: "Rude reply", parentId: root })).comment.id;
    await postComment(a.id, thread, { body: "A polite answer to the rude reply", parentId: rude });
    const held = (await postComment(a.id, thread, { body: "Will be spam", parentId: root })).comment.id;
    await json(`/sites/${a.id}/moderation/comments/${rude}`, 200, { method: "DELETE", token: a.ownerToken });
    await json(`/sites/${a.id}/moderation/comments/${held}/spam`, 200, { method: "POST", token: a.ownerToken });
    const exported = (await json(`/sites/${a.id}/export?part=comments`, 200, { token: a.ownerToken })).items as any[];
    // As `parley restore` sends them: each comment by its Parley id, its parent by its own; replies after parents.
    const items = exported.map((c) => ({
      source: c.source ?? "parley",
      sourceId: c.sourceId ?? c.id,
      parent: c.parentId ? { source: "parley", sourceId: c.parentId } : null,
      thread: c.thread,
      body: c.body,
      authorName: c.authorName,
      status: c.status,
      statusBeforeDelete: c.statusBeforeDelete,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
    expect(items).toHaveLength(4);

    // Into another site, in two requests (the deleted reply in the first, the answer to it in the second).
    const b = await createSite();
    const cut = items.findIndex((c) => c.sourceId === rude) + 1;
    await json(`/sites/${b.id}/import`, 200, { token: b.ownerToken, body: { comments: items.slice(0, cut) } });
    await json(`/sites/${b.id}/import`, 200, { token: b.ownerToken, body: { comments: items.slice(cut) } });
    expect(await queueCounts(b.id, b.ownerToken)).toEqual(await recount(b.id));
    expect(await recount(b.id)).toEqual(await recount(a.id));
    // The deleted reply still shows as the tombstone its answer hangs under.
    const page = await json(threadPath(b.id, thread), 200);
    const shape = (c: any): unknown => [c.status === "deleted" ? "tombstone" : c.body[0].c[0].v, c.replies.map(shape)];
    expect(page.comments.map(shape)).toEqual([["Root — über alles?", [["tombstone", [["A polite answer to the rude reply", []]]]]]]);

    // Into its own site: every comment is found present, nothing counts twice.
    const again = await json(`/sites/${a.id}/import`, 200, { token: a.ownerToken, body: { comments: items } });
    expect(again.inserted).toBe(0);
    expect(await queueCounts(a.id, a.ownerToken)).toEqual(await recount(a.id));

    // Two imports of overlapping batches at the same moment: each comment counts once, whichever wrote it.
    const c = await createSite();
    const older = oldComments(40);
    const runs = await Promise.all(
      [older.slice(0, 30), older.slice(10, 40)].map((comments) => json(`/sites/${c.id}/import`, 200, { token: c.ownerToken, body: { comments } })),
    );
    expect(runs.map((r) => r.failed)).toEqual([[], []]);
    const counted = await recount(c.id);
    expect(Object.values(counted).reduce((n, k) => n + k, 0)).toBe(40);
    expect(await queueCounts(c.id, c.ownerToken)).toEqual(counted);
  }, 60_000);
});
