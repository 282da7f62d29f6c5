// The owner's digest and one-click moderation links, end to end through the dev mail outbox: a GET shows a
// confirmation page and changes nothing; the button's POST acts once, is audited, and the link is then spent.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { createResendSender } from "../../worker/services/notify/mailer";
import { call, createSite, json, postComment, runCron } from "./helpers";
import { confirmedOwnerMail, digestsTo, dispatched, firstDigest, moderationLink, receiver } from "./notify-helpers";

/** A pre-moderated site whose owner's digest address is set and confirmed. */
async function ownerWithDigest() {
  const site = await createSite({ moderation: "pre" });
  const email = await confirmedOwnerMail(site);
  // Masked as every other address an owner sees: the first letter, then ***.
  expect((await json(`/sites/${site.id}/notifications/mail`, 200, { token: site.ownerToken })).ownerEmail).toBe("o***@example.com");
  return { site, email };
}

async function status(site: { id: string; ownerToken: string }, id: string) {
  const { comments } = await json(`/sites/${site.id}/moderation/comments?status=pending`, 200, { token: site.ownerToken });
  return comments.some((c: { id: string }) => c.id === id) ? "pending" : "not pending";
}

describe("owner digest", () => {
  it("e-mails waiting comments with one-click links, at most once an hour", async () => {
    const { site, email } = await ownerWithDigest();
    const { comment } = await postComment(site.id, "/post/", { body: "Please <i>approve</i> me", authorName: "Zed <b>" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    expect(digest.subject).toBe(`1 comment waiting for moderation on Site ${site.id}`);
    expect(digest.html).toContain("Zed &lt;b&gt;");
    expect(digest.html).toContain("Please &lt;i&gt;approve&lt;/i&gt; me");
    expect(digest.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const row = await env.DB.prepare("SELECT email_sealed FROM owner_mail WHERE site_id = ?1").bind(site.id).first<string>("email_sealed");
    expect(row).not.toContain("owner-");

    const second = await postComment(site.id, "/post/", { body: "Another one" });
    await dispatched(site.id);
    // Whichever digest message comes next finds the hour taken and sends nothing.
    const { sendDigest } = await import("../../worker/services/notify/digest");
    const { createStores } = await import("../../worker/storage");
    const deps = { stores: createStores(env), secret: env.PARLEY_SECRET ?? "", now: Date.now, verifyTurnstile: async () => ({ success: true, hostname: null }), cache: undefined as never };
    expect(await sendDigest(deps, createNotifyDeps(env), site.id)).toBeNull();
    expect(await digestsTo(email)).toHaveLength(1);
  });
});

describe("the digest's unsubscribe link", () => {
  it("stops the digest while it goes to the address that got the link, and no later one", async () => {
    const { site, email } = await ownerWithDigest();
    await postComment(site.id, "/unsub/", { body: "Waiting" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    const unsubscribe = digest.headers["List-Unsubscribe"].slice(1, -1);
    // The digest moves to a new address, confirmed: the old recipient's link no longer stops it.
    const next = await confirmedOwnerMail(site, `next-${site.id}@example.com`);
    const mail = () => json(`/sites/${site.id}/notifications/mail`, 200, { token: site.ownerToken });
    expect((await call(unsubscribe, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(404);
    expect((await call(unsubscribe)).status).toBe(404);
    expect(await mail()).toMatchObject({ digest: true });
    // The new address's own digest link does (the hour's limit lifted for the test).
    await env.DB.prepare("UPDATE owner_mail SET last_digest_at = NULL WHERE site_id = ?1").bind(site.id).run();
    await postComment(site.id, "/unsub/", { body: "Waiting too" });
    await dispatched(site.id);
    const fresh = (await firstDigest(next)).headers["List-Unsubscribe"].slice(1, -1);
    expect(fresh).not.toBe(unsubscribe);
    expect((await call(fresh, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    expect(await mail()).toMatchObject({ digest: false });
  });
});

describe("one-click moderation links", () => {
  it("asks on GET, acts once on POST, and audits it", async () => {
    const { site, email } = await ownerWithDigest();
    const { comment } = await postComment(site.id, "/links/", { body: "Approve me by link" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    const approve = moderationLink(digest.text, "approve");

    const page = await call(approve);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"><input type="hidden" name="version" value="pending\.[0-9a-z]+"><button type="submit">Approve<\/button><\/form>/);
    expect(html).toContain("Approve me by link");
    expect(html).toContain("<h1>Approve this comment?</h1>");
    // Each link asks its own question (a GET never acts).
    expect(await (await call(moderationLink(digest.text, "spam"))).text()).toContain("<h1>Mark this comment as spam?</h1>");
    expect(await (await call(moderationLink(digest.text, "delete"))).text()).toContain("<h1>Delete this comment?</h1>");
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(await status(site, comment.id)).toBe("pending");

    const done = await call(approve, { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Approved");
    expect(await status(site, comment.id)).toBe("not pending");
    // Sent again (a double click, a retry): the same success, and nothing more is done.
    const again = await call(approve, { method: "POST" });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("<h1>Approved</h1>");
    // The set is spent: the spam link of the same comment no longer acts.
    const spam = await call(moderationLink(digest.text, "spam"), { method: "POST" });
    expect(spam.status).toBe(409);
    expect(await spam.text()).toContain("ALREADY_MODERATED");
    expect(await status(site, comment.id)).toBe("not pending");

    const { entries } = await json(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    const approvals = entries.filter((e: any) => e.targetId === comment.id && e.action === "comment.approve");
    expect(approvals.map((e: any) => e.actor)).toEqual([expect.stringMatching(/^link:/)]);
  });

  it("does nothing when the comment changed since the page showed it, and keeps the link for a second look", async () => {
    const { site, email } = await ownerWithDigest();
    const { comment, editToken } = await postComment(site.id, "/changed/", { body: "Looks harmless" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    const approve = moderationLink(digest.text, "approve");
    const shown = await (await call(approve)).text();
    const version = shown.match(/<input type="hidden" name="version" value="([^"]+)">/)?.[1];
    expect(version).toBeTruthy();
    // The page's button posts the version it showed (as a browser submits the form).
    const submit = (v: string) =>
      exports.default.fetch(new Request(new URL(approve, "http://parley.test"), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `version=${encodeURIComponent(v)}` }));
    // Edited by its author in the meantime (still waiting), it is left alone, and the link is not spent. (Moderated
    // elsewhere, the link is spent: moderation-links-spent.test.ts.)
    await json(`/sites/${site.id}/comments/${comment.id}`, 200, { method: "PATCH", token: editToken, body: { body: "Buy cheap pills" } });
    const refused = await submit(version!);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("The comment changed");
    expect(await status(site, comment.id)).toBe("pending");
    const again = await (await call(approve)).text();
    expect(again).toContain("Buy cheap pills");
    const fresh = again.match(/name="version" value="([^"]+)"/)![1];
    expect(fresh).not.toBe(version);
    const done = await submit(fresh);
    expect(done.status).toBe(200);
    const { comments } = await json(`/sites/${site.id}/moderation/comments?status=published`, 200, { token: site.ownerToken });
    expect(comments.map((c: any) => c.id)).toContain(comment.id);
  });

  it("refuses a tampered link and an expired one", async () => {
    const { site, email } = await ownerWithDigest();
    const { comment } = await postComment(site.id, "/exp/", { body: "Expiring" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    const del = moderationLink(digest.text, "delete");
    const tampered = del.slice(0, -1) + (del.endsWith("A") ? "B" : "A");
    expect((await call(tampered, { method: "POST" })).status).toBe(404);
    const { inspectModerationLink } = await import("../../worker/services/notify/links");
    const { createStores } = await import("../../worker/storage");
    const { loadSite } = await import("../../worker/services/sites");
    const [, , , , siteId, id, action, sig] = del.split("/");
    const deps = { stores: createStores(env), secret: env.PARLEY_SECRET ?? "", now: Date.now, verifyTurnstile: async () => ({ success: true, hostname: null }), cache: undefined as never };
    const later = createNotifyDeps(env, () => Date.now() + 8 * 24 * 3600_000);
    const state = await inspectModerationLink(deps, later, await loadSite(deps, siteId), id, action, sig);
    expect(state.state).toBe("expired");
    expect(await status(site, comment.id)).toBe("pending");
  });
});

describe("expired one-click moderation links", () => {
  it("are deleted by the cron a month after they expired, 500 a run, and a deleted one's link says it expired", async () => {
    const { site, email } = await ownerWithDigest();
    await postComment(site.id, "/old/", { body: "Held long ago" });
    await dispatched(site.id);
    const approve = moderationLink((await firstDigest(email)).text, "approve");
    const id = approve.split("/")[5];
    const day = 24 * 3600_000;
    const now = Date.now();
    // Made by hand: 501 sets that expired 31 days ago, and one that expired 29 days ago (kept for now).
    const insert = (rowId: string, expiresAt: number) =>
      env.DB.prepare("INSERT INTO moderation_links (id, site_id, comment_id, expires_at, used_at, used_action, created_at) VALUES (?1, ?2, 'c', ?3, NULL, NULL, ?3)").bind(rowId, site.id, expiresAt);
    await env.DB.batch(Array.from({ length: 500 }, (_, i) => insert(`old-${site.id}-${i}`, now - 31 * day - i)));
    await env.DB.batch([insert(`recent-${site.id}`, now - 29 * day)]);
    await env.DB.prepare("UPDATE moderation_links SET expires_at = ?2 WHERE id = ?1").bind(id, now - 40 * day).run();
    const left = () => env.DB.prepare("SELECT id FROM moderation_links WHERE site_id = ?1 ORDER BY id").bind(site.id).all<{ id: string }>();

    await runCron(now);
    // The 500 that expired first went in the first run (the digest's own set first of all); the latest old one is left.
    expect((await left()).results.map((r) => r.id)).toEqual([`old-${site.id}-0`, `recent-${site.id}`]);
    await runCron(now + 60_000);
    expect((await left()).results.map((r) => r.id)).toEqual([`recent-${site.id}`]);

    const page = await call(approve);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("<h1>Link expired</h1>");
    expect((await call(approve, { method: "POST" })).status).toBe(410);
  });
});

describe("one-click moderation links and a new owner token", () => {
  it("ends the links already sent when the owner token is rotated: they act no more", async () => {
    const { site, email } = await ownerWithDigest();
    const { comment } = await postComment(site.id, "/rotate/", { body: "Sent before the rotation" });
    await dispatched(site.id);
    const digest = await firstDigest(email);
    const { ownerToken } = await json(`/sites/${site.id}/token`, 200, { method: "POST", token: site.ownerToken });

    const approve = moderationLink(digest.text, "approve");
    const page = await (await call(approve)).text();
    expect(page).toContain("<h1>Link no longer valid</h1>");
    expect(page).toContain("The site&#39;s owner token was replaced after this link was sent");
    const refused = await call(approve, { method: "POST" });
    expect(refused.status).toBe(410);
    expect(await status({ id: site.id, ownerToken }, comment.id)).toBe("pending");
    const { entries } = await json(`/sites/${site.id}/audit`, 200, { token: ownerToken });
    expect(entries.some((e: any) => e.targetId === comment.id && e.action === "comment.approve")).toBe(false);
  });
});

describe("Resend", () => {
  it("posts the message to the e-mail API with the key, both parts and the headers", async () => {
    const api = receiver();
    const base = api.url.replace(/\?.*$/, "");
    const sender = createResendSender("re_test_key", "Parley <comments@example.com>", base);
    await sender.send({ siteId: "s", to: "reader@example.com", subject: "Hi", text: "plain", html: "<p>rich</p>", headers: { "List-Unsubscribe": "<https://x/u>" } });
    const [got] = await api.received();
    expect(got.path).toBe(`/hook/${api.name}/emails`);
    expect(got.headers.authorization).toBe("Bearer re_test_key");
    expect(JSON.parse(got.body)).toEqual({
      from: "Parley <comments@example.com>",
      to: ["reader@example.com"],
      subject: "Hi",
      text: "plain",
      html: "<p>rich</p>",
      headers: { "List-Unsubscribe": "<https://x/u>" },
    });
    // The same message again carries the same Idempotency-Key (Resend sends it once); another message another key.
    await sender.send({ siteId: "s", to: "reader@example.com", subject: "Hi", text: "plain", html: "<p>rich</p>", headers: { "List-Unsubscribe": "<https://x/u>" } });
    await sender.send({ siteId: "s", to: "reader@example.com", subject: "Hi", text: "another", html: "<p>another</p>", headers: {} });
    const keys = (await api.received()).map((r: any) => r.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^parley-[0-9a-f]{64}$/);
    expect([keys[1] === keys[0], keys[2] === keys[0]]).toEqual([true, false]);
    const failing = createResendSender("k", "f@example.com", receiver("fail").url.replace(/\?.*$/, "") + "?mode=fail&");
    await expect(failing.send({ siteId: "s", to: "a@example.com", subject: "s", text: "t", html: "t", headers: {} })).rejects.toThrow(/500/);
  });
});

describe("a waiting comment whose text shows nothing", () => {
  it("has no Approve link in the digest, and an approve link made for it refuses without being used", async () => {
    const site = await createSite({ moderation: "pre" });
    const blank = { source: "disqus", sourceId: "1", parent: null, thread: "/old/", body: "![](x)", authorName: "Ghost", status: "pending", createdAt: "2020-01-01T00:00:00Z" };
    await json(`/sites/${site.id}/import`, 200, { token: site.ownerToken, body: { comments: [blank] } });
    const [{ id }] = (await json(`/sites/${site.id}/moderation/comments?status=deleted`, 200, { token: site.ownerToken })).comments;
    expect((await json(`/sites/${site.id}/moderation/comments/${id}/restore`, 200, { method: "POST", token: site.ownerToken })).comment.status).toBe("pending");
    const email = await confirmedOwnerMail(site);
    const digest = await firstDigest(email);
    expect(digest.text).toContain("Ghost on /old/:\n  (no text)\n  No text (an imported blank): edit it in the dashboard to approve it.\n  Spam: ");
    expect(digest.html).not.toContain(">Approve</a>");

    // A link made before the comment was known blank (a webhook's, say): the page says why, and acts on nothing.
    const { createModerationLinks } = await import("../../worker/services/notify/links");
    const links = await createModerationLinks(createNotifyDeps(env), site.id, id, "http://parley.test");
    for (const method of ["GET", "POST"]) {
      const res = await call(links.approve, { method });
      expect(res.status, method).toBe(409);
      expect(await res.text()).toContain("approving it would show readers a blank");
    }
    expect(await status(site, id)).toBe("pending");
    // Not used up: the set's Spam link still acts.
    expect((await call(links.spam, { method: "POST" })).status).toBe(200);
    expect(await status(site, id)).toBe("not pending");
  });
});
