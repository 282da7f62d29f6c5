// The owner's digest of comments waiting for moderation: at most one per window, each comment with its
// one-click links. It is scheduled when a comment starts waiting and sent from the queue.
import { NOTIFY_LIMITS, type MailStatus, type ModerationLinks, type OwnerMailInput } from "../../contract/notifications";
import { invalidField } from "../../lib/errors";
import type { SiteRecord } from "../../storage/sites";
import type { ServiceDeps } from "../context";
import { isBlank } from "../moderation";
import { loadSite } from "../sites";
import { enqueue, type NotifyDeps } from "./context";
import { createModerationLinkSets } from "./links";
import type { OwnerMailRecord } from "../../storage/mail";
import { sendMail, unsubscribeHeaders, utcDay } from "./mail";
import { digestMail } from "./mail-templates";
import { excerpt } from "./payload";
import { unsubscribeUrl } from "./replies";
import { ownerMailAudit } from "../audit";
import { maskEmail } from "../fingerprint";
import { refuseConfirmationsToday, refuseEarlyResend, requestOwnerConfirmation } from "./owner-confirm";
import { openEmail, sameAddress, sealEmail } from "./seal";
import { threadName } from "../../contract/readable-key";

/** Whether digests go to the owner: switched on, to an address set and confirmed. */
const digestGoes = (owner: OwnerMailRecord | null): owner is OwnerMailRecord & { emailSealed: string } =>
  Boolean(owner?.emailSealed && owner.digest && owner.emailConfirmedAt !== null);

/**
 * Queues the digest for when the window allows (now, if none went out within it), and notes that it is owed then,
 * so that the cron queues it again if this message is lost (see requeueOverdueDigests).
 */
export async function scheduleDigest(nd: NotifyDeps, siteId: string): Promise<void> {
  const owner = await nd.stores.mail.getOwnerMail(siteId);
  if (!digestGoes(owner) || !nd.mailer) return;
  const now = nd.now();
  const wait = owner.lastDigestAt === null ? 0 : Math.max(0, owner.lastDigestAt + NOTIFY_LIMITS.digestWindowMs - now);
  await nd.stores.mail.markDigestDue(siteId, now + wait);
  await enqueue(nd, [{ body: { kind: "digest", siteId }, delaySeconds: Math.ceil(wait / 1000) || undefined }], async () => void 0);
}

/**
 * Sends the digest if the window is open and anything waits; another message that finds the window taken does
 * nothing. One that cannot go (the provider refused it, the day's budget is spent, or anything failed on the way)
 * gives the window back and stays owed, for the queue's retry or, past those, the cron. A digest that went out
 * owes nothing more, but for comments that started waiting after it was claimed.
 */
