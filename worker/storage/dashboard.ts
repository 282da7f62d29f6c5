// The dashboard's reads: the one aggregate query behind the stats, and the owner's list of threads.
import { DAY_MS } from "../contract/dates";
import type { Cursor } from "../lib/cursor";
import { afterCursor } from "./keyset";
import type { DailyCounts, DashboardStore, ThreadRow } from "./types";

export type { DailyCounts, ThreadRow };

export function createDashboardStore(db: D1Database): DashboardStore {
  return {
    /**
     * Comments per UTC day since `since` and the size of the queue, in one statement: the queue is the row whose day
     * is -1, from the kept per-status counts (./status-counts), one row however long the queue. The days read a row
     * per comment of the period (comments_by_site_created).
     */
    async dailyCounts(siteId: string, since: number): Promise<DailyCounts> {
      const { results } = await db
        .prepare(
          `SELECT CAST(created_at / ?3 AS INTEGER) AS day, COUNT(*) AS n FROM comments WHERE site_id = ?1 AND created_at >= ?2 GROUP BY day
           UNION ALL
           SELECT -1 AS day, n FROM comment_status_counts WHERE site_id = ?1 AND status = 'pending'`,
        )
        .bind(siteId, since, DAY_MS)
        .all<{ day: number; n: number }>();
      const perDay = new Map<number, number>();
      let pending = 0;
      for (const row of results) {
        if (row.day === -1) pending = row.n;
        else perDay.set(row.day, row.n);
      }
      return { perDay, pending };
    },

    /**
     * Threads newest first (limit + 1 rows), after the cursor, each with its pending comments counted. Uses
     * threads_by_created, and comments_by_thread_status for the counts (the index alone: one entry per pending comment).
     * With `waiting`, only the threads of the pending comments: they are found through comments_moderation_queue, one
     * entry per comment in the queue, each thread is looked up by its key and the few found are sorted, however many
     * threads and comments the site has. The CROSS JOIN keeps the queue the outer loop: as `key IN (SELECT …)`,
     * SQLite read the queue through comments_by_thread_status, every comment of the site (3,000 rows for 12 pending).
     */
    async listThreads(siteId: string, cursor: Cursor | null, limit: number, waiting: boolean): Promise<ThreadRow[]> {
      const from = waiting
        ? `(SELECT DISTINCT thread_key FROM comments INDEXED BY comments_moderation_queue WHERE site_id = ?1 AND status = 'pending') AS waiting
           CROSS JOIN threads ON threads.site_id = ?1 AND threads.key = waiting.thread_key`
        : "threads INDEXED BY threads_by_created";
      const { results } = await db
        .prepare(
          `SELECT threads.rowid AS rowid, key, comment_count, locked, opened_at, created_at,
             (SELECT COUNT(*) FROM comments AS c WHERE c.site_id = ?1 AND c.thread_key = threads.key AND c.status = 'pending') AS pending_count
           FROM ${from}
           WHERE threads.site_id = ?1 AND ${afterCursor(cursor, "?2", "?3", { newestFirst: true, columns: "threads.created_at, threads.rowid" })}
           ORDER BY threads.created_at DESC, threads.rowid DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor ? Number(cursor.id) : null, limit + 1)
        .all<{ rowid: number; key: string; comment_count: number; pending_count: number; locked: number; opened_at: number | null; created_at: number }>();
      return results.map((r) => ({
        key: r.key,
        commentCount: r.comment_count,
        pendingCount: r.pending_count,
        locked: r.locked === 1,
        openedAt: r.opened_at,
        createdAt: r.created_at,
        rowId: r.rowid,
      }));
    },
  };
}

export type { DashboardStore };
