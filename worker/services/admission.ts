// Metering before costly work: every attempt to post, edit or vote counts against its reader's per-minute
// limit (keyed IP hash) and, for posts, spends its form token and is checked against the site's daily quota,
// all in one D1 batch, before any markdown is rendered or any spam check runs.
import { DAY_MS } from "../contract/dates";
import { AppError } from "../lib/errors";
import type { Admission } from "../storage/admission";
import type { RateCheck } from "../storage/rate-limits";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";
import type { FormNonce } from "./form-token";

const MINUTE_MS = 60_000;

/** Votes are quick clicks: a reader may cast this many times their per-minute comment limit. */
export const VOTE_RATE_FACTOR = 10;

export type Attempt = "post" | "edit" | "vote";

const KEY_PREFIX: Record<Attempt, string> = { post: "r", edit: "e", vote: "v" };
const NOUN: Record<Attempt, string> = { post: "comments", edit: "edits", vote: "votes" };

/** The current one-minute window. */
export const rateWindow = (now: number) => Math.floor(now / MINUTE_MS);

/** The current UTC day, the window of a site's quota. */
export const utcDay = (now: number) => Math.floor(now / DAY_MS);

/** The reader's own per-minute counter for this kind of attempt (none without an IP, or when the site turned it off). */
export function readerChecks(site: SiteRecord, attempt: Attempt, ipHash: string | null): RateCheck[] {
  const perMinute = site.settings.rateLimits.readerPerMinute;
  const limit = attempt === "vote" ? perMinute * VOTE_RATE_FACTOR : perMinute;
  return ipHash && limit > 0 ? [{ key: `${KEY_PREFIX[attempt]}:${ipHash}`, limit }] : [];
}

/** Throws RATE_LIMITED, with Retry-After, when a counter is past its limit. */
export function checkRateCounts(checks: RateCheck[], counts: number[], now: number, attempt: Attempt = "post"): void {
  if (checks.some((c, i) => counts[i] > c.limit)) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((rateWindow(now) + 1) * MINUTE_MS - now) / 1000));
    throw new AppError("RATE_LIMITED", `Too many ${NOUN[attempt]} right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds == 1 ? "" : "s"}.`, [
      { field: "retryAfterSeconds", message: "Seconds to wait before trying again.", retryAfterSeconds },
    ]);
  }
}

/**
 * Counts one attempt and, for posts, spends the form token's nonce and reads the site's usage today.
 * Throws RATE_LIMITED when the reader is past their limit. The caller decides what a spent nonce means
 * (a replay of an idempotent post is still answered).
 */
export async function meterAttempt(
  deps: ServiceDeps,
  site: SiteRecord,
  attempt: Attempt,
  ipHash: string | null,
  nonce: (FormNonce & { key: string | null }) | null = null,
): Promise<Admission> {
  const now = deps.now();
  const checks = readerChecks(site, attempt, ipHash);
  const admission = await deps.stores.admission.admit(site.id, { checks, window: rateWindow(now), nonce, now, day: utcDay(now) });
  checkRateCounts(checks, admission.counts, now, attempt);
  return admission;
}

/** The bytes a comment adds to the site's storage: its text and its author's name, UTF-8. */
export function storedBytes(body: string, authorName: string): number {
  const encoder = new TextEncoder();
  return encoder.encode(body).byteLength + encoder.encode(authorName).byteLength;
}

/** Throws QUOTA_EXCEEDED (429, Retry-After until the next UTC day) when one more comment would pass the site's quota. */
export function checkQuota(site: SiteRecord, usage: Admission["usage"], bytes: number, now: number): void {
  const { commentsPerDay, bytesPerDay } = site.settings.quota;
  const over = (commentsPerDay > 0 && usage.comments >= commentsPerDay) || (bytesPerDay > 0 && usage.bytes + bytes > bytesPerDay);
  if (!over) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(((utcDay(now) + 1) * DAY_MS - now) / 1000));
  throw new AppError("QUOTA_EXCEEDED", "This site has stored as many comments as it may today. Try again tomorrow.", [
    { field: "retryAfterSeconds", message: "Seconds until the site's quota starts again.", retryAfterSeconds },
  ]);
}
