// Double opt-in for the owner's digest address: a new address gets one confirmation e-mail and no digest until the
// page behind its link is confirmed (a GET only shows the button), a link confirms only the address it was sent to,
// a resend waits five minutes, a site's addresses get at most five a day, and an address set before this check
// (migration 0017) stays confirmed.
import { describe, expect, it } from "vitest";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { setOwnerMail } from "../../worker/services/notify/digest";
import { createResendSender } from "../../worker/services/notify/mailer";
import { sendOwnerConfirmation } from "../../worker/services/notify/owner-confirm";
import { sealEmail } from "../../worker/services/notify/seal";
import { linkSignature } from "../../worker/services/notify/signing";
import { loadSite } from "../../worker/services/sites";
import { createStores } from "../../worker/storage";
import { call, createSite, env, expectError, json, postComment } from "./helpers";
import { confirmationSentEarlier, confirmedOwnerMail, digestsTo, dispatched, firstDigest, linkIn, mailTo, ownerConfirmation, receiver } from "./notify-helpers";

type Site = { id: string; ownerToken: string };
const mailPath = (site: Site) => `/sites/${site.id}/notifications/mail`;
const status = (site: Site) => json(mailPath(site), 200, { token: site.ownerToken });
const put = (site: Site, body: Record<string, unknown>) => call(mailPath(site), { method: "PUT", token: site.ownerToken, body });
const resend = (site: Site) => call(`${mailPath(site)}/confirmation`, { method: "POST", token: site.ownerToken });
let n = 0;
const address = (label = "owner") => `${label}.${++n}-${Math.random().toString(36).slice(2, 8)}@Example.com`;

/** Six minutes on: past the resend wait of five. */
const sixMinutesLater = (site: Site) => confirmationSentEarlier(site.id, 6);

describe("a new digest address", () => {
  it("gets one confirmation e-mail, counted in the day's budget, and no digest until its page's button is pressed", async () => {
    const site = await createSite({ moderation: "pre" });
    const email = address();
    const set = await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email, digest: true } });
    expect(set).toMatchObject({ ownerEmail: expect.stringMatching(/^o\*\*\*@example\.com$/i), digest: true, ownerEmailConfirmed: false });
    expect(Date.parse(set.confirmationSentAt)).toBeGreaterThan(Date.now() - 60_000);

    const { mail, link } = await ownerConfirmation(email);
    expect(mail.subject).toBe(`Confirm the moderation digest for Site ${site.id}`);
    expect(mail.html).toContain(`href="${link}"`);
    expect(link).toMatch(new RegExp(`^http://parley\\.test/mail/confirm/${site.id}/owner/\\d+/[\\w-]+$`));
    expect((await status(site)).sentToday).toBe(1);

    // A held comment: no digest to an address nobody confirmed.
    await postComment(site.id, "/2026/12/held/", { body: "Held for <b>you</b>", authorName: "Zed" });
    await dispatched(site.id);
    // Opening the link (as a mail scanner would) shows a form and changes nothing.
    for (let i = 0; i < 2; i++) {
      const page = await call(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("<h1>Confirm the moderation digest</h1>");
      expect(html).toContain('<form method="post"><button type="submit">Yes, send me the digest</button></form>');
      expect(html).toContain(`moderation on Site ${site.id}, at most one`);
      expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    }
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: false });
    expect(await digestsTo(email)).toEqual([]);

    const done = await call(link, { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("<h1>The digest is on</h1>");
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: true, confirmationSentAt: null, digest: true });
    // The comment that waited before the confirmation is in the first digest.
    const digest = await firstDigest(email);
    expect(digest.html).toContain("Held for &lt;b&gt;you&lt;/b&gt;");
    // The page again: already done.
    expect(await (await call(link)).text()).toContain("<h1>Already confirmed</h1>");

    const { entries } = await json(`/sites/${site.id}/audit?limit=100`, 200, { token: site.ownerToken });
    const confirmed = entries.filter((e: any) => e.action === "mail.confirm");
    expect(confirmed).toEqual([
      expect.objectContaining({ actor: "link:confirm", targetType: "mail", targetId: site.id, before: { email: set.ownerEmail, confirmed: false }, after: { email: set.ownerEmail, confirmed: true } }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(email.split("@")[0]);
  });

  it("cannot be confirmed by the link of an address set before it, nor by a link from before it was set again", async () => {
    const site = await createSite();
    const first = address("first");
    const second = address("second");
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: first } });
    const old = (await ownerConfirmation(first)).link;
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: second } });
    const secondLink = (await ownerConfirmation(second)).link;
    for (const method of ["GET", "POST"]) {
      const res = await call(old, { method });
      expect(res.status, method).toBe(404);
      expect(await res.text()).toContain("the digest address has changed since it was sent");
    }
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: false });

    // The first address again is a new setting: the link sent for it before no longer confirms it.
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: first } });
    const fresh = (await ownerConfirmation(first, 2)).link;
    expect(fresh).not.toBe(old);
    expect((await call(old, { method: "POST" })).status).toBe(404);
    expect((await call(secondLink, { method: "POST" })).status).toBe(404);
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: false });
    expect((await call(fresh, { method: "POST" })).status).toBe(200);
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: true });
  });

  it("refuses a tampered link and an expired one with a page, and stays unconfirmed", async () => {
    const site = await createSite();
    const email = address();
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email } });
    const { link } = await ownerConfirmation(email);
    const [, , , , , , , exp, sig] = link.split("/");
    const tampered = [link.slice(0, -1) + (link.endsWith("A") ? "B" : "A"), link.replace(`/${exp}/`, `/${Number(exp) + 86_400_000}/`), link.replace("/owner/", "/sub_owner/")];
    for (const bad of tampered) {
      const res = await call(bad, { method: "POST" });
      expect(res.status, bad).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toContain("<h1>Link not valid</h1>");
    }
    // Another site's owner link with this one's signature.
    const other = await createSite();
    expect((await call(link.replace(`/${site.id}/`, `/${other.id}/`), { method: "POST" })).status).toBe(404);

    // Signed as the worker signs, for the address set now, but a week old.
    const sealed = await env.DB.prepare("SELECT email_sealed FROM owner_mail WHERE site_id = ?1").bind(site.id).first<string>("email_sealed");
    const past = Date.now() - 1000;
    const expired = `http://parley.test/mail/confirm/${site.id}/owner/${past}/${await linkSignature(env.PARLEY_SECRET ?? "", "confirm-owner", `${site.id}/${sealed}/${past}`)}`;
    for (const method of ["GET", "POST"]) {
      const res = await call(expired, { method });
      expect(res.status, method).toBe(410);
      expect(await res.text()).toContain("<h1>Link expired</h1>");
    }
    expect(sig).toBeTruthy();
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: false });
  });
});

