// Comments as readers see them: a thread page as a reply tree, with pinned comments first, tombstones for
// deleted comments that have replies, and the reader's own unpublished comments; counts and the thread feed.
// Posting lives in ./posting, a reader's edits in ./reader-edits.
import { DAY_MS } from "../contract/dates";
import type { ThreadQuery } from "../contract/schemas";
import type { PublicComment, ThreadPage } from "../contract/types";
import { sha256Hex, tokenMatchesHash } from "../lib/crypto";
import { LIMITS } from "../contract/limits";
import { byCreation, decodeCursor, encodeCursor, pageOf, type Cursor } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { StaleWriteError, type CommentRecord, type SiteRecord, type ThreadRecord } from "../storage/types";
import type { ServiceDeps } from "./context";
import { cached, cachedJson, scopes } from "./cache";
import { issueFormToken } from "./form-token";
import { RENDERER_VERSION, renderMarkdown } from "./markdown";

/**
 * The view of a comment for readers (`public`) or for its author (`author`): never the email, token hash,
 * idempotency key or fingerprints. A deleted comment is a tombstone; a shadow-banned author sees "published".
 */
export function toPublicComment(c: CommentRecord, view: "public" | "author" = "public"): PublicComment {
  // Readers see a comment that is not published only as a tombstone holding its replies in place.
  const deleted = c.status === "deleted" || (view === "public" && c.status !== "published");
  return {
    id: c.id,
    parentId: c.parentId,
    authorName: deleted ? "" : c.authorName,
    // Trees made by an older renderer are redone from the author's original text.
    body: deleted ? [] : c.rendererVersion === RENDERER_VERSION ? c.bodyTree : renderMarkdown(c.bodySource, { article: false }),
    createdAt: new Date(c.createdAt).toISOString(),
    editedAt: c.editedBy && !deleted ? new Date(c.updatedAt).toISOString() : null,
    editedBy: deleted ? null : c.editedBy,
    status: deleted ? "deleted" : view === "author" && c.shadow ? shadowStatus(c) : c.status,
    pinned: !deleted && c.pinned,
    votes: deleted ? 0 : c.votes,
    replies: [],
    moreReplies: null,
  };
}

/** What a shadow-banned author is shown: what their comment would have been without the ban. */
function shadowStatus(c: CommentRecord): "published" | "pending" {
  return c.moderationReason?.startsWith("shadow-ban (") ? "pending" : "published";
}

/**
 * Runs `attempt`, which reads the comments it decides on and then commits its changes, again when one of them
 * changed between that read and the write (StaleWriteError: nothing was written). After three such attempts,
 * 409 COMMENT_CHANGED.
 */
export async function retryIfStale<T>(attempt: (fresh: boolean) => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt(i > 1);
    } catch (err) {
      if (!(err instanceof StaleWriteError)) throw err;
      if (i === 3) throw new AppError("COMMENT_CHANGED", "The comment changed again while this was being done; nothing was changed. Try again.");
    }
  }
}

/** Whether a thread takes no new comments: locked by the owner, or past the site's auto-close age. */
export function isClosed(site: SiteRecord, thread: Pick<ThreadRecord, "locked" | "openedAt">, now: number): boolean {
  const days = site.settings.autoCloseDays;
  return thread.locked || (days !== null && thread.openedAt !== null && now > thread.openedAt + days * DAY_MS);
}

/**
 * A tombstone stays only while something visible hangs under it, or, at the top, while replies to it are still to
 * come (`more`: its replies did not fit the page's budget, and its `moreReplies` cursor brings them).
 */
function prune(list: PublicComment[], more?: Map<string, string>): PublicComment[] {
  return list.filter((c) => {
    c.replies = prune(c.replies);
    return c.status !== "deleted" || c.replies.length > 0 || !!more?.has(c.id);
  });
}

/**
 * Nests replies under their parents (pinned first among siblings); orphans hang under their top-level comment. Each
 * top-level comment takes its cursor to more replies from `more`.
 */
function buildTree(roots: CommentRecord[], replies: CommentRecord[], more = new Map<string, string>()): PublicComment[] {
  const byId = new Map<string, PublicComment>();
  const top = roots.map((r) => {
    const view = toPublicComment(r);
    byId.set(r.id, view);
    return view;
  });
  // Two passes: a reply may sort before its parent (same millisecond, smaller id).
  const views = replies.map((reply) => {
    const view = toPublicComment(reply);
    byId.set(reply.id, view);
    return { reply, view };
  });
  for (const { reply, view } of views) {
    const parent = byId.get(reply.parentId ?? "") ?? byId.get(reply.rootId ?? "");
    parent?.replies.push(view);
  }
  for (const view of byId.values()) view.replies.sort((a, b) => Number(b.pinned) - Number(a.pinned));
  for (const c of top) c.moreReplies = more.get(c.id) ?? null;
  return prune(top, more);
}

