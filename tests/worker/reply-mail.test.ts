// Reader reply e-mails end to end through the dev mail outbox (/dev/mail): double opt-in with a page whose
// button confirms, reply e-mails batched per thread, one-click unsubscribe (RFC 8058), escaping, the budget.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../worker/services/context";
import { createDocCache } from "../../worker/services/cache";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { sendMail } from "../../worker/services/notify/mail";
import { createResendSender } from "../../worker/services/notify/mailer";
import { flushReplies } from "../../worker/services/notify/replies";
import { createStores } from "../../worker/storage";
import { call, createSite, json, postComment, putArticle } from "./helpers";
import { dispatched, eventually, linkIn, mailTo, receiver } from "./notify-helpers";

const ORIGIN = "http://parley.test";
let n = 0;
const address = () => `reader${++n}-${Math.random().toString(36).slice(2, 8)}@example.com`;

function serviceDeps(now = Date.now): ServiceDeps {
  return { stores: createStores(env), secret: env.PARLEY_SECRET ?? "", now, verifyTurnstile: async () => ({ success: true, hostname: null }), cache: createDocCache(undefined) };
}

/** Posts with "notify me", waits for the confirmation e-mail, opens its page and presses the button. */
async function subscribe(site: string, thread: string, email: string) {
  const { comment } = await postComment(site, thread, { body: `Watching ${email}`, authorEmail: email, notify: true });
  const [mail] = await eventually(async () => (await mailTo(email)).length === 1 && mailTo(email));
  const confirm = linkIn(mail.text, `${ORIGIN}/mail/confirm/`);
  const res = await call(confirm, { method: "POST" });
  expect(res.status).toBe(200);
  return { comment, confirmMail: mail };
}

async function reply(site: string, thread: string, parentId: string, body: string, authorName = "Bob") {
  const { comment } = await postComment(site, thread, { body, parentId, authorName });
  await dispatched(site);
  return comment;
}

