// Reader reply e-mails: double opt-in when a reader ticks "notify me of replies", then at most one e-mail per
// thread per window with every reply since the last one, and a one-click unsubscribe that needs no sign-in.
import { NOTIFY_LIMITS } from "../../contract/notifications";
import type { ReplyEmails } from "../../contract/types";
import { constantTimeEqual, randomToken, tokenMatchesHash } from "../../lib/crypto";
import type { CommentRecord } from "../../storage/comments";
import type { SubscriberRecord } from "../../storage/mail";
import { noticeKey } from "../../storage/reply-notices";
import type { SiteRecord } from "../../storage/sites";
import type { ServiceDeps } from "../context";
import { ownerMailAudit } from "../audit";
import { loadSite } from "../sites";
import { enqueue, type NotifyDeps } from "./context";
import { sendMail, unsubscribeHeaders } from "./mail";
import { confirmMail, replyMail } from "./mail-templates";
import { excerpt, threadPlace } from "./payload";
import { emailLookupHash, openEmail, sealEmail } from "./seal";
import { linkSignature } from "./signing";
import { threadName } from "../../contract/readable-key";

const CONFIRM_VALID_MS = 7 * 24 * 3600_000;
/** A second confirmation e-mail to the same address goes out at most once a day. */
const CONFIRM_RESEND_MS = 24 * 3600_000;

/**
 * An unsubscribe link: for a reader, `who` is their subscriber id; for the owner's digest, `owner`, and the
 * signature also covers `bound` (the digest address as sealed when it was set), so a digest's link stops the digest
 * only while it still goes to the address that got that link.
 */
export const unsubscribeUrl = async (nd: NotifyDeps, origin: string, siteId: string, who: string, bound = "") =>
  `${origin}/mail/unsubscribe/${encodeURIComponent(siteId)}/${who}/${await linkSignature(nd.secret, "unsubscribe", unsubscribeSubject(siteId, who, bound))}`;

const unsubscribeSubject = (siteId: string, who: string, bound: string) => (bound ? `${siteId}/${who}/${bound}` : `${siteId}/${who}`);

export async function unsubscribeSignatureOk(nd: NotifyDeps, siteId: string, who: string, signature: string): Promise<boolean> {
  let bound = "";
  if (who === "owner") {
    const owner = await nd.stores.mail.getOwnerMail(siteId);
    if (!owner?.emailSealed) return false;
    bound = owner.emailSealed;
  }
  return constantTimeEqual(await linkSignature(nd.secret, "unsubscribe", unsubscribeSubject(siteId, who, bound)), signature);
}

const confirmPurpose = (who: string) => (who === "owner" ? "confirm-owner" : "confirm");

/**
 * A double opt-in link, valid for a week: for a reader, `who` is their subscriber id; for the owner's digest address,
 * `owner`, and the signature also covers `bound` (the address as sealed when it was set), so the link confirms that
 * address and no other one set later.
 */
export async function confirmUrl(nd: NotifyDeps, origin: string, siteId: string, who: string, bound = who): Promise<string> {
  const expires = nd.now() + CONFIRM_VALID_MS;
  const signature = await linkSignature(nd.secret, confirmPurpose(who), `${siteId}/${bound}/${expires}`);
  return `${origin}/mail/confirm/${encodeURIComponent(siteId)}/${who}/${expires}/${signature}`;
}

/** Whether a confirmation link's signature is the one `confirmUrl` made for `who` and `bound` (expired or not). */
export async function confirmSignatureOk(nd: NotifyDeps, siteId: string, who: string, bound: string, expires: string, signature: string): Promise<boolean> {
  return constantTimeEqual(await linkSignature(nd.secret, confirmPurpose(who), `${siteId}/${bound}/${expires}`), signature);
}

/** An earlier comment of the reader's, by its id and edit token (what the widget keeps of each comment it posted). */
export interface NotifyProof {
  id: string;
  editToken: string;
}

