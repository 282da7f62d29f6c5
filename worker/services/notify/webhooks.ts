// Webhooks: the owner's CRUD, a test delivery, the delivery log, Resume (which sends what a paused webhook held),
// and the fan-out of one event to every webhook that wants it (a delivery row each, then a queue message: the
// request that caused it never waits; a paused webhook's row is held instead).
import {
  NOTIFY_LIMITS,
  type CommentEventData,
  type CreateWebhookInput,
  type DeliveriesQuery,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from "../../contract/notifications";
import { byCreation, decodeCursor, pageOf } from "../../lib/cursor";
import { AppError, invalidField } from "../../lib/errors";
import { randomToken } from "../../lib/crypto";
import type { DeliveryRecord, WebhookRecord } from "../../storage/webhooks";
import type { SiteRecord } from "../../storage/sites";
import { enqueue, type NotifyDeps } from "./context";
import { attemptDelivery, TEST_EVENT } from "./deliver";
import { formatBody } from "./formats";
import { auditRecord } from "../audit";
import { payloadOf } from "./payload";
import { isLoopbackHost, isPublicHost } from "./public-host";
import { webhookSecret } from "./signing";

/** How late a delivery's next attempt must be before the cron handler queues it again, and how many per run. */
const OVERDUE_MS = 15 * 60_000;
const OVERDUE_PER_RUN = 100;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toWebhook(w: WebhookRecord, held = 0): Webhook {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    format: w.format,
    createdAt: new Date(w.createdAt).toISOString(),
    pausedAt: iso(w.pausedAt),
    pausedReason: w.pausedReason,
    held,
    consecutiveFailures: w.consecutiveFailures,
    lastSuccessAt: iso(w.lastSuccessAt),
  };
}

export function toDelivery(d: DeliveryRecord): WebhookDelivery {
  return {
    id: d.id,
    eventId: d.eventId,
    event: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: iso(d.nextAttemptAt),
    createdAt: new Date(d.createdAt).toISOString(),
    // A GDPR erase empties the body of every delivery about the comment (storage/exports.ts); nothing else does.
    erased: d.body === "",
  };
}

const invalidUrl = (message: string) => invalidField("url", message);

/**
 * https only in production, never to loopback, private or other non-public addresses however spelled (public-host.ts);
 * the dev variable also allows loopback, over http too (private networks' addresses stay refused).
 * Never credentials in the URL, dev or not: the webhook list would show the password to anyone with the owner token.
 */
export function checkWebhookUrl(raw: string, dev: boolean): void {
  const url = new URL(raw);
  if (url.username || url.password) {
    throw invalidUrl("Must not contain a user name or password (user:password@): put a secret in the path or a query parameter, or check the Parley-Signature header.");
  }
  if (url.port === "0") throw invalidUrl("Port 0 is no port a receiver can listen on.");
  // Local development also sends to a receiver on this machine, over plain http too; never to a private network's.
  if (dev && (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHost(url.hostname)) return;
  if (url.protocol !== "https:") throw invalidUrl(dev ? "Must be an https:// URL, or one on this machine (localhost, 127.0.0.1)." : "Must be an https:// URL.");
  if (!isPublicHost(url.hostname)) throw invalidUrl("Must be a public https:// URL.");
}

/**
 * The URL as fetch will send it (scheme and host in lower case, default port dropped; no `#fragment`, which fetch
 * never sends, and no empty `?`), so one receiver has one spelling.
 */
function normalUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  // One spelling of each percent-encoded byte (RFC 3986, 6.2.2): letters, digits and -._~ as themselves, the rest in
  // capitals, so that /%6Ason and /json, or %2f and %2F, are one receiver.
  const spell = (part: string) =>
    part.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
      const c = String.fromCharCode(Number.parseInt(hex, 16));
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
    });
  url.pathname = spell(url.pathname);
  url.search = spell(url.search);
  return url.href.replace(/\?$/, "");
}