describe("double opt-in", () => {
  it("answers the post with what holds for its reply e-mails: confirm until the address is confirmed, then on for the reader who proves it", async () => {
    const site = await createSite();
    expect(await json(`/sites/${site.id}`, 200)).toMatchObject({ replyEmails: true });
    const email = address();
    const first = await postComment(site.id, "t-state", { body: "One", authorEmail: email, notify: true });
    expect(first.notify).toBe("confirm");
    const again = await postComment(site.id, "t-state", { body: "Two", authorEmail: email, notify: true });
    expect(again.notify).toBe("confirm");
    const [mail] = await eventually(async () => (await mailTo(email)).length === 1 && mailTo(email));
    expect((await call(linkIn(mail.text, `${ORIGIN}/mail/confirm/`), { method: "POST" })).status).toBe(200);
    // The reader who confirmed, with an earlier comment's edit token (what the widget sends): on at once.
    const proof = [{ id: first.comment.id, editToken: first.editToken }];
    const third = await postComment(site.id, "t-state", { body: "Three", authorEmail: email, notify: true, notifyProof: proof });
    expect(third.notify).toBe("on");
    // Without it, or with a token that does not match, the answer is the same as for any unconfirmed address.
    expect((await postComment(site.id, "t-state", { body: "Five", authorEmail: email, notify: true })).notify).toBe("confirm");
    const forged = [{ id: first.comment.id, editToken: "x".repeat(43) }];
    expect((await postComment(site.id, "t-state", { body: "Six", authorEmail: email, notify: true, notifyProof: forged })).notify).toBe("confirm");
    // A post that does not ask says nothing of it.
    expect(await postComment(site.id, "t-state", { body: "Four", authorEmail: email })).not.toHaveProperty("notify");
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("signs nobody up who did not confirm: typing a subscriber's address watches nothing until their link", async () => {
    const site = await createSite();
    const victim = address();
    const { comment: theirs } = await subscribe(site.id, "t-victim", victim);
    // Someone else types the confirmed address, even with the edit token of a comment of their own under it.
    const decoy = await postComment(site.id, "t-spam", { body: "Decoy", authorEmail: victim, authorName: "Mallory" });
    const spam = await postComment(site.id, "t-spam", {
      body: "Mine now",
      authorEmail: victim,
      authorName: "Mallory",
      notify: true,
      notifyProof: [{ id: decoy.comment.id, editToken: decoy.editToken }],
    });
    expect(spam.notify).toBe("confirm");
    await reply(site.id, "t-spam", spam.comment.id, "BUY PILLS https://spam.example/");
    // The victim's own comment still brings its replies; the typed one brings nothing until its link is used.
    await reply(site.id, "t-victim", theirs.id, "A real reply");
    const mails = await eventually(async () => {
      const all = await mailTo(victim);
      return all.some((m: { subject: string }) => m.subject.startsWith("New repl")) && all;
    });
    expect(mails.map((m: { text: string }) => m.text).join("\n")).not.toContain("PILLS");
    expect(mails.some((m: { text: string }) => m.text.includes("A real reply"))).toBe(true);
    // A confirmation e-mail goes to an address at most once a day: none more for the typed watch today.
    expect(mails.filter((m: { subject: string }) => m.subject.startsWith("Confirm"))).toHaveLength(1);
  });

  it("gives a confirmed address's new watch without proof a link of its own, which starts it", async () => {
    const site = await createSite();
    const email = address();
    await subscribe(site.id, "t-own-link", email);
    // A day later (the confirmation e-mail's daily cap has passed), from another browser: no proof.
    await env.DB.prepare("UPDATE mail_subscribers SET confirm_sent_at = confirm_sent_at - 2 * 86400000 WHERE site_id = ?1").bind(site.id).run();
    const later = await postComment(site.id, "t-own-link", { body: "From my phone", authorEmail: email, notify: true });
    expect(later.notify).toBe("confirm");
    await reply(site.id, "t-own-link", later.comment.id, "Before the link");
    const confirms = await eventually(async () => {
      const all = (await mailTo(email)).filter((m: { subject: string }) => m.subject.startsWith("Confirm"));
      return all.length === 2 && all;
    });
    // The newer link (each carries its expiry, a week after it was sent).
    const [link] = confirms.map((m: { text: string }) => linkIn(m.text, `${ORIGIN}/mail/confirm/`)).sort((a: string, b: string) => Number(b.split("/").at(-2)) - Number(a.split("/").at(-2)));
    const page = await (await call(link)).text();
    expect(page.replace(/<style>[^]*<\/style>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toContain("Yes, e-mail me replies");
    expect((await call(link, { method: "POST" })).status).toBe(200);
    expect(await (await call(link)).text()).toContain("Already confirmed");
    await reply(site.id, "t-own-link", later.comment.id, "After the link");
    const replies = await eventually(async () => {
      const all = (await mailTo(email)).filter((m: { subject: string }) => m.subject.startsWith("New repl"));
      return all.length > 0 && all;
    });
    expect(replies.map((m: { text: string }) => m.text).join("\n")).toContain("After the link");
  });

  it("sends one confirmation e-mail whose link opens a page; only its button confirms", async () => {
    const site = await createSite();
    const email = address();
    const { comment } = await postComment(site.id, "t-optin", { body: "First!", authorEmail: email, notify: true });
    const [mail] = await eventually(async () => (await mailTo(email)).length === 1 && mailTo(email));
    expect(mail.subject).toBe(`Confirm reply notifications from Site ${site.id}`);
    expect(mail.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${ORIGIN}/mail/unsubscribe/${site.id}/sub_`));
    expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.html).toContain("Unsubscribe</a>");
    const confirm = linkIn(mail.text, `${ORIGIN}/mail/confirm/`);
    expect(mail.html).toContain(`href="${confirm}"`);

    // Opening the link (as a mail scanner would) shows a form and changes nothing.
    for (let i = 0; i < 2; i++) {
      const page = await call(confirm);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post">');
      expect(html).toContain("Yes, e-mail me replies");
      expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    }
    await reply(site.id, "t-optin", comment.id, "A reply before confirming");
    expect(await mailTo(email)).toHaveLength(1);

    const done = await call(confirm, { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Reply e-mails are on");
    // The address is stored only sealed.
    const row = await env.DB.prepare("SELECT email_sealed, email_hash FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(email.split("@")[0]);
  });

  it("does not subscribe without the checkbox or without an address", async () => {
    const site = await createSite();
    const email = address();
    await postComment(site.id, "t-none", { body: "No box", authorEmail: email });
    await postComment(site.id, "t-none", { body: "No address", notify: true });
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<number>("n");
    expect(row).toBe(0);
  });
});

describe("reply e-mails", () => {
  it("link a reply on an article's thread to the article's page Parley hosts (its key is a slug, not a page path)", async () => {
    const site = await createSite();
    await putArticle(site.id, site.ownerToken, "hosted-post", { title: "A hosted post" });
    const email = address();
    const { comment } = await subscribe(site.id, "hosted-post", email);
    const answer = await reply(site.id, "hosted-post", comment.id, "A reply on the article");
    const mails = await eventually(async () => (await mailTo(email)).length === 2 && mailTo(email));
    const mail = mails.find((m) => m.subject.startsWith("New reply"))!;
    const link = `${ORIGIN}/p/${site.id}/hosted-post#comment-${answer.id}`;
    expect(mail.text).toContain(`A hosted post`);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`<a href="${link}">Read the reply</a>`);
  });

  it("e-mails a published reply once confirmed, with a visible and a one-click unsubscribe", async () => {
    const site = await createSite();
    const email = address();
    const { comment } = await subscribe(site.id, "/posts/one/", email);
    await reply(site.id, "/posts/one/", comment.id, "I <b>disagree</b> & here is why", "Eve <img src=x onerror=alert(1)>");
    const [mail] = await eventually(async () => (await mailTo(email)).length === 2 && mailTo(email));
    expect(mail.subject).toBe(`New reply to your comment on Site ${site.id}`);
    expect(mail.text).toContain("I <b>disagree</b> & here is why");
    expect(mail.text).toContain("https://blog.example.com/posts/one/#comment-");
    expect(mail.html).toContain("I &lt;b&gt;disagree&lt;/b&gt; &amp; here is why");
    expect(mail.html).toContain("Eve &lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>disagree");
    const unsubscribe = linkIn(mail.text, `${ORIGIN}/mail/unsubscribe/`);
    expect(mail.headers["List-Unsubscribe"]).toBe(`<${unsubscribe}>`);
    expect(mail.html).toContain(`href="${unsubscribe}"`);

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click; no sign-in, effective at once.
    const res = await call(unsubscribe, {
      method: "POST",
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    // The link opened again says it is done, with no button to press.
    const again = await (await call(unsubscribe)).text();
    expect(again).toContain(`You are unsubscribed: you get no reply e-mails from Site ${site.id}.`);
    expect(again).not.toContain("<button");
    await reply(site.id, "/posts/one/", comment.id, "Nobody is told about this one");
    const subscriber = await env.DB.prepare("SELECT id, status FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<{ id: string; status: string }>();
    expect(subscriber?.status).toBe("unsubscribed");
    const later = () => Date.now() + 3_600_000;
    await flushReplies(serviceDeps(later), createNotifyDeps(env, later), site.id, subscriber?.id as string, "/posts/one/");
    expect(await mailTo(email)).toHaveLength(2);
  });

  it("sends at most one e-mail per thread per 10 minutes, with every reply since the last", async () => {
    const site = await createSite();
    const email = address();
    const { comment } = await subscribe(site.id, "t-batch", email);
    await reply(site.id, "t-batch", comment.id, "Reply one");
    await eventually(async () => (await mailTo(email)).length === 2);
    await reply(site.id, "t-batch", comment.id, "Reply two");
    await reply(site.id, "t-batch", comment.id, "Reply three");
    const subscriber = await env.DB.prepare("SELECT id FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<string>("id");
    // Within the window: nothing more is sent, and the consumer is told when to try again.
    const wait = await flushReplies(serviceDeps(), createNotifyDeps(env), site.id, subscriber as string, "t-batch");
    expect(wait).toBeGreaterThan(500);
    expect(await mailTo(email)).toHaveLength(2);
    // Eleven minutes later: one e-mail with both replies.
    const later = () => Date.now() + 11 * 60_000;
    expect(await flushReplies(serviceDeps(later), createNotifyDeps(env, later), site.id, subscriber as string, "t-batch")).toBeNull();
    const mails = await mailTo(email);
    expect(mails).toHaveLength(3);
    expect(mails[0].subject).toBe(`2 new replies to your comment on Site ${site.id}`);
    expect(mails[0].text).toContain("Reply two");
    expect(mails[0].text).toContain("Reply three");
    expect(mails[0].text).not.toContain("Reply one");
  });

  it("gives the replies back when the provider fails, so the queue's retry sends them", async () => {
    const site = await createSite();
    const email = address();
    const { comment } = await subscribe(site.id, "t-fail", email);
    await reply(site.id, "t-fail", comment.id, "Reply one");
    await eventually(async () => (await mailTo(email)).length === 2);
    await reply(site.id, "t-fail", comment.id, "Reply that first fails");
    const subscriber = (await env.DB.prepare("SELECT id FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<string>("id")) as string;
    const later = () => Date.now() + 11 * 60_000;
    const failing = { ...createNotifyDeps(env, later), mailer: createResendSender("k", "f@example.com", receiver("fail").url.replace(/\?.*$/, "") + "?mode=fail&") };
    await expect(flushReplies(serviceDeps(later), failing, site.id, subscriber, "t-fail")).rejects.toThrow(/500/);
    expect(await mailTo(email)).toHaveLength(2);
    await flushReplies(serviceDeps(later), createNotifyDeps(env, later), site.id, subscriber, "t-fail");
    const [last] = await mailTo(email);
    expect(last.text).toContain("Reply that first fails");
  });

  it("keeps replies over the day's budget waiting, and the cron sends them once their queue message is lost", async () => {
    const site = await createSite();
    const email = address();
    const { comment } = await subscribe(site.id, "t-later", email);
    await reply(site.id, "t-later", comment.id, "Reply one");
    await eventually(async () => (await mailTo(email)).length === 2);
    await reply(site.id, "t-later", comment.id, "Reply past the budget");
    const subscriber = (await env.DB.prepare("SELECT id FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<string>("id")) as string;
    const later = () => Date.now() + 11 * 60_000;
    const spent = { ...createNotifyDeps(env, later), dailyMailBudget: 0 };
    expect(await flushReplies(serviceDeps(later), spent, site.id, subscriber, "t-later")).toBeNull();
    const unsent = () => env.DB.prepare("SELECT COUNT(*) AS n FROM reply_notices WHERE site_id = ?1 AND sent_at IS NULL").bind(site.id).first<number>("n");
    expect(await unsent()).toBe(1);
    expect(await mailTo(email)).toHaveLength(2);
    // Its queue message is gone. Forty minutes on (the replies' times moved back), the cron finds the reply still
    // waiting and queues it again, and the queue's consumer sends it.
    await env.DB.prepare(
      "UPDATE reply_notices SET created_at = created_at - 2400000, sent_at = CASE WHEN sent_at IS NULL THEN NULL ELSE sent_at - 2400000 END WHERE site_id = ?1",
    )
      .bind(site.id)
      .run();
    const { requeueOverdueReplies } = await import("../../worker/services/notify/replies");
    expect(await requeueOverdueReplies(serviceDeps(), createNotifyDeps(env), Date.now())).toBeGreaterThanOrEqual(1);
    const [last] = await eventually(async () => {
      const all = await mailTo(email);
      return all.length === 3 && all;
    });
    expect(last.text).toContain("Reply past the budget");
    expect(await unsent()).toBe(0);
  });

  it("drops the replies waiting for a reader who unsubscribed, so nothing waits for ever", async () => {
    const site = await createSite();
    const email = address();
    const { comment, confirmMail } = await subscribe(site.id, "t-gone", email);
    await reply(site.id, "t-gone", comment.id, "Reply one");
    await eventually(async () => (await mailTo(email)).length === 2);
    await reply(site.id, "t-gone", comment.id, "Reply after unsubscribing");
    expect((await call(linkIn(confirmMail.text, `${ORIGIN}/mail/unsubscribe/`), { method: "POST" })).status).toBe(200);
    const subscriber = (await env.DB.prepare("SELECT id FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<string>("id")) as string;
    const later = () => Date.now() + 11 * 60_000;
    expect(await flushReplies(serviceDeps(later), createNotifyDeps(env, later), site.id, subscriber, "t-gone")).toBeNull();
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM reply_notices WHERE site_id = ?1 AND sent_at IS NULL").bind(site.id).first<number>("n")).toBe(0);
    expect(await mailTo(email)).toHaveLength(2);
  });

  it("never e-mails about a reply that waits for moderation", async () => {
    const site = await createSite({ moderation: "pre" });
    const email = address();
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { moderation: "post" } });
    const { comment } = await subscribe(site.id, "t-pending", email);
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { moderation: "pre" } });
    const pending = await reply(site.id, "t-pending", comment.id, "Held back");
    expect(pending.status).toBe("pending");
    const later = () => Date.now() + 11 * 60_000;
    const subscriber = await env.DB.prepare("SELECT id FROM mail_subscribers WHERE site_id = ?1").bind(site.id).first<string>("id");
    await flushReplies(serviceDeps(later), createNotifyDeps(env, later), site.id, subscriber as string, "t-pending");
    expect(await mailTo(email)).toHaveLength(1);
  });
});

describe("sending", () => {
  it("stops at the site's daily budget", async () => {
    const site = await createSite();
    const nd = { ...createNotifyDeps(env), dailyMailBudget: 2 };
    const email = address();
    const message = { siteId: site.id, to: email, subject: "s", text: "t", html: "<p>t</p>", headers: {} };
    expect(await sendMail(nd, message)).toBe("sent");
    expect(await sendMail(nd, message)).toBe("sent");
    expect(await sendMail(nd, message)).toBe("over-budget");
    expect(await mailTo(email)).toHaveLength(2);
  });

  it("lets readers' confirmation e-mails take only a quarter of the day's budget, keeping the rest for replies and digests", async () => {
    const site = await createSite();
    const nd = { ...createNotifyDeps(env), dailyMailBudget: 8 };
    const message = () => ({ siteId: site.id, to: address(), subject: "s", text: "t", html: "<p>t</p>", headers: {} });
    expect(await sendMail(nd, message(), "confirmation")).toBe("sent");
    expect(await sendMail(nd, message(), "confirmation")).toBe("sent");
    // A stranger asking for more (each comment with "notify me" and someone's address) gets none today.
    expect(await sendMail(nd, message(), "confirmation")).toBe("over-budget");
    for (let i = 0; i < 6; i++) expect(await sendMail(nd, message())).toBe("sent");
    expect(await sendMail(nd, message())).toBe("over-budget");
    // A small budget still lets one confirmation through a day; none when e-mail is off (0).
    const small = await createSite();
    const one = { ...createNotifyDeps(env), dailyMailBudget: 2 };
    expect(await sendMail(one, { ...message(), siteId: small.id }, "confirmation")).toBe("sent");
    expect(await sendMail(one, { ...message(), siteId: small.id }, "confirmation")).toBe("over-budget");
    expect(await sendMail(one, { ...message(), siteId: small.id })).toBe("sent");
  });

  it("counts only e-mails the provider took: a failed send gives its place in the day's budget back", async () => {
    const site = await createSite();
    const failing = { ...createNotifyDeps(env), dailyMailBudget: 2, mailer: createResendSender("k", "f@example.com", receiver("fail").url.replace(/\?.*$/, "") + "?mode=fail&") };
    const message = { siteId: site.id, to: address(), subject: "s", text: "t", html: "<p>t</p>", headers: {} };
    for (let i = 0; i < 5; i++) await expect(sendMail(failing, message)).rejects.toThrow(/500/);
    const nd = { ...createNotifyDeps(env), dailyMailBudget: 2 };
    expect(await sendMail(nd, message)).toBe("sent");
    expect(await sendMail(nd, message)).toBe("sent");
    expect(await sendMail(nd, message)).toBe("over-budget");
  });

  it("sends nothing without a provider, and the owner API says so", async () => {
    const site = await createSite();
    const nd = createNotifyDeps({ ...env, PARLEY_DEV: undefined });
    expect(nd.mailer).toBeNull();
    expect(await sendMail(nd, { siteId: site.id, to: "x@example.com", subject: "s", text: "t", html: "t", headers: {} })).toBe("no-provider");
    const status = await json(`/sites/${site.id}/notifications/mail`, 200, { token: site.ownerToken });
    expect(status).toMatchObject({ provider: "dev-outbox", sending: true, dailyBudget: 200 });
    const { mailStatus } = await import("../../worker/services/notify/digest");
    const site2 = { id: site.id } as never;
    const off = await mailStatus(nd, site2);
    expect(off).toMatchObject({ provider: null, sending: false });
    expect(off.message).toContain("RESEND_API_KEY");
  });
});
