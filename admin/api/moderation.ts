// The moderation endpoints: the queue, one action, bulk actions, moderator edits, thread locks and bans.
import type { BulkAction } from "../../worker/contract/schemas";
import type { AuditEntry, Ban, CommentStatus, ModerationComment, ModerationQueue } from "../../worker/contract/types";
import type { ThreadList } from "../../worker/contract/dashboard";
import { ApiError, call, query, type Session } from "./client";

export type { BulkAction, CommentStatus, ModerationComment };

/** What the queue is narrowed to: a search of the text and names, one author (an exact name or e-mail address), one thread. */
export interface QueueFilter {
  q?: string;
  author?: string;
  thread?: string | null;
}

/** GET …/moderation/comments: one page of the queue for one status, with the count of every status. */
export const listQueue = (s: Session, status: CommentStatus, cursor?: string | null, { q, author, thread }: QueueFilter = {}) =>
  call<ModerationQueue>(s, "GET", `/moderation/comments${query({ status, cursor, q, author, thread, limit: 50 })}`);

export interface Outcome {
  comment: ModerationComment;
  changed: boolean;
}

/**
 * POST …/moderation/comments/{id}/{action}, or DELETE …/moderation/comments/{id} for "delete". With `version` (the
 * comment as the moderator saw it), the API refuses a comment changed since: ApiError COMMENT_CHANGED, see `changedNow`.
 */
export const moderateOne = (s: Session, id: string, action: BulkAction, version?: string) =>
  action === "delete"
    ? call<Outcome>(s, "DELETE", `/moderation/comments/${encodeURIComponent(id)}${query({ version })}`)
    : call<Outcome>(s, "POST", `/moderation/comments/${encodeURIComponent(id)}/${action}${query({ version })}`);

/** The comment as it is now, when `e` is the API's refusal of a comment that changed since its version. */
export function changedNow(e: unknown): ModerationComment | null {
  return e instanceof ApiError && e.code == "COMMENT_CHANGED" ? ((e.body as { comment?: ModerationComment } | null)?.comment ?? null) : null;
}

export interface BulkOutcome {
  updated: ModerationComment[];
  unchanged: string[];
  notFound: string[];
  invalid: string[];
  /** Of `invalid`, the comments a GDPR erase emptied for good. */
  erased: string[];
  /** Of `invalid`, the comments their authors deleted, with their text: they stay deleted. */
  withdrawn: string[];
  /** Of `invalid`, the comments an approve would publish blank (their text shows nothing): edit them first. */
  blank: string[];
  /** The comments left alone because they changed since their version, as they are now. */
  stale: ModerationComment[];
}

/** POST …/moderation/bulk: one action on many comments, in one transaction; `versions` by id, as the moderator saw them. */
export const moderateMany = (s: Session, ids: string[], action: BulkAction, versions: Record<string, string>) =>
  call<BulkOutcome>(s, "POST", "/moderation/bulk", { ids, action, versions });

/** PATCH …/moderation/comments/{id}: the moderator rewrites a comment, as it was at `version`. */
export const editComment = (s: Session, id: string, body: string, version: string) =>
  call<{ comment: ModerationComment }>(s, "PATCH", `/moderation/comments/${encodeURIComponent(id)}${query({ version })}`, { body });

type LockAnswer = { thread: { key: string; locked: boolean; closed: boolean; commentCount: number }; changed: boolean };

/** The locks and unlocks on their way, by thread: a second click meanwhile gets the first one's answer. */
const locking = new Map<string, Promise<LockAnswer>>();

/** PUT …/threads/{thread}: lock or unlock (once for a double click: see locking). */
export function setLocked(s: Session, thread: string, locked: boolean): Promise<LockAnswer> {
  const key = `${locked} ${thread}`;
  let sent = locking.get(key);
  if (!sent) {
    sent = call<LockAnswer>(s, "PUT", `/threads/${encodeURIComponent(thread)}`, { locked }).finally(() => locking.delete(key));
    locking.set(key, sent);
  }
  return sent;
}

/** GET …/threads: the owner's thread list; with `waiting`, only the threads with comments waiting in the queue. */
export const listThreads = (s: Session, cursor?: string | null, waiting = false) =>
  call<ThreadList>(s, "GET", `/threads${query({ cursor, limit: 50, waiting: waiting ? "true" : null })}`);

export interface NewBan {
  type: Ban["type"];
  commentId: string;
  mode: Ban["mode"];
  reason?: string;
  expiresAt: string | null;
}

export const createBan = (s: Session, ban: NewBan) => call<{ ban: Ban; created: boolean }>(s, "POST", "/bans", ban);
export const listBans = (s: Session, cursor?: string | null) => call<{ bans: Ban[]; nextCursor: string | null }>(s, "GET", `/bans${query({ cursor, limit: 100 })}`);
export const deleteBan = (s: Session, id: string) => call<null>(s, "DELETE", `/bans/${encodeURIComponent(id)}`);

export const listAudit = (s: Session, cursor?: string | null) =>
  call<{ entries: AuditEntry[]; nextCursor: string | null }>(s, "GET", `/audit${query({ cursor, limit: 100 })}`);