/** A second webhook for a URL the site already has would deliver every event twice: WEBHOOK_EXISTS instead. */
function alreadyThere(existing: WebhookRecord): AppError {
  return new AppError("WEBHOOK_EXISTS", `This site already has a webhook for that URL (${existing.id}).`, [
    { field: "url", message: "This site already has a webhook for this URL. Remove it first to change its events or format." },
  ]);
}

/**
 * The most webhooks of a site read at once: more than a site may make, so that any made past the cap before it was
 * enforced in the insert itself are listed (and can be removed) and get their events.
 */
const WEBHOOKS_READ = 100;

/** What the audit log keeps of a webhook: where it sends what (never its secret). */
const auditView = (w: WebhookRecord) => ({ url: w.url, events: w.events, format: w.format });

export async function createWebhook(nd: NotifyDeps, site: SiteRecord, input: CreateWebhookInput, origin: string, actor: string) {
  checkWebhookUrl(input.url, nd.dev);
  const url = normalUrl(input.url);
  const existing = await nd.stores.webhooks.list(site.id, WEBHOOKS_READ);
  const same = existing.find((w) => normalUrl(w.url) === url);
  if (same) throw alreadyThere(same);
  if (existing.length >= NOTIFY_LIMITS.webhooksPerSite) {
    throw invalidField("url", `Too many webhooks: a site has at most ${NOTIFY_LIMITS.webhooksPerSite}.`);
  }
  const record: WebhookRecord = {
    id: `wh_${randomToken(12)}`,
    siteId: site.id,
    url,
    events: [...new Set(input.events)],
    format: input.format,
    secretSalt: randomToken(16),
    origin: nd.publicUrl ?? origin,
    consecutiveFailures: 0,
    pausedAt: null,
    pausedReason: null,
    lastSuccessAt: null,
    createdAt: nd.now(),
  };
  const audit = auditRecord(nd, { actor, action: "webhook.create", targetType: "webhook", targetId: record.id, before: null, after: auditView(record) });
  if (!(await nd.stores.webhooks.insert(record, audit, NOTIFY_LIMITS.webhooksPerSite))) {
    // Another request added the same URL, or the last webhook the site may have, between the list above and this insert.
    const winner = (await nd.stores.webhooks.list(site.id, WEBHOOKS_READ)).find((w) => w.url === url);
    if (winner) throw alreadyThere(winner);
    throw invalidField("url", `Too many webhooks: a site has at most ${NOTIFY_LIMITS.webhooksPerSite}.`);
  }
  return { webhook: toWebhook(record), secret: await webhookSecret(nd.secret, record.secretSalt) };
}

export async function listWebhooks(nd: NotifyDeps, site: SiteRecord): Promise<Webhook[]> {
  const [hooks, held] = await Promise.all([nd.stores.webhooks.list(site.id, WEBHOOKS_READ), nd.stores.webhooks.countHeld(site.id)]);
  return hooks.map((w) => toWebhook(w, held.get(w.id)));
}

async function getWebhook(nd: NotifyDeps, site: SiteRecord, id: string): Promise<WebhookRecord> {
  const webhook = await nd.stores.webhooks.get(site.id, id);
  if (!webhook) throw new AppError("WEBHOOK_NOT_FOUND", `No webhook "${id}" on this site.`);
  return webhook;
}

export async function deleteWebhook(nd: NotifyDeps, site: SiteRecord, id: string, actor: string): Promise<void> {
  const webhook = await getWebhook(nd, site, id);
  const audit = auditRecord(nd, { actor, action: "webhook.delete", targetType: "webhook", targetId: id, before: auditView(webhook), after: null });
  if (!(await nd.stores.webhooks.remove(site.id, id, audit))) throw new AppError("WEBHOOK_NOT_FOUND", `No webhook "${id}" on this site.`);
}

