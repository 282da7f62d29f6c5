import { describe, expect, it } from "vitest";
import { call, expectError, expectInvalid, json, putArticle } from "./helpers";
import {
  act,
  bulk,
  createOwnedSite,
  flatten,
  idsOf,
  post,
  publicCounts,
  queue,
  queueAll,
  queueEntry,
  readThread,
  remove,
  tick,
} from "./owner-helpers";

/** A site in pre-moderation with one pending comment on thread "t". */
async function preModeratedSite() {
  const site = await createOwnedSite();
  await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { moderation: "pre" } });
  const posted = await post(site.id, "t", { body: "Waiting for review", authorName: "Ada" });
  return { ...site, posted };
}

describe("pre-moderation", () => {
  it("answers a POST with status pending once the owner switches the site to pre", async () => {
    const { posted } = await preModeratedSite();
    expect(posted.comment.status).toBe("pending");
    expect(posted.editToken).toMatch(/^pe_/);
  });

  it("hides a pending comment from readers and leaves it out of the total", async () => {
    const { id, posted } = await preModeratedSite();
    const page = await readThread(id, "t");
    expect(idsOf(page.comments)).not.toContain(posted.comment.id);
    expect(page.comments).toEqual([]);
    expect(page.total).toBe(0);
    expect(page.own).toEqual([]);
    expect(await publicCounts(id, "t")).toEqual({ total: 0, counts: 0 });
  });

  it("shows the poster their pending comment in own when they prove it with its edit token", async () => {
    const { id, posted } = await preModeratedSite();
    const page = await readThread(id, "t", { own: `${posted.comment.id}:${posted.editToken}` });
    expect(page.own).toHaveLength(1);
    expect(page.own[0]).toMatchObject({ id: posted.comment.id, status: "pending", authorName: "Ada" });
    expect(page.own[0].body).toEqual(posted.comment.body);
    expect(page.comments).toEqual([]);
    expect(page.total).toBe(0);
  });

  it("shows nothing in own for a wrong token or for another comment's token", async () => {
    const { id, posted } = await preModeratedSite();
    const other = await post(id, "t", { body: "Another pending one" });
    const forged = `pe_${"A".repeat(43)}`;
    expect((await readThread(id, "t", { own: `${posted.comment.id}:${forged}` })).own).toEqual([]);
    expect((await readThread(id, "t", { own: `${posted.comment.id}:${other.editToken}` })).own).toEqual([]);
    expect((await readThread(id, "t", { own: `${posted.comment.id}:not-a-token` })).own).toEqual([]);
    // Each claim stands on its own: the valid one shows, the forged one does not.
    const both = await readThread(id, "t", { own: `${posted.comment.id}:${forged}, ${other.comment.id}:${other.editToken}` });
    expect(both.own.map((c: any) => c.id)).toEqual([other.comment.id]);
  });

  it("does not show a pending comment of another thread in own", async () => {
    const { id, posted } = await preModeratedSite();
    const page = await readThread(id, "elsewhere", { own: `${posted.comment.id}:${posted.editToken}` });
    expect(page.own).toEqual([]);
  });

  it("publishes a pending comment on approve: everyone sees it and the total goes up by one", async () => {
    const { id, ownerToken, posted } = await preModeratedSite();
    const approved = await act(id, ownerToken, posted.comment.id, "approve");
    expect(approved).toMatchObject({ changed: true, comment: { id: posted.comment.id, status: "published" } });
    const page = await readThread(id, "t");
    expect(idsOf(page.comments)).toEqual([posted.comment.id]);
    expect(page.comments[0]).toMatchObject({ status: "published", authorName: "Ada" });
    expect(page.total).toBe(1);
    expect(await publicCounts(id, "t")).toEqual({ total: 1, counts: 1 });
    // Published now, it is no longer one of the reader's hidden comments.
    expect((await readThread(id, "t", { own: `${posted.comment.id}:${posted.editToken}` })).own).toEqual([]);
  });

  // The owner sees a masked hint of the e-mail (the address itself is not stored with the comment).
  it("lists the pending comment in the queue with its source and email hint for the owner", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    const posted = await post(site.id, "t", { body: "Hello *there*", authorName: "Ada", authorEmail: "ada@example.com" });
    const { comments, counts } = await queue(site.id, site.ownerToken, "status=pending");
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      id: posted.comment.id,
      status: "pending",
      threadKey: "t",
      authorName: "Ada",
      authorEmail: "a***@example.com",
      source: "Hello *there*",
      shadow: false,
      pinned: false,
    });
    expect(counts.pending).toBe(1);
  });
});

