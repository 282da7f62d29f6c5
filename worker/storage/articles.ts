// Articles: the full document (markdown source and rendered tree) in KV, a summary row in D1 for listing.
import { afterCursor } from "./keyset";
import { openAtStatement } from "./threads";
import { eventInserts, runBatch, statementsOf, type CommitListener } from "./transaction";
import type { ArticleRecord, ArticleStore, ArticleSummaryRecord } from "./types";

export type { ArticleRecord, ArticleSummaryRecord };

const articleKey = (siteId: string, slug: string) => `article:v1:${siteId}:${slug}`;

export function createArticleStore(db: D1Database, kv: KVNamespace, onCommit?: CommitListener): ArticleStore {
  return {
    async get(siteId, slug) {
      return kv.get<ArticleRecord>(articleKey(siteId, slug), "json");
    },

    /**
     * Writes the document first and the listing row second (with the thread's opening time, the writes
     * (the audit entry) and the events, in one batch), so a listed article always has a body.
     */
    async put(siteId, article, writes, events) {
      await kv.put(articleKey(siteId, article.slug), JSON.stringify(article));
      await runBatch(
        db,
        [
          openAtStatement(db, siteId, article.slug, article.publishedAt, article.updatedAt),
          db
            .prepare(
              `INSERT INTO articles (site_id, slug, title, author, published_at, image, updated_at)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
               ON CONFLICT (site_id, slug) DO UPDATE SET title = ?3, author = ?4, published_at = ?5, image = ?6, updated_at = ?7`,
            )
            .bind(siteId, article.slug, article.title, article.author, article.publishedAt, article.image, article.updatedAt),
          ...writes.flatMap(statementsOf),
          ...eventInserts(db, events),
        ],
        onCommit,
      );
    },

    /**
     * Removes the listing row (with the writes and events, in one batch) first, then the document. The article's
     * thread goes too while it holds no comment and no lock (the publish made it): the owner's list of threads
     * keeps no empty one of an article that is gone. One with comments stays, with them.
     */
    async delete(siteId, slug, writes, events) {
      const remove = db.prepare("DELETE FROM articles WHERE site_id = ?1 AND slug = ?2").bind(siteId, slug);
      const emptyThread = db
        .prepare(
          `DELETE FROM threads WHERE site_id = ?1 AND key = ?2 AND locked = 0
           AND NOT EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND thread_key = ?2)`,
        )
        .bind(siteId, slug);
      await runBatch(db, [remove, emptyThread, ...writes.flatMap(statementsOf), ...eventInserts(db, events)], onCommit);
      await kv.delete(articleKey(siteId, slug));
    },

    /** Newest first, keyset-paginated on (published_at, slug), a row value that seeks in the index; returns limit + 1 rows. */
    async list(siteId, cursor, limit) {
      const { results } = await db
        .prepare(
          `SELECT slug, title, author, published_at, image FROM articles INDEXED BY articles_by_published
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3", { newestFirst: true, columns: "published_at, slug" })}
           ORDER BY published_at DESC, slug DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<{ slug: string; title: string; author: string | null; published_at: number; image: string | null }>();
      return results.map((r): ArticleSummaryRecord => ({ slug: r.slug, title: r.title, author: r.author, publishedAt: r.published_at, image: r.image }));
    },
  };
}
