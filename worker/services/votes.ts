// Reactions: a reader upvotes a comment once and can take it back. The reader is a random key the widget
// keeps in localStorage (stored only as a keyed hash); a keyed IP hash caps how many keys one address may use.
import { keyedHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/types";
import type { ServiceDeps } from "./context";
import { newEvent } from "./events";
import { hashIp } from "./fingerprint";

/** Distinct reader keys one IP address may vote with on one comment (a household, an office). */
export const VOTES_PER_IP = 3;

export async function setVote(
  deps: ServiceDeps,
  site: SiteRecord,
  commentId: string,
  input: { readerKey: string; up: boolean },
  meta: { ip: string | null },
): Promise<{ votes: number; voted: boolean }> {
  const comment = await deps.stores.comments.get(site.id, commentId);
  if (!comment || comment.status !== "published") throw new AppError("COMMENT_NOT_FOUND", `No comment "${commentId}" on this site.`);
  const readerHash = await keyedHash(deps.secret, "reader-hash", `${site.id}:${input.readerKey}`);
  const ipHash = meta.ip ? await hashIp(deps, meta.ip) : null;
  if (input.up && ipHash && (await deps.stores.votes.countFromIp(site.id, commentId, ipHash)) >= VOTES_PER_IP) {
    throw new AppError("ALREADY_VOTED", "This comment already has the most votes allowed from your network.");
  }
  const event = newEvent(deps, site, "vote.changed", { kind: "reader" }, { thread: comment.threadKey, commentId, up: input.up });
  return deps.stores.votes.set(site.id, { commentId, readerHash, ipHash, up: input.up, at: deps.now() }, [event]);
}
