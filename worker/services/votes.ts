// Reactions: a reader upvotes a comment once and can take it back. The reader is a random key the widget
// keeps in localStorage (stored only as a keyed hash); a keyed IP hash caps how many keys one address may use.
import { keyedHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/types";
import type { ServiceDeps } from "./context";
import { newEvent } from "./events";
import { hashIp } from "./fingerprint";
import { meterAttempt } from "./admission";
import type { CommentRecord } from "../storage/comments";

/** Distinct reader keys one IP address may vote with on one comment (a household, an office). */
export const VOTES_PER_IP = 3;

/**
 * A shadow-banned author sees their own comment as published, so they may vote on it like on any other:
 * the vote is kept (on a comment nobody else sees), and the ban stays undetectable that way.
 */
async function isOwnShadowed(deps: ServiceDeps, site: SiteRecord, comment: CommentRecord, ipHash: string | null): Promise<boolean> {
  if (comment.status !== "spam" || !comment.shadow || !ipHash) return false;
  if (comment.ipHash === ipHash) return true;
  const ban = await deps.stores.bans.findActive(site.id, { ipHash, emailHash: null, name: "", nameWithAccents: "", nameLookAlike: "" }, deps.now());
  return ban?.mode === "shadow";
}

export async function setVote(
  deps: ServiceDeps,
  site: SiteRecord,
  commentId: string,
  input: { readerKey: string; up: boolean },
  meta: { ip: string | null },
): Promise<{ votes: number; voted: boolean }> {
  const ipHash = meta.ip ? await hashIp(deps, meta.ip) : null;
  await meterAttempt(deps, site, "vote", ipHash);
  const comment = await deps.stores.comments.get(site.id, commentId);
  if (!comment || !(comment.status === "published" || (await isOwnShadowed(deps, site, comment, ipHash)))) {
    throw new AppError("COMMENT_NOT_FOUND", `No comment "${commentId}" on this site.`);
  }
  const readerHash = await keyedHash(deps.secret, "reader-hash", `${site.id}:${input.readerKey}`);
  const event = newEvent(deps, site, "vote.changed", { kind: "reader" }, { thread: comment.threadKey, commentId, up: input.up });
  // The event (and with it the cache bump) is written only when the vote really changes; the cap per network is
  // checked in the same transaction, so votes sent at once cannot pass it together.
  const vote = { commentId, readerHash, ipHash, up: input.up, at: deps.now(), maxFromIp: VOTES_PER_IP };
  const { changed: _changed, ...result } = await deps.stores.votes.set(site.id, vote, [event]);
  if (input.up && !result.voted) throw new AppError("ALREADY_VOTED", "This comment already has the most votes allowed from your network.");
  return result;
}
