// A reader's e-mail address is only ever kept as a keyed hash: the comment POST takes any `local@domain` without
// blanks, as imports and GDPR requests do (one definition in the contract), so a reader writing in their own script
// can give theirs, and a GDPR request finds their comments by it. Invisible characters pasted with an address are not
// part of it. Reply e-mails still go only to addresses mail takes.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, json, postComment, threadPath } from "./helpers";

describe("readers' e-mail addresses", () => {
  it("takes internationalized and dotless addresses on a comment, and a GDPR request finds the comments by them", async () => {
    const { id, ownerToken } = await createSite();
    const emails = ["josé@example.com", "用户@例子.广告", "wp-admin@intranet"];
    for (const [i, authorEmail] of emails.entries()) {
      const { comment } = await postComment(id, "/addresses/", { body: `Comment ${i}`, authorEmail });
      expect(comment.status).toBe("published");
      expect(comment).not.toHaveProperty("authorEmail");
    }
    for (const email of emails) {
      const exported = await json(`/sites/${id}/gdpr/export`, 200, { token: ownerToken, body: { email } });
      expect(exported.comments, email).toHaveLength(1);
    }
  });

  it("bans an author by a dotless address, as a comment takes it", async () => {
    const { id, ownerToken } = await createSite();
    await json(`/sites/${id}/bans`, 201, { token: ownerToken, body: { type: "email", value: "wp-admin@intranet" } });
    const res = await call(threadPath(id, "/addresses/"), { body: { body: "Hello", authorName: "Reader", authorEmail: "WP-admin@intranet" } });
    await expectError(res, 403, "BANNED");
  });

  it("takes an address pasted with invisible characters, or typed decomposed, as the address a reader reads", async () => {
    const { id, ownerToken } = await createSite();
    // A zero-width space and a byte-order mark inside, direction marks and embeddings around, "é" as e + U+0301.
    const typed = ["jo\u200B@example.com", "\u202Ajose\u0301@example.com\u202C", "\u200Ezoe@exam\uFEFFple.com\u200F"];
    for (const [i, authorEmail] of typed.entries()) await postComment(id, "/addresses/", { body: `Comment ${i}`, authorEmail });
    // An import brings one more, with a soft hyphen and a word joiner.
    const imported = {
      source: "disqus",
      sourceId: "1",
      parent: null,
      thread: "/addresses/",
      body: "Imported",
      authorName: "Jo",
      authorEmail: "jo\u00AD@exam\u2060ple.com",
      status: "published",
      createdAt: "2020-01-01T00:00:00Z",
    };
    expect(await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [imported] } })).toMatchObject({ inserted: 1, failed: [] });
    const found = async (email: string) => (await json(`/sites/${id}/gdpr/export`, 200, { token: ownerToken, body: { email } })).comments.length;
    expect(await found("jo@example.com")).toBe(2);
    expect(await found("josé@example.com")).toBe(1);
    expect(await found("Zoe@Example.com")).toBe(1);
    // The request may carry the same marks: it finds the same comments.
    expect(await found("\u200Fjo@example.com\u200B")).toBe(2);
    // The moderation queue's author filter finds them too.
    const queue = await json(`/sites/${id}/moderation/comments?status=published&author=${encodeURIComponent("jo\u2060@example.com")}`, 200, { token: ownerToken });
    expect(queue.comments).toHaveLength(2);
    // What is left once the marks are gone must still be an address.
    const blank = await call(threadPath(id, "/addresses/"), { body: { body: "Hello", authorName: "Reader", authorEmail: "\u200B\u200D@\u200B" } });
    expect((await expectError(blank, 400, "VALIDATION_FAILED")).details).toEqual([{ field: "authorEmail", message: "Must be an email address." }]);
  });

  it("bans the address a reader reads, whatever invisible marks the ban or the comment carries", async () => {
    const { id, ownerToken } = await createSite();
    const { ban } = await json(`/sites/${id}/bans`, 201, { token: ownerToken, body: { type: "email", value: "\u200Etroll\u200B@example.com" } });
    expect(ban.hint).toBe("t***@example.com");
    for (const authorEmail of ["troll@example.com", "TROLL\u2060@example.com\u202C"]) {
      const res = await call(threadPath(id, "/addresses/"), { body: { body: "Hello", authorName: "Reader", authorEmail } });
      await expectError(res, 403, "BANNED");
    }
  });

  it("refuses what is no address with VALIDATION_FAILED on authorEmail, as before", async () => {
    const { id } = await createSite();
    for (const authorEmail of ["a b@c", "a@@b", "@b", "a@", "nobody", "josé@exam ple.com"]) {
      const res = await call(threadPath(id, "/addresses/"), { body: { body: "Hello", authorName: "Reader", authorEmail } });
      const error = await expectError(res, 400, "VALIDATION_FAILED");
      expect(error.details, authorEmail).toEqual([{ field: "authorEmail", message: "Must be an email address." }]);
    }
  });

  it("asks for an address mail can go to when reply e-mails are wanted, and takes a usual one", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "/addresses/"), { body: { body: "Hello", authorName: "Reader", authorEmail: "josé@example.com", notify: true } });
    const error = await expectError(res, 400, "VALIDATION_FAILED");
    expect(error.details).toEqual([{ field: "authorEmail", message: "Reply e-mails can go only to an address such as name@example.com, in Latin letters." }]);
    const { notify } = await postComment(id, "/addresses/", { body: "Hello", authorEmail: "jose@example.com", notify: true });
    expect(notify).toBe("confirm");
  });
});
