// The site's articles by the page each is on: an article published with its `url` (its address on the blog) is where
// a reader sees the comments an old system kept for that page, so an import keys that page's comments by the slug.
import type { Article, ArticleSummary } from "../../worker/contract/types.ts";
import { ApiError, listAll, paths, type Api } from "../api.ts";
import { defaultKey } from "./mapping.ts";

/** Article reads at once. */
const AT_ONCE = 8;

/**
 * The slug of each article with a `url`, by that page's thread key (its path, as an import keys the page) and by
 * the same path with or without its final slash (one page, reached both ways). One GET for each article.
 */
export async function articlePages(api: Api, site: string): Promise<Map<string, string>> {
  const { items } = await listAll<ArticleSummary>(api, paths.articles(site), "articles");
  const bySlug = new Map<string, string>();
  const queue = items.map((a) => a.slug);
  const pages = new Map<string, string>();
  async function worker() {
    for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
      // An article deleted meanwhile names no page.
      const url = await api.get<Article>(paths.articles(site, slug)).then(
        (a) => a.url,
        (err: unknown) => {
          if (err instanceof ApiError && err.code === "ARTICLE_NOT_FOUND") return null;
          throw err;
        },
      );
      const key = url && defaultKey(url);
      if (key) bySlug.set(slug, key);
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  // Newest first, as listed: where two articles name one page, the newer one takes its comments.
  for (const { slug } of items.toReversed()) {
    const key = bySlug.get(slug);
    if (!key) continue;
    pages.set(key, slug);
    if (key !== "/" && !key.includes("?")) pages.set(key.endsWith("/") ? key.slice(0, -1) : `${key}/`, slug);
  }
  return pages;
}
