// One-click moderation links: one row per set (approve, spam, delete) of one comment; a set is used once, and is
// spent when its comment leaves pending by any path (spendLinks, in the batch of the write that moves it).
import type { CommentStatus } from "../contract/types";
import { toWrite } from "./transaction";
import type { Write } from "./types";

export interface ModerationLinkRecord {
  id: string;
  siteId: string;
  commentId: string;
  expiresAt: number;
  /** When a link of the set was used, or else when its comment left pending. */
  usedAt: number | null;
  /** The action of the set's link that was used (approve, spam, delete), if one was. */
  usedAction: string | null;
  /** What the comment became when it left pending (migration 0029; null before, or while it waits). */
  settledStatus: CommentStatus | null;
}

/** Bound values per statement: D1 takes at most 100, and three go to the site, the time and the status. */
const IDS_PER_STATEMENT = 90;

/** The `used_action` of an unused link a new owner token ended (see expireUnused). */
export const REVOKED = "revoked";

/**
 * The statements that spend the unspent sets of comments that left pending for `status` at `at`: each names its
 * comments, so that the lookup costs one index probe per comment, whatever the number of sets.
 */
export function spendLinks(db: D1Database, siteId: string, commentIds: string[], status: CommentStatus, at: number): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < commentIds.length; i += IDS_PER_STATEMENT) {
    const ids = commentIds.slice(i, i + IDS_PER_STATEMENT);
    const list = ids.map((_, k) => `?${k + 4}`).join(", ");
    statements.push(
      db
        .prepare(
          `UPDATE moderation_links SET used_at = COALESCE(used_at, ?2), settled_status = ?3
           WHERE site_id = ?1 AND comment_id IN (${list}) AND settled_status IS NULL`,
        )
        .bind(siteId, at, status, ...ids),
    );
  }
  return statements;
}

export function createLinkStore(db: D1Database) {
  return {
    /** Stores sets of links, in one write (a digest's, a dispatch's pending comments). */
    async insertMany(records: Omit<ModerationLinkRecord, "usedAt" | "usedAction" | "settledStatus">[], now: number): Promise<void> {
      if (records.length === 0) return;
      const insert = db.prepare("INSERT INTO moderation_links (id, site_id, comment_id, expires_at, used_at, used_action, created_at) VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)");
      await db.batch(records.map((r) => insert.bind(r.id, r.siteId, r.commentId, r.expiresAt, now)));
    },

    async get(siteId: string, id: string): Promise<ModerationLinkRecord | null> {
      const row = await db
        .prepare("SELECT id, site_id, comment_id, expires_at, used_at, used_action, settled_status FROM moderation_links WHERE site_id = ?1 AND id = ?2")
        .bind(siteId, id)
        .first<{ id: string; site_id: string; comment_id: string; expires_at: number; used_at: number | null; used_action: string | null; settled_status: CommentStatus | null }>();
      return row
        ? {
            id: row.id,
            siteId: row.site_id,
            commentId: row.comment_id,
            expiresAt: row.expires_at,
            usedAt: row.used_at,
            usedAction: row.used_action,
            settledStatus: row.settled_status,
          }
        : null;
    },

    /** Ends every unused set of the site now (a new owner token revokes what the old one's owner was sent). */
    expireUnused(siteId: string, now: number): Write {
      return toWrite(
        // Marked as ended by the rotation (REVOKED), so that opening one says so rather than that it expired.
        db
          .prepare("UPDATE moderation_links SET expires_at = ?2, used_action = ?3 WHERE site_id = ?1 AND used_at IS NULL AND expires_at > ?2")
          .bind(siteId, now, REVOKED),
      );
    },

    /** Deletes up to `limit` sets that expired before `before`, oldest first; how many it deleted. */
    async pruneExpired(before: number, limit: number): Promise<number> {
      const res = await db
        .prepare(
          "DELETE FROM moderation_links WHERE id IN (SELECT id FROM moderation_links INDEXED BY moderation_links_by_expiry WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)",
        )
        .bind(before, limit)
        .run();
      return res.meta.changes;
    },

    /** Uses the set once: true only for the first caller, and only before it expires. */
    async use(siteId: string, id: string, action: string, now: number): Promise<boolean> {
      const res = await db
        .prepare("UPDATE moderation_links SET used_at = ?3, used_action = ?4 WHERE site_id = ?1 AND id = ?2 AND used_at IS NULL AND expires_at > ?3")
        .bind(siteId, id, now, action)
        .run();
      return res.meta.changes > 0;
    },

    /** Gives back a use that did nothing (the comment changed before the action applied), unless the set was spent since. */
    async release(siteId: string, id: string): Promise<void> {
      await db.prepare("UPDATE moderation_links SET used_at = NULL, used_action = NULL WHERE site_id = ?1 AND id = ?2 AND settled_status IS NULL").bind(siteId, id).run();
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
