import { describe, expect, it } from "vitest";
import { call, createSite, expectError, expectInvalid, json, postComment, threadPath } from "./helpers";
import { ageComment, deleteOwn, editOwn, formTokenFor, postAs, postOk, queued } from "./safety-helpers";

describe("safety regressions", () => {
  it("refuses a Turnstile secret without its site key, so comments cannot be shut off by accident", async () => {
    const { id, ownerToken } = await createSite();
    const res = await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { turnstileSecret: "0x4AAAAAAAsecretOnly" } });
    await expectInvalid(res, "turnstileSiteKey");
    expect((await postAs(id, "t", { body: "still open" })).status).toBe(201);
  });

  it("holds a blocked word even when invisible characters split it", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino"] });
    for (const sneaky of ["cas\u00ADino", "cas\u2060ino", "ca\u034Fsino"]) {
      const { comment } = await postOk(id, "t", { body: `Visit our ${sneaky} today` });
      expect(comment.status).toBe("pending");
      expect((await queued(id, ownerToken, comment.id)).reason).toBe("blocked-word");
    }
  });

  it("keeps zero-width joiners that emoji sequences and Persian spelling need", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "👩\u200D💻 coder and می\u200Cخواهم" });
    const page = await json(threadPath(id, "t"), 200);
    expect(JSON.stringify(page.comments[0].body)).toContain("👩\u200D💻");
    expect(JSON.stringify(page.comments[0].body)).toContain("می\u200Cخواهم");
    expect(comment.id).toBeTruthy();
  });

  it("takes off the joiners at either end of a name or a comment, where they join nothing", async () => {
    const { id } = await createSite();
    await postComment(id, "joiners", { body: "\u200D \u200C👩\u200D💻 at work\u200D\u200C \u200D", authorName: " \u200DAlice\u200C " });
    const [comment] = (await json(threadPath(id, "joiners"), 200)).comments;
    expect(comment.authorName).toBe("Alice");
    expect(JSON.stringify(comment.body)).toContain('"👩\u200D💻 at work"');
    // Text of joiners and blanks alone is empty once they are off.
    const res = await call(threadPath(id, "joiners"), { body: { body: "\u200D\n\u200C \u200D", authorName: "Bob" } });
    await expectInvalid(res, "body");
    // A long run of blanks and joiners inside the text stays, and costs no more than its length to look past.
    const inside = `a${" \u200D".repeat(4000)}b`;
    const { comment: long } = await postComment(id, "joiners", { body: inside, authorName: "Cy" });
    expect(long.id).toBeTruthy();
  });

  it("refuses an edit at the exact end of the edit window", async () => {
    const { id } = await createSite({ editWindowMinutes: 15 });
    const { comment, editToken } = await postOk(id, "t", { body: "on the edge" });
    await ageComment(id, comment.id, 15 * 60_000);
    await expectError(await editOwn(id, comment.id, editToken, { body: "too late" }), 403, "EDIT_WINDOW_CLOSED");
  });

  it("lets a reader post again the text of a comment they deleted", async () => {
    const { id } = await createSite();
    const first = await postOk(id, "t", { body: "second thoughts", ip: "198.51.100.20" });
    expect((await deleteOwn(id, first.comment.id, first.editToken)).status).toBe(204);
    expect((await postAs(id, "t", { body: "second thoughts", ip: "198.51.100.20" })).status).toBe(201);
  });

  it("refuses edits in a locked thread", async () => {
    const { id, ownerToken } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { body: "before the lock" });
    await json(`/sites/${id}/threads/t`, 200, { method: "PUT", token: ownerToken, body: { locked: true } });
    await expectError(await editOwn(id, comment.id, editToken, { body: "after the lock" }), 409, "THREAD_LOCKED");
  });

  it("does not spend the thread's rate limit on posts refused by the form token", async () => {
    const { id } = await createSite({ minFillSeconds: 1, rateLimits: { readerPerMinute: 0, threadPerMinute: 1, sitePerMinute: 0 } });
    for (const ip of ["198.51.100.30", "198.51.100.31", "198.51.100.32"]) {
      await expectError(await postAs(id, "t", { body: `bot from ${ip}`, ip, formToken: "forged.token" }), 400, "FORM_TOKEN_INVALID");
    }
    const formToken = await formTokenFor(id, "t");
    await new Promise((r) => setTimeout(r, 1100));
    expect((await postAs(id, "t", { body: "a real reader", ip: "198.51.100.40", formToken })).status).toBe(201);
  });

  it("refuses a line separator in an author name", async () => {
    const { id } = await createSite();
    await expectInvalid(await call(threadPath(id, "t"), { body: { body: "hi", authorName: "Ann\u2028Admin" } }), "authorName");
  });
});
