// A reader's whole view of an article or a thread, for one request: the site's public profile, the article, and
// the first page of its thread. Each part comes from its own service and cache; only the thread page's
// reader-specific part (form token, own comments) is made per request. A copy of a view kept in shared HTML
// carries the page's tag, and later asks only for the reader's part, and for the page again if it changed.
import type { ThreadQuery } from "../contract/schemas";
import type { ArticleView, ThreadPage } from "../contract/types";
import { sha256Hex } from "../lib/crypto";
import type { SiteRecord } from "../storage/types";
import { getArticle } from "./articles";
import { publicThreadJson, readerPart, readerPartJson, withReaderPart, type OwnClaim, type ReaderPart } from "./comments";
import type { ServiceDeps } from "./context";
import { toPublicSite } from "./sites";

/** A short fingerprint of a thread page's public part (its cached text): the same for every reader until it changes. */
const tagOf = async (publicJson: string) => (await sha256Hex(publicJson)).slice(0, 16);

/** The site's public face, as every view shows it. */
const publicSite = (deps: ServiceDeps, site: SiteRecord) => toPublicSite(site, !!deps.notify?.mailer);

/**
 * A view's JSON text is its shared head (the same for every reader: everything up to the thread page's reader part)
 * followed by the reader's tail (`viewTailJson`). Answers that keep the head (the rendered views) make only the tail
 * per request.
 */
export async function threadViewHead(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<string> {
  const page = await publicThreadJson(deps, site, threadKey, query);
  const head = JSON.stringify({ site: publicSite(deps, site), tag: await tagOf(page) });
  return `${head.slice(0, -1)},"thread":${page.slice(0, -1)}`;
}

/** The shared head of an article's view (`ArticleView`): the thread view's, with the article. */
export async function articleViewHead(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery): Promise<string> {
  const [article, head] = await Promise.all([getArticle(deps, site, slug), threadViewHead(deps, site, slug, query)]);
  return `{"article":${JSON.stringify(article)},${head.slice(1)}`;
}

/** What ends a view's JSON text after its shared head: this reader's part of the thread page. */
const viewTailJson = (reader: ReaderPart) => `${readerPartJson(reader)}}`;

/** This reader's tail of the view of `threadKey` (fresh form token, own comments). */
export async function viewTail(deps: ServiceDeps, site: SiteRecord, threadKey: string, claims: OwnClaim[]): Promise<string> {
  return viewTailJson(await readerPart(deps, site, threadKey, claims));
}

/**
 * A thread's first page with the site's public face (`ThreadView`), as the JSON text of the answer: the thread's
 * cached text is sent on as it is.
 */
export async function threadViewJson(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery, claims: OwnClaim[]): Promise<string> {
  const [head, tail] = await Promise.all([threadViewHead(deps, site, threadKey, query), viewTail(deps, site, threadKey, claims)]);
  return head + tail;
}

/** A reader's view of an article (`ArticleView`) as JSON text: the thread view of its slug, with the article. */
export async function articleViewJson(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery, claims: OwnClaim[]): Promise<string> {
  const [head, tail] = await Promise.all([articleViewHead(deps, site, slug, query), viewTail(deps, site, slug, claims)]);
  return head + tail;
}

/** The view every reader shares (no form token, no own comments): what server-rendered HTML holds. */
export async function sharedArticleView(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery): Promise<ArticleView> {
  const [article, page] = await Promise.all([getArticle(deps, site, slug), publicThreadJson(deps, site, slug, query)]);
  return { site: publicSite(deps, site), article, thread: sharedPage(page), tag: await tagOf(page) };
}

/** A thread page's cached public text as a page that holds nothing of any one reader's. */
const sharedPage = (page: string): ThreadPage => ({ ...JSON.parse(page), own: [], formToken: "" });

/** A thread's first page as every reader shares it (no form token, no own comments), with the site's public face. */
export async function sharedThreadView(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery) {
  const page = await publicThreadJson(deps, site, threadKey, query);
  return { site: publicSite(deps, site), thread: sharedPage(page) };
}

/** The reader's part of a thread page (`ReaderState`) as JSON text, and the page only when its tag is no longer `since`. */
export async function readerStateJson(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  since: string | undefined,
  claims: OwnClaim[],
): Promise<string> {
  const [page, reader] = await Promise.all([publicThreadJson(deps, site, threadKey, query), readerPart(deps, site, threadKey, claims)]);
  const tag = await tagOf(page);
  const head = JSON.stringify({ ...reader, tag });
  return `${head.slice(0, -1)},"thread":${tag === since ? "null" : withReaderPart(page, reader)}}`;
}