/**
 * A reader who gave an e-mail and ticked "notify me" on `comment`: watch it for replies. The watch sends e-mails
 * once confirmed: at once when `proofs` hold the edit token of one of this address's confirmed watches (the reader
 * who confirmed it, posting again from the same browser), else by the link of a confirmation e-mail (through the
 * queue, at most one a day to an address). Typing an address someone else confirmed thus signs nobody up, and the
 * answer is "confirm" alike for every address a proof does not cover, so it tells nobody whether the address is a
 * subscriber. Spam is never subscribed.
 */
export async function subscribeToReplies(
  deps: ServiceDeps,
  nd: NotifyDeps,
  site: SiteRecord,
  commentId: string,
  email: string,
  origin: string,
  proofs: NotifyProof[] = [],
): Promise<ReplyEmails> {
  if (!nd.mailer) return "off";
  // Only a comment that was really stored, and is not spam, can subscribe anyone.
  const comment = await deps.stores.comments.get(site.id, commentId);
  if (!comment || comment.status === "spam") return "off";
  const now = nd.now();
  const claimed = proofs.filter((p) => p.id !== comment.id);
  const earlier = claimed.length ? await deps.stores.comments.getMany(site.id, claimed.map((p) => p.id)) : [];
  const proofIds: string[] = [];
  for (const p of claimed) {
    const row = earlier.find((r) => r.id === p.id);
    if (row && (await tokenMatchesHash(p.editToken, row.editTokenHash))) proofIds.push(p.id);
  }
  const { subscriber, confirmed } = await nd.stores.mail.watch(
    {
      id: `sub_${randomToken(12)}`,
      siteId: site.id,
      emailHash: await emailLookupHash(nd.secret, email),
      emailSealed: await sealEmail(nd.secret, email.trim()),
      status: "pending",
      origin: nd.publicUrl ?? origin,
      confirmSentAt: null,
      confirmedAt: null,
      unsubscribedAt: null,
      createdAt: now,
    },
    comment.id,
    now,
    proofIds,
  );
  if (confirmed && subscriber.status === "confirmed") return "on";
  if (await nd.stores.mail.claimConfirmation(site.id, subscriber.id, now, now - CONFIRM_RESEND_MS)) {
    await enqueue(nd, [{ body: { kind: "confirm", siteId: site.id, subscriberId: subscriber.id } }], () => sendConfirmation(nd, site, subscriber.id));
  }
  return "confirm";
}

/**
 * Sends the double opt-in e-mail (queue consumer). One the provider refuses no longer counts as sent, so that the
 * reader's next "notify me" asks for it again rather than waiting out the day (the queue also tries it again).
 */
export async function sendConfirmation(nd: NotifyDeps, site: SiteRecord, subscriberId: string): Promise<void> {
  const s = await nd.stores.mail.getSubscriber(site.id, subscriberId);
  if (!s || s.status === "unsubscribed") return;
  const to = await openEmail(nd.secret, s.emailSealed);
  if (!to) return;
  const unsubscribe = await unsubscribeUrl(nd, s.origin, site.id, s.id);
  const content = confirmMail(site.name, await confirmUrl(nd, s.origin, site.id, s.id), unsubscribe);
  const release = () => (s.confirmSentAt === null ? undefined : nd.stores.mail.releaseConfirmation(site.id, s.id, s.confirmSentAt));
  try {
    if ((await sendMail(nd, { siteId: site.id, to, ...content, headers: unsubscribeHeaders(unsubscribe) }, "confirmation")) === "over-budget") await release();
  } catch (err) {
    await release();
    throw err;
  }
}

export type ConfirmState = "ready" | "confirmed" | "expired" | "invalid";

/**
 * Checks a confirmation link; with `act`, confirms (the page's POST): the address, and the watches made before the
 * link was sent (a watch made later, by anyone who typed the address, waits for a link of its own).
 */
