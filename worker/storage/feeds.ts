// The rows the site-wide Atom feed reads: a site's newest published, visible comments.
import type { Doc } from "../contract/doc";

export interface FeedRow {
  id: string;
  threadKey: string;
  authorName: string;
  bodyTree: Doc;
  createdAt: number;
  updatedAt: number;
  edited: boolean;
}

export function createFeedStore(db: D1Database) {
  return {
    /** Newest first; uses comments_moderation_queue (site_id, status, created_at, id). */
    async recentPublished(siteId: string, limit: number): Promise<FeedRow[]> {
      const { results } = await db
        .prepare(
          `SELECT id, thread_key, author_name, body_tree, created_at, updated_at, edited_by FROM comments
           WHERE site_id = ?1 AND status = 'published' AND shadow = 0
           ORDER BY created_at DESC, id DESC LIMIT ?2`,
        )
        .bind(siteId, limit)
        .all<{ id: string; thread_key: string; author_name: string; body_tree: string; created_at: number; updated_at: number; edited_by: string | null }>();
      return results.map((r) => ({
        id: r.id,
        threadKey: r.thread_key,
        authorName: r.author_name,
        bodyTree: JSON.parse(r.body_tree) as Doc,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        edited: r.edited_by !== null,
      }));
    },
  };
}
