// Webhooks and their deliveries: all SQL about them, rows mapped to records in one place.
import type { DeliveryStatus, WebhookEvent, WebhookFormat } from "../contract/notifications";
import type { Cursor } from "../lib/cursor";
import { auditInsert } from "./audit";
import type { AuditRecord } from "./types";

export interface WebhookRecord {
  id: string;
  siteId: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  secretSalt: string;
  origin: string;
  consecutiveFailures: number;
  pausedAt: number | null;
  pausedReason: string | null;
  lastSuccessAt: number | null;
  createdAt: number;
}

interface WebhookRow {
  id: string;
  site_id: string;
  url: string;
  events: string;
  format: WebhookFormat;
  secret_salt: string;
  origin: string;
  consecutive_failures: number;
  paused_at: number | null;
  paused_reason: string | null;
  last_success_at: number | null;
  created_at: number;
}

const WEBHOOK_COLUMNS =
  "id, site_id, url, events, format, secret_salt, origin, consecutive_failures, paused_at, paused_reason, last_success_at, created_at";

const toWebhook = (r: WebhookRow): WebhookRecord => ({
  id: r.id,
  siteId: r.site_id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  format: r.format,
  secretSalt: r.secret_salt,
  origin: r.origin,
  consecutiveFailures: r.consecutive_failures,
  pausedAt: r.paused_at,
  pausedReason: r.paused_reason,
  lastSuccessAt: r.last_success_at,
  createdAt: r.created_at,
});

export interface DeliveryRecord {
  id: string;
  siteId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The comment the event is about (null for a test delivery): a GDPR erase empties its body. */
  commentId: string | null;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  /** When a Resume released this delivery from `held` (its queue messages carry the same time), else null. */
  releasedAt: number | null;
  /** `attempts` at that release: the retry schedule starts again from there. */
  attemptsAtRelease: number;
  /** When the cron last queued it again (its message carries the same time), else null. */
  requeuedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface DeliveryRow {
  id: string;
  site_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  comment_id: string | null;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  released_at: number | null;
  attempts_at_release: number;
  requeued_at: number | null;
  created_at: number;
  updated_at: number;
}

const DELIVERY_COLUMNS =
  "id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_status, last_error, next_attempt_at, released_at, attempts_at_release, created_at, updated_at, comment_id, requeued_at";

const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  siteId: r.site_id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type,
  commentId: r.comment_id,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  releasedAt: r.released_at,
  attemptsAtRelease: r.attempts_at_release,
  requeuedAt: r.requeued_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What one attempt changed: the delivery's new state and the webhook's failure streak. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  ok: boolean;
  /** Whether this delivery is held (not retried, not failed) when its webhook is or becomes paused; false for a test. */
  holdable: boolean;
  /** Pause the webhook with `reason` if no attempt to it succeeded since `noSuccessSince` (see `recordAttempt`). */
  pause: { noSuccessSince: number; reason: string } | null;
}

/** A paused webhook's statement that holds its deliveries still waiting to be sent (`?1` site, `?2` webhook, `?3` now). */
const HOLD_WAITING = `UPDATE webhook_deliveries SET status = 'held', next_attempt_at = NULL, updated_at = ?3
  WHERE site_id = ?1 AND webhook_id = ?2 AND status IN ('pending', 'retrying')
    AND (SELECT paused_at FROM webhooks WHERE site_id = ?1 AND id = ?2) IS NOT NULL`;

