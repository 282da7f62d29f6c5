// GET …/threads/{thread}/comments: a page of a thread. The endpoints that write are in comment-writes.ts.
import type { ThreadPage } from "../../worker/contract/types";
import { ownClaims, type Sort } from "./local";
import { request, siteUrl } from "./request";

/** `…/sites/{site}/threads/{thread}/comments` */
export const threadUrl = (api: string | undefined, site: string, thread: string) =>
  `${siteUrl(api, site)}/threads/${encodeURIComponent(thread)}/comments`;

/**
 * GET …/threads/{thread}/comments: one page of top-level comments, replies nested inside. With `own`, the
 * reader's comments (`X-Parley-Own`) are claimed, so that the answer's `own` holds those only they may see. The
 * header costs a CORS preflight, so it is only sent when there is something to claim.
 */
export function listComments(
  api: string | undefined,
  site: string,
  thread: string,
  sort: Sort,
  cursor?: string | null,
  own?: boolean,
  signal?: AbortSignal,
) {
  const q = new URLSearchParams({ sort, limit: "20" });
  if (cursor) q.set("cursor", cursor);
  const claims = own ? ownClaims(site, thread) : [];
  const headers: HeadersInit = claims.length ? { "x-parley-own": claims.map((c) => `${c.id}:${c.token}`).join() } : {};
  return request<ThreadPage>(`${threadUrl(api, site, thread)}?${q}`, { signal, headers });
}

/** First pages requested ahead of their element, by api, site, thread and sort; each is taken once. */
const early = new Map<string, Promise<ThreadPage>>();
const earlyKey = (...args: unknown[]) => args.join(" ");

/**
 * Starts loading the first page of a thread before its element exists: <parley-article> does when the reader
 * came for the comments, so that the article and its thread load side by side.
 */
export function prefetch(api: string | undefined, site: string, thread: string, sort: Sort) {
  const page = listComments(api, site, thread, sort, null, true);
  page.catch(() => {}); // a failure is reported by the element that takes it, if any does
  early.set(earlyKey(api, site, thread, sort), page);
}

/** The first page of a thread with the reader's own comments: the prefetched one if there is one, else a new request. */
export function firstPage(api: string | undefined, site: string, thread: string, sort: Sort, signal: AbortSignal) {
  const key = earlyKey(api, site, thread, sort);
  const page = early.get(key) ?? listComments(api, site, thread, sort, null, true, signal);
  early.delete(key);
  return page;
}
