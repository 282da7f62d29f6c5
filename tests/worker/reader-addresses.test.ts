// A reader's e-mail address is only ever kept as a keyed hash: the comment POST takes any `local@domain` without
// blanks, as imports and GDPR requests do (one definition in the contract), so a reader writing in their own script
// can give theirs, and a GDPR request finds their comments by it. Reply e-mails still go only to addresses mail takes.
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
