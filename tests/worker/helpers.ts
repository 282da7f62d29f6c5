// The one place worker tests import the harness from: requests through the worker's fetch, and site fixtures.
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";

export { env };

export const ADMIN = "test-admin-token";
export const BASE = "http://parley.test/api/v1";

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
}

/** Sends one request through the worker's own fetch handler. `path` is relative to /api/v1 unless absolute. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.origin) headers.set("Origin", options.origin);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers.set("Content-Type", "application/json");
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const url = path.startsWith("http") ? path : `${BASE}${path}`;
  return exports.default.fetch(new Request(url, { method: options.method ?? (body ? "POST" : "GET"), headers, body }));
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
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body.error as { code: string; message: string; details?: { field: string; message: string }[] };
}

/** Creates a site through the admin API and returns its id and owner token. */
export async function createSite(overrides: Record<string, unknown> = {}) {
  const id = uniqueSiteId();
  const created = await json<{ site: { id: string }; ownerToken: string }>("/sites", 201, {
    token: ADMIN,
    body: { id, name: `Site ${id}`, origins: ["https://blog.example.com"], minFillSeconds: 0, ...overrides },
  });
  return { id, ownerToken: created.ownerToken };
}

/** Posts a comment (no Origin: judged by the request alone) and returns the parsed result. */
export async function postComment(siteId: string, thread: string, body: Record<string, unknown>) {
  return json<{ comment: any; editToken: string }>(`/sites/${siteId}/threads/${encodeURIComponent(thread)}/comments`, 201, {
    body: { authorName: "Reader", ...body },
  });
}
