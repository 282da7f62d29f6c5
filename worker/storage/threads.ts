// Thread rows: the denormalized published-comment count, the lock flag and the opening time, one row per (site, key).
import { toWrite } from "./transaction";
import type { ThreadRecord, ThreadStore } from "./types";

export type { ThreadRecord };

export function createThreadStore(db: D1Database): ThreadStore {
  return {
    async get(siteId, key) {
      const row = await db
        .prepare("SELECT key, comment_count, locked, opened_at FROM threads WHERE site_id = ?1 AND key = ?2")
        .bind(siteId, key)
        .first<{ key: string; comment_count: number; locked: number; opened_at: number | null }>();
      return { key, commentCount: row?.comment_count ?? 0, locked: row?.locked === 1, openedAt: row?.opened_at ?? null };
    },

    async counts(siteId, keys) {
      const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      if (keys.length === 0) return counts;
      const { results } = await db
        .prepare("SELECT key, comment_count FROM threads WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))")
        .bind(siteId, JSON.stringify(keys))
        .all<{ key: string; comment_count: number }>();
      for (const row of results) counts[row.key] = row.comment_count;
      return counts;
    },

    setLocked(siteId, key, locked, at) {
      return toWrite(
        db
          .prepare(
            `INSERT INTO threads (site_id, key, comment_count, locked, created_at, opened_at) VALUES (?1, ?2, 0, ?3, ?4, NULL)
             ON CONFLICT (site_id, key) DO UPDATE SET locked = ?3`,
          )
          .bind(siteId, key, locked ? 1 : 0, at),
      );
    },
  };
}

/** The statement that makes an article's date the opening time of its thread (for the article store's batch). */
export function openAtStatement(db: D1Database, siteId: string, key: string, openedAt: number, at: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, comment_count, locked, created_at, opened_at) VALUES (?1, ?2, 0, 0, ?4, ?3)
       ON CONFLICT (site_id, key) DO UPDATE SET opened_at = ?3`,
    )
    .bind(siteId, key, openedAt, at);
}
