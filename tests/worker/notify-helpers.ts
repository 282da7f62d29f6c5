// Shared steps for the notification tests: the local HTTP receiver (started by receiver-setup.ts), signature
// checks written independently of the worker's code, bounded waiting, the dev mail outbox, and driving the
// worker's own queue() handler. Harness imports come from here and ./helpers only.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import type { NotifyMessage } from "../../worker/contract/notifications";
import worker from "../../worker/index";
import { call, json } from "./helpers";

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
  /** What the receiver answered (null while a `hang` request waits). */
  status: number | null;
}

let receiverCounter = 0;
/**
 * A receiver endpoint only this test uses; `mode` is ok, fail (500), gone (410), hang, or redirect (`redirect.code`
 * with `redirect.to` as its Location).
 */
export function receiver(mode: "ok" | "fail" | "gone" | "hang" | "redirect" = "ok", redirect?: { code: number; to?: string }) {
  receiverCounter += 1;
  const name = `r${receiverCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const base = inject("receiverUrl");
  const extra = redirect ? `&code=${redirect.code}${redirect.to === undefined ? "" : `&to=${encodeURIComponent(redirect.to)}`}` : "";
  return {
    name,
    url: `${base}/hook/${name}?mode=${mode}${extra}`,
    async received(): Promise<Received[]> {
      return (await fetch(`${base}/log/${name}`)).json();
    },
    async release(): Promise<void> {
      await (await fetch(`${base}/release/${name}`)).text();
    },
    /** From now on answer as `next` says (an outage begins or ends), whatever the URL's mode. */
    async setMode(next: "ok" | "fail"): Promise<void> {
      await (await fetch(`${base}/mode/${name}?mode=${next}`)).text();
    },
  };
}

/** Polls `probe` until it returns a truthy value: at most `tries` times, 100 ms apart. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}

const encoder = new TextEncoder();

/** Verifies `Parley-Signature` as the README tells a receiver to: HMAC-SHA256 over "<t>.<body>", t within 5 minutes. */
export async function verifiesSignature(secret: string, header: string, body: string): Promise<boolean> {
  const fields = new Map(header.split(",").map((part) => part.split("=") as [string, string]));
  const t = Number(fields.get("t"));
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${t}.${body}`)));
  const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return hex === fields.get("v1");
}

/** Creates a webhook as the owner and returns it with its secret. */
export async function createWebhook(site: string, token: string, body: Record<string, unknown>) {
  return json<{ webhook: any; secret: string }>(`/sites/${site}/webhooks`, 201, { token, body: { events: ["comment.created"], ...body } });
}

export async function deliveries(site: string, token: string, webhookId: string): Promise<any[]> {
  return (await json<{ deliveries: any[] }>(`/sites/${site}/webhooks/${webhookId}/deliveries`, 200, { token })).deliveries;
}

/** Runs the worker's queue() handler on one message, as the queue would on attempt `attempts`; returns ack/retry. */
export async function runQueue(body: NotifyMessage, attempts = 1) {
  const batch = createMessageBatch<NotifyMessage>("parley-notifications", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

export interface DevMail {
  id: string;
  siteId: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** The dev outbox's messages for one recipient, newest first (read through /dev/mail.json). */
export async function mailTo(address: string): Promise<DevMail[]> {
  const res = await call("http://parley.test/dev/mail.json");
  expect(res.status).toBe(200);
  const { messages } = (await res.json()) as { messages: DevMail[] };
  return messages.filter((m) => m.to === address);
}

/** The one-click link for `action` in a text part. */
export function moderationLink(text: string, action: "approve" | "spam" | "delete"): string {
  return linkIn(text, "http://parley.test/moderate/", `/${action}/`);
}

/** The first URL in a text part that starts with `prefix` (and contains `part`, if given). */
export function linkIn(text: string, prefix: string, part = ""): string {
  const found = (text.match(/https?:\/\/\S+/g) ?? []).find((url) => url.startsWith(prefix) && url.includes(part));
  expect(found, `no link starting with ${prefix} in:\n${text}`).toBeTruthy();
  return found as string;
}

/** Waits (bounded) until the dispatcher has handled every outbox event of a site: its subscribers have run. */
export async function dispatched(siteId: string): Promise<void> {
  await eventually(async () => {
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox WHERE site_id = ?1 AND done_at IS NULL").bind(siteId).first<number>("n");
    return row === 0;
  });
}

/** The owner's digests in the dev outbox for `email`, newest first (confirmation e-mails left out). */
export async function digestsTo(email: string): Promise<DevMail[]> {
  return (await mailTo(email)).filter((m) => / waiting for moderation on /.test(m.subject));
}

/** Waits (bounded) for the first digest to `email` and returns it. */
export async function firstDigest(email: string): Promise<DevMail> {
  const [digest] = await eventually(async () => {
    const digests = await digestsTo(email);
    return digests.length === 1 && digests;
  });
  return digest;
}

/** Waits (bounded) for the newest confirmation e-mail of the owner's digest address to `email`; returns it and its link. */
export async function ownerConfirmation(email: string, count = 1): Promise<{ mail: DevMail; link: string }> {
  const [mail] = await eventually(async () => {
    const mails = (await mailTo(email)).filter((m) => m.subject.startsWith("Confirm the moderation digest"));
    return mails.length === count && mails;
  });
  return { mail, link: linkIn(mail.text, "http://parley.test/mail/confirm/") };
}

/** Makes the last confirmation e-mail of a site's digest address look `minutes` older (past the resend wait). */
export async function confirmationSentEarlier(siteId: string, minutes: number): Promise<void> {
  await env.DB.prepare("UPDATE owner_mail SET confirm_sent_at = confirm_sent_at - ?2 WHERE site_id = ?1").bind(siteId, minutes * 60_000).run();
}

/**
 * Sets the owner's digest address (default: one only this site uses) with the digest on, and confirms it as its owner
 * would: the link in the confirmation e-mail, then the page's button. Returns the address.
 */
export async function confirmedOwnerMail(site: { id: string; ownerToken: string }, email = `owner-${site.id}@example.com`): Promise<string> {
  await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { email, digest: true } });
  const { link } = await ownerConfirmation(email);
  const res = await call(link, { method: "POST" });
  expect(res.status, await res.text()).toBe(200);
  return email;
}
