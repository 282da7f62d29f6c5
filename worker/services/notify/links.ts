// One-click moderation links: signed, expiring and single-use. A GET only shows a confirmation page; the
// page's button POSTs, so a mail or chat link scanner that fetches the URL changes nothing. Every use is audited.
import { NOTIFY_LIMITS, type ModerationLinks } from "../../contract/notifications";
import { constantTimeEqual, randomToken } from "../../lib/crypto";
import type { CommentStatus } from "../../contract/types";
import type { CommentRecord } from "../../storage/comments";
import type { SiteRecord } from "../../storage/sites";
import { REVOKED } from "../../storage/links";
import type { ServiceDeps } from "../context";
import { approvalWouldBeBlank, blankError, moderateOne, versionOf } from "../moderation";
import type { NotifyDeps } from "./context";
import { linkSignature } from "./signing";

export const LINK_ACTIONS = ["approve", "spam", "delete"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

const signed = (nd: NotifyDeps, siteId: string, id: string, action: LinkAction) => linkSignature(nd.secret, "moderate", `${siteId}/${id}/${action}`);

/**
 * Makes one set of links for each pending comment of `commentIds`, valid for NOTIFY_LIMITS.moderationLinkSeconds, in
 * one write: by comment id, each spelled for the worker at `origin`.
 */
export async function createModerationLinkSets(nd: NotifyDeps, siteId: string, commentIds: string[], origin: string): Promise<Map<string, ModerationLinks>> {
  const now = nd.now();
  const expiresAt = now + NOTIFY_LIMITS.moderationLinkSeconds * 1000;
  const sets = [...new Set(commentIds)].map((commentId) => ({ id: randomToken(16), siteId, commentId, expiresAt }));
  await nd.stores.links.insertMany(sets, now);
  const url = async (id: string, action: LinkAction) =>
    `${origin}/moderate/${encodeURIComponent(siteId)}/${id}/${action}/${await signed(nd, siteId, id, action)}`;
  const links = async ({ id }: { id: string }): Promise<ModerationLinks> => ({
    approve: await url(id, "approve"),
    spam: await url(id, "spam"),
    delete: await url(id, "delete"),
    expiresAt: new Date(expiresAt).toISOString(),
  });
  return new Map(await Promise.all(sets.map(async (set) => [set.commentId, await links(set)] as const)));
}

/** One comment's set of links (createModerationLinkSets for one). */
export const createModerationLinks = async (nd: NotifyDeps, siteId: string, commentId: string, origin: string) =>
  (await createModerationLinkSets(nd, siteId, [commentId], origin)).get(commentId) as ModerationLinks;

/** How long a set of links is kept after it expires (a used one still says what it did); then the cron deletes it. */
export const LINKS_KEPT_MS = 30 * 24 * 3600 * 1000;
/** Sets deleted per cron run at most: a backlog drains over several runs. */
export const LINKS_PRUNED_PER_RUN = 500;

/** Deletes the sets that expired more than LINKS_KEPT_MS before `now`, up to LINKS_PRUNED_PER_RUN; how many. */
export const pruneModerationLinks = (nd: NotifyDeps, now: number) => nd.stores.links.pruneExpired(now - LINKS_KEPT_MS, LINKS_PRUNED_PER_RUN);

/** The status each action leaves a comment in: a link whose comment is already so did its job (see settledAsAsked). */
const STATUS_OF: Record<LinkAction, CommentStatus> = { approve: "published", spam: "spam", delete: "deleted" };

export type LinkState =
  | { state: "ready"; comment: CommentRecord; action: LinkAction; expiresAt: number }
  /**
   * The comment no longer waits for moderation, by this set or any other path: the set is spent. `outcome` is what
   * it became on leaving pending (it may have moved on since: `comment` is as it is now), `at` when (null when not
   * known, for a set older than migration 0029), `usedAction` the set's link that did it, if one did.
   */
  | { state: "settled"; comment: CommentRecord; action: LinkAction; outcome: CommentStatus; at: number | null; usedAction: string | null }
  /** A link of the set was used and the comment still waits: that use did not go through. */
  | { state: "used"; usedAction: string | null }
  | { state: "expired" }
  /** Ended, unused, by a new owner token (links act as the owner). */
  | { state: "revoked" }
  | { state: "invalid" }
  /** The comment changed (edited, or moderated elsewhere) since the confirmation page showed it. */
  | { state: "changed" };

/** Whether a spent link's own action is what the comment is now: asking it again is a success that changes nothing. */
export const settledAsAsked = (s: Extract<LinkState, { state: "settled" }>) => s.comment.status === STATUS_OF[s.action];

/** What a link would do, without doing it (the GET confirmation page). */
export async function inspectModerationLink(deps: ServiceDeps, nd: NotifyDeps, site: SiteRecord, id: string, action: string, signature: string): Promise<LinkState> {
  if (!(LINK_ACTIONS as readonly string[]).includes(action)) return { state: "invalid" };
  const expected = await signed(nd, site.id, id, action as LinkAction);
  if (!constantTimeEqual(expected, signature)) return { state: "invalid" };
  const link = await nd.stores.links.get(site.id, id);
  // Signed by this worker, so it was made: a set no longer stored was deleted some time after it expired.
  if (!link) return { state: "expired" };
  const comment = await deps.stores.comments.get(site.id, link.commentId);
  if (!comment) return { state: "invalid" };
  // Spent when the comment left pending (a set from before that was recorded: when it is seen not pending).
  const outcome = link.settledStatus ?? (comment.status === "pending" ? null : comment.status);
  const revoked = link.usedAt === null && link.usedAction === REVOKED;
  if (outcome !== null) return { state: "settled", comment, action: action as LinkAction, outcome, at: link.usedAt, usedAction: revoked ? null : link.usedAction };
  if (link.usedAt !== null) return { state: "used", usedAction: link.usedAction };
  if (link.expiresAt <= nd.now()) return { state: revoked ? "revoked" : "expired" };
  return { state: "ready", comment, action: action as LinkAction, expiresAt: link.expiresAt };
}

/**
 * Acts once: uses the link set, then moderates as `link:<id>` (the audit log's actor), only the comment as it was
 * read (pending). With the `version` of the comment the confirmation page showed, a comment that changed since is
 * left alone and the link stays unused, so that opening it again shows the comment as it is now. Sent again once it
 * acted, it answers the settled state, which the page shows as the same success.
 */
export async function useModerationLink(
  deps: ServiceDeps,
  nd: NotifyDeps,
  site: SiteRecord,
  id: string,
  action: string,
  signature: string,
  version?: string,
): Promise<LinkState> {
  const state = await inspectModerationLink(deps, nd, site, id, action, signature);
  if (state.state !== "ready") return state;
  if (version !== undefined && version !== versionOf(state.comment)) return { state: "changed" };
  // Refused before the link is used, so that its other actions (and this one, once the text is edited) still work.
  if (state.action === "approve" && approvalWouldBeBlank(state.comment)) throw blankError(state.comment.id, "approve");
  // Another request used the set, or moved the comment, since it was read: say what it is now.
  if (!(await nd.stores.links.use(site.id, id, state.action, nd.now()))) return inspectModerationLink(deps, nd, site, id, action, signature);
  try {
    await moderateOne(deps, site, `link:${id.slice(0, 12)}`, state.comment.id, state.action, versionOf(state.comment));
  } catch (err) {
    await nd.stores.links.release(site.id, id);
    throw err;
  }
  return state;
}
