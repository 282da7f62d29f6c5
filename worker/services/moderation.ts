// Moderation: the queue, state transitions (one or many, in one batch, each audited), moderator edits and thread locks.
import type { BulkAction, ModerationQuery } from "../contract/schemas";
import { treeShowsNothing } from "../contract/blank";
import type { ModerationComment, ModerationQueue } from "../contract/types";
import { byCreation, decodeCursor, encodeCursor, pageOf } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { changeOf } from "../storage/comments";
import { ERASED_REASON, WITHDRAWN_REASON } from "../storage/exports";
import type { CommentChange, CommentRecord, SiteRecord, Write } from "../storage/types";
import { auditEntry } from "./audit";
import { heldReason, reasonCode } from "./held-reason";
import { isClosed, retryIfStale, toPublicComment } from "./comments";
import type { ServiceDeps } from "./context";
import { aboutComment, newEvent, ownerActor, type DomainEvent } from "./events";
import { hashEmail } from "./fingerprint";
import { RENDERER_VERSION, renderCommentBody, renderMarkdown } from "./markdown";

/** Whether a GDPR erase emptied this comment: it stays a tombstone for good. */
export const isErased = (c: CommentRecord) => c.moderationReason === ERASED_REASON;

/** Whether its author deleted this comment (its text is gone with it): it stays deleted for good. */
export const isWithdrawn = (c: CommentRecord) => c.moderationReason === WITHDRAWN_REASON;

/**
 * Whether a comment's text shows nothing: an import brings such a comment in deleted (a tombstone keeping its
 * replies in place), and publishing it would show readers a blank, so it is edited before it is approved.
 */
export const isBlank = (c: CommentRecord) =>
  treeShowsNothing(c.rendererVersion === RENDERER_VERSION ? c.bodyTree : renderMarkdown(c.bodySource, { article: false }));

/** Whether approving would be refused as blank (COMMENT_BLANK): an erased comment is refused as erased instead. */
export const approvalWouldBeBlank = (c: CommentRecord) => !isErased(c) && isBlank(c);

/**
 * What a moderator saw of a comment, as an opaque string: it changes when the comment's text changes (any edit sets
 * updatedAt) or its status does. A pin leaves it alone: pinning is not something to check a comment again for.
 */
export const versionOf = (c: CommentRecord) => `${c.status}.${c.updatedAt.toString(36)}`;

export function toModerationComment(c: CommentRecord): ModerationComment {
  // The owner sees everything: render as if published, then tell the real state.
  const { replies: _replies, ...view } = toPublicComment({ ...c, status: "published", shadow: false });
  return {
    ...view,
    status: c.status,
    threadKey: c.threadKey,
    // Owners see a masked hint; the address itself is never stored with the comment.
    authorEmail: c.emailHint,
    source: c.bodySource,
    shadow: c.shadow,
    reason: reasonCode(c.moderationReason),
    // An erased or withdrawn comment was not held: it is a tombstone for good.
    held: isErased(c) || isWithdrawn(c) ? null : heldReason(c.moderationReason),
    version: versionOf(c),
  };
}

export async function listQueue(deps: ServiceDeps, site: SiteRecord, query: ModerationQuery): Promise<ModerationQueue> {
  const { limit, cursor, ...filter } = query;
  // An author filter that is an e-mail address matches by its keyed hash: the address is not stored.
  const authorEmailHash = filter.author?.includes("@") ? await hashEmail(deps, filter.author) : null;
  const [{ rows, searchedTo }, counts] = await Promise.all([
    deps.stores.comments.listQueue(site.id, { ...filter, authorEmailHash }, decodeCursor(cursor), limit),
    deps.stores.comments.countByStatus(site.id),
  ]);
  const { page, nextCursor } = pageOf(rows, limit, byCreation);
  // A search that walked its bound without filling the page goes on from where it stopped.
  return { comments: page.map(toModerationComment), nextCursor: nextCursor ?? (searchedTo && encodeCursor(searchedTo)), counts };
}

