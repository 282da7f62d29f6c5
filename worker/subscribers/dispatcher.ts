// The dispatcher: runs the registered subscribers over committed events and records the outcome in the
// outbox. After a request's commit it runs at once (quick subscribers before the response, the rest via
// waitUntil); the cron handler re-runs whatever is left, so a crash between commit and dispatch loses nothing.
import { DAY_MS } from "../contract/dates";
import type { DomainEvent } from "../contract/events";
import type { Deps } from "../deps";
import { DISPATCH_LEASE_MS } from "../storage/transaction";
import { SUBSCRIBERS } from "./index";
import type { Subscriber } from "./types";

/** Events one cron run takes at most; the rest wait for the next run. */
export const REDELIVERY_BATCH = 100;
/** Retries back off from a minute up to an hour, and never give up: an event is kept until it is done. */
const MAX_BACKOFF_MS = 3_600_000;
/** Done events are kept this long (for tools and debugging), then pruned a bounded number per run. */
const KEEP_DONE_MS = 7 * DAY_MS;
const PRUNE_PER_RUN = 500;

interface Delivery {
  event: DomainEvent;
  handled: string[];
  attempts: number;
  error: string | null;
}

const wants = (s: Subscriber, d: Delivery) => s.on.includes(d.event.type) && !d.handled.includes(s.name);

/**
 * Runs each picked subscriber over the deliveries it wants, in order; a failure is noted and the others still run.
 * One with `handleMany` takes them all at once (a bulk action's 100 events make one cache bump, not 100).
 */
async function run(deps: Deps, deliveries: Delivery[], subscribers: readonly Subscriber[], pick: (s: Subscriber) => boolean) {
  for (const s of subscribers) {
    const wanting = pick(s) ? deliveries.filter((d) => wants(s, d)) : [];
    const groups = s.handleMany && wanting.length ? [wanting] : wanting.map((d) => [d]);
    for (const group of groups) {
      const failed = (d: Delivery, why: string) => void (d.error ??= `${s.name}: ${why}`.slice(0, 500));
      try {
        const failures = s.handleMany ? await s.handleMany(group.map((d) => d.event), deps) : await s.handle(group[0].event, deps);
        for (const d of group) {
          const why = failures?.get(d.event.id);
          if (why === undefined) d.handled.push(s.name);
          else failed(d, why);
        }
      } catch (err) {
        for (const d of group) failed(d, err instanceof Error ? err.message : String(err));
      }
    }
  }
}

/** Saves each delivery's attempt, in one batch: done when every subscriber that wants it has handled it. */
async function record(deps: Deps, deliveries: Delivery[], subscribers: readonly Subscriber[], now: number) {
  await deps.stores.outbox.record(
    deliveries.map((d) => {
      const done = d.error === null && !subscribers.some((s) => wants(s, d));
      const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** d.attempts);
      return {
        siteId: d.event.site,
        id: d.event.id,
        handled: d.handled,
        doneAt: done ? now : null,
        error: done ? null : (d.error ?? "not every subscriber ran"),
        nextAttemptAt: done ? now : now + backoff,
      };
    }),
  );
}

/**
 * Dispatches the events a request just committed. The subscribers marked `beforeResponse` run before this
 * resolves; the others, and recording the outcome, are handed to `waitUntil`. Never throws: whatever fails
 * stays in the outbox for the cron handler.
 */
export async function dispatchCommitted(
  deps: Deps,
  events: DomainEvent[],
  waitUntil: (work: Promise<unknown>) => void,
  subscribers: readonly Subscriber[] = SUBSCRIBERS,
): Promise<void> {
  if (events.length === 0) return;
  const deliveries: Delivery[] = events.map((event) => ({ event, handled: [], attempts: 0, error: null }));
  await run(deps, deliveries, subscribers, (s) => s.beforeResponse === true);
  const rest = run(deps, deliveries, subscribers, (s) => s.beforeResponse !== true)
    .then(() => record(deps, deliveries, subscribers, deps.now()))
    .catch((err) => console.error("event dispatch failed; the cron handler will retry", err));
  waitUntil(rest);
}

/**
 * The cron handler's work: claims due events (at most REDELIVERY_BATCH), runs the subscribers that have not
 * handled them yet, records each attempt, and prunes old done events. `now` is the scheduled time.
 */
export async function redeliver(
  deps: Deps,
  now: number,
  subscribers: readonly Subscriber[] = SUBSCRIBERS,
): Promise<{ claimed: number; done: number; failed: number; pruned: number }> {
  const due = await deps.stores.outbox.claimDue(now, now + DISPATCH_LEASE_MS, REDELIVERY_BATCH);
  const deliveries: Delivery[] = due.map((s) => ({ event: s.event, handled: [...s.handled], attempts: s.attempts, error: null }));
  await run(deps, deliveries, subscribers, () => true);
  await record(deps, deliveries, subscribers, now);
  const pruned = await deps.stores.outbox.pruneDone(now - KEEP_DONE_MS, PRUNE_PER_RUN);
  const failed = deliveries.filter((d) => d.error !== null).length;
  return { claimed: due.length, done: due.length - failed, failed, pruned };
}
