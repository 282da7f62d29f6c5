// createDeps(): the one place the worker's bindings and secrets become service dependencies. The app, the
// cron handler, the dev seed (and any queue consumer or Durable Object later) all build their deps here.
import type { DomainEvent } from "./contract/events";
import type { Bindings } from "./env";
import { createDocCache, openDocCache, type DocCache } from "./services/cache";
import { createNotifyDeps, type NotifyDeps } from "./services/notify/context";
import type { ServiceDeps, TurnstileVerifier } from "./services/context";
import { verifyWithCloudflare } from "./services/turnstile";
import { createStores } from "./storage";
import type { D1Meter } from "./storage/metered";

export interface DepsOptions {
  /** Counts the D1 rows read and written (per request). */
  meter?: D1Meter;
  /** Replaces the Turnstile siteverify call (tests run offline). */
  verifyTurnstile?: TurnstileVerifier;
  now?: () => number;
  /** Defaults to the worker's named Cache API cache where there is one, else no caching. */
  cache?: DocCache;
}

/** Service deps plus the events committed through them that still await dispatch. */
export interface Deps extends ServiceDeps {
  /** Filled as transactions commit; the caller hands them to the dispatcher and clears it. */
  committed: DomainEvent[];
  /** What notification services need: their stores, the queue, the mailer (RESEND_API_KEY) and the mode. */
  notify: NotifyDeps;
}

export function createDeps(env: Bindings, options: DepsOptions = {}): Deps {
  const committed: DomainEvent[] = [];
  const now = options.now ?? Date.now;
  return {
    committed,
    stores: createStores(env, { meter: options.meter, onCommit: (events) => committed.push(...events) }),
    secret: env.PARLEY_SECRET ?? "",
    adminToken: env.ADMIN_TOKEN,
    now,
    notify: createNotifyDeps(env, now),
    verifyTurnstile: options.verifyTurnstile ?? verifyWithCloudflare,
    cache: options.cache ?? createDocCache(openDocCache()),
  };
}

/** Takes the committed events out of `deps`, for the dispatcher. */
export function takeCommitted(deps: Deps): DomainEvent[] {
  return deps.committed.splice(0, deps.committed.length);
}
