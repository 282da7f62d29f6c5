// GET …/threads/{thread}/comments: a page of a thread. The endpoints that write are in comment-writes.ts.
import type { ThreadPage } from "../../worker/contract/types";
import type { OwnClaim } from "./local";
import { request, siteUrl } from "./request";

export type Sort = ThreadPage["sort"];

/** `…/sites/{site}/threads/{thread}/comments` */
export const threadUrl = (api: string | undefined, site: string, thread: string) =>
  `${siteUrl(api, site)}/threads/${encodeURIComponent(thread)}/comments`;

/**
 * GET …/threads/{thread}/comments: one page of top-level comments, replies nested inside. `own` names the
 * reader's comments (`X-Parley-Own`), so that the answer's `own` holds those only they may see. The header
 * costs a CORS preflight, so it is only sent when there is something to claim.
 */
export function listComments(
  api: string | undefined,
  site: string,
  thread: string,
  sort: Sort,
  own: OwnClaim[] = [],
  cursor?: string | null,
  signal?: AbortSignal,
) {
  const q = new URLSearchParams({ sort, limit: "20" });
  if (cursor) q.set("cursor", cursor);
  const headers: HeadersInit = own.length ? { "x-parley-own": own.map((c) => `${c.id}:${c.token}`).join() } : {};
  return request<ThreadPage>(`${threadUrl(api, site, thread)}?${q}`, { signal, headers });
}