describe("the confirmation e-mail's unsubscribe link", () => {
  it("lets whoever got it remove the address, so that no more e-mail goes to it, in one click or from its page", async () => {
    const site = await createSite({ moderation: "pre" });
    const email = address("stranger");
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email, digest: true } });
    const { mail } = await ownerConfirmation(email);
    const link = linkIn(mail.text, "http://parley.test/mail/unsubscribe/");
    expect(link).toMatch(new RegExp(`^http://parley\\.test/mail/unsubscribe/${site.id}/owner/[\\w-]+$`));
    expect(mail.html).toContain(`<a href="${link}">Remove this address</a>`);
    expect(mail.headers).toMatchObject({ "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    // Opening it shows a button and changes nothing.
    const page = await call(link);
    expect(await page.text()).toContain("Stop e-mails from Site " + site.id + " to this address (it was set as the digest address, and never confirmed).");
    expect(await status(site)).toMatchObject({ ownerEmail: expect.any(String), ownerEmailConfirmed: false });

    // A mail client's one-click POST: the address is gone, and no confirmation can be sent to it again.
    const done = await call(link, { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`You will get no more e-mails from Site ${site.id}: this address is no longer its digest address.`);
    expect(await status(site)).toMatchObject({ ownerEmail: null, digest: false, ownerEmailConfirmed: false, confirmationSentAt: null });
    await expectError(await resend(site), 409, "INVALID_STATE");
    const audit = await json(`/sites/${site.id}/audit?limit=10`, 200, { token: site.ownerToken });
    expect(audit.entries[0]).toMatchObject({ actor: "link:unsubscribe", action: "mail.update", after: { email: null, digest: false } });
    // The person's own click after their mail client's: the link was for an address that is gone, and it says so.
    const again = await call(link, { method: "POST" });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("it was made for an address that is no longer the site");
  });

  it("on a confirmed address's digest, turns the digest off and keeps the address", async () => {
    const site = await createSite({ moderation: "pre" });
    const email = await confirmedOwnerMail(site);
    await postComment(site.id, "/2026/12/unsub/", { body: "Held", authorName: "Zed" });
    const digest = await firstDigest(email);
    const link = linkIn(digest.text, "http://parley.test/mail/unsubscribe/");
    expect(await (await call(link)).text()).toContain("<button");
    for (let i = 0; i < 2; i++) {
      const done = await call(link, { method: "POST" });
      expect(await done.text()).toContain(`You will get no more digests from Site ${site.id}.`);
    }
    expect(await status(site)).toMatchObject({ ownerEmail: expect.any(String), digest: false, ownerEmailConfirmed: true });
    const opened = await (await call(link)).text();
    expect(opened).toContain(`You are unsubscribed: you get no digests from Site ${site.id}.`);
    expect(opened).not.toContain("<button");
    // The second click changed nothing, and wrote no second audit entry.
    const audit = await json(`/sites/${site.id}/audit?limit=10`, 200, { token: site.ownerToken });
    expect(audit.entries.filter((e: { actor: string }) => e.actor === "link:unsubscribe")).toHaveLength(1);
  });
});

