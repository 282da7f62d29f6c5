// What the dashboard reads beyond moderation: the owner's view of the settings, the at-a-glance stats, the thread
// list, an article's markdown source and the preview of markdown as readers would see it.
import { DAY_MS } from "../contract/dates";
import { STATS_DAYS, type ArticleSource, type Preview, type PreviewInput, type SiteStats, type ThreadList } from "../contract/dashboard";
import { decodeCursor, pageOf } from "../lib/cursor";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/sites";
import { isClosed } from "./comments";
import type { ServiceDeps } from "./context";
import { renderMarkdown } from "./markdown";

/** Comments per UTC day for the last STATS_DAYS days (today included) and the queue size, from one query. */
export async function siteStats(deps: ServiceDeps, site: SiteRecord): Promise<SiteStats> {
  const today = Math.floor(deps.now() / DAY_MS);
  const first = today - STATS_DAYS + 1;
  const { perDay, pending } = await deps.stores.dashboard.dailyCounts(site.id, first * DAY_MS);
  const days = Array.from({ length: STATS_DAYS }, (_, i) => ({
    date: new Date((first + i) * DAY_MS).toISOString().slice(0, 10),
    comments: perDay.get(first + i) ?? 0,
  }));
  return { days, queue: pending };
}

/** The site's threads, newest first; with `waiting`, only those with comments waiting in the moderation queue. */
export async function listThreads(deps: ServiceDeps, site: SiteRecord, query: { limit: number; cursor?: string; waiting?: boolean }): Promise<ThreadList> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && !/^\d{1,16}$/.test(cursor.id)) throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", [{ field: "cursor", message: "Not a cursor from this API." }]);
  const rows = await deps.stores.dashboard.listThreads(site.id, cursor, query.limit, query.waiting ?? false);
  const { page, nextCursor } = pageOf(rows, query.limit, (t) => ({ at: t.createdAt, id: String(t.rowId) }));
  const now = deps.now();
  return {
    threads: page.map((t) => ({
      key: t.key,
      commentCount: t.commentCount,
      pendingCount: t.pendingCount,
      locked: t.locked,
      closed: isClosed(site, t, now),
      createdAt: new Date(t.createdAt).toISOString(),
    })),
    nextCursor,
  };
}

export async function articleSource(deps: ServiceDeps, site: SiteRecord, slug: string): Promise<ArticleSource> {
  const a = await deps.stores.articles.get(site.id, slug);
  if (!a) throw new AppError("ARTICLE_NOT_FOUND", `No article "${slug}" on site "${site.id}".`);
  return {
    slug: a.slug,
    title: a.title,
    body: a.source,
    author: a.author,
    publishedAt: new Date(a.publishedAt).toISOString(),
    image: a.image,
    links: a.links,
    url: a.url ?? null,
  };
}

/** The document tree the worker would store for this markdown: the same renderer as a publish, nothing written. */
export function preview(input: PreviewInput): Preview {
  return { body: renderMarkdown(input.body, { article: input.kind === "article" }) };
}
