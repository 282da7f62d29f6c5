// Webhooks and their deliveries: all SQL about them, rows mapped to records in one place.
import type { DeliveryStatus, WebhookEvent, WebhookFormat } from "../contract/notifications";

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
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface DeliveryRow {
  id: string;
  site_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

const DELIVERY_COLUMNS =
  "id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_status, last_error, next_attempt_at, created_at, updated_at";

const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  siteId: r.site_id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
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
  /** Pause the webhook after this failure, with this reason; the streak counter decides (see `recordAttempt`). */
  pauseAfter: number;
  pauseReason: string;
}

export function createWebhookStore(db: D1Database) {
  return {
    async insert(w: WebhookRecord): Promise<void> {
      await db
        .prepare(`INSERT INTO webhooks (${WEBHOOK_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`)
        .bind(w.id, w.siteId, w.url, JSON.stringify(w.events), w.format, w.secretSalt, w.origin, 0, null, null, null, w.createdAt)
        .run();
    },

    async get(siteId: string, id: string): Promise<WebhookRecord | null> {
      const row = await db.prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = ?1 AND id = ?2`).bind(siteId, id).first<WebhookRow>();
      return row ? toWebhook(row) : null;
    },

    /** Every webhook of a site (at most NOTIFY_LIMITS.webhooksPerSite exist), oldest first. */
    async list(siteId: string, limit: number): Promise<WebhookRecord[]> {
      const { results } = await db
        .prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = ?1 ORDER BY created_at, id LIMIT ?2`)
        .bind(siteId, limit)
        .all<WebhookRow>();
      return results.map(toWebhook);
    },

    async remove(siteId: string, id: string): Promise<boolean> {
      const res = await db.prepare("DELETE FROM webhooks WHERE site_id = ?1 AND id = ?2").bind(siteId, id).run();
      return res.meta.changes > 0;
    },

    async resume(siteId: string, id: string): Promise<void> {
      await db
        .prepare("UPDATE webhooks SET paused_at = NULL, paused_reason = NULL, consecutive_failures = 0 WHERE site_id = ?1 AND id = ?2")
        .bind(siteId, id)
        .run();
    },

    /** Inserts deliveries; one per webhook and event (a redelivered event inserts nothing). Returns the ids inserted. */
    async insertDeliveries(deliveries: DeliveryRecord[]): Promise<string[]> {
      if (deliveries.length === 0) return [];
      const results = await db.batch(
        deliveries.map((d) =>
          db
            .prepare(
              `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
               ON CONFLICT DO NOTHING`,
            )
            .bind(d.id, d.siteId, d.webhookId, d.eventId, d.eventType, d.body, d.status, d.attempts, null, null, d.nextAttemptAt, d.createdAt, d.updatedAt),
        ),
      );
      return deliveries.filter((_, i) => results[i].meta.changes > 0).map((d) => d.id);
    },

    async getDelivery(siteId: string, id: string): Promise<DeliveryRecord | null> {
      const row = await db
        .prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE site_id = ?1 AND id = ?2`)
        .bind(siteId, id)
        .first<DeliveryRow>();
      return row ? toDelivery(row) : null;
    },

    /** A webhook's newest deliveries. */
    async listDeliveries(siteId: string, webhookId: string, limit: number): Promise<DeliveryRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE site_id = ?1 AND webhook_id = ?2
           ORDER BY created_at DESC, id DESC LIMIT ?3`,
        )
        .bind(siteId, webhookId, limit)
        .all<DeliveryRow>();
      return results.map(toDelivery);
    },

    /**
     * Records one attempt in one batch: the delivery's state, and the webhook's streak (reset on success,
     * +1 on failure). A failure that makes the streak reach `pauseAfter` pauses the webhook with the reason.
     * Returns whether the webhook is now paused.
     */
    async recordAttempt(siteId: string, delivery: DeliveryRecord, outcome: AttemptOutcome, now: number): Promise<boolean> {
      const update = db
        .prepare(
          `UPDATE webhook_deliveries SET status = ?3, attempts = attempts + 1, last_status = ?4, last_error = ?5,
             next_attempt_at = ?6, updated_at = ?7 WHERE site_id = ?1 AND id = ?2`,
        )
        .bind(siteId, delivery.id, outcome.status, outcome.lastStatus, outcome.lastError, outcome.nextAttemptAt, now);
      const streak = outcome.ok
        ? db
            .prepare("UPDATE webhooks SET consecutive_failures = 0, last_success_at = ?3 WHERE site_id = ?1 AND id = ?2")
            .bind(siteId, delivery.webhookId, now)
        : db
            .prepare(
              `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1,
                 paused_at = CASE WHEN paused_at IS NULL AND consecutive_failures + 1 >= ?3 THEN ?4 ELSE paused_at END,
                 paused_reason = CASE WHEN paused_at IS NULL AND consecutive_failures + 1 >= ?3 THEN ?5 ELSE paused_reason END
               WHERE site_id = ?1 AND id = ?2`,
            )
            .bind(siteId, delivery.webhookId, outcome.pauseAfter, now, outcome.pauseReason);
      const paused = db.prepare("SELECT paused_at FROM webhooks WHERE site_id = ?1 AND id = ?2").bind(siteId, delivery.webhookId);
      const results = await db.batch([update, streak, paused]);
      const row = results[2].results[0] as { paused_at: number | null } | undefined;
      return row?.paused_at != null;
    },

    /** Marks a delivery failed without an attempt (its webhook is paused or gone). */
    async abandon(siteId: string, id: string, reason: string, now: number): Promise<void> {
      await db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'failed', last_error = ?3, next_attempt_at = NULL, updated_at = ?4
           WHERE site_id = ?1 AND id = ?2 AND status IN ('pending', 'retrying')`,
        )
        .bind(siteId, id, reason, now)
        .run();
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
