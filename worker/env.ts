// The worker's bindings and per-request variables, shared by every Hono handler.
import type { Deps } from "./deps";
import type { SiteRecord } from "./storage/types";

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
  /**
   * "1" in local development and tests only: the /demo/ page and the dev tokens exist, /dev/mail is served
   * and http/loopback webhook URLs are allowed.
   */
  PARLEY_DEV?: string;
  /** "1" to send each response's D1 cost (X-D1-Rows-Read / X-D1-Rows-Written): the benchmark sets it. */
  PARLEY_DEBUG_COST?: string;
  /** Producer binding of the notifications queue; the same worker consumes it (`queue()` in index.ts). */
  NOTIFY_QUEUE?: Queue<import("./contract/notifications").NotifyMessage>;
  /** Secret: Resend API key; with MAIL_FROM it turns e-mail on. */
  RESEND_API_KEY?: string;
  /** The From address of every e-mail, e.g. `Parley <comments@example.com>`. */
  MAIL_FROM?: string;
  /** Overrides Resend's API base URL (tests). */
  RESEND_API_URL?: string;
  /** The worker's public origin for links in e-mails and webhooks, e.g. https://comments.example.com. */
  PUBLIC_URL?: string;
  /** E-mails one site may send per UTC day (default 200). */
  MAIL_DAILY_BUDGET?: string;
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
