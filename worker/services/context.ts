// What every service call receives: the stores, the clock, the secrets and the cache. No Context, no Request.
// Built only by createDeps() (worker/deps.ts).
import type { Stores } from "../storage";
import type { DocCache } from "./cache";
import type { NotifyDeps } from "./notify/context";

export interface ServiceDeps {
  stores: Stores;
  /** Keys deterministic tokens (edit tokens of idempotent posts) and keyed hashes (the PARLEY_SECRET secret). */
  secret: string;
  /** The operator's token (the ADMIN_TOKEN secret); undefined or empty means no admin access. */
  adminToken?: string;
  now: () => number;
  /** Asks Cloudflare Turnstile whether a challenge response is genuine; injectable so tests run offline. */
  verifyTurnstile: TurnstileVerifier;
  /** Public documents, keyed by versions that the cache-invalidation subscriber bumps. */
  cache: DocCache;
  /** Webhooks and e-mail: their stores, the notifications queue and the mail sender. */
  notify?: NotifyDeps;
}

/** What siteverify said: whether the challenge was solved, and on which page's hostname. */
export interface TurnstileOutcome {
  success: boolean;
  hostname: string | null;
}

export type TurnstileVerifier = (secret: string, token: string, ip: string | null) => Promise<TurnstileOutcome>;
