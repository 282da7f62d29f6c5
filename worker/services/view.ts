// A reader's whole view of an article or a thread, for one request: the site's public profile, the article, and
// the first page of its thread. Each part comes from its own service and cache; only the thread page's
// reader-specific part (form token, own comments) is made per request. A copy of a view kept in shared HTML
// carries the page's tag, and later asks only for the reader's part, and for the page again if it changed.
import type { ThreadQuery } from "../contract/schemas";
import type { ArticleView, ThreadPage } from "../contract/types";
import { sha256Hex } from "../lib/crypto";
import type { SiteRecord } from "../storage/types";
import { getArticle } from "./articles";
import { publicThreadJson, readerPart, withReaderPart, type OwnClaim } from "./comments";
import type { ServiceDeps } from "./context";
import { toPublicSite } from "./sites";

/** A short fingerprint of a thread page's public part (its cached text): the same for every reader until it changes. */
const tagOf = async (publicJson: string) => (await sha256Hex(publicJson)).slice(0, 16);

/** The site's public face, as every view shows it. */
const publicSite = (deps: ServiceDeps, site: SiteRecord) => toPublicSite(site, !!deps.notify?.mailer);

/**
 * A thread's first page with the site's public face (`ThreadView`), as the JSON text of the answer: the thread's
 * cached text is sent on as it is.
 */
export async function threadViewJson(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery, claims: OwnClaim[]): Promise<string> {
  const [page, reader] = await Promise.all([publicThreadJson(deps, site, threadKey, query), readerPart(deps, site, threadKey, claims)]);
  const head = JSON.stringify({ site: publicSite(deps, site), tag: await tagOf(page) });
  return `${head.slice(0, -1)},"thread":${withReaderPart(page, reader)}}`;
}

/** A reader's view of an article (`ArticleView`) as JSON text: the thread view of its slug, with the article. */
export async function articleViewJson(deps: ServiceDeps, site: SiteRecord, slug: string, query: ThreadQuery, claims: OwnClaim[]): Promise<string> {
  const [article, view] = await Promise.all([getArticle(deps, site, slug), threadViewJson(deps, site, slug, query, claims)]);
  return `{"article":${JSON.stringify(article)},${view.slice(1)}`;
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
