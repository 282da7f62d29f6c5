// A GDPR erase is final: the tombstones it leaves cannot be restored, approved or edited back into a comment.
import { describe, expect, it } from "vitest";
import { call, expectError, json } from "./helpers";
import { act, bulk, createOwnedSite, idsOf, post, queueEntry, readThread, remove } from "./owner-helpers";

const ERASED_EMAIL = "forget-me@example.com";

/** A site with a comment by the reader who asks to be forgotten, a reply to it by someone else, and the erase done. */
async function erasedFixture() {
  const site = await createOwnedSite();
  const { comment } = await post(site.id, "t", { body: "Please forget this one", authorName: "Forgotten", authorEmail: ERASED_EMAIL });
  const { comment: reply } = await post(site.id, "t", { body: "A reply that stays", parentId: comment.id, authorEmail: "stays@example.com" });
  const erased = await json<{ erased: number; ids: string[] }>(`/sites/${site.id}/gdpr/erase`, 200, {
    method: "POST",
    token: site.ownerToken,
    body: { email: ERASED_EMAIL },
  });
  expect(erased.ids).toEqual([comment.id]);
  return { ...site, erasedId: comment.id as string, replyId: reply.id as string };
}

describe("a GDPR-erased comment", () => {
  it("refuses to be restored with 409 COMMENT_ERASED and stays an empty tombstone", async () => {
    const f = await erasedFixture();
    const res = await call(`/sites/${f.id}/moderation/comments/${f.erasedId}/restore`, { method: "POST", token: f.ownerToken });
    const error = await expectError(res, 409, "COMMENT_ERASED");
    expect(error.message).toContain(f.erasedId);
    const entry = await queueEntry(f.id, f.ownerToken, f.erasedId);
    expect(entry).toMatchObject({ status: "deleted", authorName: "", source: "", reason: "erased", held: null });
    // Readers still see the tombstone with its reply under it.
    const thread = await readThread(f.id, "t");
    expect(idsOf(thread.comments)).toEqual([f.erasedId, f.replyId]);
  });

  it("refuses approve, reject, spam and pin the same way, since each would bring it back", async () => {
    const f = await erasedFixture();
    for (const action of ["approve", "reject", "spam", "pin"]) {
      await expectError(await call(`/sites/${f.id}/moderation/comments/${f.erasedId}/${action}`, { method: "POST", token: f.ownerToken }), 409, "COMMENT_ERASED");
    }
    expect((await queueEntry(f.id, f.ownerToken, f.erasedId)).status).toBe("deleted");
  });

  it("refuses a moderator edit with 409 COMMENT_ERASED", async () => {
    const f = await erasedFixture();
    const res = await call(`/sites/${f.id}/moderation/comments/${f.erasedId}`, { method: "PATCH", token: f.ownerToken, body: { body: "New words" } });
    await expectError(res, 409, "COMMENT_ERASED");
    expect((await queueEntry(f.id, f.ownerToken, f.erasedId)).source).toBe("");
  });

  it("answers a delete as already done, and unpin as unchanged", async () => {
    const f = await erasedFixture();
    expect((await remove(f.id, f.ownerToken, f.erasedId)).changed).toBe(false);
    expect((await act(f.id, f.ownerToken, f.erasedId, "unpin")).changed).toBe(false);
  });

  it("is listed as invalid and erased by a bulk restore, while the other comments are restored", async () => {
    const f = await erasedFixture();
    await remove(f.id, f.ownerToken, f.replyId);
    const result = await bulk(f.id, f.ownerToken, [f.erasedId, f.replyId], "restore");
    expect(idsOf(result.updated)).toEqual([f.replyId]);
    expect(result.invalid).toEqual([f.erasedId]);
    expect(result.erased).toEqual([f.erasedId]);
    expect((await queueEntry(f.id, f.ownerToken, f.erasedId)).status).toBe("deleted");
  });

  it("leaves a comment deleted by a moderator restorable as before", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", { body: "Deleted, then restored", authorEmail: "kept@example.com" });
    await remove(site.id, site.ownerToken, comment.id);
    const restored = await act(site.id, site.ownerToken, comment.id, "restore");
    expect(restored).toMatchObject({ changed: true, comment: { status: "published", source: "Deleted, then restored" } });
    const result = await bulk(site.id, site.ownerToken, [comment.id], "restore");
    // Restored already: a second restore changes nothing.
    expect(result).toMatchObject({ unchanged: [comment.id], invalid: [], erased: [] });
  });
});
