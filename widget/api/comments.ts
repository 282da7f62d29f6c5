// The thread endpoints: read a page of comments, post one.
import type { PostCommentInput } from "../../worker/contract/schemas";
import type { PostCommentResult, ThreadPage } from "../../worker/contract/types";
import { request, siteUrl } from "./request";

export type Sort = ThreadPage["sort"];

const threadUrl = (api: string | undefined, site: string, thread: string) =>
  `${siteUrl(api, site)}/threads/${encodeURIComponent(thread)}/comments`;

/** GET …/threads/{thread}/comments: one page of top-level comments, replies nested inside. */
export function listComments(
  api: string | undefined,
  site: string,
  thread: string,
  sort: Sort,
  cursor?: string | null,
  signal?: AbortSignal,
) {
  const q = new URLSearchParams({ sort, limit: "20" });
  if (cursor) q.set("cursor", cursor);
  return request<ThreadPage>(`${threadUrl(api, site, thread)}?${q}`, { signal });
}

/** POST …/threads/{thread}/comments. The 201 answer carries the comment and its edit token. */
export const postComment = (api: string | undefined, site: string, thread: string, input: PostCommentInput) =>
  request<PostCommentResult>(threadUrl(api, site, thread), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
