// Dates the API takes come back in a form it takes again: an instant past 9999-12-31 or before 0000-01-01 in UTC
// (9999-12-31T23:59:59-14:00, 0000-01-01T00:30:00+01:00) would be stored as +010000-… or -000001-…, which an
// article's own PUT, a ban's and a restore refuse, so a backup holding one could not be restored.
import { describe, expect, it } from "vitest";
import { createSite, expectInvalid, call, json } from "./helpers";

const LATE = "9999-12-31T23:59:59.999-14:00";
const EARLY = "0000-01-01T00:30:00+01:00";

describe("dates beyond four-digit years in UTC", () => {
  it("are refused for an article's date, where the last instant of 9999 in UTC is taken and read back as sent", async () => {
    const site = await createSite();
    for (const publishedAt of [LATE, EARLY]) {
      const res = await call(`/sites/${site.id}/articles/far`, { method: "PUT", token: site.ownerToken, body: { title: "Far", body: "x", publishedAt } });
      const error = await expectInvalid(res, "publishedAt");
      expect(JSON.stringify(error.details)).toContain("0000 to 9999");
    }
    const put = (publishedAt: string) => json(`/sites/${site.id}/articles/far`, 201, { method: "PUT", token: site.ownerToken, body: { title: "Far", body: "x", publishedAt } });
    expect((await put("9999-12-31T23:59:59.999Z")).article.publishedAt).toBe("9999-12-31T23:59:59.999Z");
  });

  it("are refused for a ban's end, and for a ban or a comment in an import", async () => {
    const site = await createSite();
    const ban = await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Far Future", expiresAt: LATE } });
    await expectInvalid(ban, "expiresAt");
    const item = { source: "parley", sourceId: "ban_far", type: "name", value: "far", hint: "Far", mode: "visible", reason: null, expiresAt: LATE, createdAt: "2026-11-01T00:00:00Z" };
    await expectInvalid(await call(`/sites/${site.id}/import`, { token: site.ownerToken, body: { bans: [item] } }), "bans.0.expiresAt");
    const comment = { source: "disqus", sourceId: "1", parent: null, thread: "/t/", authorName: "Old", body: "Hi", status: "published", createdAt: EARLY };
    await expectInvalid(await call(`/sites/${site.id}/import`, { token: site.ownerToken, body: { comments: [comment] } }), "comments.0.createdAt");
  });
});
