// The notifications subscriber: what comment events set off. Webhooks get a signed delivery each; a published
// reply is queued for the e-mail of a reader watching its parent; a comment waiting for moderation schedules the
// owner's digest. Everything slow happens later, on the queue. A dispatch's events are taken together, a site at a
// time, in a fixed number of reads and writes: a bulk action's 100 events, or the cron's 100, stay far within the
// 50 D1 queries the free plan allows one invocation.
import type { CommentStatus } from "../../contract/types";
import type { ServiceDeps } from "../context";
import { loadSite } from "../sites";
import { enqueue, type NotifyDeps } from "./context";
import { scheduleDigest } from "./digest";
import { commentEventData, type EventComment } from "./payload";
import { noteReplies } from "./replies";
import { fanOut, wants, webhooksOf } from "./webhooks";

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

/** Events of one site, in order; each about its comment as it is now (one gone since is passed over). */
export async function onCommentEvents(deps: ServiceDeps, nd: NotifyDeps, siteId: string, events: CommentEvent[]): Promise<void> {
  const site = await loadSite(deps, siteId);
  const comments = new Map((await deps.stores.comments.getMany(site.id, [...new Set(events.map((e) => e.commentId))])).map((c) => [c.id, c]));
  const present = events.flatMap((event) => {
    const comment = comments.get(event.commentId);
    return comment ? [{ event, comment }] : [];
  });
  if (present.length === 0) return;
  const hooks = await webhooksOf(nd, site.id);
  const items = new Map<string, EventComment>(present.map(({ event, comment }) => [event.id, { eventId: event.id, comment, previousStatus: event.previousStatus }]));
  await fanOut(
    nd,
    site,
    present.map(({ event }) => ({ event, targets: hooks.filter((w) => wants(w, event.type)) })),
    (origin, ids) => commentEventData(deps, nd, site, origin, ids.map((id) => items.get(id) as EventComment)),
  );
  const replies = present.filter(
    ({ event, comment }) =>
      comment.status === "published" && !comment.shadow && comment.parentId && (event.type === "comment.created" || event.type === "comment.approved"),
  );
  if (replies.length > 0) await noteReplies(deps, nd, site, [...new Map(replies.map(({ comment }) => [comment.id, comment])).values()]);
  if (present.some(({ event, comment }) => comment.status === "pending" && (event.type === "comment.created" || event.type === "comment.pending"))) {
    await scheduleDigest(nd, site.id);
  }
}

export { enqueue };