/**
 * Un-pauses a webhook, clears its failure streak and sends what it held, oldest event first, each delivery with
 * the usual retries. Answers with the webhook and how many deliveries were released.
 */
export async function resumeWebhook(nd: NotifyDeps, site: SiteRecord, id: string): Promise<{ webhook: Webhook; released: number }> {
  await getWebhook(nd, site, id);
  const now = nd.now();
  const released = await nd.stores.webhooks.resume(site.id, id, now);
  await sendDeliveries(nd, released.map((deliveryId) => ({ siteId: site.id, id: deliveryId, webhookId: id, releasedAt: now })));
  return { webhook: toWebhook(await getWebhook(nd, site, id)), released: released.length };
}

/** How long a delivery is kept once delivered or given up on (the dashboard lists it, Retry sends it again). */
export const DELIVERIES_KEPT_MS = 30 * 24 * 3600 * 1000;
/** Deliveries deleted per cron run at most: a backlog drains over several runs. */
export const DELIVERIES_PRUNED_PER_RUN = 500;

/** Deletes the deliveries finished more than DELIVERIES_KEPT_MS before `now`, up to DELIVERIES_PRUNED_PER_RUN; how many. */
export const pruneDeliveries = (nd: NotifyDeps, now: number) => nd.stores.webhooks.pruneFinished(now - DELIVERIES_KEPT_MS, DELIVERIES_PRUNED_PER_RUN);

/**
 * The cron handler's sweep: a delivery whose queue message never came (the send failed after its row was
 * written, or the queue gave up on the message) is queued again once it is OVERDUE_MS late, at most
 * OVERDUE_PER_RUN per run. Returns how many were queued.
 */
export async function requeueOverdue(nd: NotifyDeps, now: number): Promise<number> {
  const overdue = await nd.stores.webhooks.claimOverdue(now - OVERDUE_MS, now, OVERDUE_PER_RUN);
  await sendDeliveries(
    nd,
    overdue.map((d) => ({ siteId: d.siteId, id: d.id, webhookId: d.webhookId, releasedAt: d.releasedAt ?? undefined, requeuedAt: d.requeuedAt ?? undefined })),
  );
  return overdue.length;
}

/** A delivery to queue (`releasedAt` marks one a Resume released, `requeuedAt` one the cron queued again). */
interface ToSend {
  siteId: string;
  id: string;
  webhookId: string;
  releasedAt?: number;
  requeuedAt?: number;
}

/**
 * Queues deliveries in the given order (enqueue sends a queue batch at a time), each message naming its webhook: the
 * consumer sends each webhook's deliveries in order, and the webhooks side by side.
 */
async function sendDeliveries(nd: NotifyDeps, deliveries: ToSend[]): Promise<void> {
  await enqueue(
    nd,
    deliveries.map(({ siteId, id, webhookId, releasedAt, requeuedAt }) => ({
      body: {
        kind: "webhook" as const,
        siteId,
        deliveryId: id,
        webhookId,
        ...(releasedAt === undefined ? {} : { releasedAt }),
        ...(requeuedAt === undefined ? {} : { requeuedAt }),
      },
    })),
    async (m) => {
      if (m.kind === "webhook") await attemptDelivery(nd, m.siteId, m.deliveryId, { releasedAt: m.releasedAt, requeuedAt: m.requeuedAt });
    },
  );
}

/**
 * Sends one `failed` delivery again, with its same id and a fresh retry schedule, and answers with it and whether
 * this call queued it. A delivery that is not failed (already retried, delivered, waiting, held) is left as it is
 * (`retried: false`), so sending the request twice queues it once. While the webhook is paused only a test is sent
 * (as Test does); another delivery is INVALID_STATE: Resume first.
 */