describe("setting the address again", () => {
  it("sends the confirmation again while it waits, at most once in five minutes, and changes nothing once confirmed", async () => {
    const site = await createSite();
    const email = address();
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email, digest: false } });
    await ownerConfirmation(email);

    // At once: refused with a wait, and nothing of the request is applied.
    const early = await put(site, { email: email.toUpperCase(), digest: true });
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(200);
    const error = await expectError(early, 429, "RATE_LIMITED");
    expect(error.details).toEqual([{ field: "email", message: expect.stringContaining("Check the inbox"), retryAfterSeconds: expect.any(Number) }]);
    await expectError(await resend(site), 429, "RATE_LIMITED");
    expect(await status(site)).toMatchObject({ digest: false, ownerEmailConfirmed: false });

    // Five minutes on, the same address (in any case) sends it again, and so does the resend route.
    await sixMinutesLater(site);
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: email.toUpperCase(), digest: true } })).toMatchObject({
      digest: true,
      ownerEmailConfirmed: false,
    });
    await ownerConfirmation(email, 2);
    await sixMinutesLater(site);
    expect((await resend(site)).status).toBe(200);
    const { link } = await ownerConfirmation(email, 3);
    expect((await call(link, { method: "POST" })).status).toBe(200);

    // Confirmed: the same address again changes nothing and sends nothing; there is nothing to resend.
    await sixMinutesLater(site);
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email } })).toMatchObject({ ownerEmailConfirmed: true, confirmationSentAt: null });
    await expectError(await resend(site), 409, "INVALID_STATE");
    expect(await mailTo(email)).toHaveLength(3);
  });

  it("has nothing to resend with no address", async () => {
    const site = await createSite();
    await expectError(await resend(site), 409, "INVALID_STATE");
    expect(await status(site)).toMatchObject({ ownerEmail: null, ownerEmailConfirmed: false, confirmationSentAt: null });
  });

  it("needs a new confirmation for another address, and keeps the confirmation through the digest switch", async () => {
    const site = await createSite();
    const email = await confirmedOwnerMail(site, address());
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { digest: false } })).toMatchObject({ digest: false, ownerEmailConfirmed: true });
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { digest: true } })).toMatchObject({ digest: true, ownerEmailConfirmed: true });
    const next = address("next");
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: next } })).toMatchObject({ ownerEmailConfirmed: false });
    await ownerConfirmation(next);
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: null } })).toMatchObject({ ownerEmail: null, ownerEmailConfirmed: false, confirmationSentAt: null });
    // The first address again, after it was removed: confirmed anew.
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email } })).toMatchObject({ ownerEmailConfirmed: false });
  });
});

describe("switching between addresses", () => {
  it("sends at most five confirmation e-mails a day for a site, whichever addresses they go to, and refuses the next setting whole", async () => {
    const site = await createSite();
    const [a, b] = [address("a"), address("b")];
    const sent = [a, b, a, b, a];
    for (const [i, email] of sent.entries()) {
      expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email, digest: false } })).toMatchObject({ ownerEmailConfirmed: false });
      await ownerConfirmation(email, Math.floor(i / 2) + 1);
    }
    const last = await status(site);

    // A sixth address: refused until tomorrow (UTC), and nothing of the request is applied or sent.
    const stranger = address("stranger");
    const refused = await put(site, { email: stranger, digest: true });
    const error = await expectError(refused, 429, "RATE_LIMITED");
    expect(error.message).toContain("5 confirmation e-mails went out for this site today");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(86_400);
    expect(await status(site)).toEqual(last);
    // Nor does the waiting address get its link again, past its own five minutes.
    await sixMinutesLater(site);
    await expectError(await resend(site), 429, "RATE_LIMITED");
    expect(await mailTo(stranger)).toEqual([]);
    expect([(await mailTo(a)).length, (await mailTo(b)).length]).toEqual([3, 2]);
    // Confirming the address that waits still works, and setting it again sends nothing, so is not refused.
    const { link } = await ownerConfirmation(a, 3);
    expect((await call(link, { method: "POST" })).status).toBe(200);
    expect(await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: a, digest: true } })).toMatchObject({ ownerEmailConfirmed: true, digest: true });
  });
});

