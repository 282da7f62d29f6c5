// The endpoints that write to a thread: post a comment, let its author edit or delete it with its edit token, and
// upvote one. Only the thread's lazy chunk uses them.
import type { PostCommentInput } from "../../worker/contract/schemas";
import type { PostCommentResult, PublicComment } from "../../worker/contract/types";
import { threadUrl } from "./comments";
import { ownHeader } from "./local";
import { postClaims } from "./local-extras";
import { request, siteUrl } from "./request";

const commentUrl = (api: string | undefined, site: string, id: string) => `${siteUrl(api, site)}/comments/${encodeURIComponent(id)}`;

/**
 * POST …/threads/{thread}/comments. The 201 answer carries the comment and its edit token. The reader's last
 * comments on the site go along (`X-Parley-Own`, no extra preflight beside the JSON body's): a published one is
 * what lets a site that holds first comments publish theirs at once.
 */
export const postComment = (api: string | undefined, site: string, thread: string, input: PostCommentInput) =>
  request<PostCommentResult>(threadUrl(api, site, thread), {
    method: "POST",
    headers: { "content-type": "application/json", ...ownHeader(postClaims(site, thread)) },
    body: JSON.stringify(input),
  });

/** PATCH …/comments/{id} with the comment's edit token: new text, within the site's edit window. */
export const editComment = (api: string | undefined, site: string, id: string, token: string, input: { body: string; turnstileToken?: string }) =>
  request<{ comment: PublicComment }>(commentUrl(api, site, id), {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });

/** DELETE …/comments/{id} with the comment's edit token (204). One with replies stays as a tombstone. */
export const deleteComment = (api: string | undefined, site: string, id: string, token: string) =>
  request<null>(commentUrl(api, site, id), { method: "DELETE", headers: { authorization: `Bearer ${token}` } });

/** POST …/comments/{id}/votes: `up` upvotes as this reader, `!up` takes the vote back. Answers the new count. */
export const vote = (api: string | undefined, site: string, id: string, readerKey: string, up: boolean) =>
  request<{ votes: number; voted: boolean }>(`${commentUrl(api, site, id)}/votes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ readerKey, up }),
  });