export async function sendDigest(deps: ServiceDeps, nd: NotifyDeps, siteId: string): Promise<number | null> {
  const owner = await nd.stores.mail.getOwnerMail(siteId);
  const to = digestGoes(owner) ? await openEmail(nd.secret, owner.emailSealed) : null;
  if (!digestGoes(owner) || !to) {
    if (owner) await nd.stores.mail.clearDigestDue(siteId);
    return null;
  }
  const now = nd.now();
  // Claimed before the waiting comments are read, so that one which starts waiting meanwhile is in this digest or
  // owes the next.
  if (!(await nd.stores.mail.claimDigest(siteId, now, now - NOTIFY_LIMITS.digestWindowMs))) return null;
  try {
    const [site, { rows }, counts, sentToday] = await Promise.all([
      loadSite(deps, siteId),
      deps.stores.comments.listQueue(siteId, { status: "pending" }, null, NOTIFY_LIMITS.commentsPerDigest),
      deps.stores.comments.countByStatus(siteId),
      nd.stores.mail.sentOn(siteId, utcDay(now)),
    ]);
    // The day's budget spent: no moderation links are made for a digest that will not go (sendMail checks again).
    if (nd.mailer && sentToday >= nd.dailyMailBudget) {
      await nd.stores.mail.releaseDigest(siteId, owner.lastDigestAt);
      return null;
    }
    // The store answers one row more than asked (for paging): the digest lists the newest it asked for.
    const pending = rows.slice(0, NOTIFY_LIMITS.commentsPerDigest);
    if (pending.length === 0) {
      await nd.stores.mail.releaseDigest(siteId, owner.lastDigestAt);
      await nd.stores.mail.settleDigest(siteId, now, now + NOTIFY_LIMITS.digestWindowMs);
      return null;
    }
    const items = [];
    const linksOf = await createModerationLinkSets(nd, siteId, pending.map((c) => c.id), owner.origin);
    const keys = [...new Set(pending.map((c) => c.threadKey))];
    const articles = new Map(await Promise.all(keys.map(async (k) => [k, await deps.stores.articles.get(siteId, k).catch(() => null)] as const)));
    for (const c of pending) {
      const article = articles.get(c.threadKey) ?? null;
      const links = linksOf.get(c.id) as ModerationLinks;
      const blank = isBlank(c);
      items.push({
        author: c.authorName,
        where: threadName(article, c.threadKey),
        excerpt: blank ? "(no text)" : excerpt(c.bodySource, NOTIFY_LIMITS.excerptChars),
        links: blank ? { ...links, approve: null } : links,
      });
    }
    const unsubscribe = await unsubscribeUrl(nd, owner.origin, siteId, "owner", owner.emailSealed);
    const content = digestMail(site.name, items, counts.pending, `${owner.origin}/admin#/queue`, unsubscribe);
    if ((await sendMail(nd, { siteId, to, ...content, headers: unsubscribeHeaders(unsubscribe) })) === "over-budget") {
      await nd.stores.mail.releaseDigest(siteId, owner.lastDigestAt);
      return null;
    }
  } catch (err) {
    await nd.stores.mail.releaseDigest(siteId, owner.lastDigestAt);
    throw err;
  }
  await nd.stores.mail.settleDigest(siteId, now, now + NOTIFY_LIMITS.digestWindowMs);
  return null;
}

/** How long a digest may be owed before the cron takes its queue message for lost: past every retry. */
export const DIGEST_OVERDUE_MS = 30 * 60_000;
const OVERDUE_PER_RUN = 50;

/**
 * Queues again the digests owed for longer than DIGEST_OVERDUE_MS: their queue messages were lost (the provider
 * down past the queue's retries, about eleven minutes) or the day's budget was spent. Each runs as a fresh message,
 * the window and the budget applying as ever. At most OVERDUE_PER_RUN a run; returns how many.
 */
export async function requeueOverdueDigests(deps: ServiceDeps, nd: NotifyDeps, now: number): Promise<number> {
  const sites = await nd.stores.mail.takeOverdueDigests(now - DIGEST_OVERDUE_MS, now, OVERDUE_PER_RUN);
  if (sites.length === 0) return 0;
  await enqueue(
    nd,
    sites.map((siteId) => ({ body: { kind: "digest" as const, siteId } })),
    // Without a queue (never in a deployment: wrangler.toml binds one), sent here; one that fails stays owed.
    async (m) => {
      if (m.kind === "digest") await sendDigest(deps, nd, m.siteId).catch((err) => console.warn(`digest for ${m.siteId} not sent: ${err}`));
    },
  );
  return sites.length;
}

