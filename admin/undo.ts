// Optimistic moderation with undo: an action changes the list at once, waits UNDO_MS in case the owner takes it
// back, then goes to the API. A refusal puts the comments back and says why. Each action carries the versions of the
// comments as the owner saw them: one edited or moved elsewhere meanwhile is left alone and shown again as it is now.
import { LIMITS } from "../worker/contract/limits";
import { ApiError, type Session } from "./api/client";
import { plural } from "./format";
import { changedNow, moderateMany, moderateOne, type BulkAction, type CommentStatus, type ModerationComment } from "./api/moderation";

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

/** The list with comments that changed elsewhere back where they were, as they are now (whatever their status). */
export function withChanged(list: QueueList, action: BulkAction, before: PendingAction["before"], now: ModerationComment[]): QueueList {
  const back = withoutAction(list, action, before);
  const counts = { ...back.counts };
  let items = back.items;
  for (const { comment, index } of before) {
    const current = now.find((c) => c.id == comment.id);
    if (!current) continue;
    counts[comment.status] = (counts[comment.status] ?? 1) - 1;
    counts[current.status] = (counts[current.status] ?? 0) + 1;
    items = items.some((c) => c.id == comment.id) ? items.map((c) => (c.id == comment.id ? current : c)) : items.toSpliced(index, 0, current);
  }
  return { ...back, items, counts };
}

/** What became of a comment the owner loaded as `was`, said where it shows again as `now`. */
export function changedNotice(was: ModerationComment, now: ModerationComment): string {
  const moved: Record<CommentStatus, string> = {
    published: "approved",
    pending: "put back in the queue",
    rejected: "rejected",
    spam: "marked as spam",
    deleted: "deleted",
  };
  return now.status == was.status
    ? "This comment was edited since you loaded it; check it again."
    : `This comment was ${moved[now.status]} elsewhere since you loaded it; check it again.`;
}

export interface Sent {
  /** The comments the API changed (or found already so), as it has them now. */
  updated: ModerationComment[];
  /** Ids the API refused, with `message` saying why. */
  refused: string[];
  /** The comments left alone because they changed since the owner loaded them, as they are now. */
  stale: ModerationComment[];
  message: string;
  /** How many of the comments were never acted on because the API refused the owner token (the dashboard signs out). */
  unsent: number;
  /** The request went out but no answer came back (the network): the refused ones may have been changed after all. */
  unknown?: boolean;
}

/** What the dashboard says when an action's answer was lost: the worker may have done it. */
export const LOST_ANSWER = "The worker's answer did not arrive, so it may have been done: reload the queue to see where things stand now.";

const lost = (e: unknown) => e instanceof ApiError && e.code == "NETWORK_ERROR";

/**
 * Sends an action on the comments as the owner saw them (their versions go along). When it takes several requests,
 * `sent` hears how many comments the API has answered for after each one.
 */
export async function send(s: Session, action: BulkAction, comments: ModerationComment[], sent?: (done: number) => void): Promise<Sent> {
  if (comments.length == 1) {
    const [{ id, version }] = comments;
    try {
      const { comment } = await moderateOne(s, id, action, version);
      return { updated: [comment], refused: [], stale: [], message: "", unsent: 0 };
    } catch (e) {
      const now = changedNow(e);
      return now
        ? { updated: [], refused: [], stale: [now], message: "", unsent: 0 }
        : { updated: [], refused: [id], stale: [], message: lost(e) ? LOST_ANSWER : reason(e), unsent: signedOut(e) ? 1 : 0, unknown: lost(e) };
    }
  }
  // The API takes LIMITS.bulkIds ids per request: more (a "select all" after several pages) go in turns.
  const ids = comments.map((c) => c.id);
  const updated: ModerationComment[] = [];
  const refused: string[] = [];
  const stale: ModerationComment[] = [];
  let erased = 0;
  let withdrawn = 0;
  let blank = 0;
  for (let at = 0; at < ids.length; at += LIMITS.bulkIds) {
    const part = comments.slice(at, at + LIMITS.bulkIds);
    try {
      const r = await moderateMany(s, part.map((c) => c.id), action, Object.fromEntries(part.map((c) => [c.id, c.version])));
      updated.push(...r.updated);
      refused.push(...r.invalid, ...r.notFound);
      stale.push(...r.stale);
      erased += r.erased.length;
      withdrawn += r.withdrawn.length;
      blank += r.blank.length;
      sent?.(at + part.length);
    } catch (e) {
      // What was sent before stays done; this part and the rest are given back with the API's reason.
      const left = [...refused, ...ids.slice(at)];
      const why = lost(e) ? LOST_ANSWER : reason(e);
      const message = at ? `${left.length} of ${ids.length} were not changed: ${why}` : why;
      return { updated, refused: left, stale, message, unsent: signedOut(e) ? ids.length - at : 0, unknown: lost(e) };
    }
  }
  return {
    updated,
    refused,
    stale,
    message: refused.length
      ? `${refused.length} of ${ids.length} could not be changed: ${refusals(erased, withdrawn, blank)}.`
      : "",
    unsent: 0,
  };
}

const signedOut = (e: unknown) => e instanceof ApiError && e.status == 401;

/** Why a bulk action left comments alone, with the reasons the API names. */
function refusals(erased: number, withdrawn: number, blank: number): string {
  const why = [erased ? `${erased} erased by a GDPR request` : "", withdrawn ? `${withdrawn} deleted by their authors` : "", blank ? `${blank} with a text that shows nothing, to edit before approving` : ""];
  const named = why.filter(Boolean).join("; ");
  return `the action does not apply to their current state${named ? ` (${named})` : ""}`;
}

/**
 * Fired on `window` for an action the API refused with the owner token (rotated elsewhere, so the dashboard signs
 * out): `detail` says which, and on how many comments, so the sign-in form can list what to take again. On `window`,
 * since the queue that sent it leaves the page as the dashboard signs out.
 */
export const UNSENT_EVENT = "parley-admin-unsent";

export type Unsent = Partial<Record<BulkAction, number>>;

const TO_DO: Record<BulkAction, (what: string) => string> = {
  approve: (w) => `approve ${w}`,
  reject: (w) => `reject ${w}`,
  spam: (w) => `mark ${w} as spam`,
  delete: (w) => `delete ${w}`,
  restore: (w) => `restore ${w}`,
  pin: (w) => `pin ${w}`,
  unpin: (w) => `unpin ${w}`,
};

/** What was not sent, in words: "Not sent, to take again once signed in: approve 2 comments, mark 1 comment as spam." */
export function unsentSummary(unsent: Unsent): string {
  const todo = Object.entries(unsent).map(([action, n = 0]) => TO_DO[action as BulkAction](plural(n, "comment")));
  return todo.length ? `Not sent, to take again once signed in: ${todo.join(", ")}.` : "";
}

/**
 * The API's own explanation of a failure. An answer that is not the API's JSON (a proxy's or Cloudflare's HTML page:
 * 502, 503, a 429 from a rate-limiting rule) has none, so it is told by its status and when to try again.
 */
export function reason(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  if (e.code == "NETWORK_ERROR") return "The worker could not be reached.";
  if (e.code != "BAD_RESPONSE") return e.message;
  const what = e.status == 429 ? "Too many requests" : `The worker answered with an error (HTTP ${e.status})`;
  return `${what}; try again ${e.retryAfter ? `in ${plural(e.retryAfter, "second")}` : "in a moment"}.`;
}
