// Cache invalidation: every event that changes a public document makes the cached versions unreachable.
import { EVENT_TYPES, type DomainEvent } from "../contract/events";
import { scopes } from "../services/cache";
import type { Deps } from "../deps";
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

/** Makes the scopes `events` change new versions. */
async function bumpFor(events: DomainEvent[], deps: Deps): Promise<void> {
  const list = events.flatMap(scopesOf);
  if (list.length) await deps.cache.bump(...list);
}

export const cacheInvalidation: Subscriber = {
  name: "cache-invalidation",
  // Every event but the bans', which change no public document.
  on: EVENT_TYPES.filter((type) => type !== "ban.created" && type !== "ban.deleted"),
  beforeResponse: true,
  handle: (event, deps) => bumpFor([event], deps),
  // A bulk action's events share their scopes: one new version each, not one per event.
  handleMany: bumpFor,
};