describe("the moderation state machine", () => {
  it("approves a pending comment once; a second approve changes nothing", async () => {
    const { id, ownerToken, posted } = await preModeratedSite();
    expect((await act(id, ownerToken, posted.comment.id, "approve")).changed).toBe(true);
    const again = await act(id, ownerToken, posted.comment.id, "approve");
    expect(again).toMatchObject({ changed: false, comment: { id: posted.comment.id, status: "published" } });
  });

  it("rejects a published comment, which hides it; a second reject changes nothing", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    expect(await act(site.id, site.ownerToken, comment.id, "reject")).toMatchObject({ changed: true, comment: { status: "rejected" } });
    expect((await act(site.id, site.ownerToken, comment.id, "reject")).changed).toBe(false);
    expect((await readThread(site.id, "t")).comments).toEqual([]);
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("rejected");
  });

  it("marks a comment as spam, which hides it; a second spam changes nothing", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    expect(await act(site.id, site.ownerToken, comment.id, "spam")).toMatchObject({ changed: true, comment: { status: "spam", shadow: false } });
    expect((await act(site.id, site.ownerToken, comment.id, "spam")).changed).toBe(false);
    expect((await readThread(site.id, "t")).comments).toEqual([]);
  });

  it("approves a rejected or spam comment back into the thread", async () => {
    const site = await createOwnedSite();
    const a = (await post(site.id, "t")).comment;
    const b = (await post(site.id, "t")).comment;
    await act(site.id, site.ownerToken, a.id, "reject");
    await act(site.id, site.ownerToken, b.id, "spam");
    await act(site.id, site.ownerToken, a.id, "approve");
    await act(site.id, site.ownerToken, b.id, "approve");
    const page = await readThread(site.id, "t");
    expect(new Set(idsOf(page.comments))).toEqual(new Set([a.id, b.id]));
    expect(page.total).toBe(2);
  });

  it("deletes through DELETE /moderation/comments/{id}; a second delete changes nothing", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    const deleted = await remove(site.id, site.ownerToken, comment.id);
    expect(deleted).toMatchObject({ changed: true, comment: { id: comment.id, status: "deleted" } });
    expect((await remove(site.id, site.ownerToken, comment.id)).changed).toBe(false);
  });

  it.each(["pending", "published", "rejected", "spam"] as const)("restores a deleted comment to %s, the status it had before", async (before) => {
    const site = await createOwnedSite({ moderation: before === "pending" ? "pre" : "post" });
    const { comment } = await post(site.id, "t");
    if (before === "rejected") await act(site.id, site.ownerToken, comment.id, "reject");
    if (before === "spam") await act(site.id, site.ownerToken, comment.id, "spam");
    await remove(site.id, site.ownerToken, comment.id);
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("deleted");
    const restored = await act(site.id, site.ownerToken, comment.id, "restore");
    expect(restored).toMatchObject({ changed: true, comment: { id: comment.id, status: before } });
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe(before);
  });

  it("answers a restore of a comment that is not deleted as changing nothing, so that a retried restore is answered alike", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    const rejected = (await post(site.id, "t")).comment.id;
    await act(site.id, site.ownerToken, rejected, "reject");
    for (const id of [comment.id, rejected]) {
      const res = await call(`/sites/${site.id}/moderation/comments/${id}/restore`, { method: "POST", token: site.ownerToken });
      expect(res.status).toBe(200);
      expect((await res.json<any>()).changed).toBe(false);
    }
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("published");
    expect((await queueEntry(site.id, site.ownerToken, rejected)).status).toBe("rejected");
    // Ten restores of a deleted comment at once: one restores it, the others find it restored.
    await remove(site.id, site.ownerToken, comment.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(`/sites/${site.id}/moderation/comments/${comment.id}/restore`, { method: "POST", token: site.ownerToken })));
    const changed = await Promise.all(answers.map(async (r) => (expect(r.status).toBe(200), (await r.json<any>()).changed)));
    expect(changed.filter(Boolean)).toHaveLength(1);
  });

  it("pins a published comment once; a second pin changes nothing; unpin undoes it", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    expect(await act(site.id, site.ownerToken, comment.id, "pin")).toMatchObject({ changed: true, comment: { pinned: true, status: "published" } });
    expect((await act(site.id, site.ownerToken, comment.id, "pin")).changed).toBe(false);
    expect((await readThread(site.id, "t")).comments[0].pinned).toBe(true);
    expect(await act(site.id, site.ownerToken, comment.id, "unpin")).toMatchObject({ changed: true, comment: { pinned: false } });
    expect((await act(site.id, site.ownerToken, comment.id, "unpin")).changed).toBe(false);
    expect((await readThread(site.id, "t")).comments[0].pinned).toBe(false);
  });

  it.each(["pending", "rejected", "spam", "deleted"] as const)("refuses to pin a %s comment with 409 INVALID_STATE", async (state) => {
    const site = await createOwnedSite({ moderation: state === "pending" ? "pre" : "post" });
    const { comment } = await post(site.id, "t");
    if (state === "rejected") await act(site.id, site.ownerToken, comment.id, "reject");
    if (state === "spam") await act(site.id, site.ownerToken, comment.id, "spam");
    if (state === "deleted") await remove(site.id, site.ownerToken, comment.id);
    const res = await call(`/sites/${site.id}/moderation/comments/${comment.id}/pin`, { method: "POST", token: site.ownerToken });
    await expectError(res, 409, "INVALID_STATE");
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).pinned).toBe(false);
  });

  it("unpins a comment when it is rejected; a deleted one keeps its pin for a restore but shows readers none", async () => {
    const site = await createOwnedSite();
    const a = (await post(site.id, "t")).comment;
    const b = (await post(site.id, "t")).comment;
    await post(site.id, "t", { parentId: b.id });
    await act(site.id, site.ownerToken, a.id, "pin");
    await act(site.id, site.ownerToken, b.id, "pin");
    expect((await act(site.id, site.ownerToken, a.id, "reject")).comment.pinned).toBe(false);
    expect((await remove(site.id, site.ownerToken, b.id)).comment.pinned).toBe(true);
    // While deleted, b is a tombstone holding its reply in place: in its own order, not leading as a pin.
    const deleted = await readThread(site.id, "t");
    expect(deleted.comments.map((c: any) => [c.id, c.status, c.pinned])).toEqual([[b.id, "deleted", false]]);
    await act(site.id, site.ownerToken, a.id, "approve");
    await act(site.id, site.ownerToken, b.id, "restore");
    const page = await readThread(site.id, "t");
    // Restored as it was: pinned, so it leads the thread again.
    expect(page.comments.map((c: any) => [c.id, c.pinned])).toEqual([[b.id, true], [a.id, false]]);
  });

  it("keeps a published reply in place under a run of hidden replies: each one a tombstone, up to eight in a row", async () => {
    const site = await createOwnedSite();
    /** A chain of replies under a new top-level comment: its ids, top first. */
    const chain = async (thread: string, length: number) => {
      const ids = [(await post(site.id, thread)).comment.id as string];
      while (ids.length < length) ids.push((await post(site.id, thread, { parentId: ids[ids.length - 1] })).comment.id);
      return ids;
    };
    /** The thread as [id, status, its replies]. */
    const shape = async (thread: string) => {
      const nest = (cs: any[]): unknown[] => cs.map((c) => [c.id, c.status, nest(c.replies)]);
      return nest((await readThread(site.id, thread)).comments);
    };
    // A, B under it, C under B, D under C, E under D: C deleted, D rejected.
    const [a, b, c, d, e] = await chain("run", 5);
    await remove(site.id, site.ownerToken, c);
    await act(site.id, site.ownerToken, d, "reject");
    expect(await shape("run")).toEqual([[a, "published", [[b, "published", [[c, "deleted", [[d, "deleted", [[e, "published", []]]]]]]]]]]);
    // Eight hidden in a row (deleted, rejected, spam in turn) between the top and a published reply.
    const long = await chain("long", 10);
    for (const [i, id] of long.slice(1, 9).entries()) {
      if (i % 3 == 0) await remove(site.id, site.ownerToken, id);
      else await act(site.id, site.ownerToken, id, i % 3 == 1 ? "reject" : "spam");
    }
    const nested = (ids: string[]): unknown[] => (ids.length ? [[ids[0], ids.length == 1 ? "published" : "deleted", nested(ids.slice(1))]] : []);
    expect(await shape("long")).toEqual([[long[0], "published", nested(long.slice(1))]]);
    // A run of hidden replies nobody published answers stays out of the thread.
    await act(site.id, site.ownerToken, long[9], "reject");
    expect(await shape("long")).toEqual([[long[0], "published", []]]);
  });

  it("answers 404 COMMENT_NOT_FOUND for an unknown comment", async () => {
    const site = await createOwnedSite();
    const res = await call(`/sites/${site.id}/moderation/comments/unknownComment1/approve`, { method: "POST", token: site.ownerToken });
    await expectError(res, 404, "COMMENT_NOT_FOUND");
    await expectError(await call(`/sites/${site.id}/moderation/comments/unknownComment1`, { method: "DELETE", token: site.ownerToken }), 404, "COMMENT_NOT_FOUND");
  });

  it("answers 400 for an action that does not exist, and for delete through the action route", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    for (const action of ["frobnicate", "delete", "APPROVE"]) {
      const res = await call(`/sites/${site.id}/moderation/comments/${comment.id}/${action}`, { method: "POST", token: site.ownerToken });
      await expectInvalid(res, "action");
    }
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("published");
  });

  it("answers 400 for a malformed comment id", async () => {
    const site = await createOwnedSite();
    await expectInvalid(await call(`/sites/${site.id}/moderation/comments/x!/approve`, { method: "POST", token: site.ownerToken }), "id");
  });
});

