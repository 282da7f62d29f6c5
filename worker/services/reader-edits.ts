// A reader's edits and deletes of their own comment, proven by its edit token, within the site's edit window.
// Each attempt is metered before any markdown is rendered; an edit that changes nothing writes nothing.
import type { CommentStatus, PublicComment } from "../contract/types";
import { tokenMatchesHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { changeOf } from "../storage/comments";
import { WITHDRAWN_REASON } from "../storage/exports";
import type { CommentRecord, SiteRecord } from "../storage/types";
import { meterAttempt } from "./admission";
import { isClosed, retryIfStale, toPublicComment } from "./comments";
import { aboutComment, newEvent, type DomainEvent } from "./events";
import type { ServiceDeps } from "./context";
import { hashIp, nameKeys } from "./fingerprint";
import { RENDERER_VERSION, renderCommentBody } from "./markdown";
import type { PostMeta } from "./posting";
import { judge, type Verdict } from "./spam";
import { checkTurnstile } from "./turnstile";

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
    const n = site.settings.editWindowMinutes;
    throw new AppError(
      "EDIT_WINDOW_CLOSED",
      n === 0 ? "This site does not let readers change their comments." : `Comments can be changed for ${n} minute${n === 1 ? "" : "s"} after posting.`,
    );
  }
  return comment;
}

/**
 * A reader edits their own comment within the edit window; every content check runs again. Once a moderator
 * has edited it, its author can no longer change its text (they may still delete it).
 */
export async function editOwnComment(
  deps: ServiceDeps,
  site: SiteRecord,
  id: string,
  token: string | null,
  input: { body: string; turnstileToken?: string },
  meta: PostMeta,
): Promise<PublicComment> {
  // Counted before the comment is read: a wrong token is an attempt too.
  const ipHash = meta.ip ? await hashIp(deps, meta.ip) : null;
  await meterAttempt(deps, site, "edit", ipHash);
  const first = await ownComment(deps, site, id, token);
  if (first.editedBy === "moderator") throw movedByModerator();
  // Nothing to change: nothing is written, and cached pages stay valid.
  if (input.body === first.bodySource) return toPublicComment(first, "author");
  if (isClosed(site, await deps.stores.threads.get(site.id, first.threadKey), deps.now())) {
    throw new AppError("THREAD_LOCKED", "This thread is closed; its comments can no longer be edited.");
  }
  await checkTurnstile(deps, site, input.turnstileToken, meta);
  const who = { ipHash, emailHash: first.emailHash, ...nameKeys(first.authorName) };
  const ban = await deps.stores.bans.findActive(site.id, who, deps.now());
  if (ban?.mode === "visible") throw new AppError("BANNED", "You can no longer comment on this site.");
  const tree = renderCommentBody(input.body);
  // Decided on the comment as read; when a moderator acted on it before the write, on the comment as it is then.
  return retryIfStale(async (fresh) => {
    const comment = fresh ? await ownComment(deps, site, id, token) : first;
    if (comment.editedBy === "moderator") throw movedByModerator();
    // The same edit sent twice at once: the other request wrote it.
    if (input.body === comment.bodySource) return toPublicComment(comment, "author");
    const verdict = await judge(site, {
      body: input.body,
      tree,
      authorName: comment.authorName,
      shadowBanned: comment.shadow || ban?.mode === "shadow",
      isEdit: true,
      trusted: async () => true,
    });
    // An edit can hold a published comment again, but never publishes a held one.
    const status = comment.status === "published" ? verdict.status : comment.status;
    const change = {
      ...changeOf(comment),
      status,
      shadow: comment.shadow || verdict.shadow,
      moderationReason: heldFor(comment, status, verdict),
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
    // The thread's counts change only with the status: an edit of the text alone counts nothing again.
    const recount = status === comment.status ? [] : [comment.threadKey];
    await deps.stores.commit([deps.stores.comments.applyChanges(site.id, [change], recount, deps.now())], events);
    return toPublicComment(edited, "author");
  });
}

/**
 * Why the edited comment is held: the verdict's reason when the edit holds it, or when a held comment's new text
 * would be held too (a blocked word edited out and links put in: the moderation list says links, not the word). A
 * held comment whose new text would pass stays held for what held it.
 */
function heldFor(comment: CommentRecord, status: CommentStatus, verdict: Verdict): string | null {
  if (status !== comment.status) return verdict.reason;
  return status === "pending" && verdict.status !== "published" ? verdict.reason : comment.moderationReason;
}

const movedByModerator = () => new AppError("INVALID_STATE", "A moderator edited this comment; its text can no longer be changed by its author.");

/**
 * A reader deletes their own comment within the edit window; one with replies leaves a tombstone. Its text
 * and everything about its e-mail address are scrubbed: a reader's delete is not an archive.
 */
/** A reader deletes their own comment; metered as an edit, before the comment is read (a wrong token counts too). */
export async function deleteOwnComment(deps: ServiceDeps, site: SiteRecord, id: string, token: string | null, meta: PostMeta): Promise<void> {
  await meterAttempt(deps, site, "edit", meta.ip ? await hashIp(deps, meta.ip) : null);
  await retryIfStale(async () => {
    const comment = await ownComment(deps, site, id, token);
    const change = {
      ...changeOf(comment),
      status: "deleted" as const,
      pinned: false,
      statusBeforeDelete: comment.status,
      bodySource: "",
      bodyTree: [],
      updatedAt: deps.now(),
      moderationReason: WITHDRAWN_REASON,
    };
    const deleted = newEvent(deps, site, "comment.deleted", { kind: "author" }, { ...aboutComment({ ...comment, ...change }), previousStatus: comment.status });
    await deps.stores.commit(
      [deps.stores.comments.applyChanges(site.id, [change], [comment.threadKey], deps.now()), deps.stores.comments.scrubEmail(site.id, comment.id)],
      [deleted],
    );
  });
}