export interface OwnClaim {
  id: string;
  token: string;
}

/** The reader's own comments that only they may see, each proven by its edit token. */
async function ownHidden(deps: ServiceDeps, site: SiteRecord, threadKey: string, claims: OwnClaim[]): Promise<PublicComment[]> {
  if (claims.length === 0) return [];
  const tokens = new Map(claims.map((c) => [c.id, c.token]));
  const rows = await deps.stores.comments.listByIds(site.id, threadKey, [...tokens.keys()]);
  const own: PublicComment[] = [];
  for (const row of rows) {
    const hidden = row.status === "pending" || (row.status === "spam" && row.shadow);
    if (hidden && (await tokenMatchesHash(tokens.get(row.id) ?? "", row.editTokenHash))) own.push(toPublicComment(row, "author"));
  }
  return own;
}

type PublicThreadPage = Omit<ThreadPage, "own" | "formToken">;

/** The leading items that `fits` accepts, stopping at the first it refuses. */
function fitting<T>(items: T[], fits: (item: T, index: number) => boolean): T[] {
  const refused = items.findIndex((item, i) => !fits(item, i));
  return refused === -1 ? items : items.slice(0, refused);
}

/** What a comment adds to a page's JSON: its stored tree, its name, and the fields around them. */
const COMMENT_OVERHEAD_BYTES = 300;

/** The bytes a comment counts against its page's budget, from its stored tree's length and its name. */
export const pageBytes = (treeBytes: number, authorName: string) => treeBytes + authorName.length + COMMENT_OVERHEAD_BYTES;

/** Counts a page's bytes as comments are added; `take` refuses one that would pass the budget unless forced. */
class PageBudget {
  private used = 0;
  constructor(private readonly limit: number) {}

