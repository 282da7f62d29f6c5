// The outbox table: events written with their change (see transaction.ts), claimed and marked by the dispatcher.
import type { DomainEvent } from "../contract/events";
import type { OutboxStore, StoredEvent } from "./types";

interface OutboxRow {
  payload: string;
  handled: string;
  attempts: number;
  last_error: string | null;
  done_at: number | null;
}

const COLUMNS = "payload, handled, attempts, last_error, done_at";

function toStored(row: OutboxRow): StoredEvent {
  return {
    event: JSON.parse(row.payload) as DomainEvent,
    handled: JSON.parse(row.handled) as string[],
    attempts: row.attempts,
    lastError: row.last_error,
    doneAt: row.done_at,
  };
}

export function createOutboxStore(db: D1Database): OutboxStore {
  return {
    // The one query that spans sites: the operator's cron job drains every site's events.
    async claimDue(now, leaseUntil, limit) {
      const { results } = await db
        .prepare(
          `UPDATE outbox SET next_attempt_at = ?2
           WHERE id IN (SELECT id FROM outbox INDEXED BY outbox_due WHERE done_at IS NULL AND next_attempt_at <= ?1
                        ORDER BY next_attempt_at LIMIT ?3)
           RETURNING ${COLUMNS}, created_at, rowid AS seq`,
        )
        .bind(now, leaseUntil, limit)
        .all<OutboxRow & { created_at: number; seq: number }>();
      // Insert order: the events of one change keep the order the service gave them.
      return results.sort((a, b) => a.created_at - b.created_at || a.seq - b.seq).map(toStored);
    },

    async record(attempts) {
      if (attempts.length === 0) return;
      const update = db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, handled = ?3, done_at = ?4, last_error = ?5, next_attempt_at = ?6
         WHERE site_id = ?1 AND id = ?2`,
      );
      await db.batch(attempts.map((a) => update.bind(a.siteId, a.id, JSON.stringify(a.handled), a.doneAt, a.error, a.nextAttemptAt)));
    },

    async listBySite(siteId, limit) {
      const { results } = await db
        .prepare(`SELECT ${COLUMNS} FROM outbox WHERE site_id = ?1 ORDER BY created_at ASC, rowid ASC LIMIT ?2`)
        .bind(siteId, limit)
        .all<OutboxRow>();
      return results.map(toStored);
    },

    async pruneDone(before, limit) {
      const result = await db
        .prepare(
          `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox INDEXED BY outbox_done WHERE done_at IS NOT NULL AND done_at < ?1 LIMIT ?2)`,
        )
        .bind(before, limit)
        .run();
      return result.meta.changes;
    },
  };
}
