// Comments: posting (validated, ban- and lock-checked, idempotent, one transaction) and reading a thread page
// as a reply tree, with pinned comments first, tombstones for deleted comments that have replies, and the
// reader's own unpublished comments.
import type { PostCommentInput, ThreadQuery } from "../contract/schemas";
import type { PublicComment, RepliesPage, ThreadPage } from "../contract/types";
import { keyedHash, randomToken, sha256Hex, tokenMatchesHash } from "../lib/crypto";
import { byCreation, decodeCursor, pageOf } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { changeOf } from "../storage/comments";
import type { CommentRecord, SiteRecord, ThreadRecord } from "../storage/types";
import type { ServiceDeps } from "./context";
import { cached, scopes } from "./cache";
import { aboutComment, newEvent, type DomainEvent } from "./events";
import { fingerprint } from "./fingerprint";
import { checkFormToken, issueFormToken } from "./form-token";
import { checkDuplicate, checkHoneypot, checkRateCounts, judge, rateChecks, rateWindow } from "./spam";
import { checkTurnstile } from "./turnstile";
import { RENDERER_VERSION, renderMarkdown } from "./markdown";

const DAY_MS = 86_400_000;

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
    pinned: c.pinned,
    votes: deleted ? 0 : c.votes,
    replies: [],
    moreReplies: null,
  };
}

/** What a shadow-banned author is shown: what their comment would have been without the ban. */
function shadowStatus(c: CommentRecord): "published" | "pending" {
  return c.moderationReason?.startsWith("shadow-ban (") ? "pending" : "published";
}

/** Whether a thread takes no new comments: locked by the owner, or past the site's auto-close age. */
export function isClosed(site: SiteRecord, thread: ThreadRecord, now: number): boolean {
  const days = site.settings.autoCloseDays;
  return thread.locked || (days !== null && thread.openedAt !== null && now > thread.openedAt + days * DAY_MS);
}

/** A tombstone stays only while something visible hangs under it. */
function prune(list: PublicComment[]): PublicComment[] {
  return list.filter((c) => {
    c.replies = prune(c.replies);
    return c.status !== "deleted" || c.replies.length > 0;
  });
}

