// The one place worker tests import the harness from: requests through the worker's fetch, and site fixtures.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { createApp } from "../../worker/app";
import worker from "../../worker/index";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";

export { env };

export const ADMIN = "test-admin-token";
/** The worker's own origin in tests: always allowed to write. */
export const SELF_ORIGIN = "http://parley.test";
export const BASE = `${SELF_ORIGIN}/api/v1`;
/** The origin every site made by `createSite()` allows. */
export const BLOG_ORIGIN = "https://blog.example.com";

let counter = 0;
/** A site id no other test in this file uses (storage is shared within a file). */
export function uniqueSiteId(prefix = "site"): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  origin?: string;
  headers?: Record<string, string>;
  /** A body sent exactly as given, with no Content-Type added. */
  rawBody?: BodyInit;
}

/**
 * Builds one API request. `path` is relative to /api/v1 unless absolute. A string body is sent as is;
 * a Content-Type given in `headers` wins over the JSON default.
 */
export function apiRequest(path: string, options: CallOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.origin) headers.set("Origin", options.origin);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const url = path.startsWith("http") ? path : `${BASE}${path}`;
  return new Request(url, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}

/** Sends one request through the worker's own fetch handler. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(apiRequest(path, options));
}

/**
 * Sends one request through a fresh app and waits for everything it handed to waitUntil (the dispatcher's
 * background work). `dispatchEvents: false` leaves committed events undelivered, as a crash would.
 */
export async function callSettled(path: string, options: CallOptions & { dispatchEvents?: boolean } = {}): Promise<Response> {
  const { dispatchEvents, ...rest } = options;
  const ctx = createExecutionContext();
  const res = await createApp({ dispatchEvents }).fetch(apiRequest(path, rest), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * Sends one request through a fresh app whose D1 binding notes the largest value bound to any statement, in UTF-8
 * bytes: D1 refuses a value over 2,000,000 bytes, a limit the local D1 does not enforce.
 */
export async function callMeasuringValues(path: string, options: CallOptions = {}): Promise<{ res: Response; largestValue: number }> {
  let largestValue = 0;
  const bytes = (v: unknown) => (typeof v === "string" ? new TextEncoder().encode(v).length : 0);
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop !== "prepare") {
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql);
        const bind = statement.bind.bind(statement);
        statement.bind = (...values: unknown[]) => {
          largestValue = Math.max(largestValue, ...values.map(bytes));
          return bind(...values);
        };
        return statement;
      };
    },
  });
  const ctx = createExecutionContext();
  const res = await createApp().fetch(apiRequest(path, options), { ...env, DB: db }, ctx);
  await waitOnExecutionContext(ctx);
  return { res, largestValue };
}