describe("pinned comments", () => {
  /** Four top-level comments a, b, c, d (in that order); c is pinned and has a reply r. */
  async function pinnedThread() {
    const site = await createOwnedSite();
    const ids: string[] = [];
    for (const label of ["a", "b", "c", "d"]) {
      ids.push((await post(site.id, "t", { body: `Top ${label}` })).comment.id);
      await tick();
    }
    const [a, b, c, d] = ids;
    const r = (await post(site.id, "t", { body: "Reply to c", parentId: c })).comment.id;
    await act(site.id, site.ownerToken, c, "pin");
    return { ...site, a, b, c, d, r };
  }

  it("leads the first page in oldest order, and is not repeated on later pages", async () => {
    const { id, a, b, c, d } = await pinnedThread();
    const first = await readThread(id, "t", { query: "sort=oldest&limit=2" });
    expect(first.comments.map((x: any) => x.id)).toEqual([c, a, b]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await readThread(id, "t", { query: `sort=oldest&limit=2&cursor=${first.nextCursor}` });
    expect(second.comments.map((x: any) => x.id)).toEqual([d]);
    expect(second.nextCursor).toBeNull();
  });

  it("leads the first page in newest order too", async () => {
    const { id, a, b, c, d } = await pinnedThread();
    const first = await readThread(id, "t", { query: "sort=newest&limit=2" });
    expect(first.comments.map((x: any) => x.id)).toEqual([c, d, b]);
    const second = await readThread(id, "t", { query: `sort=newest&limit=2&cursor=${first.nextCursor}` });
    expect(second.comments.map((x: any) => x.id)).toEqual([a]);
  });

  it("keeps the replies of a pinned comment nested under it", async () => {
    const { id, c, r } = await pinnedThread();
    const page = await readThread(id, "t");
    expect(page.comments[0]).toMatchObject({ id: c, pinned: true });
    expect(page.comments[0].replies.map((x: any) => x.id)).toEqual([r]);
    expect(page.total).toBe(5);
  });

  it("goes back to its place in time order when unpinned", async () => {
    const { id, ownerToken, a, b, c, d } = await pinnedThread();
    await act(id, ownerToken, c, "unpin");
    expect((await readThread(id, "t")).comments.map((x: any) => x.id)).toEqual([a, b, c, d]);
  });

  it("puts a pinned reply first among its siblings", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const first = (await post(site.id, "t", { parentId: root })).comment.id;
    await tick();
    const second = (await post(site.id, "t", { parentId: root })).comment.id;
    await act(site.id, site.ownerToken, second, "pin");
    const page = await readThread(site.id, "t");
    expect(page.comments[0].replies.map((x: any) => x.id)).toEqual([second, first]);
  });
});