export function createWebhookStore(db: D1Database) {
  return {
    /**
     * Inserts the webhook unless its site has one with the same URL or `max` webhooks already (one statement, so
     * requests at once can neither add a URL twice nor go past the cap); false then. `audit` is written in the same
     * transaction, only when the webhook is.
     */
    async insert(w: WebhookRecord, audit: AuditRecord, max: number): Promise<boolean> {
      const [res] = await db.batch([
        db
          .prepare(
            `INSERT INTO webhooks (${WEBHOOK_COLUMNS}) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
             WHERE NOT EXISTS (SELECT 1 FROM webhooks WHERE site_id = ?2 AND url = ?3)
               AND (SELECT COUNT(*) FROM webhooks WHERE site_id = ?2) < ?13`,
          )
          .bind(w.id, w.siteId, w.url, JSON.stringify(w.events), w.format, w.secretSalt, w.origin, 0, null, null, null, w.createdAt, max),
        auditInsert(db, w.siteId, audit, { sql: "EXISTS (SELECT 1 FROM webhooks WHERE site_id = ?10 AND id = ?11)", values: [w.siteId, w.id] }),
      ]);
      return res.meta.changes > 0;
    },

    async get(siteId: string, id: string): Promise<WebhookRecord | null> {
      const row = await db.prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = ?1 AND id = ?2`).bind(siteId, id).first<WebhookRow>();
      return row ? toWebhook(row) : null;
    },

    /** The webhooks of a site, oldest first, at most `limit` of them (a site may make NOTIFY_LIMITS.webhooksPerSite). */
    async list(siteId: string, limit: number): Promise<WebhookRecord[]> {
      const { results } = await db
        .prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = ?1 ORDER BY created_at, id LIMIT ?2`)
        .bind(siteId, limit)
        .all<WebhookRow>();
      return results.map(toWebhook);
    },

    /** Removes the webhook and its deliveries; `audit` is written in the same transaction, only when it existed. */
    async remove(siteId: string, id: string, audit: AuditRecord): Promise<boolean> {
      const results = await db.batch([
        auditInsert(db, siteId, audit, { sql: "EXISTS (SELECT 1 FROM webhooks WHERE site_id = ?10 AND id = ?11)", values: [siteId, id] }),
        db.prepare("DELETE FROM webhooks WHERE site_id = ?1 AND id = ?2").bind(siteId, id),
      ]);
      return results[1].meta.changes > 0;
    },

    /**
     * Un-pauses a paused webhook, clears its failure streak and releases its held deliveries (each with a fresh retry
     * schedule), in one transaction; an active webhook keeps its streak. Returns the released delivery ids, oldest
     * event first.
     */
    async resume(siteId: string, id: string, now: number): Promise<string[]> {
      const results = await db.batch([
        db
          .prepare(
            "UPDATE webhooks SET paused_at = NULL, paused_reason = NULL, consecutive_failures = 0 WHERE site_id = ?1 AND id = ?2 AND paused_at IS NOT NULL",
          )
          .bind(siteId, id),
        db
          .prepare(
            `UPDATE webhook_deliveries SET status = 'pending', released_at = ?3, attempts_at_release = attempts, next_attempt_at = ?3,
               requeued_at = NULL, updated_at = ?3 WHERE site_id = ?1 AND webhook_id = ?2 AND status = 'held'`,
          )
          .bind(siteId, id, now),
        db
          .prepare(
            `SELECT id FROM webhook_deliveries WHERE site_id = ?1 AND webhook_id = ?2 AND status = 'pending' AND released_at = ?3
             ORDER BY created_at, id`,
          )
          .bind(siteId, id, now),
      ]);
      return (results[2].results as { id: string }[]).map((r) => r.id);
    },

    /** Held deliveries per webhook of a site (webhooks with none are absent). */
    async countHeld(siteId: string): Promise<Map<string, number>> {
      const { results } = await db
        .prepare("SELECT webhook_id, COUNT(*) AS n FROM webhook_deliveries WHERE site_id = ?1 AND status = 'held' GROUP BY webhook_id")
        .bind(siteId)
        .all<{ webhook_id: string; n: number }>();
      return new Map(results.map((r) => [r.webhook_id, r.n]));
    },

    /**
     * Inserts deliveries; one per webhook and event (a redelivered event inserts nothing). A `held` delivery whose
     * webhook was resumed meanwhile goes in as `pending`. Returns the ids inserted with the status each got.
     */
    async insertDeliveries(deliveries: DeliveryRecord[]): Promise<{ id: string; status: DeliveryStatus }[]> {
      if (deliveries.length === 0) return [];
      const results = await db.batch(
        deliveries.map((d) =>
          db
            .prepare(
              `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                 CASE WHEN ?7 = 'held' AND (SELECT paused_at FROM webhooks WHERE site_id = ?2 AND id = ?3) IS NULL THEN 'pending' ELSE ?7 END,
                 ?8, NULL, ?9, ?10, NULL, 0, ?11, ?12, ?13, NULL)
               ON CONFLICT DO NOTHING RETURNING id, status`,
            )
            .bind(d.id, d.siteId, d.webhookId, d.eventId, d.eventType, d.body, d.status, d.attempts, d.lastError, d.nextAttemptAt, d.createdAt, d.updatedAt, d.commentId),
        ),
      );
      return results.flatMap((r) => r.results as { id: string; status: DeliveryStatus }[]);
    },

    async getDelivery(siteId: string, id: string): Promise<DeliveryRecord | null> {
      const row = await db
        .prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE site_id = ?1 AND id = ?2`)
        .bind(siteId, id)
        .first<DeliveryRow>();
      return row ? toDelivery(row) : null;
    },

    /**
     * A webhook's deliveries, newest first, of one status or all, after `cursor`; returns limit + 1 rows. Each
     * order has its index (webhook_deliveries_by_webhook, _by_status): a page reads the rows it lists.
     */
    async listDeliveries(
      siteId: string,
      webhookId: string,
      query: { status?: DeliveryStatus; cursor: Cursor | null; limit: number },
    ): Promise<DeliveryRecord[]> {
      const { status, cursor, limit } = query;
      const args: (string | number)[] = [siteId, webhookId];
      let where = "site_id = ? AND webhook_id = ?";
      if (status) (where += " AND status = ?"), args.push(status);
      if (cursor) (where += " AND (created_at < ? OR (created_at = ? AND id < ?))"), args.push(cursor.at, cursor.at, cursor.id);
      const index = status ? "webhook_deliveries_by_status" : "webhook_deliveries_by_webhook";
      const { results } = await db
        .prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries INDEXED BY ${index} WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .bind(...args, limit + 1)
        .all<DeliveryRow>();
      return results.map(toDelivery);
    },

    /**
     * Claims a delivery still waiting to be sent, as read (`attempts`), for an attempt until `until`: one conditional
     * UPDATE, so of two messages for it handled at once only one sends. False when it was sent, given up on, held,
     * attempted since, or is claimed by an attempt under way.
     */
    async claim(siteId: string, read: Pick<DeliveryRecord, "id" | "attempts" | "requeuedAt">, now: number, until: number): Promise<boolean> {
      const res = await db
        .prepare(
          `UPDATE webhook_deliveries SET claimed_until = ?5
           WHERE site_id = ?1 AND id = ?2 AND status IN ('pending', 'retrying') AND attempts = ?3 AND requeued_at IS ?6
             AND (claimed_until IS NULL OR claimed_until <= ?4)`,
        )
        .bind(siteId, read.id, read.attempts, now, until, read.requeuedAt)
        .run();
      return res.meta.changes > 0;
    },

    /**
     * Records one attempt in one batch (and ends its claim): the webhook's streak (reset on success, +1 on failure; a failure pauses
     * it when `outcome.pause` says so and nothing succeeded since), the delivery's state (`held` instead when the
     * webhook is paused and the delivery holdable), and, on a paused webhook, holds every delivery still waiting.
     * Returns the delivery's status now.
     */
    async recordAttempt(siteId: string, delivery: DeliveryRecord, outcome: AttemptOutcome, now: number): Promise<DeliveryStatus> {
      const webhookId = delivery.webhookId;
      const pausing = "paused_at IS NULL AND ?3 = 1 AND (last_success_at IS NULL OR last_success_at < ?4)";
      const streak = outcome.ok
        ? db.prepare("UPDATE webhooks SET consecutive_failures = 0, last_success_at = ?3 WHERE site_id = ?1 AND id = ?2").bind(siteId, webhookId, now)
        : db
            .prepare(
              `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1,
                 paused_at = CASE WHEN ${pausing} THEN ?5 ELSE paused_at END,
                 paused_reason = CASE WHEN ${pausing} THEN ?6 ELSE paused_reason END
               WHERE site_id = ?1 AND id = ?2`,
            )
            .bind(siteId, webhookId, outcome.pause ? 1 : 0, outcome.pause?.noSuccessSince ?? 0, now, outcome.pause?.reason ?? null);
      const held = `?8 = 1 AND ?3 <> 'delivered' AND (SELECT paused_at FROM webhooks WHERE site_id = ?1 AND id = ?9) IS NOT NULL`;
      const update = db
        .prepare(
          `UPDATE webhook_deliveries SET status = CASE WHEN ${held} THEN 'held' ELSE ?3 END, attempts = attempts + 1, claimed_until = NULL,
             last_status = ?4, last_error = ?5, next_attempt_at = CASE WHEN ${held} THEN NULL ELSE ?6 END, updated_at = ?7
           WHERE site_id = ?1 AND id = ?2`,
        )
        .bind(siteId, delivery.id, outcome.status, outcome.lastStatus, outcome.lastError, outcome.nextAttemptAt, now, outcome.holdable ? 1 : 0, webhookId);
      const statements = [streak, update];
      if (!outcome.ok) statements.push(db.prepare(HOLD_WAITING).bind(siteId, webhookId, now));
      statements.push(db.prepare("SELECT status FROM webhook_deliveries WHERE site_id = ?1 AND id = ?2").bind(siteId, delivery.id));
      const results = await db.batch(statements);
      const row = results[results.length - 1].results[0] as { status: DeliveryStatus } | undefined;
      return row?.status ?? outcome.status;
    },

    /** Deletes up to `limit` deliveries of any site delivered or given up on before `before`, oldest first; how many. */
    async pruneFinished(before: number, limit: number): Promise<number> {
      const res = await db
        .prepare(
          `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries INDEXED BY webhook_deliveries_finished
             WHERE status IN ('delivered', 'failed') AND updated_at < ?1 ORDER BY updated_at LIMIT ?2)`,
        )
        .bind(before, limit)
        .run();
      return res.meta.changes;
    },

    /**
     * Claims up to `limit` deliveries of any site still waiting to be sent whose next attempt was due before
     * `before`, and that no attempt holds now (see `claim`): moves their next attempt to `now` (so the next run leaves
     * them alone for a while), marks them queued again at `now` (a message from before then sends nothing) and returns them.
     */
    async claimOverdue(before: number, now: number, limit: number): Promise<DeliveryRecord[]> {
      const { results } = await db
        .prepare(
          `UPDATE webhook_deliveries SET next_attempt_at = ?2, requeued_at = ?2
           WHERE id IN (SELECT id FROM webhook_deliveries INDEXED BY webhook_deliveries_due
                        WHERE status IN ('pending', 'retrying') AND next_attempt_at < ?1 AND (claimed_until IS NULL OR claimed_until <= ?2)
                        ORDER BY next_attempt_at LIMIT ?3)
           RETURNING ${DELIVERY_COLUMNS}`,
        )
        .bind(before, now, limit)
        .all<DeliveryRow>();
      return results.map(toDelivery).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },

    /**
     * Sends a failed delivery again with a fresh retry schedule, as a Resume does (`released_at` marks its new
     * queue messages). Only a `failed` delivery changes, so two retries at once queue it once; null when it was not.
     */
    async retry(siteId: string, id: string, now: number): Promise<DeliveryRecord | null> {
      const row = await db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'pending', released_at = ?3, attempts_at_release = attempts, next_attempt_at = ?3, updated_at = ?3,
             requeued_at = NULL WHERE site_id = ?1 AND id = ?2 AND status = 'failed' AND body <> ''
           RETURNING ${DELIVERY_COLUMNS}`,
        )
        .bind(siteId, id, now)
        .first<DeliveryRow>();
      return row ? toDelivery(row) : null;
    },

    /** Holds a waiting delivery whose webhook is paused (and any other waiting delivery of that webhook). */
    async hold(siteId: string, webhookId: string, now: number): Promise<void> {
      await db.prepare(HOLD_WAITING).bind(siteId, webhookId, now).run();
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