type Outcome = { change: CommentChange } | "unchanged" | "invalid" | "erased" | "withdrawn" | "blank";

/**
 * The state machine: what an action does to a comment, "unchanged" when it is already so, "invalid" when it cannot
 * apply, "erased" when it would bring back (or change) a comment a GDPR erase emptied, "blank" when it would publish
 * a comment whose text shows nothing, "withdrawn" for any change to a comment its author deleted.
 */
function transition(c: CommentRecord, action: BulkAction): Outcome {
  const outcome = stateTransition(c, action);
  if (outcome === "unchanged") return outcome;
  return isErased(c) ? "erased" : isWithdrawn(c) ? "withdrawn" : outcome;
}

function stateTransition(c: CommentRecord, action: BulkAction): Outcome {
  const base = changeOf(c);
  const to = (patch: Partial<CommentChange>): Outcome => ({ change: { ...base, ...patch } });
  switch (action) {
    case "approve":
      if (c.status === "published") return "unchanged";
      return isBlank(c) ? "blank" : to({ status: "published", shadow: false, statusBeforeDelete: null });
    case "reject":
      return c.status === "rejected" ? "unchanged" : to({ status: "rejected", shadow: false, pinned: false, statusBeforeDelete: null });
    case "spam":
      return c.status === "spam" && !c.shadow ? "unchanged" : to({ status: "spam", shadow: false, pinned: false, statusBeforeDelete: null });
    case "delete":
      // The pin stays, for a restore to bring back; readers see a tombstone, never a pin (see toPublicComment).
      return c.status === "deleted" ? "unchanged" : to({ status: "deleted", statusBeforeDelete: c.status });
    case "restore": {
      // Not deleted: already as a restore leaves it, so that a retried restore is answered as its first was.
      if (c.status !== "deleted") return "unchanged";
      // A blank that was published comes back to the queue, where it can be edited, rather than to readers.
      const back = c.statusBeforeDelete ?? "published";
      const status = back === "published" && isBlank(c) ? "pending" : back;
      // The pin a delete kept comes back with its comment, only where pins show: published.
      return to({ status, pinned: status === "published" && c.pinned, statusBeforeDelete: null });
    }
    case "pin":
      if (c.status !== "published") return "invalid";
      return c.pinned ? "unchanged" : to({ pinned: true });
    case "unpin":
      return c.pinned ? to({ pinned: false }) : "unchanged";
  }
}

export interface ModerationResult {
  updated: ModerationComment[];
  unchanged: string[];
  notFound: string[];
  invalid: string[];
  /** Of `invalid`, the comments a GDPR erase emptied: nothing can bring them back. */
  erased: string[];
  /** Of `invalid`, the comments their authors deleted (their text went with them): they stay deleted. */
  withdrawn: string[];
  /** Of `invalid`, the comments an approve would publish blank (their text shows nothing): edit them first. */
  blank: string[];
  /** Comments left alone because they changed since the version sent for them, as they are now. */
  stale: ModerationComment[];
}

/** By comment id, the version the moderator saw; a comment without one is acted on whatever it is now. */
export type SeenVersions = Record<string, string>;

/**
 * Applies one action to many comments in one D1 batch, with an audit entry per changed comment. A comment that
 * changed since the version in `seen` is left alone and reported in `stale`: the moderator decided on another text
 * or state.
 */
export async function moderate(
  deps: ServiceDeps,
  site: SiteRecord,
  actor: string,
  ids: string[],
  action: BulkAction,
  seen: SeenVersions = {},
): Promise<ModerationResult> {
  // A comment edited or moderated by someone else between the read and the write: read and decide again.
  return retryIfStale(() => moderateOnce(deps, site, actor, [...new Set(ids)], action, seen));
}