export async function retryDelivery(nd: NotifyDeps, site: SiteRecord, webhookId: string, deliveryId: string): Promise<{ delivery: WebhookDelivery; retried: boolean }> {
  const webhook = await getWebhook(nd, site, webhookId);
  const current = await deliveryOf(nd, site, webhookId, deliveryId);
  if (current.body === "" && current.status === "failed") {
    throw new AppError("COMMENT_ERASED", "Its comment was erased by a GDPR request: there is nothing left to send.");
  }
  if (webhook.pausedAt !== null && current.status === "failed" && current.eventType !== TEST_EVENT) {
    throw new AppError("INVALID_STATE", "The webhook is paused: Resume it (which sends what it held), then retry this delivery.");
  }
  const now = nd.now();
  const released = await nd.stores.webhooks.retry(site.id, deliveryId, now);
  if (released) await sendDeliveries(nd, [{ siteId: site.id, id: released.id, webhookId, releasedAt: now }]);
  const after = (await nd.stores.webhooks.getDelivery(site.id, deliveryId)) ?? current;
  return { delivery: toDelivery(after), retried: released !== null };
}

/** One delivery of the webhook, or 404 DELIVERY_NOT_FOUND (another webhook's too). */
async function deliveryOf(nd: NotifyDeps, site: SiteRecord, webhookId: string, deliveryId: string) {
  const delivery = await nd.stores.webhooks.getDelivery(site.id, deliveryId);
  if (!delivery || delivery.webhookId !== webhookId) throw new AppError("DELIVERY_NOT_FOUND", `No delivery "${deliveryId}" on webhook "${webhookId}".`);
  return delivery;
}

/**
 * One delivery as it is now: what the dashboard asks after a Retry, to say how it went. One read: a delivery names
 * its webhook, and a removed webhook's deliveries go with it.
 */
export async function getDelivery(nd: NotifyDeps, site: SiteRecord, webhookId: string, deliveryId: string): Promise<{ delivery: WebhookDelivery }> {
  return { delivery: toDelivery(await deliveryOf(nd, site, webhookId, deliveryId)) };
}

/** A page of a webhook's deliveries, newest first, of one status or all. */
export async function listDeliveries(nd: NotifyDeps, site: SiteRecord, id: string, query: DeliveriesQuery) {
  await getWebhook(nd, site, id);
  const rows = await nd.stores.webhooks.listDeliveries(site.id, id, { status: query.status, cursor: decodeCursor(query.cursor), limit: query.limit });
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  return { deliveries: page.map(toDelivery), nextCursor };
}

