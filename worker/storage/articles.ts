// Articles: the full document (markdown source and rendered tree) in KV, a summary row in D1 for listing.
import type { Doc } from "../contract/doc";
import type { SocialLink } from "../contract/types";
import type { Cursor } from "../lib/cursor";
import type { ThreadStore } from "./threads";

export interface ArticleRecord {
  slug: string;
  title: string;
  author: string | null;
  publishedAt: number;
  image: string | null;
  links: SocialLink[];
  source: string;
  tree: Doc;
  rendererVersion: number;
  updatedAt: number;
}

export type ArticleSummaryRecord = Pick<ArticleRecord, "slug" | "title" | "author" | "publishedAt" | "image">;

const articleKey = (siteId: string, slug: string) => `article:v1:${siteId}:${slug}`;

export function createArticleStore(db: D1Database, kv: KVNamespace, threads: ThreadStore) {
  return {
    async get(siteId: string, slug: string): Promise<ArticleRecord | null> {
      return kv.get<ArticleRecord>(articleKey(siteId, slug), "json");
    },

    /**
     * Writes the document first and the listing row second (with the thread's opening time, in one batch),
     * so a listed article always has a body.
     */
    async put(siteId: string, article: ArticleRecord, also: D1PreparedStatement[] = []): Promise<void> {
      await kv.put(articleKey(siteId, article.slug), JSON.stringify(article));
      await db.batch([
        threads.openAtStatement(siteId, article.slug, article.publishedAt, article.updatedAt),
        db
        .prepare(
          `INSERT INTO articles (site_id, slug, title, author, published_at, image, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
           ON CONFLICT (site_id, slug) DO UPDATE SET title = ?3, author = ?4, published_at = ?5, image = ?6, updated_at = ?7`,
        )
        .bind(siteId, article.slug, article.title, article.author, article.publishedAt, article.image, article.updatedAt),
        ...also,
      ]);
    },

    /** Removes the listing row (with `also`, the audit entry, in the same batch) first, then the document. */
    async delete(siteId: string, slug: string, also: D1PreparedStatement[] = []): Promise<void> {
      await db.batch([db.prepare("DELETE FROM articles WHERE site_id = ?1 AND slug = ?2").bind(siteId, slug), ...also]);
      await kv.delete(articleKey(siteId, slug));
    },

    /** Newest first, keyset-paginated on (published_at, slug); returns limit + 1 rows. */
    async list(siteId: string, cursor: Cursor | null, limit: number): Promise<ArticleSummaryRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT slug, title, author, published_at, image FROM articles
           WHERE site_id = ?1 AND (?2 IS NULL OR published_at < ?2 OR (published_at = ?2 AND slug < ?3))
           ORDER BY published_at DESC, slug DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<{ slug: string; title: string; author: string | null; published_at: number; image: string | null }>();
      return results.map((r) => ({ slug: r.slug, title: r.title, author: r.author, publishedAt: r.published_at, image: r.image }));
    },
  };
}

export type ArticleStore = ReturnType<typeof createArticleStore>;