describe("the moderation queue", () => {
  /** A site with comments in several states, threads and authors, posted in a known order. */
  async function busySite() {
    const site = await createOwnedSite();
    const made: Record<string, string> = {};
    const add = async (key: string, thread: string, poster: Parameters<typeof post>[2]) => {
      made[key] = (await post(site.id, thread, poster)).comment.id;
      await tick();
    };
    await add("ada1", "one", { authorName: "Ada Lovelace", authorEmail: "Ada@Example.com", body: "Engines and numbers" });
    await add("bob1", "one", { authorName: "Bob", body: "A 100% certain claim" });
    await add("ada2", "two", { authorName: "Ada Lovelace", body: "snake_case is fine" });
    await add("cy1", "two", { authorName: "Cy", authorEmail: "cy@example.com", body: "Cheap pills here" });
    await add("bob2", "two", { authorName: "Bob", body: "100 percent sure, snake-case too" });
    await act(site.id, site.ownerToken, made.cy1, "spam");
    await act(site.id, site.ownerToken, made.bob2, "reject");
    return { ...site, made };
  }

  it("lists every comment newest first, whatever its status", async () => {
    const { id, ownerToken, made } = await busySite();
    const { comments } = await queue(id, ownerToken);
    expect(comments.map((c) => c.id)).toEqual([made.bob2, made.cy1, made.ada2, made.bob1, made.ada1]);
  });

  it("counts every status in the same response, whatever the filter", async () => {
    const { id, ownerToken } = await busySite();
    const expected = { pending: 0, published: 3, rejected: 1, spam: 1, deleted: 0 };
    expect((await queue(id, ownerToken)).counts).toEqual(expected);
    expect((await queue(id, ownerToken, "status=spam")).counts).toEqual(expected);
    expect((await queue(id, ownerToken, "thread=one&q=zzz")).counts).toEqual(expected);
  });

  it("filters by status", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, "status=spam")).comments.map((c) => c.id)).toEqual([made.cy1]);
    expect((await queue(id, ownerToken, "status=rejected")).comments.map((c) => c.id)).toEqual([made.bob2]);
    expect((await queue(id, ownerToken, "status=published")).comments.map((c) => c.id)).toEqual([made.ada2, made.bob1, made.ada1]);
    expect((await queue(id, ownerToken, "status=pending")).comments).toEqual([]);
  });

  it("filters by thread, alone and with a status", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, "thread=one")).comments.map((c) => c.id)).toEqual([made.bob1, made.ada1]);
    expect((await queue(id, ownerToken, "thread=two&status=published")).comments.map((c) => c.id)).toEqual([made.ada2]);
    expect((await queue(id, ownerToken, "thread=nowhere")).comments).toEqual([]);
  });

  it("filters by author name or email, ignoring case", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, `author=${encodeURIComponent("ada lovelace")}`)).comments.map((c) => c.id)).toEqual([made.ada2, made.ada1]);
    expect((await queue(id, ownerToken, "author=ADA%40EXAMPLE.COM")).comments.map((c) => c.id)).toEqual([made.ada1]);
    expect((await queue(id, ownerToken, "author=bob")).comments.map((c) => c.id)).toEqual([made.bob2, made.bob1]);
    expect((await queue(id, ownerToken, "author=CY%40example.com")).comments.map((c) => c.id)).toEqual([made.cy1]);
    // The author filter is an exact match, not a substring search.
    expect((await queue(id, ownerToken, "author=ada")).comments).toEqual([]);
  });

  it("finds a name with letters beyond ASCII written all small, all capitals or capitalized", async () => {
    const site = await createOwnedSite();
    const jorg = (await post(site.id, "t", { authorName: "Jörg van Dyke" })).comment.id;
    const renee = (await post(site.id, "t", { authorName: "RENÉE" })).comment.id;
    for (const typed of ["Jörg van Dyke", "jörg van dyke", "JÖRG VAN DYKE", "Jörg Van Dyke", "jöRG VAN dyke"]) {
      expect((await queue(site.id, site.ownerToken, `author=${encodeURIComponent(typed)}`)).comments.map((c) => c.id), typed).toEqual([jorg]);
    }
    for (const typed of ["renée", "Renée", "RENÉE", "rENÉe"]) {
      expect((await queue(site.id, site.ownerToken, `author=${encodeURIComponent(typed)}`)).comments.map((c) => c.id), typed).toEqual([renee]);
    }
    // Another letter is another name.
    expect((await queue(site.id, site.ownerToken, "author=renee")).comments).toEqual([]);
  });

  it("searches the text with q, ignoring case", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, "q=ENGINES")).comments.map((c) => c.id)).toEqual([made.ada1]);
    expect((await queue(id, ownerToken, "q=pills")).comments.map((c) => c.id)).toEqual([made.cy1]);
    // q also finds the author's name.
    expect((await queue(id, ownerToken, "q=lovelace")).comments.map((c) => c.id)).toEqual([made.ada2, made.ada1]);
  });

  it("takes % and _ in q literally, not as wildcards", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, "q=100%25")).comments.map((c) => c.id)).toEqual([made.bob1]);
    expect((await queue(id, ownerToken, "q=snake_case")).comments.map((c) => c.id)).toEqual([made.ada2]);
    expect((await queue(id, ownerToken, "q=%25")).comments.map((c) => c.id)).toEqual([made.bob1]);
    expect((await queue(id, ownerToken, "q=_")).comments.map((c) => c.id)).toEqual([made.ada2]);
    expect((await queue(id, ownerToken, `q=${encodeURIComponent("\\")}`)).comments).toEqual([]);
  });

  it("finds a whole pasted sentence with q, past the 50 bytes D1 allows a LIKE pattern, and up to q's 200 characters", async () => {
    const { id, ownerToken } = await createOwnedSite();
    const spam = "Ｃｈｅａｐ ｒｅｐｌｉｃａ ｗａｔｃｈｅｓ!!! 100% genuine_quality, visit http://spam.example/?ref=%E2%9C%93 — ÉNORME RÉDUCTION aujourd'hui seulement";
    const { comment } = await post(id, "t", { body: spam });
    await post(id, "t", { body: "A real reader's comment about watches" });
    // Case is ignored for ASCII letters only, as before (SQLite's lower()).
    const fold = (v: string) => v.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
    for (const q of [spam.slice(0, 60), spam, spam.toLowerCase().slice(40), "100% GENUINE_QUALITY, VISIT", "é".repeat(30), "x".repeat(200)]) {
      const expected = fold(spam).includes(fold(q)) ? [comment.id] : [];
      expect((await queue(id, ownerToken, `q=${encodeURIComponent(q)}`)).comments.map((c) => c.id), q).toEqual(expected);
    }
  });

  it("combines filters", async () => {
    const { id, ownerToken, made } = await busySite();
    expect((await queue(id, ownerToken, "author=bob&status=rejected&thread=two&q=sure")).comments.map((c) => c.id)).toEqual([made.bob2]);
    expect((await queue(id, ownerToken, "author=bob&status=published&thread=two")).comments).toEqual([]);
  });

  it("pages through the queue with the cursor, newest first, without gaps or repeats", async () => {
    const { id, ownerToken, made } = await busySite();
    const first = await queue(id, ownerToken, "limit=2");
    expect(first.comments).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await queueAll(id, ownerToken, "limit=2");
    expect(all.pages).toBe(3);
    expect(all.comments.map((c) => c.id)).toEqual([made.bob2, made.cy1, made.ada2, made.bob1, made.ada1]);
    const filtered = await queueAll(id, ownerToken, "limit=1&status=published");
    expect(filtered.comments.map((c) => c.id)).toEqual([made.ada2, made.bob1, made.ada1]);
  });

  it("answers 400 for an unknown status, an unknown filter, a bad limit or a forged cursor", async () => {
    const site = await createOwnedSite();
    const get = (query: string) => call(`/sites/${site.id}/moderation/comments?${query}`, { token: site.ownerToken });
    await expectInvalid(await get("status=hidden"), "status");
    await expectInvalid(await get("colour=red"), "colour");
    await expectInvalid(await get("limit=0"), "limit");
    await expectInvalid(await get("limit=101"), "limit");
    await expectInvalid(await get("limit=1e1"), "limit");
    await expectInvalid(await get("cursor=not-a-cursor"), "cursor");
  });

  it("takes an empty filter (a search box left blank, a status or thread not chosen) as no filter", async () => {
    const { id, ownerToken, made } = await busySite();
    const all = (await queue(id, ownerToken, "")).comments.map((c) => c.id);
    expect(all).toHaveLength(Object.keys(made).length);
    expect((await queue(id, ownerToken, "q=")).comments.map((c) => c.id)).toEqual(all);
    expect((await queue(id, ownerToken, "q=&author=&status=published")).comments.map((c) => c.id)).toEqual([made.ada2, made.bob1, made.ada1]);
    expect((await queue(id, ownerToken, "status=&thread=&q=&author=")).comments.map((c) => c.id)).toEqual(all);
  });
});

