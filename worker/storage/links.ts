// One-click moderation links: one row per set (approve, spam, delete) of one comment; a set is used once.
import { toWrite } from "./transaction";
import type { Write } from "./types";

export interface ModerationLinkRecord {
  id: string;
  siteId: string;
  commentId: string;
  expiresAt: number;
  usedAt: number | null;
  usedAction: string | null;
}

export function createLinkStore(db: D1Database) {
  return {
    async insert(r: Omit<ModerationLinkRecord, "usedAt" | "usedAction">, now: number): Promise<void> {
      await db
        .prepare("INSERT INTO moderation_links (id, site_id, comment_id, expires_at, used_at, used_action, created_at) VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)")
        .bind(r.id, r.siteId, r.commentId, r.expiresAt, now)
        .run();
    },

    async get(siteId: string, id: string): Promise<ModerationLinkRecord | null> {
      const row = await db
        .prepare("SELECT id, site_id, comment_id, expires_at, used_at, used_action FROM moderation_links WHERE site_id = ?1 AND id = ?2")
        .bind(siteId, id)
        .first<{ id: string; site_id: string; comment_id: string; expires_at: number; used_at: number | null; used_action: string | null }>();
      return row
        ? { id: row.id, siteId: row.site_id, commentId: row.comment_id, expiresAt: row.expires_at, usedAt: row.used_at, usedAction: row.used_action }
        : null;
    },

    /** Ends every unused set of the site now (a new owner token revokes what the old one's owner was sent). */
    expireUnused(siteId: string, now: number): Write {
      return toWrite(
        db.prepare("UPDATE moderation_links SET expires_at = ?2 WHERE site_id = ?1 AND used_at IS NULL AND expires_at > ?2").bind(siteId, now),
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
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
