// One delivery attempt: POST the stored body, signed now, and record what happened. Failures back off
// (NOTIFY_LIMITS.retryDelaysSeconds); a webhook that failed every attempt for a whole retry schedule is paused with
// the reason, and its deliveries are held for Resume.
import { NOTIFY_LIMITS } from "../../contract/notifications";
import type { AttemptOutcome } from "../../storage/webhooks";
import type { NotifyDeps } from "./context";
import { isPublicHost } from "./public-host";
import { signatureHeader, webhookSecret } from "./signing";

/** The event type of a test delivery (POST …/webhooks/{id}/test). */
export const TEST_EVENT = "webhook.test";

/** What the queue consumer does next with the message: nothing, or retry after `retryDelaySeconds`. */
export interface AttemptResult {
  delivered: boolean;
  retryDelaySeconds: number | null;
}

/** 301 and 308 say the receiver moved for good: retrying the same URL for hours would only be redirected again. */
const PERMANENT_REDIRECTS = new Set([301, 308]);

/** Where a redirect points, resolved against the URL (a Location may be relative), cut to fit a delivery's error. */
function locationOf(res: Response, url: string): string | null {
  const location = res.headers.get("Location");
  if (!location) return null;
  let to: string;
  try {
    to = new URL(location, url).href;
  } catch {
    to = location;
  }
  return to.length > 200 ? `${to.slice(0, 199)}…` : to;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number | null; error: string | null; movedTo?: string | null }> {
  try {
    // Never followed: a signed delivery goes to the URL the owner gave and to no other.
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(NOTIFY_LIMITS.deliveryTimeoutMs) });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null };
    const http = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
    if (res.status >= 300 && res.status < 400) {
      const to = locationOf(res, url);
      const error = to === null ? `${http} without a Location: not followed; update the webhook's URL` : `${http}: redirected to ${to}: update the webhook's URL (deliveries are not forwarded)`;
      return { status: res.status, error, movedTo: PERMANENT_REDIRECTS.has(res.status) ? to : undefined };
    }
    return { status: res.status, error: http };
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    // The runtime says little more than "Network connection lost" when the connection or its TLS handshake failed:
    // the likely causes are named, for the owner reading the delivery log.
    const why = "(nothing listening, a firewall, or a TLS certificate the worker does not trust, such as a self-signed one)";
    const error =
      name === "TimeoutError" || name === "AbortError"
        ? `No answer within ${NOTIFY_LIMITS.deliveryTimeoutMs / 1000} s`
        : `Could not connect: ${err instanceof Error ? err.message : String(err)} ${url.startsWith("https:") ? why : "(nothing listening, or a firewall)"}`;
    return { status: null, error: error.slice(0, 300) };
  }
}

/**
 * The rule a webhook's URL was checked by when it was added, checked again before each attempt: a webhook stored
 * under an older, looser check (or while the dev variable was set) never reaches a loopback or private host.
 */
function reachable(url: string, dev: boolean): boolean {
  const parsed = new URL(url);
  return dev || (parsed.protocol === "https:" && isPublicHost(parsed.hostname));
}

/** Why a webhook paused at its receiver's first 410 or permanent redirect. */
function goneReason(status: number | null, movedTo: string | null | undefined): string {
  if (movedTo === undefined) {
    return "The receiver answered 410 Gone: its endpoint was removed. Add its new URL as a webhook (and remove this one), or Resume once it is back.";
  }
  const where = movedTo === null ? "elsewhere (no Location)" : `to ${movedTo}`;
  return `The receiver answered ${status}, moved for good ${where}: deliveries are not forwarded. Add the new URL as a webhook (and remove this one), or Resume once this URL answers again.`;
}

/** How long an attempt holds its delivery: longer than it may take (the receiver's time, then the record). */
const CLAIM_MS = NOTIFY_LIMITS.deliveryTimeoutMs + 20_000;

/** Whole hours, for the pause reason. */
const hoursSince = (from: number, now: number) => Math.max(1, Math.floor((now - from) / 3_600_000));

