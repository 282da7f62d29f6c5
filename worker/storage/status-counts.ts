// The per-site count of comments in each status (migration 0021), kept by every write that inserts comments or
// changes their status, in the same batch. A write that cannot know what it will change (an import's insert that
// may find its comment there, an erase) takes the comments it touches away from the counts before it runs and adds
// them back after; a change made only to a comment still in the status it was read in moves it by that status.

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

/**
 * The statement that moves comments between the counts, each `from` the status it was read in `to` its new one, or
 * none when no status changes. Exact only in a batch that aborts unless every comment was still `from` (as
 * applyChanges' guarded updates do), and it reads no comment: taking 100 comments out of the counts and back in
 * read them twice more (600 rows for a bulk action).
 */
export function countMoves(db: D1Database, siteId: string, moves: { from: string; to: string }[]): D1PreparedStatement[] {
  const delta: Record<string, number> = {};
  for (const { from, to } of moves) {
    if (from === to) continue;
    delta[from] = (delta[from] ?? 0) - 1;
    delta[to] = (delta[to] ?? 0) + 1;
  }
  if (Object.keys(delta).length === 0) return [];
  return [
    db
      .prepare(
        `INSERT INTO comment_status_counts (site_id, status, n)
         SELECT ?1, key, value FROM json_each(?2) WHERE value <> 0
         ON CONFLICT (site_id, status) DO UPDATE SET n = n + excluded.n`,
      )
      .bind(siteId, JSON.stringify(delta)),
  ];
}
