// GET …/threads/{thread}/comments: a page of a thread; and the reads that hold a first page: an article's whole
// view, and the reader's part of a server-rendered copy. The endpoints that write are in comment-writes.ts.
import type { ArticleView, ReaderState, ThreadPage, ThreadView } from "../../worker/contract/types";
import { ownClaims, ownHeader, type Sort } from "./local";
import { request, siteUrl } from "./request";

/** `…/sites/{site}/threads/{thread}` */
const threadBase = (api: string | undefined, site: string, thread: string) => `${siteUrl(api, site)}/threads/${encodeURIComponent(thread)}`;

/** `…/sites/{site}/threads/{thread}/comments` */
export const threadUrl = (api: string | undefined, site: string, thread: string) => `${threadBase(api, site, thread)}/comments`;

/**
 * Claims the reader's comments in a thread (`X-Parley-Own`), so that an answer's `own` holds those only they may
 * see. The header costs a CORS preflight, so it is only sent when there is something to claim.
 */
export function own(site: string, thread: string, signal?: AbortSignal): RequestInit {
  return { signal, headers: ownHeader(ownClaims(site, thread)) };
}

/** GET …/threads/{thread}/comments: one page of top-level comments, replies nested inside; `claim` adds `own`. */
export function listComments(
  api: string | undefined,
  site: string,
  thread: string,
  sort: Sort,
  cursor?: string | null,
  claim?: boolean,
  signal?: AbortSignal,
) {
  const q = new URLSearchParams({ sort });
  if (cursor) q.set("cursor", cursor);
  return request<ThreadPage>(`${threadUrl(api, site, thread)}?${q}`, claim ? own(site, thread, signal) : { signal });
}

/** GET …/articles/{slug}/view: the site, the article and its thread's first page (keyed by the slug), at once. */
export const getView = (api: string | undefined, site: string, slug: string, sort: Sort, signal: AbortSignal) =>
  request<ArticleView>(`${siteUrl(api, site)}/articles/${encodeURIComponent(slug)}/view?sort=${sort}`, own(site, slug, signal));

/** GET …/threads/{thread}/view: the site and the thread's first page (with `own`), at once. */
export const getThreadView = (api: string | undefined, site: string, thread: string, sort: Sort, signal: AbortSignal) =>
  request<ThreadView>(`${threadBase(api, site, thread)}/view?sort=${sort}`, own(site, thread, signal));

/** GET …/threads/{thread}/reader: what a server-rendered copy lacks, and the page only if it changed since `tag`. */
export const readerState = (api: string | undefined, site: string, thread: string, sort: Sort, tag: string) =>
  request<ReaderState>(`${threadBase(api, site, thread)}/reader?sort=${sort}&since=${tag}`, own(site, thread));
