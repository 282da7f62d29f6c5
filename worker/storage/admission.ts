// What a write must get past before any costly work (rendering, spam checks): its attempt counted against the
// reader's per-minute limit, its form token's nonce spent, and the site's usage today read for the quota.
// One D1 batch. All SQL about nonces and site usage lives here.
import type { RateCheck } from "./rate-limits";
import { toWrite } from "./transaction";
import type { AdmissionStore } from "./types";

export interface Admission {
  /** Each check's counter after this attempt, in the checks' order. */
  counts: number[];
  /** True when this attempt spent the nonce; false when an earlier attempt already had (or no nonce was given). */
  nonceFresh: boolean;
  /** The idempotency key (its hash) of the attempt that spent the nonce, this one's if it did; null without one. */
  nonceSpentBy: string | null;
  /** The site's stored comments and bytes on the UTC day asked for. */
  usage: { comments: number; bytes: number };
}

export interface AdmissionRequest {
  checks: RateCheck[];
  window: number;
  /** The form token's nonce, with the idempotency key (its hash) of the post that spends it, if it has one. */
  nonce: { value: string; expiresAt: number; key: string | null } | null;
  now: number;
  day: number;
}

export function createAdmissionStore(db: D1Database): AdmissionStore {
  return {
    async admit(siteId: string, req: AdmissionRequest): Promise<Admission> {
      const hits = req.checks.map((c) =>
        db
          .prepare(
            `INSERT INTO rate_counters (site_id, key, window, count) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (site_id, key, window) DO UPDATE SET count = count + 1 RETURNING count`,
          )
          .bind(siteId, c.key, req.window),
      );
      const spend = req.nonce
        ? [
            db.prepare("DELETE FROM form_nonces WHERE site_id = ?1 AND expires_at < ?2").bind(siteId, req.now),
            db
              .prepare(
                `INSERT INTO form_nonces (site_id, nonce, expires_at, idempotency_key) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (site_id, nonce) DO NOTHING`,
              )
              .bind(siteId, req.nonce.value, req.nonce.expiresAt, req.nonce.key),
            db.prepare("SELECT idempotency_key AS key FROM form_nonces WHERE site_id = ?1 AND nonce = ?2").bind(siteId, req.nonce.value),
          ]
        : [];
      const usage = db.prepare("SELECT comments, bytes FROM site_usage WHERE site_id = ?1 AND day = ?2").bind(siteId, req.day);
      const results = await db.batch([...hits, ...spend, usage]);
      const counts = hits.map((_, i) => (results[i].results[0] as { count: number } | undefined)?.count ?? 0);
      const nonceFresh = req.nonce ? results[hits.length + 1].meta.changes === 1 : false;
      const spentBy = req.nonce ? (results[hits.length + 2].results[0] as { key: string | null } | undefined)?.key ?? null : null;
      const row = results[results.length - 1].results[0] as { comments: number; bytes: number } | undefined;
      return { counts, nonceFresh, nonceSpentBy: spentBy, usage: { comments: row?.comments ?? 0, bytes: row?.bytes ?? 0 } };
    },

    /** Counts a stored comment and its bytes into the site's usage of the day, if the batch really inserted it. */
    usage(siteId: string, day: number, bytes: number, commentId: string) {
      return toWrite(
        db
        .prepare(
          `INSERT INTO site_usage (site_id, day, comments, bytes)
           SELECT ?1, ?2, 1, ?3 WHERE EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND id = ?4)
           ON CONFLICT (site_id) DO UPDATE SET
             comments = CASE WHEN site_usage.day = excluded.day THEN site_usage.comments + 1 ELSE 1 END,
             bytes = CASE WHEN site_usage.day = excluded.day THEN site_usage.bytes + excluded.bytes ELSE excluded.bytes END,
             day = excluded.day`,
        )
        .bind(siteId, day, bytes, commentId),
      );
    },
  };
}

