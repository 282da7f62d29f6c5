// Readers edit and delete their own comments with the edit token, within the site's edit window; an edit
// runs the content checks again.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, expectInvalid, json } from "./helpers";
import { MINUTE_MS, ageComment, commentRow, deleteOwn, editOwn, postOk, queued, readThread, uniqueBody } from "./safety-helpers";

describe("PATCH /sites/{site}/comments/{id}", () => {
  it("edits the comment within the window, marks it edited by the author and renders the new body", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { body: "Frist post" });
    const res = await editOwn(id, comment.id, editToken, { body: "First *post*" });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const edited = JSON.parse(text).comment;
    expect(edited).toMatchObject({ id: comment.id, editedBy: "author", status: "published", createdAt: comment.createdAt });
    expect(edited.body).toEqual([{ t: "p", c: [{ t: "text", v: "First " }, { t: "em", c: [{ t: "text", v: "post" }] }] }]);
    expect(Date.parse(edited.editedAt)).toBeGreaterThanOrEqual(Date.parse(comment.createdAt));

    const shown = (await readThread(id, "t")).comments[0];
    expect(shown).toMatchObject({ id: comment.id, editedBy: "author", editedAt: edited.editedAt, body: edited.body });
    expect((await commentRow(id, comment.id))?.body_source).toBe("First *post*");
  });

  it("validates the new body like a new comment", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t");
    await expectInvalid(await editOwn(id, comment.id, editToken, { body: "   " }), "body");
    await expectInvalid(await editOwn(id, comment.id, editToken, { body: "x".repeat(10_001) }), "body");
    await expectInvalid(await editOwn(id, comment.id, editToken, { body: "ok", authorName: "New name" }), "authorName");
  });

  it("answers 401 UNAUTHORIZED without a token", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t");
    await expectError(await editOwn(id, comment.id, undefined, { body: "Hijacked" }), 401, "UNAUTHORIZED");
  });

  it("answers 401 UNAUTHORIZED to a wrong token and leaves the comment alone", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { body: "Original" });
    await expectError(await editOwn(id, comment.id, `${editToken.slice(0, -2)}xx`, { body: "Hijacked" }), 401, "UNAUTHORIZED");
    const row = await commentRow(id, comment.id);
    expect(row).toMatchObject({ body_source: "Original", edited_by: null });
  });

  it("answers 401 UNAUTHORIZED to another comment's edit token", async () => {
    const { id } = await createSite();
    const mine = await postOk(id, "t");
    const theirs = await postOk(id, "t");
    await expectError(await editOwn(id, theirs.comment.id, mine.editToken, { body: "Hijacked" }), 401, "UNAUTHORIZED");
    await expectError(await deleteOwn(id, theirs.comment.id, mine.editToken), 401, "UNAUTHORIZED");
  });

  it("answers 401 UNAUTHORIZED to the site's owner token: owners edit through moderation", async () => {
    const { id, ownerToken } = await createSite();
    const { comment } = await postOk(id, "t");
    await expectError(await editOwn(id, comment.id, ownerToken, { body: "Owner edit" }), 401, "UNAUTHORIZED");
  });

  it("answers 404 COMMENT_NOT_FOUND for a comment of another site", async () => {
    const one = await createSite();
    const two = await createSite();
    const { comment, editToken } = await postOk(one.id, "t");
    await expectError(await editOwn(two.id, comment.id, editToken, { body: "Elsewhere" }), 404, "COMMENT_NOT_FOUND");
  });

  it("still allows an edit just before the window closes", async () => {
    const { id } = await createSite({ editWindowMinutes: 15 });
    const { comment, editToken } = await postOk(id, "t");
    await ageComment(id, comment.id, 15 * MINUTE_MS - 30_000);
    expect((await editOwn(id, comment.id, editToken, { body: "Just in time" })).status).toBe(200);
  });

  it("answers 403 EDIT_WINDOW_CLOSED once the window has passed", async () => {
    const { id } = await createSite({ editWindowMinutes: 15 });
    const { comment, editToken } = await postOk(id, "t", { body: "Old words" });
    await ageComment(id, comment.id, 15 * MINUTE_MS + 1_000);
    const late = await expectError(await editOwn(id, comment.id, editToken, { body: "Too late" }), 403, "EDIT_WINDOW_CLOSED");
    expect(late.message).toBe("Comments can be changed for 15 minutes after posting.");
    await expectError(await deleteOwn(id, comment.id, editToken), 403, "EDIT_WINDOW_CLOSED");
    expect(await commentRow(id, comment.id)).toMatchObject({ body_source: "Old words", status: "published" });
  });

  it("follows the site's own window length", async () => {
    const { id } = await createSite({ editWindowMinutes: 60 });
    const { comment, editToken } = await postOk(id, "t");
    await ageComment(id, comment.id, 30 * MINUTE_MS);
    expect((await editOwn(id, comment.id, editToken, { body: "Half an hour later" })).status).toBe(200);
  });

  it("never allows edits or deletes when editWindowMinutes is 0", async () => {
    const { id } = await createSite({ editWindowMinutes: 0 });
    expect((await json(`/sites/${id}`, 200)).editWindowMinutes).toBe(0);
    const { comment, editToken } = await postOk(id, "t");
    await ageComment(id, comment.id, 1_000);
    const refused = await expectError(await editOwn(id, comment.id, editToken, { body: "Changed my mind" }), 403, "EDIT_WINDOW_CLOSED");
    expect(refused.message).toBe("This site does not let readers change their comments.");
    await expectError(await deleteOwn(id, comment.id, editToken), 403, "EDIT_WINDOW_CLOSED");
  });

  describe("re-running the checks", () => {
    it("holds a published comment that an edit fills with links, and the thread total drops", async () => {
      const { id, ownerToken } = await createSite({ maxLinks: 1 });
      const { comment, editToken } = await postOk(id, "t", { body: "A harmless comment" });
      expect((await readThread(id, "t")).total).toBe(1);
      const res = await editOwn(id, comment.id, editToken, { body: "Now [one](https://a.example) [two](https://b.example) https://c.example" });
      expect(res.status).toBe(200);
      expect((await res.json<any>()).comment.status).toBe("pending");
      const thread = await readThread(id, "t");
      expect(thread.total).toBe(0);
      expect(thread.comments).toEqual([]);
      expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "links" });
    });

    it("holds a comment that an edit gives a blocked word", async () => {
      const { id, ownerToken } = await createSite({ blockedWords: ["casino"] });
      const { comment, editToken } = await postOk(id, "t", { body: "Innocent" });
      expect((await (await editOwn(id, comment.id, editToken, { body: "Visit my casino" })).json<any>()).comment.status).toBe("pending");
      expect((await queued(id, ownerToken, comment.id)).reason).toBe("blocked-word");
    });

    it("never publishes a held comment by editing it", async () => {
      const { id, ownerToken } = await createSite({ maxLinks: 0 });
      const { comment, editToken } = await postOk(id, "t", { body: "Spam at https://spam.example" });
      expect(comment.status).toBe("pending");
      const res = await editOwn(id, comment.id, editToken, { body: "Nothing to see here" });
      expect((await res.json<any>()).comment.status).toBe("pending");
      expect((await queued(id, ownerToken, comment.id)).reason).toBe("links");
      expect((await readThread(id, "t")).total).toBe(0);
    });

    it("says why a held comment is held after an edit changes the reason, and keeps the reason when the new text would pass", async () => {
      const { id, ownerToken } = await createSite({ blockedWords: ["casino"], maxLinks: 1 });
      const { comment, editToken } = await postOk(id, "t", { body: "Visit my casino" });
      expect((await queued(id, ownerToken, comment.id)).reason).toBe("blocked-word");
      await editOwn(id, comment.id, editToken, { body: "Now https://a.example https://b.example https://c.example" });
      expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "links" });
      await editOwn(id, comment.id, editToken, { body: "Nothing to see here" });
      expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "links" });
    });

    it("does not hold an approved author's edit as a first comment", async () => {
      const { id, ownerToken } = await createSite({ holdFirstComment: true });
      const { comment, editToken } = await postOk(id, "t", { authorEmail: "new@example.com" });
      await json(`/sites/${id}/moderation/comments/${comment.id}/approve`, 200, { method: "POST", token: ownerToken });
      const res = await editOwn(id, comment.id, editToken, { body: "Edited after approval" });
      expect((await res.json<any>()).comment.status).toBe("published");
    });
  });
});

