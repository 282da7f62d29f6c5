// Cache invalidation: every event that changes a public document makes the cached versions unreachable.
import type { DomainEvent } from "../contract/events";
import { scopes } from "../services/cache";
import type { Subscriber } from "./types";

/** The cache scopes an event changes. */
function scopesOf(event: DomainEvent): string[] {
  switch (event.type) {
    case "site.updated":
      return [scopes.settings(event.site)];
    case "ban.created":
    case "ban.deleted":
      // Bans change no public document.
      return [];
    default:
      return [scopes.comments(event.site), scopes.thread(event.site, event.data.thread)];
  }
}

export const cacheInvalidation: Subscriber = {
  name: "cache-invalidation",
  on: [
    "comment.created",
    "comment.pending",
    "comment.approved",
    "comment.rejected",
    "comment.spam",
    "comment.deleted",
    "comment.restored",
    "comment.edited",
    "comment.pinned",
    "thread.locked",
    "article.published",
    "article.deleted",
    "site.updated",
    "vote.changed",
  ],
  beforeResponse: true,
  async handle(event, deps) {
    const list = scopesOf(event);
    if (list.length) await deps.cache.bump(...list);
  },
};
