// POST /sites/{site}/import: what a batch does to comments that show nothing, and to threads the owner has
// changed since an earlier run.
import { describe, expect, it } from "vitest";
import { createSite, json, threadPath } from "./helpers";

const item = (sourceId: string, parent: string | null, body: string, status = "published") => ({
  source: "disqus",
  sourceId,
  parent: parent ? { source: "disqus", sourceId: parent } : null,
  thread: "/old-post/",
  body,
  authorName: "Ada",
  status,
  createdAt: `2020-01-0${sourceId.length}T00:00:00Z`,
});

describe("imports", () => {
  it("brings a comment whose text shows nothing in as a tombstone that keeps its replies in place", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [item("1", null, "   \n "), item("22", "1", "A real reply"), item("333", null, "\u3164\u2800")];
    const result = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(result).toMatchObject({ inserted: 3, failed: [] });
    const page = await json(threadPath(id, "/old-post/"), 200);
    // The blank comment with a reply shows as deleted, holding the reply; the one without replies is not listed.
    expect(page.comments.map((c: any) => [c.status, c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([["deleted", "", ["Ada"]]]);
    const queue = await json(`/sites/${id}/moderation/comments?status=deleted`, 200, { token: ownerToken });
    expect(queue.comments).toHaveLength(2);
    // A restore brings back the state it had in the file.
    const restored = await json(`/sites/${id}/moderation/comments/${queue.comments[0].id}/restore`, 200, { method: "POST", token: ownerToken });
    expect(restored.comment.status).toBe("published");
  });

  it("never locks again a thread the owner opened after an earlier run of the same import", async () => {
    const { id, ownerToken } = await createSite();
    const batch = { comments: [item("1", null, "From the old system")], threads: [{ key: "/old-post/", locked: true }] };
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    const locked = async () => (await json(threadPath(id, "/old-post/"), 200)).thread.locked;
    expect(await locked()).toBe(true);
    await json(`/sites/${id}/threads/${encodeURIComponent("/old-post/")}`, 200, { method: "PUT", token: ownerToken, body: { locked: false } });
    const again = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    expect(again).toMatchObject({ inserted: 0, present: 1 });
    expect(await locked()).toBe(false);
  });
});
