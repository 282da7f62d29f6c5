// The per-site count of comments in each status (migration 0021), kept by every write that inserts comments or
// changes their status: it takes the comments it touches away from the counts before it runs and adds them back
// after, in the same batch, so the counts stay exact whatever the write did (or skipped, on a conflict).

/**
 * A statement that adds (`sign` 1) or takes away (-1) the given comments of a site, in the status each has when it
 * runs, to or from the site's counts. Comments that do not exist count nothing. The CROSS JOIN makes SQLite look
 * each id up: left to itself, it walked the site's comments along the queue's index, whose order suits GROUP BY
 * status (76 rows read by a post on a site of 60 comments).
 */
export function tallyStatuses(db: D1Database, siteId: string, ids: string[], sign: 1 | -1): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO comment_status_counts (site_id, status, n)
       SELECT ?1, c.status, ?3 * COUNT(*) FROM json_each(?2) AS j CROSS JOIN comments AS c
       WHERE c.id = j.value AND c.site_id = ?1 GROUP BY c.status
       ON CONFLICT (site_id, status) DO UPDATE SET n = n + excluded.n`,
    )
    .bind(siteId, JSON.stringify(ids), sign);
}

/** `write`'s statements between the two tallies of `ids`: before it, away as they are; after it, back as they are then. */
export function tallied(db: D1Database, siteId: string, ids: string[], write: D1PreparedStatement[]): D1PreparedStatement[] {
  return [tallyStatuses(db, siteId, ids, -1), ...write, tallyStatuses(db, siteId, ids, 1)];
}

/** A statement that counts one comment just inserted, in its status, only if it exists (this batch inserted it). */
export function countInserted(db: D1Database, siteId: string, id: string, status: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO comment_status_counts (site_id, status, n)
       SELECT ?1, ?2, 1 WHERE EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND id = ?3)
       ON CONFLICT (site_id, status) DO UPDATE SET n = n + 1`,
    )
    .bind(siteId, status, id);
}
