// A reader's whole view of an article or a thread, for one request: the site's public profile, the article, and
// the first page of its thread. Each part comes from its own service and cache; only the thread page's
// reader-specific part (form token, own comments) is made per request. A copy of a view kept in shared HTML
// carries the page's tag, and later asks only for the reader's part, and for the page again if it changed.
import type { ThreadQuery } from "../contract/schemas";
import type { Article, ArticleView, PublicSite, ThreadPage } from "../contract/types";
import { sha256Hex } from "../lib/crypto";
import type { SiteRecord } from "../storage/types";
import { getArticle } from "./articles";
import { publicThread, publicThreadJson, readerPart, readerPartJson, withReaderPart, type OwnClaim, type ReaderPart } from "./comments";
import type { ServiceDeps } from "./context";
import { toPublicSite } from "./sites";

/** A short fingerprint of a thread page's public part (its cached text): the same for every reader until it changes. */
const tagOf = async (publicJson: string) => (await sha256Hex(publicJson)).slice(0, 16);

/** The site's public face, as every view shows it. */
const publicSite = (deps: ServiceDeps, site: SiteRecord) => toPublicSite(site, !!deps.notify?.mailer);

/**
 * A view's JSON text is its shared head (the same for every reader: everything up to the thread page's reader part,
 * made around the page's cached text) followed by the reader's tail (`viewTailJson`). Answers that keep the head
 * (the rendered views) make only the tail per request. An article's view has its article first.
 */
const headText = (face: PublicSite, tag: string, page: string, article?: Article) =>
  `{${article ? `"article":${JSON.stringify(article)},` : ""}"site":${JSON.stringify(face)},"tag":${JSON.stringify(tag)},"thread":${page.slice(0, -1)}`;

export async function threadViewHead(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<string> {
  const page = await publicThreadJson(deps, site, threadKey, query);
  return headText(publicSite(deps, site), await tagOf(page), page);
}

/** The shared head of an article's view (`ArticleView`): the thread view's, with the article. */
export async function articleViewHead(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery): Promise<string> {
  const [article, page] = await Promise.all([getArticle(deps, site, slug), publicThreadJson(deps, site, slug, query)]);
  return headText(publicSite(deps, site), await tagOf(page), page, article);
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

/** A shared view (what server-rendered HTML holds), with its JSON text's shared head. */
export interface SharedView<V> {
  view: V;
  head: string;
}

/** What ends the JSON text of a shared view, after its head: no own comments, no form token. */
export const SHARED_TAIL = viewTailJson({ own: [], formToken: "" });

/**
 * The view every reader shares (no form token, no own comments): what server-rendered HTML holds, with the head of
 * its JSON text (what answers for one reader end with their own tail, and shared HTML with SHARED_TAIL).
 */
export async function sharedArticleView(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery): Promise<SharedView<ArticleView>> {
  const [article, page] = await Promise.all([getArticle(deps, site, slug), publicThreadJson(deps, site, slug, query)]);
  const [face, tag] = [publicSite(deps, site), await tagOf(page)];
  return { view: { site: face, article, thread: await sharedPage(deps, site, slug, query), tag }, head: headText(face, tag, page, article) };
}

/**
 * A thread page as a page that holds nothing of any one reader's. Read after its text, which a cold read has just
 * cached: the isolate keeps the page it cached, so it is not parsed again (128 KB of JSON at most).
 */
const sharedPage = async (deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<ThreadPage> => ({
  ...(await publicThread(deps, site, threadKey, query)),
  own: [],
  formToken: "",
});

/** A thread's first page as every reader shares it (no form token, no own comments), with the site's public face. */
export async function sharedThreadView(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery) {
  const page = await publicThreadJson(deps, site, threadKey, query);
  const face = publicSite(deps, site);
  return { view: { site: face, thread: await sharedPage(deps, site, threadKey, query) }, head: headText(face, await tagOf(page), page) };
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
