// A one-click moderation link for a comment that a GDPR erase has since emptied answers with a page, as every other
// refusal of a link does, and never with the API's JSON.
import { describe, expect, it } from "vitest";
import { call, createSite, json, postComment } from "./helpers";
import { confirmedOwnerMail, dispatched, firstDigest, moderationLink } from "./notify-helpers";

describe("a moderation link for an erased comment", () => {
  it("shows a page saying nothing changed, and the comment stays erased", async () => {
    const site = await createSite({ moderation: "pre" });
    const owner = await confirmedOwnerMail(site);
    const reader = `erase-me-${site.id}@example.com`;
    const { comment } = await postComment(site.id, "/2023/11/on-erasure/", { body: "Held, then erased", authorName: "Zoë", authorEmail: reader });
    await dispatched(site.id);
    const digest = await firstDigest(owner);
    await json(`/sites/${site.id}/gdpr/erase`, 200, { method: "POST", token: site.ownerToken, body: { email: reader } });

    for (const action of ["approve", "spam"] as const) {
      const res = await call(moderationLink(digest.text, action), { method: "POST" });
      expect(res.headers.get("content-type"), action).toMatch(/^text\/html/);
      expect([409, 410], action).toContain(res.status);
      // The first says why: erased (its text is gone too, but it is not a blank to edit).
      if (action === "approve") expect(await res.text()).toContain("a GDPR erase removed its text and author for good");
    }
    const { comments } = await json(`/sites/${site.id}/moderation/comments?status=deleted`, 200, { token: site.ownerToken });
    expect(comments.find((c: { id: string }) => c.id === comment.id)).toMatchObject({ reason: "erased", source: "" });
  });
});