/**
 * Attempts one delivery. A test delivery (`options.test`, or a `webhook.test` sent again) is tried once and never
 * retried or held. A message queued before its delivery was held (its `releasedAt` differs from the delivery's), or
 * before the cron queued it again (its `requeuedAt`), is
 * ignored: the Resume queued another.
 */
export async function attemptDelivery(
  nd: NotifyDeps,
  siteId: string,
  deliveryId: string,
  options: { test?: boolean; releasedAt?: number; requeuedAt?: number } = {},
): Promise<AttemptResult> {
  const done = { delivered: false, retryDelaySeconds: null };
  const delivery = await nd.stores.webhooks.getDelivery(siteId, deliveryId);
  if (!delivery || (delivery.status !== "pending" && delivery.status !== "retrying")) return done;
  // A test delivery sent again by a retry is still a test.
  const test = options.test || delivery.eventType === TEST_EVENT;
  if (!test && (options.releasedAt ?? null) !== delivery.releasedAt) return done;
  // Likewise a message from before the cron queued the delivery again: the cron's message is the one that counts.
  if (!test && (options.requeuedAt ?? null) !== delivery.requeuedAt) return done;
  const webhook = await nd.stores.webhooks.get(siteId, delivery.webhookId);
  if (!webhook) return done;
  if (webhook.pausedAt !== null && !test) {
    await nd.stores.webhooks.hold(siteId, webhook.id, nd.now());
    return done;
  }
  const sentAt = nd.now();
  // Another message for the same delivery (the cron's, queued again while this one waited) may be handled at once, or
  // may have been: only the attempt that claims the delivery as read sends it.
  if (!(await nd.stores.webhooks.claim(siteId, delivery, sentAt, sentAt + CLAIM_MS))) return done;
  const secret = await webhookSecret(nd.secret, webhook.secretSalt);
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": "Parley-Webhooks/1",
    "Parley-Event": delivery.eventType,
    "Parley-Delivery": delivery.id,
    "Parley-Signature": await signatureHeader(secret, Math.floor(sentAt / 1000), delivery.body),
  };
  const { status, error, movedTo } = reachable(webhook.url, nd.dev)
    ? await post(webhook.url, headers, delivery.body)
    : { status: null, error: "Not sent: the URL is not a public https:// address. Remove this webhook and add it with a public URL." };
  const now = nd.now();
  // The retry schedule counts from the delivery's release by a Resume or a Retry, if any.
  const attempt = delivery.attempts + 1 - delivery.attemptsAtRelease;
  const ok = error === null;
  // 410 Gone: the receiver says the endpoint was removed for good (a revoked Slack or Discord webhook answers so).
  // Retrying for hours would change nothing: the webhook pauses now, holding what comes, until a Resume.
  // So does a permanent redirect (301, 308): the receiver moved, and the owner's URL must follow it, never the delivery.
  const pausesNow = !ok && !test && (status === 410 || movedTo !== undefined);
  const delay = ok || test || pausesNow ? undefined : NOTIFY_LIMITS.retryDelaysSeconds[attempt - 1];
  // Out of retries with nothing delivered to this webhook since this delivery's schedule began: the receiver has
  // been failing for the whole schedule (about 8.6 hours), so the webhook pauses and this delivery is held.
  const since = delivery.releasedAt ?? delivery.createdAt;
  const outcome: AttemptOutcome = {
    ok,
    status: ok ? "delivered" : delay === undefined ? "failed" : "retrying",
    lastStatus: status,
    lastError: error,
    nextAttemptAt: delay === undefined ? null : now + delay * 1000,
    holdable: !test,
    // A webhook pauses unless something was delivered to it after `noSuccessSince`: after now, nothing can have been.
    pause: pausesNow
      ? { noSuccessSince: now + 1, reason: goneReason(status, movedTo) }
      : ok || test || delay !== undefined
        ? null
        : { noSuccessSince: since, reason: `No attempt succeeded for ${hoursSince(since, now)} hours, through every retry; the last one: ${error}` },
  };
  const final = await nd.stores.webhooks.recordAttempt(siteId, delivery, outcome, now);
  return { delivered: ok, retryDelaySeconds: final === "retrying" ? (delay ?? null) : null };
}
