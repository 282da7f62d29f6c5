// Thread rows: the denormalized counts (published comments, listed and pinned top-level ones), the lock flag and the
// opening time, one row per (site, key).
import { toWrite } from "./transaction";
import type { ThreadRecord, ThreadStore } from "./types";

export type { ThreadRecord };

export function createThreadStore(db: D1Database): ThreadStore {
  return {
    async get(siteId, key) {
      const row = await db
        .prepare("SELECT comment_count, listed_roots, pinned_roots, locked, opened_at FROM threads WHERE site_id = ?1 AND key = ?2")
        .bind(siteId, key)
        .first<{ comment_count: number; listed_roots: number; pinned_roots: number; locked: number; opened_at: number | null }>();
      return {
        key,
        commentCount: row?.comment_count ?? 0,
        listedRoots: row?.listed_roots ?? 0,
        pinnedRoots: row?.pinned_roots ?? 0,
        locked: row?.locked === 1,
        openedAt: row?.opened_at ?? null,
      };
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

/**
 * The statement that counts the given threads' comments again (migrations 0001 and 0023): the published ones, the
 * top-level ones a page may list (the entries of comments_thread_listed) and the pinned ones. For writes that cannot
 * know what they change (moderation, imports, an erase); it reads the threads' published comments.
 */
export function recountThreads(db: D1Database, siteId: string, keys: string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE threads SET
         comment_count = (
           SELECT COUNT(*) FROM comments INDEXED BY comments_by_thread_status
           WHERE site_id = ?1 AND thread_key = threads.key AND status = 'published'),
         listed_roots = (
           SELECT COUNT(*) FROM comments INDEXED BY comments_thread_listed
           WHERE site_id = ?1 AND thread_key = threads.key
             AND parent_id IS NULL AND (status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0)),
         pinned_roots = (
           SELECT COUNT(*) FROM comments INDEXED BY comments_thread_pinned
           WHERE site_id = ?1 AND thread_key = threads.key AND parent_id IS NULL AND pinned = 1 AND status = 'published')
       WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))`,
    )
    .bind(siteId, JSON.stringify([...new Set(keys)]));
}
