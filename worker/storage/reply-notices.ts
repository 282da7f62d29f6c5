// The replies waiting to be e-mailed to reader subscribers (reply_notices): noted when a reply is published, claimed
// by the e-mail that carries them (at most one a window), given back when it fails, and found again by the cron
// when their queue message was lost. Part of the mail store (./mail).

export function createReplyNoticeStore(db: D1Database) {
  return {
    /** Records a reply to tell a subscriber about; false when it was already recorded. */
    async addNotice(siteId: string, subscriberId: string, threadKey: string, commentId: string, now: number): Promise<boolean> {
      const res = await db
        .prepare(
          `INSERT INTO reply_notices (site_id, subscriber_id, thread_key, comment_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT DO NOTHING`,
        )
        .bind(siteId, subscriberId, threadKey, commentId, now)
        .run();
      return res.meta.changes > 0;
    },

    /** When the last reply e-mail for this subscriber and thread went out, if ever. */
    async lastReplyMailAt(siteId: string, subscriberId: string, threadKey: string): Promise<number | null> {
      return db
        .prepare("SELECT MAX(sent_at) AS at FROM reply_notices WHERE site_id = ?1 AND subscriber_id = ?2 AND thread_key = ?3")
        .bind(siteId, subscriberId, threadKey)
        .first<number | null>("at");
    },

    /**
     * Takes the unsent replies of one subscriber and thread, unless an e-mail for them went out after
     * `windowStart`: one statement, so two consumers never both send. Returns the comment ids taken.
     */
    async claimNotices(siteId: string, subscriberId: string, threadKey: string, now: number, windowStart: number, limit: number): Promise<string[]> {
      const { results } = await db
        .prepare(
          `UPDATE reply_notices SET sent_at = ?4
           WHERE site_id = ?1 AND subscriber_id = ?2 AND thread_key = ?3 AND sent_at IS NULL
             AND comment_id IN (SELECT comment_id FROM reply_notices WHERE site_id = ?1 AND subscriber_id = ?2 AND thread_key = ?3
                                AND sent_at IS NULL ORDER BY created_at LIMIT ?6)
             AND NOT EXISTS (SELECT 1 FROM reply_notices WHERE site_id = ?1 AND subscriber_id = ?2 AND thread_key = ?3 AND sent_at > ?5)
           RETURNING comment_id`,
        )
        .bind(siteId, subscriberId, threadKey, now, windowStart, limit)
        .all<{ comment_id: string }>();
      return results.map((r) => r.comment_id);
    },

    /** Drops the replies waiting for a subscriber who can get no more e-mail (unsubscribed, gone, or unreadable). */
    async dropNotices(siteId: string, subscriberId: string, threadKey: string): Promise<void> {
      await db
        .prepare("DELETE FROM reply_notices WHERE site_id = ?1 AND subscriber_id = ?2 AND thread_key = ?3 AND sent_at IS NULL")
        .bind(siteId, subscriberId, threadKey)
        .run();
    },

    /**
     * Subscribers and threads with replies noted before `before` and still not e-mailed: their queue messages were
     * lost (the provider was down past the queue's retries, or over the day's budget). At most `limit`, oldest first.
     */
    async overdueNotices(before: number, limit: number): Promise<{ siteId: string; subscriberId: string; threadKey: string }[]> {
      const { results } = await db
        .prepare(
          `SELECT site_id, subscriber_id, thread_key, MIN(created_at) AS oldest FROM reply_notices
           WHERE sent_at IS NULL AND created_at < ?1 GROUP BY site_id, subscriber_id, thread_key ORDER BY oldest LIMIT ?2`,
        )
        .bind(before, limit)
        .all<{ site_id: string; subscriber_id: string; thread_key: string }>();
      return results.map((r) => ({ siteId: r.site_id, subscriberId: r.subscriber_id, threadKey: r.thread_key }));
    },

    /** Gives claimed replies back (the e-mail could not be sent), so the next try sends them. */
    async releaseNotices(siteId: string, subscriberId: string, commentIds: string[]): Promise<void> {
      await db.batch(
        commentIds.map((id) =>
          db.prepare("UPDATE reply_notices SET sent_at = NULL WHERE site_id = ?1 AND subscriber_id = ?2 AND comment_id = ?3").bind(siteId, subscriberId, id),
        ),
      );
    },
  };
}
