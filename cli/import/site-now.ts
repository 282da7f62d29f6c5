// A restore into a site that exists: what the site holds now, set against the export (its articles, its settings),
// and what its audit log says was written there after the export was made.
import type { ArticleSource } from "../../worker/contract/dashboard.ts";
import type { ExportedArticle } from "../../worker/contract/owner-data.ts";
import type { AuditEntry } from "../../worker/contract/types.ts";
import { ApiError, pages, paths, type Api } from "../api.ts";

/** The site's article of that slug as its owner wrote it, or null when the site has none. */
export async function siteArticle(api: Api, site: string, slug: string): Promise<ArticleSource | null> {
  try {
    return (await api.get<{ article: ArticleSource }>(`${paths.articles(site, slug)}/source`)).article;
  } catch (err) {
    if (err instanceof ApiError && err.code === "ARTICLE_NOT_FOUND") return null;
    throw err;
  }
}

/** Whether the site's article is the export's: every field a PUT writes. */
export function sameArticle(current: ArticleSource, exported: ExportedArticle): boolean {
  const fields = (a: ArticleSource | ExportedArticle) => JSON.stringify([a.title, a.body, a.author, Date.parse(a.publishedAt), a.image, a.links, a.url ?? null]);
  return fields(current) === fields(exported);
}

/** A setting's value as JSON with its objects' keys in order, so that equal values compare equal (`rateLimits`). */
const settled = (value: unknown) =>
  JSON.stringify(value ?? null, (_, v: unknown) => (v && typeof v == "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
export const sameValue = (a: unknown, b: unknown) => settled(a) === settled(b);

/** What was written on the site after the export was made: the slugs of articles and the names of settings. */
export interface WrittenSince {
  articles: Set<string>;
  settings: Set<string>;
}

/**
 * The articles published or edited and the settings changed on the site after `since` (the export's time), from its
 * audit log, read newest first back to that time. Neither the export nor the site says when each was last written.
 */
export async function writtenSinceExport(api: Api, site: string, since: string): Promise<WrittenSince> {
  const written: WrittenSince = { articles: new Set(), settings: new Set() };
  const from = Date.parse(since);
  const log = pages((cursor) => api.get<{ entries: AuditEntry[]; nextCursor: string | null }>(`${paths.site(site)}/audit`, { limit: 100, cursor }), 100_000);
  for await (const page of log) {
    for (const e of page.entries) {
      // An export without a readable time counts every write as later: the site's articles and settings are kept.
      if (Date.parse(e.createdAt) <= from) return written;
      if (e.targetType === "article" && (e.action === "article.create" || e.action === "article.update")) written.articles.add(e.targetId);
      // A settings change records the fields it changed, and their new values, as `after`.
      if (e.action === "site.update" && e.after && typeof e.after === "object") for (const key of Object.keys(e.after)) written.settings.add(key);
    }
  }
  return written;
}
