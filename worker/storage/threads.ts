// Thread rows: the denormalized published-comment count and the lock flag, one row per (site, key).

export interface ThreadRecord {
  key: string;
  commentCount: number;
  locked: boolean;
}

export function createThreadStore(db: D1Database) {
  return {
    async get(siteId: string, key: string): Promise<ThreadRecord> {
      const row = await db
        .prepare("SELECT key, comment_count, locked FROM threads WHERE site_id = ?1 AND key = ?2")
        .bind(siteId, key)
        .first<{ key: string; comment_count: number; locked: number }>();
      return { key, commentCount: row?.comment_count ?? 0, locked: row?.locked === 1 };
    },

    /** Published-comment counts for many threads in one query; unknown threads count 0. */
    async counts(siteId: string, keys: string[]): Promise<Record<string, number>> {
      const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      if (keys.length === 0) return counts;
      const { results } = await db
        .prepare("SELECT key, comment_count FROM threads WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))")
        .bind(siteId, JSON.stringify(keys))
        .all<{ key: string; comment_count: number }>();
      for (const row of results) counts[row.key] = row.comment_count;
      return counts;
    },
  };
}

export type ThreadStore = ReturnType<typeof createThreadStore>;