export async function confirmSubscriber(nd: NotifyDeps, siteId: string, subscriberId: string, expires: string, signature: string, act: boolean): Promise<ConfirmState> {
  if (!(await confirmSignatureOk(nd, siteId, subscriberId, subscriberId, expires, signature))) return "invalid";
  const s = await nd.stores.mail.getSubscriber(siteId, subscriberId);
  if (!s) return "invalid";
  const sentAt = Number(expires) - CONFIRM_VALID_MS;
  if (s.status === "confirmed" && (await nd.stores.mail.waitingWatches(siteId, subscriberId, sentAt)) === 0) return "confirmed";
  if (Number(expires) <= nd.now()) return "expired";
  if (act) {
    await nd.stores.mail.confirm(siteId, subscriberId, sentAt, nd.now());
    return "confirmed";
  }
  return "ready";
}

/** Unsubscribes at once: a reader (no more reply e-mails) or, for `owner`, the site's digest. */
export async function unsubscribe(nd: NotifyDeps, siteId: string, who: string): Promise<boolean> {
  if (who === "owner") {
    const owner = await nd.stores.mail.getOwnerMail(siteId);
    if (owner) {
      // An address never confirmed (its link came in the confirmation e-mail, perhaps to someone who never asked) is
      // dropped, so that no further confirmation e-mail goes to it; a confirmed one keeps its address, digest off.
      const dropped = owner.emailSealed !== null && owner.emailConfirmedAt === null;
      const next = dropped ? { ...owner, digest: false, emailSealed: null, emailHint: null, confirmSentAt: null } : { ...owner, digest: false };
      // A second click (or a mail client's one-click, then the person's) finds it done: nothing to write or audit.
      if (dropped || owner.digest) await nd.stores.mail.putOwnerMail(next, nd.now(), ownerMailAudit(nd, "link:unsubscribe", owner, next));
    }
    return owner !== null;
  }
  const s = await nd.stores.mail.getSubscriber(siteId, who);
  if (!s) return false;
  if (s.status !== "unsubscribed") await nd.stores.mail.setStatus(siteId, who, "unsubscribed", nd.now());
  return true;
}

/**
 * Published replies: each whose parent a confirmed reader watches is noted for them, and one e-mail is queued per
 * reader and thread, for its window. A fixed number of reads and writes, however many replies.
 */
export async function noteReplies(deps: ServiceDeps, nd: NotifyDeps, site: SiteRecord, replies: CommentRecord[]): Promise<void> {
  const watchers = await nd.stores.mail.watchersOf(site.id, [...new Set(replies.flatMap((r) => (r.parentId ? [r.parentId] : [])))]);
  const watched = replies.filter((r) => r.parentId && watchers.has(r.parentId));
  if (watched.length === 0) return;
  // Someone answering their own comment gets no e-mail about it.
  const signed = watched.filter((r) => r.emailHash).map((r) => r.parentId as string);
  const parents = new Map((signed.length ? await deps.stores.comments.getMany(site.id, signed) : []).map((c) => [c.id, c]));
  const notices = watched
    .filter((r) => !(r.emailHash && parents.get(r.parentId as string)?.emailHash === r.emailHash))
    .map((r) => ({ subscriberId: (watchers.get(r.parentId as string) as SubscriberRecord).id, threadKey: r.threadKey, commentId: r.id }));
  const now = nd.now();
  const added = await nd.stores.mail.addNotices(site.id, notices, now);
  const pairs = [...new Map(added.map((n) => [noticeKey(n.subscriberId, n.threadKey), n])).values()];
  const lastSent = await nd.stores.mail.lastReplyMailsAt(site.id, pairs);
  await enqueue(
    nd,
    pairs.map(({ subscriberId, threadKey }) => {
      const last = lastSent.get(noticeKey(subscriberId, threadKey));
      const wait = last === undefined ? 0 : Math.max(0, last + NOTIFY_LIMITS.replyMailWindowMs - now);
      return { body: { kind: "replies" as const, siteId: site.id, subscriberId, threadKey }, delaySeconds: Math.ceil(wait / 1000) || undefined };
    }),
    async (m) => {
      if (m.kind === "replies") await flushReplies(deps, nd, m.siteId, m.subscriberId, m.threadKey);
    },
  );
}

