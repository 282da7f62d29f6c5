// A GDPR request for the author of an imported comment: old systems kept addresses a reader's form would refuse
// (an internationalized one, an intranet's without a dot), and the import keeps their hash. Their author must be
// found by the address the comment was stored with.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, importItem, json } from "./helpers";

describe("GDPR requests for imported authors", () => {
  it("finds and erases the comments imported with addresses a reader's form refuses, and still refuses what is no address", async () => {
    const { id, ownerToken } = await createSite();
    const emails = ["josé@example.com", "user@exämple.de", "wp-admin@intranet", "用户@例子.广告"];
    const comments = emails.map((email, i) => ({ ...importItem("/post/", `${i}`, null, "published", "2021-01-01T00:00:00.000Z"), authorEmail: email }));
    expect((await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } })).inserted).toBe(4);
    for (const email of emails) {
      const exported = await json(`/sites/${id}/gdpr/export`, 200, { token: ownerToken, body: { email: email.toUpperCase() } });
      expect(exported.comments, email).toHaveLength(1);
      expect((await json(`/sites/${id}/gdpr/erase`, 200, { token: ownerToken, body: { email } })).erased, email).toBe(1);
    }
    for (const email of ["nobody", "two@@example.com", "a b@example.com", "@example.com", "me@"]) {
      await expectError(await call(`/sites/${id}/gdpr/export`, { token: ownerToken, body: { email } }), 400, "VALIDATION_FAILED");
    }
  });
});
