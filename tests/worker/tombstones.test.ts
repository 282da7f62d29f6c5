import { describe, expect, it } from "vitest";
import { call, expectError } from "./helpers";
import { act, createOwnedSite, idsOf, post, publicCounts, queueEntry, readThread, remove, tick } from "./owner-helpers";

/** A thread "t" with a top-level comment `root` by Ada and two replies to it. */
async function rootWithReplies() {
  const site = await createOwnedSite();
  const root = (await post(site.id, "t", { authorName: "Ada", body: "The original words" })).comment.id;
  await tick();
  const first = (await post(site.id, "t", { authorName: "Bob", parentId: root, body: "First reply" })).comment.id;
  await tick();
  const second = (await post(site.id, "t", { authorName: "Cy", parentId: root, body: "Second reply" })).comment.id;
  return { ...site, root, first, second };
}

describe("deleting a top-level comment", () => {
  it("leaves a tombstone with empty author and body when it has replies, with the replies in place", async () => {
    const { id, ownerToken, root, first, second } = await rootWithReplies();
    await remove(id, ownerToken, root);
    const page = await readThread(id, "t");
    expect(page.comments).toHaveLength(1);
    const [tombstone] = page.comments;
    expect(tombstone).toMatchObject({ id: root, status: "deleted", authorName: "", body: [], editedBy: null, editedAt: null, pinned: false, parentId: null });
    expect(tombstone.replies.map((r: any) => r.id)).toEqual([first, second]);
    expect(tombstone.replies.map((r: any) => r.authorName)).toEqual(["Bob", "Cy"]);
    expect(tombstone.replies.every((r: any) => r.parentId === root && r.status === "published")).toBe(true);
  });

  it("shows readers nothing of the deleted text or author", async () => {
    const { id, ownerToken, root } = await rootWithReplies();
    await remove(id, ownerToken, root);
    const tombstone = (await readThread(id, "t")).comments[0];
    const { replies: _replies, ...own } = tombstone;
    expect(JSON.stringify(own)).not.toContain("original");
    expect(JSON.stringify(own)).not.toContain("Ada");
  });

  it("keeps the deleted text for the owner in the queue", async () => {
    const { id, ownerToken, root } = await rootWithReplies();
    await remove(id, ownerToken, root);
    expect(await queueEntry(id, ownerToken, root)).toMatchObject({ status: "deleted", authorName: "Ada", source: "The original words" });
  });

  it("does not count the tombstone, only its published replies", async () => {
    const { id, ownerToken, root } = await rootWithReplies();
    expect(await publicCounts(id, "t")).toEqual({ total: 3, counts: 3 });
    await remove(id, ownerToken, root);
    expect(await publicCounts(id, "t")).toEqual({ total: 2, counts: 2 });
  });

  it("removes it from the thread when it has no replies", async () => {
    const site = await createOwnedSite();
    const gone = (await post(site.id, "t")).comment.id;
    const stays = (await post(site.id, "t")).comment.id;
    await remove(site.id, site.ownerToken, gone);
    const page = await readThread(site.id, "t");
    expect(idsOf(page.comments)).toEqual([stays]);
    expect(page.total).toBe(1);
  });

  it("keeps the tombstone in its place in time order, in both sorts", async () => {
    const site = await createOwnedSite();
    const before = (await post(site.id, "t")).comment.id;
    await tick();
    const root = (await post(site.id, "t")).comment.id;
    await tick();
    const after = (await post(site.id, "t")).comment.id;
    await post(site.id, "t", { parentId: root });
    await remove(site.id, site.ownerToken, root);
    expect((await readThread(site.id, "t", { query: "sort=oldest" })).comments.map((c: any) => c.id)).toEqual([before, root, after]);
    expect((await readThread(site.id, "t", { query: "sort=newest" })).comments.map((c: any) => c.id)).toEqual([after, root, before]);
  });

  it("refuses a reply to a deleted comment with 404 PARENT_NOT_FOUND", async () => {
    const { id, ownerToken, root } = await rootWithReplies();
    await remove(id, ownerToken, root);
    const res = await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: { body: "Late reply", authorName: "Dee", parentId: root } });
    await expectError(res, 404, "PARENT_NOT_FOUND");
  });
});