async function moderateOnce(deps: ServiceDeps, site: SiteRecord, actor: string, unique: string[], action: BulkAction, seen: SeenVersions) {
  const found = new Map((await deps.stores.comments.getMany(site.id, unique)).map((c) => [c.id, c]));
  const result: ModerationResult = { updated: [], unchanged: [], notFound: [], invalid: [], erased: [], withdrawn: [], blank: [], stale: [] };
  const changes: CommentChange[] = [];
  const audits: Write[] = [];
  const events: DomainEvent[] = [];
  const threads: string[] = [];
  for (const id of unique) {
    const comment = found.get(id);
    if (!comment) {
      result.notFound.push(id);
      continue;
    }
    if (seen[id] !== undefined && seen[id] !== versionOf(comment)) {
      result.stale.push(toModerationComment(comment));
      continue;
    }
    const outcome = transition(comment, action);
    if (outcome === "unchanged") result.unchanged.push(id);
    else if (outcome === "invalid") result.invalid.push(id);
    else if (outcome === "erased" || outcome === "withdrawn" || outcome === "blank") {
      result.invalid.push(id);
      result[outcome].push(id);
    }
    else {
      changes.push(outcome.change);
      threads.push(comment.threadKey);
      result.updated.push(toModerationComment({ ...comment, ...outcome.change }));
      events.push(moderatedEvent(deps, site, actor, action, comment, { ...comment, ...outcome.change }));
      audits.push(
        auditEntry(deps, site, {
          actor,
          action: `comment.${action}`,
          targetType: "comment",
          targetId: id,
          before: { status: comment.status, pinned: comment.pinned },
          after: { status: outcome.change.status, pinned: outcome.change.pinned },
        }),
      );
    }
  }
  if (changes.length > 0) {
    await deps.stores.commit([deps.stores.comments.applyChanges(site.id, changes, threads, deps.now()), ...audits], events);
  }
  return result;
}

/** What one moderation action announces. */
function moderatedEvent(deps: ServiceDeps, site: SiteRecord, actor: string, action: BulkAction, before: CommentRecord, after: CommentRecord): DomainEvent {
  const by = ownerActor(actor);
  const data = { ...aboutComment(after), previousStatus: before.status };
  switch (action) {
    case "approve":
      return newEvent(deps, site, "comment.approved", by, data);
    case "reject":
      return newEvent(deps, site, "comment.rejected", by, data);
    case "spam":
      return newEvent(deps, site, "comment.spam", by, data);
    case "delete":
      return newEvent(deps, site, "comment.deleted", by, data);
    case "restore":
      return newEvent(deps, site, "comment.restored", by, data);
    case "pin":
    case "unpin":
      return newEvent(deps, site, "comment.pinned", by, { ...aboutComment(after), pinned: after.pinned });
  }
}

/**
 * One action on one comment: 404 when it does not exist, 409 when it changed since `version` (if given) or when the
 * action cannot apply to its state.
 */
export async function moderateOne(deps: ServiceDeps, site: SiteRecord, actor: string, id: string, action: BulkAction, version?: string) {
  const result = await moderate(deps, site, actor, [id], action, version === undefined ? {} : { [id]: version });
  if (result.notFound.length) throw new AppError("COMMENT_NOT_FOUND", `No comment "${id}" on this site.`);
  if (result.stale.length) throw changedError(result.stale[0], action);
  if (result.erased.length) throw erasedError(id, action);
  if (result.withdrawn.length) throw withdrawnError(id, action);
  if (result.blank.length) throw blankError(id, action);
  if (result.invalid.length) throw new AppError("INVALID_STATE", `Cannot ${action} a comment in its current state.`);
  const comment = result.updated[0] ?? toModerationComment((await deps.stores.comments.get(site.id, id)) as CommentRecord);
  return { comment, changed: result.updated.length > 0 };
}

