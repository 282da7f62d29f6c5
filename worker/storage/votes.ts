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
     * Adds or removes one reader's vote and recounts the comment in the same transaction. Repeating the same
     * request changes nothing and announces nothing: the events are written first, only when the vote is
     * about to change.
     */
    async set(siteId, vote, events) {
      const { commentId, readerHash, ipHash, up, at } = vote;
      const change = up
        ? db
            .prepare(
              `INSERT INTO votes (site_id, comment_id, reader_hash, ip_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
               ON CONFLICT (site_id, comment_id, reader_hash) DO NOTHING`,
            )
            .bind(siteId, commentId, readerHash, ipHash, at)
        : db.prepare("DELETE FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND reader_hash = ?3").bind(siteId, commentId, readerHash);
      const announce = eventInserts(db, events, {
        sql: `${up ? "NOT " : ""}EXISTS (SELECT 1 FROM votes WHERE site_id = ?7 AND comment_id = ?8 AND reader_hash = ?9)`,
        values: [siteId, commentId, readerHash],
      });
      const results = await runBatch<{ votes: number }>(
        db,
        [
          ...announce,
          change,
          db
            .prepare("UPDATE comments SET votes = (SELECT COUNT(*) FROM votes WHERE site_id = ?1 AND comment_id = ?2) WHERE site_id = ?1 AND id = ?2")
            .bind(siteId, commentId),
          db.prepare("SELECT votes FROM comments WHERE site_id = ?1 AND id = ?2").bind(siteId, commentId),
        ],
        onCommit,
      );
      return { votes: results[results.length - 1].results[0]?.votes ?? 0, voted: up };
    },
  };
}