describe("moderator edits", () => {
  it("re-renders the body and shows editedBy moderator to readers", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", { body: "I said something rude" });
    const edited = await json<any>(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, {
      method: "PATCH",
      token: site.ownerToken,
      body: { body: "Removed by the **moderator**." },
    });
    expect(edited.comment).toMatchObject({ id: comment.id, editedBy: "moderator", source: "Removed by the **moderator**." });
    const shown = (await readThread(site.id, "t")).comments[0];
    expect(shown).toMatchObject({ id: comment.id, editedBy: "moderator", status: "published" });
    expect(shown.editedAt).toEqual(expect.any(String));
    expect(shown.body).toEqual([
      { t: "p", c: [{ t: "text", v: "Removed by the " }, { t: "strong", c: [{ t: "text", v: "moderator" }] }, { t: "text", v: "." }] },
    ]);
    expect(JSON.stringify(shown)).not.toContain("rude");
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).source).toBe("Removed by the **moderator**.");
  });

  it("keeps the status and the count of an edited comment", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    const { comment } = await post(site.id, "t");
    await json(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { body: "Tidied up" } });
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("pending");
    expect(await publicCounts(site.id, "t")).toEqual({ total: 0, counts: 0 });
  });

  it("refuses to edit a deleted comment with 409 INVALID_STATE", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    await remove(site.id, site.ownerToken, comment.id);
    const res = await call(`/sites/${site.id}/moderation/comments/${comment.id}`, { method: "PATCH", token: site.ownerToken, body: { body: "New" } });
    await expectError(res, 409, "INVALID_STATE");
  });

  it("answers 404 for an unknown comment and 400 for an empty or extra-field body", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    const patch = (id: string, body: unknown) => call(`/sites/${site.id}/moderation/comments/${id}`, { method: "PATCH", token: site.ownerToken, body });
    await expectError(await patch("unknownComment1", { body: "x" }), 404, "COMMENT_NOT_FOUND");
    await expectInvalid(await patch(comment.id, { body: "   " }), "body");
    await expectInvalid(await patch(comment.id, {}), "body");
    await expectInvalid(await patch(comment.id, { body: "x", status: "published" }), "status");
  });
});