/** Runs the worker's cron handler as if triggered at `scheduledTime`, and waits for it to finish. */
export async function runCron(scheduledTime = Date.now()): Promise<void> {
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ scheduledTime, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Calls and parses JSON, asserting the status. */
export async function json<T = any>(path: string, status: number, options: CallOptions = {}): Promise<T> {
  const res = await call(path, options);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** Asserts the shared error shape and its code. */
export async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  if (body.error.details !== undefined) {
    expect(Array.isArray(body.error.details)).toBe(true);
    for (const detail of body.error.details) {
      expect(typeof detail.field).toBe("string");
      expect(typeof detail.message).toBe("string");
    }
  }
  return body.error as { code: string; message: string; details?: { field: string; message: string }[] };
}

/** Asserts a 400 VALIDATION_FAILED whose details name `field`. */
export async function expectInvalid(res: Response, field: string) {
  const error = await expectError(res, 400, "VALIDATION_FAILED");
  expect(error.details?.map((d) => d.field)).toContain(field);
  return error;
}

/** Anti-spam checks off (a 0 turns a check off), so that tests post freely unless they test those checks. */
const CHECKS_OFF = { minFillSeconds: 0, rateLimits: { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 } };

/** Creates a site through the admin API (a new id unless `overrides` names one) and returns its id and owner token. */
export async function createSite(overrides: Record<string, unknown> = {}) {
  const id = typeof overrides.id === "string" ? overrides.id : uniqueSiteId();
  const created = await json<{ site: { id: string }; ownerToken: string }>("/sites", 201, {
    token: ADMIN,
    body: { id, name: `Site ${id}`, origins: [BLOG_ORIGIN], ...CHECKS_OFF, ...overrides },
  });
  return { id, ownerToken: created.ownerToken };
}

/** The comments URL of one thread; the key is percent-encoded as one path segment. */
export function threadPath(siteId: string, thread: string): string {
  return `/sites/${siteId}/threads/${encodeURIComponent(thread)}/comments`;
}

/** Posts a comment (no Origin: judged by the request alone) and returns the parsed result. */
export async function postComment(siteId: string, thread: string, body: Record<string, unknown>) {
  return json<{ comment: any; editToken: string; notify?: string }>(threadPath(siteId, thread), 201, {
    body: { authorName: "Reader", ...body },
  });
}

/**
 * A site whose id sorts right after `id`, with a comment, a reply and a pinned comment: every index a thread page walks
 * then holds entries past this site's, as on a real database of many sites, so a scan that runs to the end of its
 * range pays for the one entry past it (which a test's newest site, last in every index, would not).
 */
export async function neighbour(id: string): Promise<void> {
  const next = await createSite({ id: `${id}-next` });
  const root = (await postComment(next.id, "/", { body: "Next door" })).comment.id;
  await postComment(next.id, "/", { body: "A reply next door", parentId: root });
  const pinned = (await postComment(next.id, "/", { body: "Pinned next door" })).comment.id;
  await json(`/sites/${next.id}/moderation/comments/${pinned}/pin`, 200, { method: "POST", token: next.ownerToken });
}

/** One comment of an import batch (POST …/sites/{site}/import), from WordPress, its body naming its source id. */
export function importItem(thread: string, sourceId: string, parent: string | null, status: string, createdAt: string) {
  const source = "wordpress";
  const parentRef = parent ? { source, sourceId: parent } : null;
  return { source, sourceId, parent: parentRef, thread, body: `imported ${sourceId}`, authorName: "Grace", status, createdAt };
}

/** Imports comments (importItem's, bodies of any length) in as few requests as the import's limits allow. */
export async function importInBatches(siteId: string, ownerToken: string, items: { body: string }[]) {
  for (let i = 0, chars = 0, batch: typeof items = []; i <= items.length; i++) {
    if (i == items.length || batch.length == IMPORT_LIMITS.comments || chars + items[i].body.length > IMPORT_LIMITS.bodyChars) {
      await json(`/sites/${siteId}/import`, 200, { token: ownerToken, body: { comments: batch } });
      [batch, chars] = [[], 0];
    }
    if (i < items.length) (batch.push(items[i]), (chars += items[i].body.length));
  }
}

/** Publishes (or replaces) an article as the site's owner and returns the article the API answered with. */
export async function putArticle(siteId: string, ownerToken: string, slug: string, body: Record<string, unknown>, status = 201) {
  const result = await json<{ article: any }>(`/sites/${siteId}/articles/${slug}`, status, {
    method: "PUT",
    token: ownerToken,
    body: { title: `Article ${slug}`, body: "Some text.", ...body },
  });
  return result.article;
}

/** Locks a thread straight in D1 (there is no lock route yet), creating its row if needed. */
export async function lockThread(siteId: string, key: string): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO threads (site_id, key, comment_count, locked, created_at) VALUES (?1, ?2, 0, 1, ?3)
     ON CONFLICT (site_id, key) DO UPDATE SET locked = 1`,
  )
    .bind(siteId, key, Date.now())
    .run();
}

/** How many comment rows a site has in D1, whatever their status. */
export async function countCommentRows(siteId: string): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1").bind(siteId).first<number>("n")) ?? 0;
}

/** SHA-256 as lowercase hex, computed here rather than with the worker's own helper. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A valid idempotency key no other test uses. */
export function idempotencyKey(): string {
  return `key_${crypto.randomUUID().replace(/-/g, "")}`;
}