/** Nests replies under their parents (pinned first among siblings); orphans hang under their top-level comment. */
function buildTree(roots: CommentRecord[], replies: CommentRecord[]): PublicComment[] {
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
  return prune(top);
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

/** Replies shown under one top-level comment per page; more come through `listMoreReplies`. */
export const REPLIES_PER_ROOT = 50;

/** The next replies of a long reply chain, flat and oldest first. */
export async function listMoreReplies(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  rootId: string,
  query: { cursor?: string; limit: number },
): Promise<RepliesPage> {
  const root = await deps.stores.comments.get(site.id, rootId);
  if (!root || root.threadKey !== threadKey || root.parentId !== null) {
    throw new AppError("COMMENT_NOT_FOUND", `No top-level comment "${rootId}" in this thread.`);
  }
  const cursor = decodeCursor(query.cursor) ?? { at: 0, id: "" };
  const rows = await deps.stores.comments.listMoreReplies(site.id, rootId, cursor, query.limit);
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  // A reply that is not published shows as a tombstone here too (the client drops empty ones).
  return { replies: page.map((r) => toPublicComment(r)), nextCursor };
}

/** The part of a thread page every reader sees alike: the one that may be cached and shared. */
async function publicThreadPage(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<PublicThreadPage> {
  const cursor = decodeCursor(query.cursor);
  const { comments, threads } = deps.stores;
  const [thread, rows, pinned] = await Promise.all([
    threads.get(site.id, threadKey),
    comments.listRoots(site.id, threadKey, { sort: query.sort, cursor, limit: query.limit }),
    cursor ? [] : comments.listPinnedRoots(site.id, threadKey),
  ]);
  const { page, nextCursor } = pageOf(rows, query.limit, (r) => ({
    ...(query.sort === "top" ? { score: r.votes } : {}),
    ...byCreation(r),
  }));
  const roots = [...pinned, ...page];
  const repliesByRoot = await comments.listReplies(
    site.id,
    roots.map((r) => r.id),
    REPLIES_PER_ROOT,
  );
  const more = new Map<string, string>();
  const replies = [...repliesByRoot].flatMap(([rootId, rows]) => {
    const { page: shown, nextCursor: moreReplies } = pageOf(rows, REPLIES_PER_ROOT, byCreation);
    if (moreReplies) more.set(rootId, moreReplies);
    return shown;
  });
  const tree = buildTree(roots, replies);
  for (const c of tree) c.moreReplies = more.get(c.id) ?? null;
  return {
    thread: { key: threadKey, locked: thread.locked, closed: isClosed(site, thread, deps.now()) },
    sort: query.sort,
    comments: tree,
    nextCursor,
    total: thread.commentCount,
  };
}

/** The cache key of a thread page: the site's settings version, the thread's version and the query. */
async function threadPageKey(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<string> {
  const [settings, thread] = await Promise.all([
    deps.cache.version(scopes.settings(site.id)),
    deps.cache.version(scopes.thread(site.id, threadKey)),
  ]);
  const q = new URLSearchParams({ sort: query.sort, limit: String(query.limit), cursor: query.cursor ?? "" });
  return `thread/${site.id}/${settings}/${thread}/${encodeURIComponent(threadKey)}?${q}`;
}

/**
 * A thread page: the shared public part (cached), plus what is this reader's alone, computed per request:
 * a fresh form token and their own comments awaiting moderation (never cached).
 */
export async function listThread(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  query: ThreadQuery,
  claims: OwnClaim[] = [],
): Promise<ThreadPage> {
  const [page, own, formToken] = await Promise.all([
    threadPageKey(deps, site, threadKey, query).then((key) => cached(deps.cache, key, () => publicThreadPage(deps, site, threadKey, query))),
    ownHidden(deps, site, threadKey, claims),
    issueFormToken(deps, site, threadKey),
  ]);
  return { ...page, own, formToken };
}

/** Edit tokens of idempotent posts are derived from the key, so a retry can hand back the same token. */
async function editTokenFor(deps: ServiceDeps, site: SiteRecord, idempotencyKey: string | undefined): Promise<string> {
  return idempotencyKey ? `pe_${await keyedHash(deps.secret, "edit-token", `${site.id}:${idempotencyKey}`)}` : `pe_${randomToken(32)}`;
}

function sameSubmission(existing: CommentRecord, threadKey: string, input: PostCommentInput): boolean {
  return (
    existing.threadKey === threadKey &&
    existing.parentId === (input.parentId ?? null) &&
    existing.bodySource === input.body &&
    existing.authorName === input.authorName
  );
}

async function replay(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, existing: CommentRecord) {
  if (!sameSubmission(existing, threadKey, input)) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different comment.");
  }
  return {
    comment: toPublicComment(existing, "author"),
    editToken: await editTokenFor(deps, site, input.idempotencyKey),
    replayed: true,
  };
}

/** Request facts a post is judged by besides its body. */
export interface PostMeta {
  ip: string | null;
  /** The worker's own hostname: a Turnstile challenge solved on it counts as solved on the site. */
  host?: string | null;
}

/**
 * Posts a comment. Every control runs here, in this order: idempotent replay, honeypot, rate limits,
 * form token (fill time, replay), Turnstile, bans, thread state, parent, duplicates; then the holds decide
 * the status, and one D1 batch writes the comment and its thread's count.
 */
export async function postComment(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, meta: PostMeta) {
  const { comments, threads, bans } = deps.stores;
  if (input.idempotencyKey) {
    const existing = await comments.findByIdempotencyKey(site.id, input.idempotencyKey);
    if (existing) return replay(deps, site, threadKey, input, existing);
  }
  checkHoneypot(input.website);
  const who = await fingerprint(deps, { ip: meta.ip, email: input.authorEmail, name: input.authorName });
  const formNonce = await checkFormToken(deps, site, threadKey, input.formToken);
  await checkTurnstile(deps, site, input.turnstileToken, meta);

  const now = deps.now();
  const [thread, parent, ban] = await Promise.all([
    threads.get(site.id, threadKey),
    input.parentId ? comments.get(site.id, input.parentId) : null,
    bans.findActive(site.id, who, now),
  ]);
  if (ban?.mode === "visible") throw new AppError("BANNED", "You can no longer comment on this site.");
  if (isClosed(site, thread, now)) throw new AppError("THREAD_LOCKED", "This thread is closed for new comments.");
  if (input.parentId && (!parent || parent.threadKey !== threadKey || parent.status !== "published")) {
    throw new AppError("PARENT_NOT_FOUND", "The comment you are replying to does not exist in this thread.", [
      { field: "parentId", message: "No such comment in this thread." },
    ]);
  }
  await checkDuplicate(deps, site, who, input.body);

  const tree = renderMarkdown(input.body, { article: false });
  const verdict = await judge(deps, site, { body: input.body, tree, authorName: input.authorName, who, shadowBanned: ban?.mode === "shadow", isEdit: false });
  const editToken = await editTokenFor(deps, site, input.idempotencyKey);
  const record: CommentRecord = {
    id: randomToken(12),
    siteId: site.id,
    threadKey,
    parentId: parent?.id ?? null,
    rootId: parent ? (parent.rootId ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    authorName: input.authorName,
    authorEmail: input.authorEmail ?? null,
    bodySource: input.body,
    bodyTree: tree,
    rendererVersion: RENDERER_VERSION,
    status: verdict.status,
    editTokenHash: await sha256Hex(editToken),
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
    updatedAt: now,
    pinned: false,
    editedBy: null,
    shadow: verdict.shadow,
    statusBeforeDelete: null,
    ipHash: who.ipHash,
    emailHash: who.emailHash,
    formNonce,
    moderationReason: verdict.reason,
    votes: 0,
  };

  // Rate limits are counted in the comment's own write batch, so only posts that got past the form token
  // and Turnstile count: failed bot attempts from an IP pool cannot lock real readers out.
  const checks = rateChecks(site, threadKey, who.ipHash);
  const { inserted, counts } = await comments.insert(record, {
    rateLimits: { checks, window: rateWindow(now) },
    events: [postedEvent(deps, site, record)],
  });
  checkRateCounts(checks, counts, now);
  if (!inserted) {
    // Lost a race with a concurrent request carrying the same key: answer with the winner's comment.
    const winner = input.idempotencyKey ? await comments.findByIdempotencyKey(site.id, input.idempotencyKey) : null;
    if (winner) return replay(deps, site, threadKey, input, winner);
    throw new AppError("FORM_TOKEN_INVALID", "This form was already used: reload the page to comment again.");
  }
  return { comment: toPublicComment(record, "author"), editToken, replayed: false };
}

/** What a new comment announces: published, held for moderation, or filtered as spam. */
function postedEvent(deps: ServiceDeps, site: SiteRecord, c: CommentRecord): DomainEvent {
  const author = { kind: "author" } as const;
  if (c.status === "pending") return newEvent(deps, site, "comment.pending", author, aboutComment(c));
  if (c.status === "spam") return newEvent(deps, site, "comment.spam", author, { ...aboutComment(c), previousStatus: null });
  return newEvent(deps, site, "comment.created", author, aboutComment(c));
}

/** Loads a reader's own comment and checks the edit token and the edit window. */
async function ownComment(deps: ServiceDeps, site: SiteRecord, id: string, token: string | null): Promise<CommentRecord> {
  const comment = await deps.stores.comments.get(site.id, id);
  if (!comment) throw new AppError("COMMENT_NOT_FOUND", `No comment "${id}" on this site.`);
  if (!token || !(await tokenMatchesHash(token, comment.editTokenHash))) {
    throw new AppError("UNAUTHORIZED", "Send this comment's edit token as 'Authorization: Bearer <token>'.");
  }
  if (comment.status === "deleted" || comment.status === "rejected" || (comment.status === "spam" && !comment.shadow)) {
    throw new AppError("INVALID_STATE", "This comment can no longer be changed.");
  }
  const windowMs = site.settings.editWindowMinutes * 60_000;
  if (deps.now() >= comment.createdAt + windowMs) {
    throw new AppError("EDIT_WINDOW_CLOSED", `Comments can be changed for ${site.settings.editWindowMinutes} minutes after posting.`);
  }
  return comment;
}

/** A reader edits their own comment within the edit window; every content check runs again. */
export async function editOwnComment(
  deps: ServiceDeps,
  site: SiteRecord,
  id: string,
  token: string | null,
  input: { body: string; turnstileToken?: string },
  meta: PostMeta,
): Promise<PublicComment> {
  const comment = await ownComment(deps, site, id, token);
  if (isClosed(site, await deps.stores.threads.get(site.id, comment.threadKey), deps.now())) {
    throw new AppError("THREAD_LOCKED", "This thread is closed; its comments can no longer be edited.");
  }
  await checkTurnstile(deps, site, input.turnstileToken, meta);
  const who = await fingerprint(deps, { ip: meta.ip, email: comment.authorEmail, name: comment.authorName });
  const ban = await deps.stores.bans.findActive(site.id, who, deps.now());
  if (ban?.mode === "visible") throw new AppError("BANNED", "You can no longer comment on this site.");
  const tree = renderMarkdown(input.body, { article: false });
  const verdict = await judge(deps, site, {
    body: input.body,
    tree,
    authorName: comment.authorName,
    who,
    shadowBanned: comment.shadow || ban?.mode === "shadow",
    isEdit: true,
  });
  // An edit can hold a published comment again, but never publishes a held one.
  const status = comment.status === "published" ? verdict.status : comment.status;
  const change = {
    ...changeOf(comment),
    status,
    shadow: comment.shadow || verdict.shadow,
    moderationReason: status === comment.status ? comment.moderationReason : verdict.reason,
    bodySource: input.body,
    bodyTree: tree,
    rendererVersion: RENDERER_VERSION,
    editedBy: "author" as const,
    updatedAt: deps.now(),
  };
  const edited = { ...comment, ...change };
  const events: DomainEvent[] = [newEvent(deps, site, "comment.edited", { kind: "author" }, { ...aboutComment(edited), by: "author" })];
  // An edit that holds a published comment again announces that too.
  if (status === "pending" && comment.status !== "pending") events.push(newEvent(deps, site, "comment.pending", { kind: "author" }, aboutComment(edited)));
  if (status === "spam" && comment.status !== "spam") {
    events.push(newEvent(deps, site, "comment.spam", { kind: "author" }, { ...aboutComment(edited), previousStatus: comment.status }));
  }
  await deps.stores.commit([deps.stores.comments.applyChanges(site.id, [change], [comment.threadKey])], events);
  return toPublicComment(edited, "author");
}

/** A reader deletes their own comment within the edit window; one with replies leaves a tombstone. */
export async function deleteOwnComment(deps: ServiceDeps, site: SiteRecord, id: string, token: string | null): Promise<void> {
  const comment = await ownComment(deps, site, id, token);
  const change = { ...changeOf(comment), status: "deleted" as const, pinned: false, statusBeforeDelete: comment.status, updatedAt: deps.now() };
  const deleted = newEvent(deps, site, "comment.deleted", { kind: "author" }, { ...aboutComment({ ...comment, ...change }), previousStatus: comment.status });
  await deps.stores.commit([deps.stores.comments.applyChanges(site.id, [change], [comment.threadKey])], [deleted]);
}

/** Counts for many threads: one query, cached until any comment on the site changes. */
export async function countThreads(deps: ServiceDeps, site: SiteRecord, keys: string[]): Promise<Record<string, number>> {
  const version = await deps.cache.version(scopes.comments(site.id));
  const key = `counts/${site.id}/${version}/${await sha256Hex(JSON.stringify([...keys].sort()))}`;
  return cached(deps.cache, key, () => deps.stores.threads.counts(site.id, keys));
}