describe("DELETE /sites/{site}/comments/{id}", () => {
  it("deletes the comment with its edit token: 204, gone from the thread, total drops", async () => {
    const { id } = await createSite();
    const keep = await postOk(id, "t");
    const gone = await postOk(id, "t");
    expect((await readThread(id, "t")).total).toBe(2);
    const res = await deleteOwn(id, gone.comment.id, gone.editToken);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const thread = await readThread(id, "t");
    expect(thread.total).toBe(1);
    expect(thread.comments.map((c: any) => c.id)).toEqual([keep.comment.id]);
    expect(await json(`/sites/${id}/counts?threads=t`, 200)).toEqual({ counts: { t: 1 } });
  });

  it("leaves a tombstone when the comment has replies", async () => {
    const { id } = await createSite();
    const parent = await postOk(id, "t", { body: "Parent", authorName: "Ada" });
    const reply = await postOk(id, "t", { body: "Reply", parentId: parent.comment.id });
    expect((await deleteOwn(id, parent.comment.id, parent.editToken)).status).toBe(204);
    const thread = await readThread(id, "t");
    expect(thread.total).toBe(1);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]).toMatchObject({ id: parent.comment.id, status: "deleted", authorName: "", body: [], editedBy: null });
    expect(thread.comments[0].replies.map((r: any) => r.id)).toEqual([reply.comment.id]);
    expect(JSON.stringify(thread)).not.toContain("Parent");
  });

  it("answers 401 UNAUTHORIZED without the token or with a wrong one", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t");
    await expectError(await deleteOwn(id, comment.id, undefined), 401, "UNAUTHORIZED");
    await expectError(await deleteOwn(id, comment.id, `${editToken}x`), 401, "UNAUTHORIZED");
    expect((await readThread(id, "t")).total).toBe(1);
  });

  it("lets a reader delete their own pending comment", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    const { comment, editToken } = await postOk(id, "t");
    expect((await deleteOwn(id, comment.id, editToken)).status).toBe(204);
    expect((await queued(id, ownerToken, comment.id)).status).toBe("deleted");
  });

  it("leaves a comment its author deleted deleted for good: the moderator sees why, and cannot restore, approve or edit it", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    const { comment, editToken } = await postOk(id, "t", { body: uniqueBody("Mine") });
    expect((await deleteOwn(id, comment.id, editToken)).status).toBe(204);
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "deleted", reason: "withdrawn", held: null, source: "" });
    for (const action of ["restore", "approve", "pin"]) {
      const error = await expectError(await call(`/sites/${id}/moderation/comments/${comment.id}/${action}`, { method: "POST", token: ownerToken }), 409, "INVALID_STATE");
      expect(error.message, action).toBe(`Cannot ${action} comment "${comment.id}": its author deleted it, and its text with it, so it stays deleted.`);
    }
    const edit = await call(`/sites/${id}/moderation/comments/${comment.id}`, { method: "PATCH", token: ownerToken, body: { body: "A moderator's words" } });
    expect((await expectError(edit, 409, "INVALID_STATE")).message).toContain("its author deleted it");
    const bulk = await json<{ invalid: string[]; updated: unknown[] }>(`/sites/${id}/moderation/bulk`, 200, { method: "POST", token: ownerToken, body: { ids: [comment.id], action: "restore" } });
    expect(bulk).toMatchObject({ invalid: [comment.id], withdrawn: [comment.id], erased: [], blank: [], updated: [] });
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "deleted", reason: "withdrawn" });
  });

  it("answers 409 INVALID_STATE to editing or deleting a deleted comment", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { body: uniqueBody() });
    expect((await deleteOwn(id, comment.id, editToken)).status).toBe(204);
    await expectError(await editOwn(id, comment.id, editToken, { body: "Back from the dead" }), 409, "INVALID_STATE");
    await expectError(await deleteOwn(id, comment.id, editToken), 409, "INVALID_STATE");
  });

  it("answers 409 INVALID_STATE to editing a comment the owner rejected", async () => {
    const { id, ownerToken } = await createSite();
    const { comment, editToken } = await postOk(id, "t");
    await json(`/sites/${id}/moderation/comments/${comment.id}/reject`, 200, { method: "POST", token: ownerToken });
    await expectError(await editOwn(id, comment.id, editToken, { body: "Please let me in" }), 409, "INVALID_STATE");
  });
});
