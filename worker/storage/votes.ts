// Votes: one row per (comment, reader), and the comment's denormalized count, changed in one batch.

export function createVoteStore(db: D1Database) {
  return {
    /** How many distinct readers from one keyed IP hash voted on a comment. */
    async countFromIp(siteId: string, commentId: string, ipHash: string): Promise<number> {
      const row = await db
        .prepare("SELECT COUNT(*) AS n FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND ip_hash = ?3")
        .bind(siteId, commentId, ipHash)
        .first<{ n: number }>();
      return row?.n ?? 0;
    },

    /**
     * Adds or removes one reader's vote and recounts the comment in the same transaction; returns the new
     * count, whether the reader's vote now stands, and whether this call changed anything (repeating the
     * same request changes nothing).
     */
    async set(siteId: string, commentId: string, readerHash: string, ipHash: string | null, up: boolean, at: number) {
      const change = up
        ? db
            .prepare(
              `INSERT INTO votes (site_id, comment_id, reader_hash, ip_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
               ON CONFLICT (site_id, comment_id, reader_hash) DO NOTHING`,
            )
            .bind(siteId, commentId, readerHash, ipHash, at)
        : db.prepare("DELETE FROM votes WHERE site_id = ?1 AND comment_id = ?2 AND reader_hash = ?3").bind(siteId, commentId, readerHash);
      const [changes, , counted] = await db.batch<{ votes: number }>([
        change,
        db
          .prepare("UPDATE comments SET votes = (SELECT COUNT(*) FROM votes WHERE site_id = ?1 AND comment_id = ?2) WHERE site_id = ?1 AND id = ?2")
          .bind(siteId, commentId),
        db.prepare("SELECT votes FROM comments WHERE site_id = ?1 AND id = ?2").bind(siteId, commentId),
      ]);
      return { votes: counted.results[0]?.votes ?? 0, voted: up, changed: changes.meta.changes > 0 };
    },
  };
}

export type VoteStore = ReturnType<typeof createVoteStore>;