/** 409 COMMENT_BLANK: `action` would publish a comment whose text shows nothing (see isBlank). */
export function blankError(id: string, action: string): AppError {
  return new AppError("COMMENT_BLANK", `Cannot ${action} comment "${id}": its text shows nothing, and readers would see a blank. Edit its text first.`);
}

/** 409 INVALID_STATE for a comment its author deleted: its text went with it. */
function withdrawnError(id: string, action: string): AppError {
  return new AppError("INVALID_STATE", `Cannot ${action} comment "${id}": its author deleted it, and its text with it, so it stays deleted.`);
}

function erasedError(id: string, action: string): AppError {
  return new AppError(
    "COMMENT_ERASED",
    `Cannot ${action} comment "${id}": a GDPR erase removed its text and author for good, and it stays a tombstone.`,
  );
}

/** The answer to an action on a comment that changed since the moderator saw it: nothing done, the comment as it is now. */
function changedError(now: ModerationComment, action: string): AppError {
  return new AppError(
    "COMMENT_CHANGED",
    `Did not ${action} comment "${now.id}": it changed (edited, or its status is now ${now.status}) since the version you sent. Check it again; \`comment\` is the comment as it is now.`,
    undefined,
    { comment: now },
  );
}

/** The owner rewrites a comment's text; it shows as edited by the moderator. 409 when it changed since `version`. */
export async function editAsModerator(deps: ServiceDeps, site: SiteRecord, actor: string, id: string, body: string, version?: string) {
  return retryIfStale(() => editAsModeratorOnce(deps, site, actor, id, body, version));
}

async function editAsModeratorOnce(deps: ServiceDeps, site: SiteRecord, actor: string, id: string, body: string, version?: string) {
  const comment = await deps.stores.comments.get(site.id, id);
  if (!comment) throw new AppError("COMMENT_NOT_FOUND", `No comment "${id}" on this site.`);
  if (version !== undefined && version !== versionOf(comment)) throw changedError(toModerationComment(comment), "edit");
  if (isErased(comment)) throw erasedError(id, "edit");
  if (isWithdrawn(comment)) throw withdrawnError(id, "edit");
  if (comment.status === "deleted") throw new AppError("INVALID_STATE", "Restore the comment before editing it.");
  const change: CommentChange = {
    ...changeOf(comment),
    bodySource: body,
    bodyTree: renderCommentBody(body),
    rendererVersion: RENDERER_VERSION,
    editedBy: "moderator",
    updatedAt: deps.now(),
  };
  const edited = { ...comment, ...change };
  await deps.stores.commit(
    [
      deps.stores.comments.applyChanges(site.id, [change], [], deps.now()),
      auditEntry(deps, site, { actor, action: "comment.edit", targetType: "comment", targetId: id, before: { body: comment.bodySource }, after: { body } }),
    ],
    [newEvent(deps, site, "comment.edited", ownerActor(actor), { ...aboutComment(edited), by: "moderator" })],
  );
  return toModerationComment(edited);
}

export async function setThreadLock(deps: ServiceDeps, site: SiteRecord, actor: string, key: string, locked: boolean) {
  const before = await deps.stores.threads.get(site.id, key);
  const changed = before.locked !== locked;
  // A thread already so is left as it is: no write, no audit entry, no event (a repeated request changes nothing).
  if (changed) await deps.stores.commit(
    [
      deps.stores.threads.setLocked(site.id, key, locked, deps.now()),
      auditEntry(deps, site, {
        actor,
        action: locked ? "thread.lock" : "thread.unlock",
        targetType: "thread",
        targetId: key,
        before: { locked: before.locked },
        after: { locked },
      }),
    ],
    [newEvent(deps, site, "thread.locked", ownerActor(actor), { thread: key, locked })],
  );
  const thread = { ...before, locked };
  return { thread: { key, locked, closed: isClosed(site, thread, deps.now()), commentCount: thread.commentCount }, changed };
}