describe("bulk actions", () => {
  it("applies one action to many comments and sorts the ids into updated, unchanged, notFound and invalid", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    const a = (await post(site.id, "t")).comment.id;
    const b = (await post(site.id, "t")).comment.id;
    const c = (await post(site.id, "t")).comment.id;
    await act(site.id, site.ownerToken, c, "approve");
    const result = await bulk(site.id, site.ownerToken, [a, b, c, "unknownComment1", a], "approve");
    expect(result.updated.map((x: any) => x.id).sort()).toEqual([a, b].sort());
    expect(result.updated.every((x: any) => x.status === "published")).toBe(true);
    expect(result.unchanged).toEqual([c]);
    expect(result.notFound).toEqual(["unknownComment1"]);
    expect(result.invalid).toEqual([]);
    const page = await readThread(site.id, "t");
    expect(new Set(idsOf(page.comments))).toEqual(new Set([a, b, c]));
    expect(page.total).toBe(3);
  });

  it("reports the comments an action cannot apply to as invalid and still applies it to the rest", async () => {
    const site = await createOwnedSite();
    const published = (await post(site.id, "t")).comment.id;
    const rejected = (await post(site.id, "t")).comment.id;
    await act(site.id, site.ownerToken, rejected, "reject");
    const pin = await bulk(site.id, site.ownerToken, [published, rejected], "pin");
    expect(pin.updated.map((x: any) => x.id)).toEqual([published]);
    expect(pin.invalid).toEqual([rejected]);
    const restore = await bulk(site.id, site.ownerToken, [published, rejected], "restore");
    expect(restore.updated).toEqual([]);
    expect(restore.unchanged.sort()).toEqual([published, rejected].sort());
    expect((await queueEntry(site.id, site.ownerToken, published)).pinned).toBe(true);
  });

  it("deletes and restores in bulk", async () => {
    const site = await createOwnedSite();
    const ids = [(await post(site.id, "t")).comment.id, (await post(site.id, "t")).comment.id];
    const deleted = await bulk(site.id, site.ownerToken, ids, "delete");
    expect(deleted.updated.map((x: any) => x.status)).toEqual(["deleted", "deleted"]);
    expect(await publicCounts(site.id, "t")).toEqual({ total: 0, counts: 0 });
    const restored = await bulk(site.id, site.ownerToken, ids, "restore");
    expect(restored.updated.map((x: any) => x.status)).toEqual(["published", "published"]);
    expect(await publicCounts(site.id, "t")).toEqual({ total: 2, counts: 2 });
  });

  it("recounts every thread a bulk action touched", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "first", {});
    const one = [(await post(site.id, "first")).comment.id, (await post(site.id, "first")).comment.id, (await post(site.id, "first")).comment.id];
    const two = [(await post(site.id, "second")).comment.id, (await post(site.id, "second")).comment.id];
    const untouched = (await post(site.id, "third")).comment.id;
    expect(await publicCounts(site.id, "first", { article: true })).toEqual({ total: 3, counts: 3, article: 3 });

    await bulk(site.id, site.ownerToken, [one[0], one[1], two[0], "unknownComment1"], "spam");
    expect(await publicCounts(site.id, "first", { article: true })).toEqual({ total: 1, counts: 1, article: 1 });
    expect(await publicCounts(site.id, "second")).toEqual({ total: 1, counts: 1 });
    expect(await publicCounts(site.id, "third")).toEqual({ total: 1, counts: 1 });

    await bulk(site.id, site.ownerToken, [one[0], two[0], two[1], untouched], "approve");
    expect(await publicCounts(site.id, "first", { article: true })).toEqual({ total: 2, counts: 2, article: 2 });
    expect(await publicCounts(site.id, "second")).toEqual({ total: 2, counts: 2 });
    expect(await publicCounts(site.id, "third")).toEqual({ total: 1, counts: 1 });
    const { counts } = await json<any>(`/sites/${site.id}/counts?threads=first,second,third`, 200);
    expect(counts).toEqual({ first: 2, second: 2, third: 1 });
  });

  it("takes 100 ids and refuses 101 with 400, changing nothing", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    const filler = Array.from({ length: 99 }, (_, i) => `missingComment${String(i).padStart(3, "0")}`);
    const ok = await bulk(site.id, site.ownerToken, [comment.id, ...filler], "reject");
    expect(ok.updated.map((x: any) => x.id)).toEqual([comment.id]);
    expect(ok.notFound).toHaveLength(99);
    await act(site.id, site.ownerToken, comment.id, "approve");
    const res = await call(`/sites/${site.id}/moderation/bulk`, {
      method: "POST",
      token: site.ownerToken,
      body: { ids: [comment.id, ...filler, "missingComment999"], action: "reject" },
    });
    await expectInvalid(res, "ids");
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("published");
  });

  it("answers 400 for no ids, a malformed id or an unknown action", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    const send = (body: unknown) => call(`/sites/${site.id}/moderation/bulk`, { method: "POST", token: site.ownerToken, body });
    await expectInvalid(await send({ ids: [], action: "approve" }), "ids");
    await expectInvalid(await send({ ids: [comment.id, "bad id!"], action: "approve" }), "ids.1");
    await expectInvalid(await send({ ids: [comment.id], action: "destroy" }), "action");
    await expectInvalid(await send({ ids: [comment.id] }), "action");
    await expectInvalid(await send({ ids: [comment.id], action: "spam", extra: true }), "extra");
    expect((await queueEntry(site.id, site.ownerToken, comment.id)).status).toBe("published");
  });
});

