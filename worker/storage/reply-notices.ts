// The replies waiting to be e-mailed to reader subscribers (reply_notices): noted when a reply is published, claimed
// by the e-mail that carries them (at most one a window), given back when it fails, and found again by the cron
// when their queue message was lost. Part of the mail store (./mail).

/** A reply to tell a subscriber about, in a thread. */
export interface ReplyNotice {
  subscriberId: string;
  threadKey: string;
  commentId: string;
}

/** One subscriber's thread, as a map key. */
export const noticeKey = (subscriberId: string, threadKey: string) => JSON.stringify([subscriberId, threadKey]);

export function createReplyNoticeStore(db: D1Database) {
  /** When the last reply e-mail went out for each of several subscribers and threads, in one read: by noticeKey, absent when none did. */
  async function lastReplyMailsAt(siteId: string, pairs: { subscriberId: string; threadKey: string }[]): Promise<Map<string, number>> {
    if (pairs.length === 0) return new Map();
    const { results } = await db
      .prepare(
        `SELECT subscriber_id, thread_key, MAX(sent_at) AS at FROM reply_notices
         WHERE site_id = ?1 AND (subscriber_id, thread_key) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2))
         GROUP BY subscriber_id, thread_key`,
      )
      .bind(siteId, JSON.stringify(pairs.map((p) => [p.subscriberId, p.threadKey])))
      .all<{ subscriber_id: string; thread_key: string; at: number | null }>();
    return new Map(results.filter((r) => r.at !== null).map((r) => [noticeKey(r.subscriber_id, r.thread_key), r.at as number]));
  }

  return {
    /** Records replies to tell subscribers about, in one write; answers those that were not recorded before. */
    async addNotices(siteId: string, notices: ReplyNotice[], now: number): Promise<ReplyNotice[]> {
      if (notices.length === 0) return [];
      const insert = db.prepare(
        `INSERT INTO reply_notices (site_id, subscriber_id, thread_key, comment_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING`,
      );
      const results = await db.batch(notices.map((n) => insert.bind(siteId, n.subscriberId, n.threadKey, n.commentId, now)));
      return notices.filter((_, i) => results[i].meta.changes > 0);
    },

    /** When the last reply e-mail for this subscriber and thread went out, if ever. */
    async lastReplyMailAt(siteId: string, subscriberId: string, threadKey: string): Promise<number | null> {
      return (await lastReplyMailsAt(siteId, [{ subscriberId, threadKey }])).get(noticeKey(subscriberId, threadKey)) ?? null;
    },

    lastReplyMailsAt,

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