describe("the D1 reads of setting an address", () => {
  /** The D1 binding, noting the SQL of every statement prepared on it (the statements run on D1 as ever). */
  function recording(db: D1Database, seen: string[]): D1Database {
    return new Proxy(db, {
      get(target, key) {
        if (key === "prepare") return (sql: string) => (seen.push(sql), target.prepare(sql));
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  it("reads the owner's mail settings once before writing them, the day's confirmation count with them", async () => {
    const site = await createSite();
    const [a, b] = [address("a"), address("b")];
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email: a } });
    await ownerConfirmation(a);
    const seen: string[] = [];
    const nd = createNotifyDeps({ ...env, DB: recording(env.DB, seen) });
    const record = await loadSite({ stores: createStores(env) } as never, site.id);
    await setOwnerMail(nd, record, { email: b }, "https://blog.example.com", "owner");
    const written = seen.findIndex((sql) => /INSERT INTO owner_mail/.test(sql));
    expect(written).toBeGreaterThan(0);
    // One read of the settings (the day's count is in it); before, the daily cap read the same row again.
    expect(seen.slice(0, written).filter((sql) => /^\s*SELECT[\s\S]*\bFROM owner_mail\b/.test(sql))).toHaveLength(1);
    // And the confirmation of the new address was claimed, counted as the day's second.
    expect(await status(site)).toMatchObject({ ownerEmail: expect.stringMatching(/^b\*\*\*@example\.com$/i), ownerEmailConfirmed: false });
    const counted = await env.DB.prepare("SELECT confirms_that_day AS n FROM owner_mail WHERE site_id = ?1").bind(site.id).first<number>("n");
    expect(counted).toBe(2);
  });
});

describe("an e-mail provider", () => {
  it("gets the confirmation e-mail through its API, to the address set, with the link", async () => {
    const site = await createSite();
    const email = address();
    await json(mailPath(site), 200, { method: "PUT", token: site.ownerToken, body: { email } });
    const api = receiver();
    const nd = { ...createNotifyDeps(env), mailer: createResendSender("re_test_key", "Parley <comments@example.com>", api.url.replace(/\?.*$/, "")) };
    const stores = createStores(env);
    const claimedAt = Date.parse((await status(site)).confirmationSentAt);
    await sendOwnerConfirmation(nd, await loadSite({ stores } as never, site.id), claimedAt);
    const [got] = await api.received();
    expect(got.path).toBe(`/hook/${api.name}/emails`);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ to: [email], subject: `Confirm the moderation digest for Site ${site.id}` });
    expect(body.text).toMatch(new RegExp(`http://parley\\.test/mail/confirm/${site.id}/owner/`));
  });
});

describe("migration 0017", () => {
  it("keeps an address set before it confirmed, so its digests keep coming, and leaves a site without one as it was", async () => {
    const site = await createSite({ moderation: "pre" });
    const bare = await createSite();
    const email = address("before");
    const now = Date.now();
    // Rows as the version before the migration wrote them: no confirmation columns.
    const row = (siteId: string, sealed: string | null) =>
      env.DB.prepare(
        `INSERT INTO owner_mail (site_id, email_sealed, email_hint, digest, origin, last_digest_at, updated_at) VALUES (?1, ?2, ?3, 1, 'http://parley.test', NULL, ?4)`,
      ).bind(siteId, sealed, sealed ? "b***@example.com" : null, now);
    await env.DB.batch([row(site.id, await sealEmail(env.PARLEY_SECRET ?? "", email)), row(bare.id, null)]);
    expect(await status(site)).toMatchObject({ ownerEmailConfirmed: false });

    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0017_"));
    for (const sql of migration!.queries.filter((q) => q.replace(/^--.*$/gm, "").trim().startsWith("UPDATE"))) await env.DB.prepare(sql).run();

    expect(await status(site)).toMatchObject({ ownerEmail: "b***@example.com", digest: true, ownerEmailConfirmed: true, confirmationSentAt: null });
    expect(await status(bare)).toMatchObject({ ownerEmail: null, ownerEmailConfirmed: false });
    await postComment(site.id, "/old-owner/", { body: "Still reaches the owner" });
    await dispatched(site.id);
    expect((await firstDigest(email)).text).toContain("Still reaches the owner");
    expect((await mailTo(email)).filter((m) => m.subject.startsWith("Confirm"))).toEqual([]);
  });
});
