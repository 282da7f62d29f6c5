// The worker's bindings and per-request variables, shared by every Hono handler.
import type { Deps } from "./deps";
import type { SiteRecord } from "./storage/types";

export interface Bindings {
  DB: D1Database;
  KV: KVNamespace;
  ASSETS?: Fetcher;
  /** Secret: the operator's token; it creates sites. */
  ADMIN_TOKEN?: string;
  /** Secret: keys the edit-token derivation and other keyed hashes. */
  PARLEY_SECRET?: string;
}

export interface Variables {
  deps: Deps;
  /** The site named in the path, loaded once by the site middleware. */
  site: SiteRecord;
  /** Who is acting on an owner route: a token id for the audit log, never the token. */
  actor: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
