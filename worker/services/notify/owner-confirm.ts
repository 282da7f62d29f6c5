// Double opt-in for the owner's digest address, as readers' reply e-mails have it: a new address gets one e-mail with
// a link, and no digest goes to it until the page behind the link is confirmed. So an owner token cannot make the
// worker mail digests to someone else's address.
import { NOTIFY_LIMITS } from "../../contract/notifications";
import { AppError } from "../../lib/errors";
import type { OwnerMailRecord } from "../../storage/mail";
import type { SiteRecord } from "../../storage/sites";
import { ownerMailConfirmAudit } from "../audit";
import { enqueue, type NotifyDeps } from "./context";
import { sendMail, unsubscribeHeaders, utcDay } from "./mail";
import { ownerConfirmMail } from "./mail-templates";
import { confirmSignatureOk, confirmUrl, unsubscribeUrl, type ConfirmState } from "./replies";
import { openEmail } from "./seal";

/** RATE_LIMITED when a confirmation e-mail went to the waiting address within NOTIFY_LIMITS.ownerConfirmResendMs. */
export function refuseEarlyResend(owner: OwnerMailRecord, now: number): void {
  const opensAt = (owner.confirmSentAt ?? -Infinity) + NOTIFY_LIMITS.ownerConfirmResendMs;
  if (opensAt <= now) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((opensAt - now) / 1000));
  const minutes = NOTIFY_LIMITS.ownerConfirmResendMs / 60_000;
  throw new AppError("RATE_LIMITED", `A confirmation e-mail went to this address less than ${minutes} minutes ago. Ask for another in ${retryAfterSeconds} seconds.`, [
    { field: "email", message: `Check the inbox (and spam folder) first; another can be sent in ${retryAfterSeconds} seconds.`, retryAfterSeconds },
  ]);
}

/**
 * RATE_LIMITED when the site's digest addresses, all together, had NOTIFY_LIMITS.ownerConfirmsPerDay confirmation
 * e-mails today, as counted in the owner's mail settings already read (`owner`; null when none are set): the wait
 * above is per address, and an owner token switching between addresses must not become a way to mail strangers.
 * The claim that sends one counts against the same cap in D1, so a race past this check still sends no more than the cap.
 */
export function refuseConfirmationsToday(owner: OwnerMailRecord | null, now: number): void {
  const sentToday = owner?.confirmDay === utcDay(now) ? owner.confirmsThatDay : 0;
  if (sentToday < NOTIFY_LIMITS.ownerConfirmsPerDay) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(`${utcDay(now)}T00:00:00Z`) + 86_400_000 - now) / 1000));
  throw new AppError("RATE_LIMITED", `${NOTIFY_LIMITS.ownerConfirmsPerDay} confirmation e-mails went out for this site today, the most a day. Try again after midnight UTC.`, [
    { field: "email", message: `No more confirmation e-mails today; another can be sent in ${retryAfterSeconds} seconds.`, retryAfterSeconds },
  ]);
}

/** Queues the confirmation e-mail of the address `emailSealed`, unless it is confirmed, replaced, or had one too recently. */
export async function requestOwnerConfirmation(nd: NotifyDeps, site: SiteRecord, emailSealed: string): Promise<void> {
  if (!nd.mailer) return;
  const now = nd.now();
  const claimed = await nd.stores.mail.claimOwnerConfirmation(site.id, emailSealed, now, now - NOTIFY_LIMITS.ownerConfirmResendMs, utcDay(now), NOTIFY_LIMITS.ownerConfirmsPerDay);
  if (!claimed) return;
  await enqueue(nd, [{ body: { kind: "confirm-owner", siteId: site.id, claimedAt: now } }], () => sendOwnerConfirmation(nd, site, now));
}

/**
 * The dashboard's and the CLI's "send the link again": INVALID_STATE when no address waits for confirmation or
 * nothing can be sent, RATE_LIMITED within NOTIFY_LIMITS.ownerConfirmResendMs of the last one.
 */
export async function resendOwnerConfirmation(nd: NotifyDeps, site: SiteRecord): Promise<void> {
  const owner = await nd.stores.mail.getOwnerMail(site.id);
  if (!owner?.emailSealed) throw new AppError("INVALID_STATE", "No digest address is set: set one, and its confirmation e-mail goes out.");
  if (owner.emailConfirmedAt !== null) throw new AppError("INVALID_STATE", "The digest address is already confirmed.");
  if (!nd.mailer) throw new AppError("INVALID_STATE", "No e-mail provider is configured: nothing can be sent.");
  refuseEarlyResend(owner, nd.now());
  refuseConfirmationsToday(owner, nd.now());
  await requestOwnerConfirmation(nd, site, owner.emailSealed);
}

/** Sends the confirmation e-mail claimed at `claimedAt`, if its address is still the one set and waits (queue consumer). */
export async function sendOwnerConfirmation(nd: NotifyDeps, site: SiteRecord, claimedAt: number): Promise<void> {
  const owner = await nd.stores.mail.getOwnerMail(site.id);
  if (!owner?.emailSealed || owner.emailConfirmedAt !== null || owner.confirmSentAt !== claimedAt) return;
  const to = await openEmail(nd.secret, owner.emailSealed);
  if (!to) return;
  // Its unsubscribe link drops the address (see unsubscribe): whoever got it stops any more e-mail to it.
  const unsubscribe = await unsubscribeUrl(nd, owner.origin, site.id, "owner", owner.emailSealed);
  const content = ownerConfirmMail(site.name, await confirmUrl(nd, owner.origin, site.id, "owner", owner.emailSealed), unsubscribe);
  await sendMail(nd, { siteId: site.id, to, ...content, headers: unsubscribeHeaders(unsubscribe) });
}

/**
 * Checks the owner's confirmation link; with `act` (the page's POST), confirms and audits it. A link made for an
 * address that is no longer the one set is `invalid`, so an old link cannot confirm a newer address.
 */
export async function confirmOwnerAddress(nd: NotifyDeps, site: SiteRecord, expires: string, signature: string, act: boolean): Promise<ConfirmState> {
  const owner = await nd.stores.mail.getOwnerMail(site.id);
  if (!owner?.emailSealed || !(await confirmSignatureOk(nd, site.id, "owner", owner.emailSealed, expires, signature))) return "invalid";
  if (owner.emailConfirmedAt !== null) return "confirmed";
  if (Number(expires) <= nd.now()) return "expired";
  if (!act) return "ready";
  const confirmed = await nd.stores.mail.confirmOwnerMail(site.id, owner.emailSealed, nd.now(), ownerMailConfirmAudit(nd, owner));
  return confirmed ? "confirmed" : "invalid";
}
