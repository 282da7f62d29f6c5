// Shared steps for the owner and moderation tests: a site with the posting checks out of the way, posting as a
// particular reader, moderation calls and reading a thread as a reader. Harness imports come from ./helpers only.
import { expect } from "vitest";
import { call, createSite, json, threadPath } from "./helpers";

/** Rate limits off, so that a test may post as often as it needs; the other settings are a new site's defaults. */
const NO_RATE_LIMITS = { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 };

/** A new site whose owner token is returned, with rate limits off and the given settings. */
export function createOwnedSite(settings: Record<string, unknown> = {}) {
  return createSite({ rateLimits: NO_RATE_LIMITS, ...settings });
}

let bodyCounter = 0;
/** A comment text no other comment in this file has, so that duplicate checks never interfere. */
export function uniqueBody(label = "Comment"): string {
  bodyCounter += 1;
  return `${label} number ${bodyCounter}`;
}

export interface Poster {
  authorName?: string;
  authorEmail?: string;
  ip?: string;
  parentId?: string;
  body?: string;
}

/** The raw response of a comment POST made as one reader; the IP travels as Cloudflare's CF-Connecting-IP. */
export function postAs(site: string, thread: string, poster: Poster = {}): Promise<Response> {
  const { ip, body, authorName, ...rest } = poster;
  return call(threadPath(site, thread), {
    method: "POST",
    headers: ip ? { "CF-Connecting-IP": ip } : {},
    body: { body: body ?? uniqueBody(), authorName: authorName ?? "Reader", ...rest },
  });
}

/** Posts as one reader and expects 201; returns the comment and its edit token. */
export async function post(site: string, thread: string, poster: Poster = {}): Promise<{ comment: any; editToken: string }> {
  const res = await postAs(site, thread, poster);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}

/** One moderation action through POST /moderation/comments/{id}/{action}; returns `{comment, changed}`. */
export function act(site: string, token: string, id: string, action: string, status = 200): Promise<{ comment: any; changed: boolean }> {
  return json(`/sites/${site}/moderation/comments/${id}/${action}`, status, { method: "POST", token });
}

/** Deletes a comment as the owner; returns `{comment, changed}`. */
export function remove(site: string, token: string, id: string, status = 200): Promise<{ comment: any; changed: boolean }> {
  return json(`/sites/${site}/moderation/comments/${id}`, status, { method: "DELETE", token });
}

/** One bulk action; returns `{updated, unchanged, notFound, invalid}`. */
export function bulk(site: string, token: string, ids: string[], action: string): Promise<any> {
  return json(`/sites/${site}/moderation/bulk`, 200, { method: "POST", token, body: { ids, action } });
}

/** One page of the moderation queue; `query` is a query string without the `?`. */
export function queue(site: string, token: string, query = ""): Promise<{ comments: any[]; nextCursor: string | null; counts: Record<string, number> }> {
  return json(`/sites/${site}/moderation/comments${query ? `?${query}` : ""}`, 200, { token });
}

/** Every page of the moderation queue, followed through `nextCursor`. */
export async function queueAll(site: string, token: string, query = ""): Promise<{ comments: any[]; pages: number }> {
  const comments: any[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const sep: string = query ? "&" : "";
    const page = await queue(site, token, `${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`);
    comments.push(...page.comments);
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor && pages < 50);
  return { comments, pages };
}

/** The queue entry of one comment, found by id across every status. */
export async function queueEntry(site: string, token: string, id: string): Promise<any> {
  const { comments } = await queueAll(site, token, "limit=100");
  return comments.find((c) => c.id === id);
}

/** Reads a thread page as a reader; `own` is sent as `X-Parley-Own`. */
export function readThread(site: string, thread: string, options: { query?: string; own?: string } = {}): Promise<any> {
  return json(`${threadPath(site, thread)}${options.query ? `?${options.query}` : ""}`, 200, {
    headers: options.own ? { "X-Parley-Own": options.own } : {},
  });
}

/** Every comment of a thread tree, depth first, in the order a reader sees them. */
export function flatten(comments: any[]): any[] {
  return comments.flatMap((c) => [c, ...flatten(c.replies ?? [])]);
}

/** Ids of a tree, depth first. */
export const idsOf = (comments: any[]): string[] => flatten(comments).map((c) => c.id);

/** The published count of a thread as the three public places report it: thread total, counts, and the article. */
export async function publicCounts(site: string, thread: string, options: { article?: boolean } = {}) {
  const page = await readThread(site, thread);
  const { counts } = await json<{ counts: Record<string, number> }>(`/sites/${site}/counts?threads=${encodeURIComponent(thread)}`, 200);
  const article = options.article ? (await json<any>(`/sites/${site}/articles/${thread}`, 200)).commentCount : undefined;
  return { total: page.total as number, counts: counts[thread], ...(options.article ? { article } : {}) };
}

/** Waits a few milliseconds, so that the next write gets a later timestamp than the last one. */
export function tick(ms = 3): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
