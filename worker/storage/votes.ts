// Votes: one row per (comment, reader), and the comment's denormalized count, changed in one batch.
import { eventInserts, runBatch, type CommitListener } from "./transaction";
import type { VoteStore } from "./types";

export function createVoteStore(db: D1Database, onCommit?: CommitListener): VoteStore {
  return {
    async countFromIp(siteId, commentId, ipHash) {
      const row = await db
        .prepare("SELECT COUNT(*) AS n FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND ip_hash = ?3")
        .bind(siteId, commentId, ipHash)
        .first<{ n: number }>();
      return row?.n ?? 0;
    },

    /**
     * Adds or removes one reader's vote and moves the comment's count by one in the same transaction. Repeating
     * the same request changes nothing and announces nothing: the events and the count move first, only when
     * the vote is about to change. The count moves rather than being recounted from the votes rows: an
     * imported comment's votes (Disqus likes, a Parley export's counts) have no rows, and a recount lost them.
     */
    async set(siteId, vote, events) {
      const { commentId, readerHash, ipHash, up, at } = vote;
      // True while the vote is still to change: its site, comment and reader hash from parameter ?n on.
      const pending = (n: number) =>
        `${up ? "NOT " : ""}EXISTS (SELECT 1 FROM votes WHERE site_id = ?${n} AND comment_id = ?${n + 1} AND reader_hash = ?${n + 2})`;
      const change = up
        ? db
            .prepare(
              `INSERT INTO votes (site_id, comment_id, reader_hash, ip_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
               ON CONFLICT (site_id, comment_id, reader_hash) DO NOTHING`,
            )
            .bind(siteId, commentId, readerHash, ipHash, at)
        : db.prepare("DELETE FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND reader_hash = ?3").bind(siteId, commentId, readerHash);
      const announce = eventInserts(db, events, { sql: pending(7), values: [siteId, commentId, readerHash] });
      const results = await runBatch<{ votes: number }>(
        db,
        [
          ...announce,
          db
            .prepare(`UPDATE comments SET votes = MAX(0, votes + ?4) WHERE site_id = ?1 AND id = ?2 AND ${pending(1)}`)
            .bind(siteId, commentId, readerHash, up ? 1 : -1),
          change,
          db.prepare("SELECT votes FROM comments WHERE site_id = ?1 AND id = ?2").bind(siteId, commentId),
        ],
        onCommit,
      );
      return { votes: results[results.length - 1].results[0]?.votes ?? 0, voted: up, changed: results[announce.length + 1].meta.changes > 0 };
    },
  };
}