function newDelivery(w: WebhookRecord, eventId: string, type: string, body: string, now: number, commentId: string | null): DeliveryRecord {
  return {
    id: `dl_${randomToken(12)}`,
    siteId: w.siteId,
    webhookId: w.id,
    eventId,
    eventType: type,
    commentId,
    body,
    status: "pending",
    attempts: 0,
    lastStatus: null,
    lastError: null,
    nextAttemptAt: now,
    releasedAt: null,
    attemptsAtRelease: 0,
    requeuedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A paused webhook keeps a new delivery as `held` up to its cap; past the cap the row says it was not kept. */
function heldDelivery(d: DeliveryRecord, alreadyHeld: number): DeliveryRecord {
  if (alreadyHeld < NOTIFY_LIMITS.heldPerWebhook) return { ...d, status: "held", nextAttemptAt: null };
  const lastError = `Not kept: the paused webhook already holds ${NOTIFY_LIMITS.heldPerWebhook} deliveries; Resume sends those.`;
  return { ...d, status: "failed", nextAttemptAt: null, lastError };
}

/** Sends a sample event to one webhook now and answers with the delivery (signed like any other). */
export async function testWebhook(nd: NotifyDeps, site: SiteRecord, id: string): Promise<WebhookDelivery> {
  const webhook = await getWebhook(nd, site, id);
  const now = nd.now();
  const data: CommentEventData = {
    comment: {
      id: "test-comment-0000",
      parentId: null,
      authorName: "Parley",
      body: [{ t: "p", c: [{ t: "text", v: "This is a test delivery from Parley." }] }],
      createdAt: new Date(now).toISOString(),
      editedAt: null,
      editedBy: null,
      status: "published",
      pinned: false,
      votes: 0,
      moreReplies: null,
      threadKey: "/parley-test/",
      source: "This is a test delivery from Parley.",
      shadow: false,
      reason: null,
      held: null,
    },
    threadKey: "/parley-test/",
    article: null,
    pageUrl: null,
    links: { comment: null, moderate: null },
  };
  const eventId = `evt_test_${randomToken(12)}`;
  const delivery = newDelivery(webhook, eventId, TEST_EVENT, formatBody(webhook.format, payloadOf(eventId, TEST_EVENT, now, site, data), webhook.url), now, null);
  await nd.stores.webhooks.insertDeliveries([delivery]);
  await attemptDelivery(nd, site.id, delivery.id, { test: true });
  return toDelivery((await nd.stores.webhooks.getDelivery(site.id, delivery.id)) as DeliveryRecord);
}

/** A site's webhooks, paused or not (a paused one holds its deliveries); `wants` picks those an event type goes to. */
export const webhooksOf = (nd: NotifyDeps, siteId: string) => nd.stores.webhooks.list(siteId, WEBHOOKS_READ);
export const wants = (w: WebhookRecord, type: string) => w.events.includes(type as WebhookEvent);

/** An event for fan-out, with the webhooks it goes to. */
export interface FanOutItem {
  event: { id: string; type: string; createdAt: number };
  targets: WebhookRecord[];
}

/**
 * Events to every webhook in their `targets`: a delivery row each (one per webhook and event, so a redelivered event
 * sends nothing twice), all in one write, then one queue message for each row that is to be sent now (not held by a
 * paused webhook), a queue batch at a time. `dataFor` builds the events' data once per origin, by event id.
 */
export async function fanOut(
  nd: NotifyDeps,
  site: SiteRecord,
  items: FanOutItem[],
  dataFor: (origin: string, eventIds: string[]) => Promise<Map<string, CommentEventData>>,
): Promise<void> {
  const wanted = items.filter((i) => i.targets.length > 0);
  if (wanted.length === 0) return;
  const now = nd.now();
  const held = wanted.some((i) => i.targets.some((w) => w.pausedAt !== null)) ? await nd.stores.webhooks.countHeld(site.id) : new Map<string, number>();
  const dataByOrigin = new Map<string, Map<string, CommentEventData>>();
  for (const origin of new Set(wanted.flatMap((i) => i.targets.map((w) => w.origin)))) {
    const ids = wanted.filter((i) => i.targets.some((w) => w.origin === origin)).map((i) => i.event.id);
    dataByOrigin.set(origin, await dataFor(origin, ids));
  }
  const deliveries: DeliveryRecord[] = [];
  for (const { event, targets } of wanted) {
    for (const w of targets) {
      const data = dataByOrigin.get(w.origin)?.get(event.id);
      if (!data) continue;
      const payload = payloadOf(event.id, event.type, event.createdAt, site, data);
      const delivery = newDelivery(w, event.id, event.type, formatBody(w.format, payload, w.url), now, payload.data.comment.id);
      if (w.pausedAt === null) deliveries.push(delivery);
      else {
        // Each one held counts toward the cap of the next (a redelivered event's, whose row is already there, too).
        const already = held.get(w.id) ?? 0;
        held.set(w.id, already + 1);
        deliveries.push(heldDelivery(delivery, already));
      }
    }
  }
  const inserted = await nd.stores.webhooks.insertDeliveries(deliveries);
  const webhookOf = new Map(deliveries.map((d) => [d.id, d.webhookId]));
  await sendDeliveries(
    nd,
    inserted.filter((d) => d.status === "pending").map((d) => ({ siteId: site.id, id: d.id, webhookId: webhookOf.get(d.id) ?? "" })),
  );
}