describe("counts through every transition", () => {
  it("keeps GET /counts, the article's commentCount and the thread total equal to the published comments", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "story", {});
    const keep = (await post(site.id, "story")).comment.id;
    const { comment } = await post(site.id, "story");
    const expectCount = async (n: number) => expect(await publicCounts(site.id, "story", { article: true })).toEqual({ total: n, counts: n, article: n });
    await expectCount(2);

    const steps: [string, number][] = [
      ["reject", 1],
      ["approve", 2],
      ["spam", 1],
      ["approve", 2],
      ["pin", 2],
      ["unpin", 2],
      ["delete", 1],
      ["restore", 2],
      ["reject", 1],
      ["delete", 1],
      ["restore", 1],
      ["approve", 2],
    ];
    for (const [action, count] of steps) {
      if (action === "delete") await remove(site.id, site.ownerToken, comment.id);
      else await act(site.id, site.ownerToken, comment.id, action);
      await expectCount(count);
    }
    expect((await queueEntry(site.id, site.ownerToken, keep)).status).toBe("published");
  });

  it("does not count a pending comment until it is approved, nor after it is rejected", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    await putArticle(site.id, site.ownerToken, "story", {});
    const { comment } = await post(site.id, "story");
    expect(await publicCounts(site.id, "story", { article: true })).toEqual({ total: 0, counts: 0, article: 0 });
    await act(site.id, site.ownerToken, comment.id, "approve");
    expect(await publicCounts(site.id, "story", { article: true })).toEqual({ total: 1, counts: 1, article: 1 });
    await act(site.id, site.ownerToken, comment.id, "reject");
    expect(await publicCounts(site.id, "story", { article: true })).toEqual({ total: 0, counts: 0, article: 0 });
  });

  it("matches the queue's published count", async () => {
    const site = await createOwnedSite();
    const ids = [(await post(site.id, "t")).comment.id, (await post(site.id, "t")).comment.id, (await post(site.id, "t")).comment.id];
    await act(site.id, site.ownerToken, ids[0], "spam");
    await remove(site.id, site.ownerToken, ids[1]);
    const { counts } = await queue(site.id, site.ownerToken);
    expect(counts).toMatchObject({ published: 1, spam: 1, deleted: 1 });
    expect(await publicCounts(site.id, "t")).toEqual({ total: counts.published, counts: counts.published });
  });
});
