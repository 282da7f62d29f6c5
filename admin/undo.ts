// Optimistic moderation with undo: an action changes the list at once, waits UNDO_MS in case the owner takes it
// back, then goes to the API. A refusal puts the comments back and says why.
import { LIMITS } from "../worker/contract/limits";
import { ApiError, type Session } from "./api/client";
import { moderateMany, moderateOne, type BulkAction, type CommentStatus, type ModerationComment } from "./api/moderation";

export const UNDO_MS = 5000;

/** One action on some comments, waiting for its undo window to pass. */
export interface PendingAction {
  action: BulkAction;
  /** The comments as they were before, and where they stood in the list. */
  before: { comment: ModerationComment; index: number }[];
  timer: ReturnType<typeof setTimeout>;
}

/** What the action makes of a comment, as the worker's state machine would. */
export function applied(c: ModerationComment, action: BulkAction): ModerationComment {
  const to = (status: CommentStatus, pinned = c.pinned): ModerationComment => ({ ...c, status, pinned });
  switch (action) {
    case "approve":
      return to("published");
    case "reject":
      return to("rejected", false);
    case "spam":
      return to("spam", false);
    case "delete":
      return to("deleted");
    case "restore":
      return to("published");
    case "pin":
      return { ...c, pinned: true };
    case "unpin":
      return { ...c, pinned: false };
  }
}

/** The queue's list of one status, and the counts of every status. */
export interface QueueList {
  status: CommentStatus;
  items: ModerationComment[];
  counts: Partial<Record<CommentStatus, number>>;
}

/** The list once `action` applies to `before`: the counts move, and comments that leave the status leave the list. */
export function withAction(list: QueueList, action: BulkAction, before: PendingAction["before"]): QueueList {
  const counts = { ...list.counts };
  let items = [...list.items];
  for (const { comment } of before) {
    const next = applied(comment, action);
    if (next.status != comment.status) {
      counts[comment.status] = (counts[comment.status] ?? 1) - 1;
      counts[next.status] = (counts[next.status] ?? 0) + 1;
    }
    items = next.status == list.status ? items.map((c) => (c.id == comment.id ? next : c)) : items.filter((c) => c.id != comment.id);
  }
  return { ...list, items, counts };
}

/** The list with the comments of `before` back as they were before `action`, where they were. */
export function withoutAction(list: QueueList, action: BulkAction, before: PendingAction["before"]): QueueList {
  const counts = { ...list.counts };
  let items = [...list.items];
  for (const { comment, index } of [...before].sort((a, b) => a.index - b.index)) {
    const was = applied(comment, action).status;
    if (was != comment.status) {
      counts[was] = (counts[was] ?? 1) - 1;
      counts[comment.status] = (counts[comment.status] ?? 0) + 1;
    }
    items = items.filter((c) => c.id != comment.id);
    if (comment.status == list.status) items.splice(Math.min(index, items.length), 0, comment);
  }
  return { ...list, items, counts };
}

/** Sends an action; resolves with the comments the API changed and a message for the ones it refused. */
export async function send(s: Session, action: BulkAction, ids: string[]): Promise<{ updated: ModerationComment[]; refused: string[]; message: string }> {
  if (ids.length == 1) {
    try {
      const { comment } = await moderateOne(s, ids[0], action);
      return { updated: [comment], refused: [], message: "" };
    } catch (e) {
      return { updated: [], refused: ids, message: reason(e) };
    }
  }
  // The API takes LIMITS.bulkIds ids per request: more (a "select all" after several pages) go in turns.
  const updated: ModerationComment[] = [];
  const refused: string[] = [];
  let erased = 0;
  for (let at = 0; at < ids.length; at += LIMITS.bulkIds) {
    const part = ids.slice(at, at + LIMITS.bulkIds);
    try {
      const r = await moderateMany(s, part, action);
      updated.push(...r.updated);
      refused.push(...r.invalid, ...r.notFound);
      erased += r.erased.length;
    } catch (e) {
      // What was sent before stays done; this part and the rest are given back with the API's reason.
      const left = [...refused, ...ids.slice(at)];
      return { updated, refused: left, message: at ? `${left.length} of ${ids.length} were not changed: ${reason(e)}` : reason(e) };
    }
  }
  return {
    updated,
    refused,
    message: refused.length
      ? `${refused.length} of ${ids.length} could not be changed: the action does not apply to their current state${erased ? ` (${erased} erased by a GDPR request)` : ""}.`
      : "",
  };
}

/** The API's own explanation of a failure. */
export const reason = (e: unknown) =>
  e instanceof ApiError ? (e.code == "NETWORK_ERROR" ? "The worker could not be reached." : e.message) : String(e);
