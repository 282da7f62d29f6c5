// What every service call receives: the stores, the clock and the server secret. No Context, no Request.
import type { Stores } from "../storage";
import type { DocCache } from "./cache";

export interface ServiceDeps {
  stores: Stores;
  /** Keys deterministic tokens (edit tokens of idempotent posts) and keyed hashes. */
  secret: string;
  now: () => number;
  /** Asks Cloudflare Turnstile whether a challenge response is genuine; injectable so tests run offline. */
  verifyTurnstile: TurnstileVerifier;
  /** Public documents, keyed by versions that writes bump. */
  cache: DocCache;
}

/** What siteverify said: whether the challenge was solved, and on which page's hostname. */
export interface TurnstileOutcome {
  success: boolean;
  hostname: string | null;
}

export type TurnstileVerifier = (secret: string, token: string, ip: string | null) => Promise<TurnstileOutcome>;
