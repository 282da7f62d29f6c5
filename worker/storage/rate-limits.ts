// Fixed one-minute rate-limit windows in D1: one batch increments every counter a request touches.

export interface RateCheck {
  key: string;
  limit: number;
}

export function createRateLimitStore(db: D1Database) {
  return {
    /**
     * Counts one hit on each key in the current window and returns the counts after it, in one transaction.
     * Windows older than the previous one are pruned in the same batch.
     */
    async hit(siteId: string, keys: string[], window: number): Promise<number[]> {
      if (keys.length === 0) return [];
      const results = await db.batch<{ count: number }>([
        ...keys.map((key) =>
          db
            .prepare(
              `INSERT INTO rate_counters (site_id, key, window, count) VALUES (?1, ?2, ?3, 1)
               ON CONFLICT (site_id, key, window) DO UPDATE SET count = count + 1 RETURNING count`,
            )
            .bind(siteId, key, window),
        ),
        db.prepare("DELETE FROM rate_counters WHERE site_id = ?1 AND window < ?2").bind(siteId, window - 1),
      ]);
      return keys.map((_, i) => results[i].results[0]?.count ?? 0);
    },
  };
}

export type RateLimitStore = ReturnType<typeof createRateLimitStore>;