  take(c: CommentRecord, force: boolean): boolean {
    const bytes = pageBytes(c.treeBytes ?? JSON.stringify(c.bodyTree).length, c.authorName);
    if (!force && this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
}

/** Replies shown under one top-level comment per page; more come through `listMoreReplies` (./reply-chains). */
export const REPLIES_PER_ROOT = 50;

/**
 * The published comments listed from the thread's start to the end of this page (its roots and every reply read
 * under them), when that is known: `before` counted the earlier pages (0 on the first, null when unknown), every
 * root here came with all its replies, and the thread's published count is not below it. Every published
 * comment of the thread beyond that hangs under (or is) a listed top-level comment after this page, so more
 * follow exactly when the count is higher: no row ahead needs reading. Null when it is not known.
 */
function countedSoFar(before: number | null, thread: ThreadRecord, roots: CommentRecord[], replies: CommentRecord[]): number | null {
  if (before === null || !roots.every((r) => r.replyCount !== undefined && r.replyCount <= REPLIES_PER_ROOT)) return null;
  const seen = before + [...roots, ...replies].filter((c) => c.status === "published").length;
  return thread.commentCount >= seen ? seen : null;
}

/** Whether a listed top-level comment follows `last`: one row read ahead, when the count cannot tell. */
async function rootAfter(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery, last: CommentRecord) {
  const ahead = await deps.stores.comments.listRoots(site.id, threadKey, { sort: query.sort, cursor: rootPosition(query, last), limit: 1 });
  return ahead.length > 0;
}

/** Where a top-level comment sits in the page's order. */
function rootPosition(query: ThreadQuery, r: CommentRecord): Cursor {
  return { ...(query.sort === "top" ? { score: r.votes } : {}), ...byCreation(r) };
}

/**
 * A page's thread row and top-level comments: `limit` is how many it asked for, `lookAhead` whether one row more
 * came on top to tell whether more follow, and `left` how many listed top-level comments the thread row counts from
 * the page's start on (null when unknown).
 */
interface RootsRead {
  thread: ThreadRecord;
  rows: CommentRecord[];
  pinned: CommentRecord[];
  limit: number;
  lookAhead: boolean;
  left: number | null;
}

/**
 * A first page's top-level comments: the thread row first, then exactly as many listed and pinned ones as it
 * counts (up to the page's limit), so that neither scan runs into the end of its range and pays for the entry past
 * it (another thread's, on a database of many). A thread that counts none costs no scan at all.
 */
async function firstRoots(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<RootsRead> {
  const { comments, threads } = deps.stores;
  const thread = await threads.get(site.id, threadKey);
  const limit = Math.min(query.limit, thread.listedRoots);
  const [rows, pinned] = await Promise.all([
    limit > 0 ? comments.listRoots(site.id, threadKey, { sort: query.sort, cursor: null, limit }) : [],
    thread.pinnedRoots > 0 ? comments.listPinnedRoots(site.id, threadKey, thread.pinnedRoots) : [],
  ]);
  return { thread, rows, pinned, limit, lookAhead: false, left: thread.listedRoots };
}

/**
 * A later page's top-level comments after its cursor, with the thread row (from the cache the first page left it in).
 * While the thread's cache version is the one the cursor was made under, the cursor tells how many follow, and the
 * page asks for no more: the thread's last page then ends by its LIMIT too. Otherwise it asks for a page, and one
 * row ahead when the cursor carries no count of published comments either.
 */
async function laterRoots(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  cursor: Cursor,
  keys: { row: string; version: string },
): Promise<RootsRead> {
  const { comments, threads } = deps.stores;
  const left = cursor.left?.version === keys.version ? cursor.left.roots : null;
  const limit = left === null ? query.limit : Math.min(query.limit, left);
  const lookAhead = !cursor.counted && left === null;
  const [thread, rows] = await Promise.all([
    cached(deps.cache, keys.row, () => threads.get(site.id, threadKey)),
    limit > 0 ? comments.listRoots(site.id, threadKey, { sort: query.sort, cursor, limit: lookAhead ? limit + 1 : limit }) : [],
  ]);
  return { thread, rows, pinned: [], limit, lookAhead, left };
}

/** The part of a thread page every reader sees alike: the one that may be cached and shared. */
async function publicThreadPage(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  versions: string,
): Promise<PublicThreadPage> {
  const cursor = decodeCursor(query.cursor);
  // A cursor of another order (the reader changed the sort and sent the old page's cursor) would read an empty
  // last page: it is refused. Cursors made before they carried their order have none, and are taken as before.
  if (cursor?.sort && cursor.sort !== query.sort) {
    throw new AppError("VALIDATION_FAILED", `The cursor continues the thread in the ${cursor.sort} order, not ${query.sort}.`, [
      { field: "cursor", message: `Continues the ${cursor.sort} order: ask for the first page in the ${query.sort} order.` },
    ]);
  }
  const { comments } = deps.stores;
  // A first page with more after it leaves its thread row in the cache under the same versions as the page; a
  // later page takes it from there, and reads D1 only when a write came in between.
  const rowKey = `thread-row/${site.id}/${versions}/${encodeURIComponent(threadKey)}`;
  const version = versions.slice(versions.indexOf("/") + 1);
  // Whether more follow is told by the thread row's counts, which the page reads anyway: of the listed top-level
  // comments, or of the published comments and those that came before (see countedSoFar). A later page whose
  // cursor carries neither reads one top-level comment ahead.
  const { thread, rows, pinned, limit, lookAhead, left } = cursor
    ? await laterRoots(deps, site, threadKey, query, cursor, { row: rowKey, version })
    : await firstRoots(deps, site, threadKey, query);
  const listed = rows.slice(0, limit);
  // The page's byte budget: pinned comments always show, then top-level comments while they fit (at least
  // one), then replies, root by root, while they fit; what does not fit comes with the next cursors.
  const budget = new PageBudget(LIMITS.threadPageBytes);
  for (const r of pinned) budget.take(r, true);
  const page = fitting(listed, (r, i) => budget.take(r, i === 0));
  const roots = [...pinned, ...page];
  const repliesByRoot = await comments.listReplies(site.id, roots, REPLIES_PER_ROOT);
  const more = new Map<string, string>();
  const replies = [...repliesByRoot].flatMap(([rootId, replyRows]) => {
    const { page: listedReplies, nextCursor: moreReplies } = pageOf(replyRows, REPLIES_PER_ROOT, byCreation);
    const shown = fitting(listedReplies, (r) => budget.take(r, false));
    if (shown.length < listedReplies.length) {
      // Resume right after the last reply shown, or before the first one when none fit.
      const last = shown[shown.length - 1];
      more.set(rootId, encodeCursor(last ? byCreation(last) : { at: listedReplies[0].createdAt - 1, id: "-" }));
    } else if (moreReplies) more.set(rootId, moreReplies);
    return shown;
  });
  const last = page[page.length - 1];
  const before = !cursor ? 0 : cursor.counted?.total === thread.commentCount ? cursor.counted.seen : null;
  const seen = countedSoFar(before, thread, roots, [...repliesByRoot.values()].flat());
  const next = () =>
    encodeCursor({
      sort: query.sort,
      ...rootPosition(query, last),
      ...(seen === null ? {} : { counted: { seen, total: thread.commentCount } }),
      ...(left === null ? {} : { left: { roots: Math.max(0, left - page.length), version } }),
    });
  let nextCursor: string | null = null;
  if (page.length < listed.length) nextCursor = next();
  else if (last && listed.length === limit) {
    // A page the count of listed top-level comments cut short has listed every one there is: it reads no row ahead
    // even when the count of published comments cannot tell (a comment with more replies than a page shows).
    const cutByCount = left !== null && limit < query.limit;
    const follows = lookAhead
      ? rows.length > limit
      : seen === null
        ? !cutByCount && (await rootAfter(deps, site, threadKey, query, last))
        : thread.commentCount > seen;
    if (follows) nextCursor = next();
  }
  if (!cursor && nextCursor) await deps.cache.put(rowKey, thread);
  const tree = buildTree(roots, replies, more);
  return {
    thread: { key: threadKey, locked: thread.locked, closed: isClosed(site, thread, deps.now()) },
    sort: query.sort,
    comments: tree,
    nextCursor,
    total: thread.commentCount,
  };
}

/** What a thread's cached documents are keyed by: the site's settings version and the thread's. */
async function threadVersions(deps: ServiceDeps, site: SiteRecord, threadKey: string): Promise<string> {
  const [settings, thread] = await Promise.all([
    deps.cache.version(scopes.settings(site.id)),
    deps.cache.version(scopes.thread(site.id, threadKey)),
  ]);
  return `${settings}/${thread}`;
}

/** The cache key of a thread page: its versions and the query. */
function threadPageKey(site: SiteRecord, threadKey: string, versions: string, query: ThreadQuery): string {
  // Built by hand: a URLSearchParams per request showed in the warm read's profile.
  const q = `sort=${query.sort}&limit=${query.limit}&cursor=${encodeURIComponent(query.cursor ?? "")}`;
  return `thread/${site.id}/${versions}/${encodeURIComponent(threadKey)}?${q}`;
}

/** A thread page's public part, the same for every reader, read through the cache. */
export async function publicThread(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<PublicThreadPage> {
  const versions = await threadVersions(deps, site, threadKey);
  return cached(deps.cache, threadPageKey(site, threadKey, versions, query), () => publicThreadPage(deps, site, threadKey, query, versions));
}

/**
 * The same public part as the JSON text it is cached as, to be sent on as it is: serializing the whole page for
 * every request was the largest cost of a warm read.
 */
export async function publicThreadJson(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<string> {
  const versions = await threadVersions(deps, site, threadKey);
  return cachedJson(deps.cache, threadPageKey(site, threadKey, versions, query), () => publicThreadPage(deps, site, threadKey, query, versions));
}

/** What is this reader's alone on a thread page, made per request and never cached. */
export interface ReaderPart {
  /** Their own comments awaiting moderation, proven by their edit tokens. */
  own: PublicComment[];
  /** A fresh form token for the next post. */
  formToken: string;
}

export async function readerPart(deps: ServiceDeps, site: SiteRecord, threadKey: string, claims: OwnClaim[]): Promise<ReaderPart> {
  const [own, formToken] = await Promise.all([ownHidden(deps, site, threadKey, claims), issueFormToken(deps, site, threadKey)]);
  return { own, formToken };
}

/** The reader's part of a thread page as the JSON text that ends it: `,"own":…,"formToken":…}`. */
export const readerPartJson = (reader: ReaderPart) => `,"own":${JSON.stringify(reader.own)},"formToken":${JSON.stringify(reader.formToken)}}`;

/** A whole thread page as JSON text: the public part as cached (a JSON object), with the reader's part added. */
export const withReaderPart = (publicJson: string, reader: ReaderPart) => `${publicJson.slice(0, -1)}${readerPartJson(reader)}`;

/** A thread page, as the JSON text of the answer. */
export async function listThreadJson(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  claims: OwnClaim[] = [],
): Promise<string> {
  const [page, reader] = await Promise.all([publicThreadJson(deps, site, threadKey, query), readerPart(deps, site, threadKey, claims)]);
  return withReaderPart(page, reader);
}

/** Counts for many threads: one query, cached until any comment on the site changes. */
export async function countThreads(deps: ServiceDeps, site: SiteRecord, keys: string[]): Promise<Record<string, number>> {
  const version = await deps.cache.version(scopes.comments(site.id));
  const key = `counts/${site.id}/${version}/${await sha256Hex(JSON.stringify([...keys].sort()))}`;
  return cached(deps.cache, key, () => deps.stores.threads.counts(site.id, keys));
}
