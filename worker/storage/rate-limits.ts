// Fixed one-minute rate-limit windows in D1. The counters are bumped inside the guarded write's own batch
// (the comment insert): the statements and the insert's guard come from here, so all rate-limit SQL stays
// in this file and services only say which counters a write counts against.
import type { RateCheck, RateLimitRequest } from "./types";

export type { RateCheck, RateLimitRequest };

/** What a write batch needs to count hits and refuse the write once a limit is passed. */
export interface RateGate {
  /** One upsert per check, each RETURNING the count after this hit, in the checks' order. */
  hits: D1PreparedStatement[];
  /** Drops windows older than the previous one (nothing when no counter is checked). */
  prune: D1PreparedStatement[];
  /** A SQL condition, true while every counter is within its limit, and its bind values (numbered from `first`). */
  within(first: number): { sql: string; values: (string | number)[] };
  /**
   * Takes this write's hit back off every counter unless comment `id` exists: after the guarded insert, so that a
   * write refused by a limit (or one that lost a race) counts against no limit, and only stored writes do.
   */
  unlessStored(id: string): D1PreparedStatement[];
}

export function rateGate(db: D1Database, siteId: string, { checks, window }: RateLimitRequest): RateGate {
  return {
    hits: checks.map((c) =>
      db
        .prepare(
          `INSERT INTO rate_counters (site_id, key, window, count) VALUES (?1, ?2, ?3, 1)
           ON CONFLICT (site_id, key, window) DO UPDATE SET count = count + 1 RETURNING count`,
        )
        .bind(siteId, c.key, window),
    ),
    prune: checks.length ? [db.prepare("DELETE FROM rate_counters WHERE site_id = ?1 AND window < ?2").bind(siteId, window - 1)] : [],
    // One statement for every counter (their keys differ: the thread's and the site's).
    unlessStored: (id) =>
      checks.length === 0
        ? []
        : [
            db
              .prepare(
                `UPDATE rate_counters SET count = count - 1 WHERE site_id = ?1 AND window = ?2
                   AND key IN (${checks.map((_, i) => `?${4 + i}`).join(", ")})
                   AND NOT EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND id = ?3)`,
              )
              .bind(siteId, window, id, ...checks.map((c) => c.key)),
          ],
    within(first) {
      if (checks.length === 0) return { sql: "1", values: [] };
      const over = checks.map((_, i) => `(key = ?${first + 2 + 2 * i} AND count > ?${first + 3 + 2 * i})`).join(" OR ");
      return {
        sql: `NOT EXISTS (SELECT 1 FROM rate_counters WHERE site_id = ?${first} AND window = ?${first + 1} AND (${over}))`,
        values: [siteId, window, ...checks.flatMap((c) => [c.key, c.limit])],
      };
    },
  };
}
