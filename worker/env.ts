// The worker's bindings and per-request variables, shared by every Hono handler.
import type { ServiceDeps } from "./services/context";
import type { SiteRecord } from "./storage/sites";

export interface Bindings {
  DB: D1Database;
  KV: KVNamespace;
  ASSETS?: Fetcher;
  /** Secret: the operator's token; it creates sites. */
  ADMIN_TOKEN?: string;
  /**
   * Secret, at least 32 bytes: every key the worker uses (form and edit tokens, keyed IP and e-mail hashes,
   * e-mail encryption) is derived from it. Missing or shorter, the routes that need it answer 503 MISCONFIGURED.
   */
  PARLEY_SECRET?: string;
  /** "1" in local development only (`npm run dev`, the tests): the /demo/ page and the dev tokens exist. */
  PARLEY_DEV?: string;
  /** "1" to send each response's D1 cost (X-D1-Rows-Read / X-D1-Rows-Written): the benchmark sets it. */
  PARLEY_DEBUG_COST?: string;
}

export interface Variables {
  deps: ServiceDeps;
  /** The site named in the path, loaded once by the site middleware. */
  site: SiteRecord;
  /** Who is acting on an owner route: a token id for the audit log, never the token. */
  actor: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
