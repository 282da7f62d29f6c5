// The notifications subscriber: what one comment event sets off. Webhooks get a signed delivery each;
// a published reply is queued for the e-mail of a reader watching its parent; a comment waiting for
// moderation schedules the owner's digest. Everything slow happens later, on the queue.
import type { CommentStatus } from "../../contract/types";
import type { SiteRecord } from "../../storage/sites";
import type { ServiceDeps } from "../context";
import { loadSite } from "../sites";
import { enqueue, type NotifyDeps } from "./context";
import { scheduleDigest } from "./digest";
import { commentEventData } from "./payload";
import { noteReply } from "./replies";
import { fanOut, webhooksFor } from "./webhooks";

/** The part of a domain event notifications read. */
export interface CommentEvent {
  id: string;
  type: string;
  siteId: string;
  commentId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The comment's status before a moderation or author event that changed it. */
  previousStatus?: CommentStatus | null;
}

export async function onCommentEvent(deps: ServiceDeps, nd: NotifyDeps, event: CommentEvent): Promise<void> {
  const site: SiteRecord = await loadSite(deps, event.siteId);
  const comment = await deps.stores.comments.get(site.id, event.commentId);
  if (!comment) return;
  const targets = await webhooksFor(nd, site.id, event.type);
  await fanOut(nd, site, event, targets, (origin) => commentEventData(deps, nd, site, comment, origin, event.previousStatus));
  const published = comment.status === "published" && !comment.shadow;
  if (published && (event.type === "comment.created" || event.type === "comment.approved") && comment.parentId) {
    await noteReply(deps, nd, site, comment);
  }
  if (comment.status === "pending" && (event.type === "comment.created" || event.type === "comment.pending")) {
    await scheduleDigest(nd, site.id);
  }
}

export { enqueue };
