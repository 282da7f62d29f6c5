// Notifications: every comment event goes to the site's webhooks (a signed delivery each, through the queue),
// a published reply to the e-mail of a reader watching its parent, and a held comment to the owner's digest.
import type { DomainEvent } from "../contract/events";
import { WEBHOOK_EVENTS } from "../contract/notifications";
import { notifyOf } from "../services/notify/context";
import { onCommentEvent } from "../services/notify/events";
import type { Subscriber } from "./types";

export const notifications: Subscriber = {
  name: "notifications",
  on: WEBHOOK_EVENTS,
  async handle(event: DomainEvent, deps) {
    if (!("commentId" in event.data)) return;
    await onCommentEvent(deps, notifyOf(deps), {
      id: event.id,
      type: event.type,
      siteId: event.site,
      commentId: event.data.commentId,
      createdAt: Date.parse(event.occurredAt),
      previousStatus: "previousStatus" in event.data ? event.data.previousStatus : undefined,
    });
  },
};
