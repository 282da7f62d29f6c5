// The owner's digest through an outage: a digest the provider refuses, or one past the day's e-mail budget, gives
// its hour back and stays owed; once its queue message is gone (past the queue's retries), the cron queues it again
// and the consumer sends it, with the comments that waited. A digest switched off meanwhile is owed no more.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../worker/services/context";
import { createDocCache } from "../../worker/services/cache";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { DIGEST_OVERDUE_MS, requeueOverdueDigests, sendDigest } from "../../worker/services/notify/digest";
import { createResendSender } from "../../worker/services/notify/mailer";
import { createStores } from "../../worker/storage";
import { createSite, json, postComment } from "./helpers";
import { confirmedOwnerMail, digestsTo, dispatched, eventually, firstDigest, receiver } from "./notify-helpers";

function serviceDeps(now = Date.now): ServiceDeps {
  return { stores: createStores(env), secret: env.PARLEY_SECRET ?? "", now, verifyTurnstile: async () => ({ success: true, hostname: null }), cache: createDocCache(undefined) };
}

const ownerMail = (siteId: string) =>
  env.DB.prepare("SELECT last_digest_at AS last, digest_due_at AS due FROM owner_mail WHERE site_id = ?1").bind(siteId).first<{ last: number | null; due: number | null }>();

/** Moves the site's digest times `ms` back, as if that long had passed. */
const passed = (siteId: string, ms: number) =>
  env.DB.prepare("UPDATE owner_mail SET last_digest_at = last_digest_at - ?2, digest_due_at = digest_due_at - ?2 WHERE site_id = ?1").bind(siteId, ms).run();

/** A site whose confirmed owner had a first digest, and a second comment that waits for the next one. */
async function siteOwingADigest(label: string) {
  const site = await createSite({ moderation: "pre" });
  const email = await confirmedOwnerMail(site);
  await postComment(site.id, `/${label}/`, { body: "The first one waiting", authorName: "Ana" });
  await firstDigest(email);
  expect((await ownerMail(site.id))?.due).toBeNull();
  await postComment(site.id, `/${label}/`, { body: `Waiting through the ${label}`, authorName: "Ben" });
  await dispatched(site.id);
  const owed = await ownerMail(site.id);
  // Owed when the hour since the first digest is over.
  expect(owed?.due).toBe((owed?.last ?? 0) + 60 * 60_000);
  return { site, email };
}

describe("the owner's digest through an outage", () => {
  it("stays owed when the provider refuses it, and the cron sends it once its queue message is gone", async () => {
    const { site, email } = await siteOwingADigest("outage");
    const before = await ownerMail(site.id);
    const later = () => Date.now() + 61 * 60_000;
    const failing = { ...createNotifyDeps(env, later), mailer: createResendSender("k", "f@example.com", receiver("fail").url.replace(/\?.*$/, "") + "?mode=fail&") };
    await expect(sendDigest(serviceDeps(later), failing, site.id)).rejects.toThrow(/500/);
    // The hour given back, and owed from when it was owed.
    const after = await ownerMail(site.id);
    expect(after).toEqual(before);
    // Over the day's budget: the same, and no moderation links are made for a digest that does not go.
    const links = () => env.DB.prepare("SELECT COUNT(*) AS n FROM moderation_links WHERE site_id = ?1").bind(site.id).first<number>("n");
    const linksBefore = await links();
    expect(await sendDigest(serviceDeps(later), { ...createNotifyDeps(env, later), dailyMailBudget: 0 }, site.id)).toBeNull();
    expect(await ownerMail(site.id)).toEqual(before);
    expect(await links()).toBe(linksBefore);
    expect(await digestsTo(email)).toHaveLength(1);

    // Not yet overdue: the cron leaves it to the queue.
    await passed(site.id, 60 * 60_000 + DIGEST_OVERDUE_MS - 60_000);
    expect(await requeueOverdueDigests(serviceDeps(), createNotifyDeps(env), Date.now())).toBe(0);
    // Past every retry: the cron queues it, the consumer sends it.
    await passed(site.id, 2 * 60_000);
    expect(await requeueOverdueDigests(serviceDeps(), createNotifyDeps(env), Date.now())).toBe(1);
    const [second] = await eventually(async () => {
      const digests = await digestsTo(email);
      return digests.length === 2 && digests;
    });
    expect(second.text).toContain("Waiting through the outage");
    expect(second.subject).toMatch(/^2 comments waiting for moderation on /);
    expect(second.text).toContain("All the comments waiting, in the dashboard: http://parley.test/admin#/queue");
    expect((await ownerMail(site.id))?.due).toBeNull();
    expect(await requeueOverdueDigests(serviceDeps(), createNotifyDeps(env), Date.now())).toBe(0);
  });

  it("takes an overdue digest once a run, and owes nothing once the owner switches the digest off", async () => {
    const { site, email } = await siteOwingADigest("pause");
    await passed(site.id, 2 * 60 * 60_000);
    // Taken by this run, owed again from now: the next run leaves it (its message is on its way).
    const taken = await createNotifyDeps(env).stores.mail.takeOverdueDigests(Date.now() - DIGEST_OVERDUE_MS, Date.now(), 50);
    expect(taken).toContain(site.id);
    expect(await createNotifyDeps(env).stores.mail.takeOverdueDigests(Date.now() - DIGEST_OVERDUE_MS, Date.now(), 50)).not.toContain(site.id);
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { digest: false } });
    expect(await sendDigest(serviceDeps(), createNotifyDeps(env), site.id)).toBeNull();
    expect((await ownerMail(site.id))?.due).toBeNull();
    expect(await digestsTo(email)).toHaveLength(1);
  });

  it("lists the 20 newest of more comments waiting, says how many wait, and links the dashboard's queue", async () => {
    const site = await createSite({ moderation: "pre" });
    const email = await confirmedOwnerMail(site);
    // The digest is off while they arrive, so that the one that comes when it is switched on lists them all.
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { digest: false } });
    for (let i = 1; i <= 23; i++) await postComment(site.id, "/many/", { body: `Waiting number ${i}`, authorName: `R${i}` });
    await dispatched(site.id);
    expect(await digestsTo(email)).toEqual([]);
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { digest: true } });
    const digest = await firstDigest(email);
    expect(digest.subject).toMatch(/^23 comments waiting for moderation on /);
    expect(digest.text).toMatch(/^The 20 newest of 23 comments waiting for moderation on /);
    expect(digest.text).toContain("Waiting number 23");
    expect(digest.text).toContain("Waiting number 4\n");
    expect(digest.text).not.toContain("Waiting number 3\n");
    expect(digest.text.match(/Approve: /g)).toHaveLength(20);
    expect(digest.html).toContain('<a href="http://parley.test/admin#/queue">All the comments waiting, in the dashboard</a>');
    expect((await ownerMail(site.id))?.due).toBeNull();
  });
});
