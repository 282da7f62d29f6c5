// Votes: one row per (comment, reader), and the comment's denormalized count, changed in one batch.
import { eventInserts, runBatch, type CommitListener } from "./transaction";
import type { VoteStore } from "./types";

export function createVoteStore(db: D1Database, onCommit?: CommitListener): VoteStore {
  return {
    /**
     * Adds or removes one reader's vote and moves the comment's count by one in the same transaction. Repeating
     * the same request changes nothing and announces nothing: the events and the count move first, only when
     * the vote is about to change. The count moves rather than being recounted from the votes rows: an
     * imported comment's votes (Disqus likes, a Parley export's counts) have no rows, and a recount lost them.
     * An upvote with `maxFromIp` is also a change only while fewer votes than that came from its IP hash, checked
     * in the same transaction, so votes sent at once cannot pass the cap together; `voted` is false when it held.
     */
    async set(siteId, vote, events) {
      const { commentId, readerHash, ipHash, up, at, maxFromIp } = vote;
      const capped = up && ipHash !== null && maxFromIp !== undefined;
      // True while the vote is still to change: its site, comment, reader hash (and IP hash) from parameter ?n on.
      const pending = (n: number) =>
        `${up ? "NOT " : ""}EXISTS (SELECT 1 FROM votes WHERE site_id = ?${n} AND comment_id = ?${n + 1} AND reader_hash = ?${n + 2})` +
        (capped ? ` AND (SELECT COUNT(*) FROM votes WHERE site_id = ?${n} AND comment_id = ?${n + 1} AND ip_hash = ?${n + 3}) < ${Math.floor(maxFromIp)}` : "");
      const keys = capped ? [siteId, commentId, readerHash, ipHash] : [siteId, commentId, readerHash];
      const change = up
        ? db
            .prepare(
              `INSERT INTO votes (site_id, comment_id, reader_hash, ip_hash, created_at) SELECT ?1, ?2, ?3, ?5, ?6 WHERE ${pending(1)}
               ON CONFLICT (site_id, comment_id, reader_hash) DO NOTHING`,
            )
            .bind(siteId, commentId, readerHash, capped ? ipHash : null, ipHash, at)
        : db.prepare("DELETE FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND reader_hash = ?3").bind(siteId, commentId, readerHash);
      const announce = eventInserts(db, events, { sql: pending(7), values: keys });
      const results = await runBatch<{ votes: number; mine: number }>(
        db,
        [
          ...announce,
          db
            .prepare(`UPDATE comments SET votes = MAX(0, votes + ?5) WHERE site_id = ?1 AND id = ?2 AND ${pending(1)}`)
            .bind(...(capped ? keys : [...keys, null]), up ? 1 : -1),
          change,
          db
            .prepare(
              `SELECT votes, EXISTS (SELECT 1 FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND reader_hash = ?3) AS mine
               FROM comments WHERE site_id = ?1 AND id = ?2`,
            )
            .bind(siteId, commentId, readerHash),
        ],
        onCommit,
      );
      const row = results[results.length - 1].results[0];
      return { votes: row?.votes ?? 0, voted: row?.mine === 1, changed: results[announce.length + 1].meta.changes > 0 };
    },
  };
}
