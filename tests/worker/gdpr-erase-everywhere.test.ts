// A GDPR erase removes the reader from everything Parley keeps about them on the site, not only the comment's text
// and name: the e-mail hint the owner saw, a moderator's edits kept in the audit log, the address sealed for reply
// e-mails, and webhook bodies and events kept for retries.
import { describe, expect, it } from "vitest";
import { call, createSite, env, expectError, json, postComment } from "./helpers";
import { createWebhook, deliveries, dispatched, eventually, linkIn, mailTo, receiver } from "./notify-helpers";
import { queueEntry } from "./owner-helpers";

const ORIGIN = "http://parley.test";

/** A site where `email` wrote a comment (asking for reply e-mails, confirmed), a moderator edited it, and it was erased. */
async function erasedReader() {
  const site = await createSite();
  const email = `forget.me+${Math.random().toString(36).slice(2, 8)}@example.com`;
  const { comment } = await postComment(site.id, "/2024/05/quiet-post/", {
    body: "My street is Elm Row 12, ring twice",
    authorName: "Ånna Q. Reader",
    authorEmail: email,
    notify: true,
  });
  const [mail] = await eventually(async () => (await mailTo(email)).length === 1 && mailTo(email));
  expect((await call(linkIn(mail.text, `${ORIGIN}/mail/confirm/`), { method: "POST" })).status).toBe(200);
  await json(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, {
    method: "PATCH",
    token: site.ownerToken,
    body: { body: "My street is Elm Row [redacted], ring twice" },
  });
  const erased = await json(`/sites/${site.id}/gdpr/erase`, 200, { method: "POST", token: site.ownerToken, body: { email } });
  expect(erased.ids).toEqual([comment.id]);
  return { site, email, commentId: comment.id as string };
}

describe("a GDPR erase", () => {
  it("leaves no hint of the e-mail address on the tombstone", async () => {
    const { site, commentId } = await erasedReader();
    const entry = await queueEntry(site.id, site.ownerToken, commentId);
    expect(entry).toMatchObject({ authorName: "", source: "", authorEmail: null });
    const row = await env.DB.prepare("SELECT email_hint, email_sealed, author_email FROM comments WHERE site_id = ?1 AND id = ?2")
      .bind(site.id, commentId)
      .first();
    expect(row).toEqual({ email_hint: null, email_sealed: null, author_email: null });
  });

  it("removes the text of a moderator's edits from the audit log, keeping that an edit happened", async () => {
    const { site, commentId } = await erasedReader();
    const { entries } = await json(`/sites/${site.id}/audit?limit=100`, 200, { token: site.ownerToken });
    const edit = entries.find((e: any) => e.action === "comment.edit" && e.targetId === commentId);
    expect(edit).toBeDefined();
    expect(JSON.stringify(entries)).not.toContain("Elm Row");
  });

  it("forgets the address kept, sealed, for reply e-mails, and what it watched", async () => {
    const { site } = await erasedReader();
    for (const table of ["mail_subscribers", "reply_watches", "reply_notices"]) {
      const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE site_id = ?1`).bind(site.id).first<{ n: number }>();
      expect(left?.n, table).toBe(0);
    }
  });

  it("empties the webhook bodies kept about the comments, and sends none still waiting", async () => {
    const site = await createSite();
    const delivered = receiver();
    const failing = receiver("fail");
    const { webhook: json1 } = await createWebhook(site.id, site.ownerToken, { url: delivered.url });
    const { webhook: slack } = await createWebhook(site.id, site.ownerToken, { url: failing.url, format: "slack" });
    const email = `webhooked+${Math.random().toString(36).slice(2, 8)}@example.com`;
    await postComment(site.id, "/2024/05/quiet-post/", { body: "My street is Elm Row 12, ring twice", authorName: "Ånna Q. Reader", authorEmail: email });
    await dispatched(site.id);
    const [waiting] = await eventually(async () => {
      const list = await deliveries(site.id, site.ownerToken, slack.id);
      return list[0]?.status === "retrying" && list;
    });
    await eventually(async () => (await deliveries(site.id, site.ownerToken, json1.id))[0]?.status === "delivered");

    await json(`/sites/${site.id}/gdpr/erase`, 200, { method: "POST", token: site.ownerToken, body: { email } });

    for (const table of ["webhook_deliveries", "outbox"]) {
      const column = table === "outbox" ? "payload" : "body";
      const { results } = await env.DB.prepare(`SELECT ${column} AS text FROM ${table} WHERE site_id = ?1`).bind(site.id).all<{ text: string }>();
      expect(results.length, table).toBeGreaterThan(0);
      for (const { text } of results) {
        expect(text, table).not.toContain("Elm Row");
        expect(text, table).not.toContain("Ånna");
      }
    }
    const [after] = await deliveries(site.id, site.ownerToken, slack.id);
    expect(after).toMatchObject({ id: waiting.id, status: "failed", nextAttemptAt: null, erased: true });
    expect(after.lastError).toContain("erased");
    expect((await deliveries(site.id, site.ownerToken, json1.id))[0]).toMatchObject({ status: "delivered", erased: true });
    // Retry sends nothing, and says why: there is nothing left to send.
    const retried = await call(`/sites/${site.id}/webhooks/${slack.id}/deliveries/${waiting.id}/retry`, { method: "POST", token: site.ownerToken });
    await expectError(retried, 409, "COMMENT_ERASED");
    expect((await failing.received()).length).toBe(1);
  });

  it("announces each erased comment as deleted, without its text or name, so a receiver can remove its copy", async () => {
    const site = await createSite();
    const hook = receiver();
    await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.created", "comment.deleted"] });
    const email = `announced+${Math.random().toString(36).slice(2, 8)}@example.com`;
    const { comment } = await postComment(site.id, "/2024/05/quiet-post/", { body: "Zed writes personal stuff", authorName: "Zed", authorEmail: email });
    await dispatched(site.id);
    await eventually(async () => (await hook.received()).length === 1);
    await json(`/sites/${site.id}/gdpr/erase`, 200, { method: "POST", token: site.ownerToken, body: { email } });
    await dispatched(site.id);
    const got = await eventually(async () => {
      const all = await hook.received();
      return all.length === 2 && all;
    });
    const deleted = JSON.parse(got[1].body);
    expect(deleted).toMatchObject({ type: "comment.deleted", data: { previousStatus: "published", comment: { id: comment.id, status: "deleted", reason: "erased" } } });
    expect(got[1].body).not.toContain("personal");
    expect(got[1].body).not.toContain("Zed");
  });
});
