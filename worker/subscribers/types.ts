// What a subscriber is: a named, plain function over committed domain events.
import type { DomainEvent, EventType } from "../contract/events";
import type { Deps } from "../deps";

export interface Subscriber {
  /** Stable: the outbox records which subscribers handled an event by this name, so a retry skips them. */
  name: string;
  /** The event types it reacts to. */
  on: readonly EventType[];
  /**
   * Runs before the response leaves, so the writer's next read already sees the reaction (cache
   * invalidation). Keep such subscribers quick; everything else runs after the response via waitUntil.
   */
  beforeResponse?: boolean;
  /** Must be safe to run again for the same event (a retry after a crash may repeat it). */
  handle(event: DomainEvent, deps: Deps): Promise<void>;
  /**
   * When given, runs instead of `handle` over all the events of one dispatch it wants, at once; the same rules. It may
   * answer the events that failed (by id, with why), so that the others are done; a throw fails them all.
   */
  handleMany?(events: DomainEvent[], deps: Deps): Promise<Map<string, string> | void>;
}