describe("deleting a reply", () => {
  it("leaves a tombstone in the nesting when the reply has published replies of its own", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const middle = (await post(site.id, "t", { parentId: root, authorName: "Mid", body: "Middle words" })).comment.id;
    const leaf = (await post(site.id, "t", { parentId: middle, authorName: "Leaf" })).comment.id;
    await remove(site.id, site.ownerToken, middle);
    const page = await readThread(site.id, "t");
    expect(page.comments.map((c: any) => c.id)).toEqual([root]);
    const [tombstone] = page.comments[0].replies;
    expect(tombstone).toMatchObject({ id: middle, parentId: root, status: "deleted", authorName: "", body: [] });
    expect(tombstone.replies.map((r: any) => r.id)).toEqual([leaf]);
    expect(tombstone.replies[0]).toMatchObject({ parentId: middle, authorName: "Leaf", status: "published" });
    expect(page.total).toBe(2);
  });

  it("drops a deleted reply that has no replies", async () => {
    const { id, ownerToken, root, first, second } = await rootWithReplies();
    await remove(id, ownerToken, first);
    const page = await readThread(id, "t");
    expect(page.comments[0].replies.map((r: any) => r.id)).toEqual([second]);
    expect(idsOf(page.comments)).toEqual([root, second]);
  });

  it("removes the tombstone too when the last reply under it is deleted", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const reply = (await post(site.id, "t", { parentId: root })).comment.id;
    await remove(site.id, site.ownerToken, root);
    expect(idsOf((await readThread(site.id, "t")).comments)).toEqual([root, reply]);
    await remove(site.id, site.ownerToken, reply);
    const page = await readThread(site.id, "t");
    expect(page.comments).toEqual([]);
    expect(page.total).toBe(0);
  });

  it("removes a chain of tombstones when the leaf at its end is deleted", async () => {
    const site = await createOwnedSite();
    const keep = (await post(site.id, "t")).comment.id;
    const root = (await post(site.id, "t")).comment.id;
    const middle = (await post(site.id, "t", { parentId: root })).comment.id;
    const leaf = (await post(site.id, "t", { parentId: middle })).comment.id;
    await remove(site.id, site.ownerToken, root);
    await remove(site.id, site.ownerToken, middle);
    expect(idsOf((await readThread(site.id, "t")).comments)).toEqual([keep, root, middle, leaf]);
    await remove(site.id, site.ownerToken, leaf);
    expect(idsOf((await readThread(site.id, "t")).comments)).toEqual([keep]);
  });

  it("keeps a published reply under a tombstone when its sibling is deleted", async () => {
    const { id, ownerToken, root, first, second } = await rootWithReplies();
    await remove(id, ownerToken, root);
    await remove(id, ownerToken, first);
    const page = await readThread(id, "t");
    expect(idsOf(page.comments)).toEqual([root, second]);
  });
});

describe("tombstones and other moderation", () => {
  it("drops a tombstone whose only reply is rejected, and brings it back when the reply is approved", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const reply = (await post(site.id, "t", { parentId: root })).comment.id;
    await remove(site.id, site.ownerToken, root);
    await act(site.id, site.ownerToken, reply, "reject");
    expect((await readThread(site.id, "t")).comments).toEqual([]);
    await act(site.id, site.ownerToken, reply, "approve");
    expect(idsOf((await readThread(site.id, "t")).comments)).toEqual([root, reply]);
  });

  it("keeps a rejected reply as a tombstone while a published reply hangs under it", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const middle = (await post(site.id, "t", { parentId: root })).comment.id;
    const leaf = (await post(site.id, "t", { parentId: middle })).comment.id;
    await act(site.id, site.ownerToken, middle, "reject");
    const page = await readThread(site.id, "t");
    const tomb = page.comments[0].replies[0];
    expect(tomb).toMatchObject({ id: middle, status: "deleted", authorName: "", body: [] });
    expect(tomb.replies.map((r: any) => r.id)).toEqual([leaf]);
  });

  it("keeps a rejected top-level comment as a tombstone while it holds published replies", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const reply = (await post(site.id, "t", { parentId: root })).comment.id;
    await act(site.id, site.ownerToken, root, "reject");
    const page = await readThread(site.id, "t");
    expect(page.comments.map((c: any) => [c.id, c.status])).toEqual([[root, "deleted"]]);
    expect(page.comments[0].replies.map((r: any) => r.id)).toEqual([reply]);
    expect(page.total).toBe(1);
  });
});

describe("restoring", () => {
  it("brings a tombstone back with its author and body", async () => {
    const { id, ownerToken, root, first, second } = await rootWithReplies();
    const before = (await readThread(id, "t")).comments[0];
    await remove(id, ownerToken, root);
    await act(id, ownerToken, root, "restore");
    const page = await readThread(id, "t");
    expect(page.comments[0]).toMatchObject({ id: root, status: "published", authorName: "Ada", body: before.body });
    expect(page.comments[0].replies.map((r: any) => r.id)).toEqual([first, second]);
    expect(page.total).toBe(3);
  });

  it("brings back a comment that had disappeared with no replies", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", { authorName: "Ada" });
    await remove(site.id, site.ownerToken, comment.id);
    expect((await readThread(site.id, "t")).comments).toEqual([]);
    await act(site.id, site.ownerToken, comment.id, "restore");
    const page = await readThread(site.id, "t");
    expect(page.comments).toEqual([expect.objectContaining({ id: comment.id, authorName: "Ada", status: "published" })]);
    expect(page.total).toBe(1);
  });

  it("turns a reply tombstone back into the reply, still nested", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    const middle = (await post(site.id, "t", { parentId: root, authorName: "Mid" })).comment.id;
    const leaf = (await post(site.id, "t", { parentId: middle })).comment.id;
    await remove(site.id, site.ownerToken, middle);
    await act(site.id, site.ownerToken, middle, "restore");
    const page = await readThread(site.id, "t");
    expect(page.comments[0].replies[0]).toMatchObject({ id: middle, authorName: "Mid", status: "published" });
    expect(page.comments[0].replies[0].replies.map((r: any) => r.id)).toEqual([leaf]);
    expect(page.total).toBe(3);
  });
});