/**
 * Sends one e-mail with the replies noted since the last one, unless one went out within the window.
 * Returns the seconds to wait before trying again, or null when there is nothing (more) to do.
 */
export async function flushReplies(deps: ServiceDeps, nd: NotifyDeps, siteId: string, subscriberId: string, threadKey: string): Promise<number | null> {
  const s: SubscriberRecord | null = await nd.stores.mail.getSubscriber(siteId, subscriberId);
  // Sealed under another PARLEY_SECRET, the address is gone too: what waits for a reader who can get no e-mail is
  // dropped, so that nothing waits for ever (see requeueOverdueReplies).
  const to = s?.status === "confirmed" ? await openEmail(nd.secret, s.emailSealed) : null;
  if (!s || !to) {
    await nd.stores.mail.dropNotices(siteId, subscriberId, threadKey);
    return null;
  }
  const now = nd.now();
  const ids = await nd.stores.mail.claimNotices(siteId, subscriberId, threadKey, now, now - NOTIFY_LIMITS.replyMailWindowMs, NOTIFY_LIMITS.repliesPerMail);
  if (ids.length === 0) {
    const last = await nd.stores.mail.lastReplyMailAt(siteId, subscriberId, threadKey);
    const opensAt = last === null ? now : last + NOTIFY_LIMITS.replyMailWindowMs;
    return opensAt > now ? (opensAt - now) / 1000 : null;
  }
  const site = await loadSite(deps, siteId);
  const replies = (await deps.stores.comments.getMany(siteId, ids)).filter((c) => c.status === "published" && !c.shadow);
  if (replies.length === 0) return null;
  // The page the replies are read on: the blog's page at a path key, else an article's page Parley hosts.
  const { article, pageUrl: page } = await threadPlace(deps, site, threadKey, s.origin);
  const unsubscribe = await unsubscribeUrl(nd, s.origin, siteId, s.id);
  const content = replyMail(
    site.name,
    threadName(article, threadKey),
    replies
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((r) => ({ author: r.authorName, excerpt: excerpt(r.bodySource, NOTIFY_LIMITS.excerptChars), url: page ? `${page}#comment-${r.id}` : null })),
    unsubscribe,
  );
  try {
    // Over the day's budget: the replies wait (given back), and the cron queues them again (requeueOverdueReplies).
    if ((await sendMail(nd, { siteId, to, ...content, headers: unsubscribeHeaders(unsubscribe) })) === "over-budget") {
      await nd.stores.mail.releaseNotices(siteId, subscriberId, ids);
    }
  } catch (err) {
    // The provider refused or did not answer: give the replies back so the queue's retry sends them.
    await nd.stores.mail.releaseNotices(siteId, subscriberId, ids);
    throw err;
  }
  return null;
}

/** How long a noted reply may wait unsent before the cron takes its queue message for lost: past every retry. */
export const REPLIES_OVERDUE_MS = 30 * 60_000;
const OVERDUE_PER_RUN = 50;

/**
 * Queues again the reply e-mails whose queue messages were lost: the provider was down past the queue's retries
 * (about eleven minutes), or the site's budget for the day was spent. Each runs as a fresh message, the window and
 * the budget applying as ever. At most OVERDUE_PER_RUN a run; returns how many.
 */
export async function requeueOverdueReplies(deps: ServiceDeps, nd: NotifyDeps, now: number): Promise<number> {
  const overdue = await nd.stores.mail.overdueNotices(now - REPLIES_OVERDUE_MS, OVERDUE_PER_RUN);
  if (overdue.length === 0) return 0;
  await enqueue(
    nd,
    overdue.map((o) => ({ body: { kind: "replies" as const, ...o } })),
    async (m) => {
      if (m.kind === "replies") await flushReplies(deps, nd, m.siteId, m.subscriberId, m.threadKey);
    },
  );
  return overdue.length;
}
