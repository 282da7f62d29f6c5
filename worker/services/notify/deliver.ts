// One delivery attempt: POST the stored body, signed now, and record what happened. Failures back off
// (NOTIFY_LIMITS.retryDelaysSeconds); a webhook whose attempts failed too many times in a row is paused with the reason.
import { NOTIFY_LIMITS } from "../../contract/notifications";
import type { AttemptOutcome } from "../../storage/webhooks";
import type { NotifyDeps } from "./context";
import { signatureHeader, webhookSecret } from "./signing";

/** What the queue consumer does next with the message: nothing, or retry after `retryDelaySeconds`. */
export interface AttemptResult {
  delivered: boolean;
  retryDelaySeconds: number | null;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number | null; error: string | null }> {
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(NOTIFY_LIMITS.deliveryTimeoutMs) });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null };
    return { status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}` };
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    const error = name === "TimeoutError" || name === "AbortError" ? `No answer within ${NOTIFY_LIMITS.deliveryTimeoutMs / 1000} s` : `Could not connect: ${err instanceof Error ? err.message : String(err)}`;
    return { status: null, error: error.slice(0, 300) };
  }
}

/** Attempts one delivery (a test delivery is tried once and never retried). */
export async function attemptDelivery(nd: NotifyDeps, siteId: string, deliveryId: string, options: { test?: boolean } = {}): Promise<AttemptResult> {
  const done = { delivered: false, retryDelaySeconds: null };
  const delivery = await nd.stores.webhooks.getDelivery(siteId, deliveryId);
  if (!delivery || (delivery.status !== "pending" && delivery.status !== "retrying")) return done;
  const webhook = await nd.stores.webhooks.get(siteId, delivery.webhookId);
  if (!webhook) return done;
  if (webhook.pausedAt !== null && !options.test) {
    await nd.stores.webhooks.abandon(siteId, delivery.id, `Not sent: the webhook is paused (${webhook.pausedReason ?? "paused"}).`, nd.now());
    return done;
  }
  const secret = await webhookSecret(nd.secret, webhook.secretSalt);
  const sentAt = nd.now();
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": "Parley-Webhooks/1",
    "Parley-Event": delivery.eventType,
    "Parley-Delivery": delivery.id,
    "Parley-Signature": await signatureHeader(secret, Math.floor(sentAt / 1000), delivery.body),
  };
  const { status, error } = await post(webhook.url, headers, delivery.body);
  const now = nd.now();
  const attempts = delivery.attempts + 1;
  const ok = error === null;
  const delay = ok || options.test ? undefined : NOTIFY_LIMITS.retryDelaysSeconds[attempts - 1];
  const outcome: AttemptOutcome = {
    ok,
    status: ok ? "delivered" : delay === undefined ? "failed" : "retrying",
    lastStatus: status,
    lastError: error,
    nextAttemptAt: delay === undefined ? null : now + delay * 1000,
    pauseAfter: NOTIFY_LIMITS.pauseAfterFailures,
    pauseReason: `Paused after ${NOTIFY_LIMITS.pauseAfterFailures} failed attempts in a row; the last one: ${error ?? ""}`,
  };
  const paused = await nd.stores.webhooks.recordAttempt(siteId, delivery, outcome, now);
  if (!ok && paused && delay !== undefined) {
    await nd.stores.webhooks.abandon(siteId, delivery.id, `${error}; not retried: the webhook is paused.`, now);
    return done;
  }
  return { delivered: ok, retryDelaySeconds: delay ?? null };
}
