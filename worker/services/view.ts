// A reader's whole view of an article, for one request: the site's public profile, the article, and the first
// page of its thread. Each part comes from its own service and cache; only the thread page's reader-specific
// parts (form token, own comments) are made per request. A copy of a view kept in shared HTML carries the page's
// tag, and later asks only for the reader's part, and for the page again if it changed.
import type { ThreadQuery } from "../contract/schemas";
import type { ArticleView, ReaderState, ThreadPage } from "../contract/types";
import { sha256Hex } from "../lib/crypto";
import type { SiteRecord } from "../storage/types";
import { getArticle } from "./articles";
import { listThread, type OwnClaim } from "./comments";
import type { ServiceDeps } from "./context";
import { toPublicSite } from "./sites";

/** A short fingerprint of a thread page's shared part: the same for every reader until a comment changes. */
async function tagOf({ formToken, own, ...shared }: ThreadPage): Promise<string> {
  return (await sha256Hex(JSON.stringify(shared))).slice(0, 16);
}

export async function getArticleView(
  deps: ServiceDeps,
  site: SiteRecord,
  slug: string,
  query: ThreadQuery,
  claims: OwnClaim[] = [],
): Promise<ArticleView> {
  const [article, thread] = await Promise.all([getArticle(deps, site, slug), listThread(deps, site, slug, query, claims)]);
  return { site: toPublicSite(site, !!deps.notify?.mailer), article, thread, tag: await tagOf(thread) };
}

/** The reader's part of a thread page, and the page only when its tag is no longer `since`. */
export async function getReaderState(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  since: string | undefined,
  claims: OwnClaim[] = [],
): Promise<ReaderState> {
  const page = await listThread(deps, site, threadKey, query, claims);
  const tag = await tagOf(page);
  return { formToken: page.formToken, own: page.own, tag, thread: tag === since ? null : page };
}
