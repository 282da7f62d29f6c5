// Notifications: every comment event goes to the site's webhooks (a signed delivery each, through the queue),
// a published reply to the e-mail of a reader watching its parent, and a held comment to the owner's digest.
// A dispatch's events are taken at once, a site at a time (services/notify/events.ts).
import type { DomainEvent } from "../contract/events";
import { WEBHOOK_EVENTS } from "../contract/notifications";
import { notifyOf } from "../services/notify/context";
import { onCommentEvents, type CommentEvent } from "../services/notify/events";
import type { Deps } from "../deps";
import type { Subscriber } from "./types";

async function handleMany(events: DomainEvent[], deps: Deps) {
  const bySite = new Map<string, CommentEvent[]>();
  for (const event of events) {
    if (!("commentId" in event.data)) continue;
    const list = bySite.get(event.site) ?? [];
    list.push({
      id: event.id,
      type: event.type,
      siteId: event.site,
      commentId: event.data.commentId,
      createdAt: Date.parse(event.occurredAt),
      previousStatus: "previousStatus" in event.data ? event.data.previousStatus : undefined,
    });
    bySite.set(event.site, list);
  }
  // A site whose events fail (a site gone, a read that failed) holds back no other site's.
  const failures = new Map<string, string>();
  for (const [siteId, list] of bySite) {
    try {
      await onCommentEvents(deps, notifyOf(deps), siteId, list);
    } catch (err) {
      for (const e of list) failures.set(e.id, err instanceof Error ? err.message : String(err));
    }
  }
  return failures;
}

export const notifications: Subscriber = {
  name: "notifications",
  on: WEBHOOK_EVENTS,
  async handle(event, deps) {
    const [why] = (await handleMany([event], deps)).values();
    if (why !== undefined) throw new Error(why);
  },
  handleMany,
};
