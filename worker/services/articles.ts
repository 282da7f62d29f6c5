// Articles: publish from markdown (rendered on write), read with the thread's live count, list, delete.
import type { PutArticleInput } from "../contract/schemas";
import type { Article, ArticleList, ArticleSummary } from "../contract/types";
import { decodeCursor, pageOf } from "../lib/cursor";
import { AppError } from "../lib/errors";
import type { ArticleRecord, ArticleSummaryRecord, SiteRecord } from "../storage/types";
import { auditEntry } from "./audit";
import { cached, scopes } from "./cache";
import { isClosed } from "./comments";
import type { ServiceDeps } from "./context";
import { newEvent, ownerActor } from "./events";
import { ARTICLE_RENDERER_VERSION, renderMarkdown } from "./markdown";

function toSummary(a: ArticleSummaryRecord): ArticleSummary {
  return { slug: a.slug, title: a.title, author: a.author, publishedAt: new Date(a.publishedAt).toISOString(), image: a.image };
}

/** What the audit log keeps of an article: its listing fields, never the body. */
const auditView = (a: ArticleRecord) => ({ title: a.title, author: a.author, publishedAt: new Date(a.publishedAt).toISOString(), image: a.image });

/** Whether a PUT would store what is stored already, rendered by this renderer. */
const sameArticle = (a: ArticleRecord, b: ArticleRecord) =>
  a.rendererVersion === b.rendererVersion &&
  a.title === b.title &&
  a.author === b.author &&
  a.publishedAt === b.publishedAt &&
  a.image === b.image &&
  (a.url ?? null) === b.url &&
  a.source === b.source &&
  JSON.stringify(a.links) === JSON.stringify(b.links);

/** Publishes or replaces an article; the audit entry (`article.create` or `article.update`) is written with its listing row. */
export async function putArticle(deps: ServiceDeps, site: SiteRecord, slug: string, input: PutArticleInput, actor: string, createOnly = false) {
  const existing = await deps.stores.articles.get(site.id, slug);
  if (createOnly && existing) {
    throw new AppError("ARTICLE_EXISTS", `The site has an article "${slug}" already; send the PUT without If-None-Match to replace it.`);
  }
  const record: ArticleRecord = {
    slug,
    title: input.title,
    author: input.author ?? null,
    // An update without a date keeps the original publication date.
    publishedAt: input.publishedAt ? Date.parse(input.publishedAt) : (existing?.publishedAt ?? deps.now()),
    image: input.image ?? null,
    links: input.links ?? [],
    url: input.url ?? null,
    source: input.body,
    tree: renderMarkdown(input.body, { article: true }),
    rendererVersion: ARTICLE_RENDERER_VERSION,
    updatedAt: deps.now(),
  };
  // The same article sent again (a publish script run twice) is left alone: no write, audit entry or event.
  if (existing && sameArticle(existing, record)) return { article: await articleView(deps, site, slug, existing), created: false };
  const published = newEvent(deps, site, "article.published", ownerActor(actor), {
    thread: slug,
    slug,
    title: record.title,
    publishedAt: new Date(record.publishedAt).toISOString(),
    created: !existing,
  });
  const audit = auditEntry(deps, site, {
    actor,
    action: existing ? "article.update" : "article.create",
    targetType: "article",
    targetId: slug,
    before: existing ? auditView(existing) : null,
    after: auditView(record),
  });
  await deps.stores.articles.put(site.id, record, [audit], [published]);
  return { article: await articleView(deps, site, slug, record), created: !existing };
}

/** One article, through the cache: keyed by the site's settings and the article thread's version. */
export async function getArticle(deps: ServiceDeps, site: SiteRecord, slug: string): Promise<Article> {
  const [settings, thread] = await Promise.all([
    deps.cache.version(scopes.settings(site.id)),
    deps.cache.version(scopes.thread(site.id, slug)),
  ]);
  return cached(deps.cache, `article/${site.id}/${settings}/${thread}/${slug}`, () => articleView(deps, site, slug));
}

/** One article with its thread's count and lock; stale renders are redone from the stored source. */
async function articleView(deps: ServiceDeps, site: SiteRecord, slug: string, known?: ArticleRecord): Promise<Article> {
  const [stored, thread] = await Promise.all([
    known ?? deps.stores.articles.get(site.id, slug),
    deps.stores.threads.get(site.id, slug),
  ]);
  if (!stored) throw new AppError("ARTICLE_NOT_FOUND", `No article "${slug}" on site "${site.id}".`);
  const tree = stored.rendererVersion === ARTICLE_RENDERER_VERSION ? stored.tree : renderMarkdown(stored.source, { article: true });
  return { ...toSummary(stored), body: tree, links: stored.links, url: stored.url ?? null, commentCount: thread.commentCount, locked: thread.locked, closed: isClosed(site, thread, deps.now()) };
}

/**
 * A page of the site's articles, newest first: cached like the article under the site's comments version, which
 * every article's publish and delete makes new (their events), so a warm list reads no D1 row.
 */
export async function listArticles(deps: ServiceDeps, site: SiteRecord, query: { limit: number; cursor?: string }): Promise<ArticleList> {
  const version = await deps.cache.version(scopes.comments(site.id));
  return cached(deps.cache, `articles/${site.id}/${version}/${query.limit}/${query.cursor ?? ""}`, async () => {
    const rows = await deps.stores.articles.list(site.id, decodeCursor(query.cursor), query.limit);
    const { page, nextCursor } = pageOf(rows, query.limit, (a) => ({ at: a.publishedAt, id: a.slug }));
    return { articles: page.map(toSummary), nextCursor };
  });
}

export async function deleteArticle(deps: ServiceDeps, site: SiteRecord, slug: string, actor: string): Promise<void> {
  const existing = await deps.stores.articles.get(site.id, slug);
  if (!existing) throw new AppError("ARTICLE_NOT_FOUND", `No article "${slug}" on site "${site.id}".`);
  await deps.stores.articles.delete(
    site.id,
    slug,
    [auditEntry(deps, site, { actor, action: "article.delete", targetType: "article", targetId: slug, before: auditView(existing), after: null })],
    [newEvent(deps, site, "article.deleted", ownerActor(actor), { thread: slug, slug })],
  );
}