export async function mailStatus(nd: NotifyDeps, site: SiteRecord): Promise<MailStatus> {
  const owner = await nd.stores.mail.getOwnerMail(site.id);
  const provider = nd.mailer?.provider ?? null;
  return {
    provider,
    sending: provider !== null,
    message:
      provider === "resend"
        ? "E-mail is sent through Resend."
        : provider === "dev-outbox"
          ? "Local development: e-mails are not sent; they are listed at /dev/mail."
          : "No e-mail provider is configured (set the RESEND_API_KEY secret and MAIL_FROM): nothing is sent.",
    ownerEmail: owner?.emailHint ?? null,
    // Off while no address is set, whatever was chosen: a digest with nowhere to go never comes.
    digest: Boolean(owner?.emailSealed) && (owner?.digest ?? false),
    ownerEmailConfirmed: Boolean(owner?.emailSealed) && owner?.emailConfirmedAt != null,
    confirmationSentAt: owner?.emailSealed && owner.emailConfirmedAt === null && owner.confirmSentAt !== null ? new Date(owner.confirmSentAt).toISOString() : null,
    dailyBudget: nd.dailyMailBudget,
    sentToday: await nd.stores.mail.sentOn(site.id, utcDay(nd.now())),
  };
}

/**
 * Sets the owner's digest address and switches the digest on or off. Switching it on needs an address, given now or
 * stored before (VALIDATION_FAILED otherwise); an address given without `digest` switches it on unless it was off.
 * A new address waits for confirmation (its e-mail goes out now); the address already set is kept as it is, and
 * while it waits, setting it again sends its confirmation e-mail again (RATE_LIMITED if one went out just now, or
 * if the site's addresses had the day's confirmation e-mails).
 */
export async function setOwnerMail(nd: NotifyDeps, site: SiteRecord, input: OwnerMailInput, origin: string, actor: string): Promise<MailStatus> {
  const current = await nd.stores.mail.getOwnerMail(site.id);
  const email = input.email;
  const hasAddress = email === undefined ? Boolean(current?.emailSealed) : email !== null;
  if (input.digest === true && !hasAddress) {
    throw invalidField("digest", "A digest needs an e-mail address to go to: add one first.");
  }
  const now = nd.now();
  const kept = email === undefined || (email !== null && current !== null && (await isAddressSet(nd, current, email)));
  if (email && kept && current?.emailConfirmedAt === null) refuseEarlyResend(current, now);
  // A confirmation e-mail would go out (to a new address, or again to the waiting one): nothing is set past the day's.
  if (email && nd.mailer && !(kept && current?.emailConfirmedAt != null)) refuseConfirmationsToday(current, now);
  const address = kept
    ? { emailSealed: current?.emailSealed ?? null, emailHint: current?.emailHint ?? null, emailConfirmedAt: current?.emailConfirmedAt ?? null, confirmSentAt: current?.confirmSentAt ?? null }
    : { emailSealed: email ? await sealEmail(nd.secret, email) : null, emailHint: email ? maskEmail(email) : null, emailConfirmedAt: null, confirmSentAt: null };
  const next: OwnerMailRecord = {
    siteId: site.id,
    ...address,
    digest: input.digest ?? current?.digest ?? true,
    origin: nd.publicUrl ?? origin,
    lastDigestAt: current?.lastDigestAt ?? null,
    confirmDay: current?.confirmDay ?? null,
    confirmsThatDay: current?.confirmsThatDay ?? 0,
  };
  await nd.stores.mail.putOwnerMail(next, now, ownerMailAudit(nd, actor, current, next));
  if (email && next.emailSealed && next.emailConfirmedAt === null) await requestOwnerConfirmation(nd, site, next.emailSealed);
  // Switched on (again) to a confirmed address: the comments waiting already are in a digest now, not only once
  // another one starts waiting.
  else if (digestGoes(next) && !digestGoes(current)) await scheduleDigest(nd, site.id);
  return mailStatus(nd, site);
}

/** Whether `email` is the address set now (compared as the lookup hash compares: trimmed, any case). */
async function isAddressSet(nd: NotifyDeps, owner: OwnerMailRecord, email: string): Promise<boolean> {
  const set = owner.emailSealed ? await openEmail(nd.secret, owner.emailSealed) : null;
  return set !== null && sameAddress(set, email);
}
