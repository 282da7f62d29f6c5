// Shared steps for the safety tests (spam, form tokens, rate limits, Turnstile, reader edits, rich text, privacy):
// posting as a particular reader, an app with an offline Turnstile verifier, a clock the tests can move, and
// form tokens signed the way the worker signs them. Harness imports live here and in ./helpers only.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { expect, onTestFinished, vi } from "vitest";
import { createApp } from "../../worker/app";
import { apiRequest, call, env, json, threadPath, type CallOptions } from "./helpers";

/** The PARLEY_SECRET the worker tests run with (vitest.config.ts). */
export const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

let bodyCounter = 0;
/** A comment text no other comment in this file has, so that the duplicate check never interferes by accident. */
export function uniqueBody(label = "Comment"): string {
  bodyCounter += 1;
  return `${label} number ${bodyCounter} ${Math.random().toString(36).slice(2, 8)}`;
}

/** One reader's post: the IP travels as Cloudflare's CF-Connecting-IP header; any other field goes into the JSON. */
export interface Post {
  ip?: string;
  body?: string;
  authorName?: string;
  authorEmail?: string;
  [field: string]: unknown;
}

function postOptions(post: Post): CallOptions {
  const { ip, body, authorName, ...rest } = post;
  return {
    method: "POST",
    headers: ip ? { "CF-Connecting-IP": ip } : {},
    body: { body: body ?? uniqueBody(), authorName: authorName ?? "Reader", ...rest },
  };
}

/** The raw response of a comment POST through the worker's own fetch. */
export function postAs(site: string, thread: string, post: Post = {}): Promise<Response> {
  return call(threadPath(site, thread), postOptions(post));
}

/** Posts and expects 201; returns `{comment, editToken, formToken}`. */
export async function postOk(site: string, thread: string, post: Post = {}): Promise<{ comment: any; editToken: string; formToken: string }> {
  const res = await postAs(site, thread, post);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}

/** A reader's edit of their own comment, with its edit token as the bearer token. */
export function editOwn(site: string, id: string, token: string | undefined, body: Record<string, unknown>, ip?: string): Promise<Response> {
  return call(`/sites/${site}/comments/${id}`, { method: "PATCH", token, body, headers: ip ? { "CF-Connecting-IP": ip } : {} });
}

/** A reader's delete of their own comment. */
export function deleteOwn(site: string, id: string, token: string | undefined): Promise<Response> {
  return call(`/sites/${site}/comments/${id}`, { method: "DELETE", token });
}

/** The first page of a thread as a reader sees it. */
export function readThread(site: string, thread: string, headers: Record<string, string> = {}): Promise<any> {
  return json(threadPath(site, thread), 200, { headers });
}

/** The owner's moderation queue, optionally filtered (`status=pending`). */
export function readQueue(site: string, ownerToken: string, query = ""): Promise<{ comments: any[]; counts: Record<string, number> }> {
  return json(`/sites/${site}/moderation/comments${query ? `?${query}` : ""}`, 200, { token: ownerToken });
}

/** The moderation queue's view of one comment (status, reason, email). */
export async function queued(site: string, ownerToken: string, id: string): Promise<any> {
  const { comments } = await readQueue(site, ownerToken);
  const entry = comments.find((c) => c.id === id);
  expect(entry, `comment ${id} in the moderation queue`).toBeDefined();
  return entry;
}

/** Changes site settings as the owner and returns the owner's view of the site. */
export async function patchSite(site: string, ownerToken: string, settings: Record<string, unknown>): Promise<any> {
  return (await json<{ site: any }>(`/sites/${site}`, 200, { method: "PATCH", token: ownerToken, body: settings })).site;
}

/** Moves a comment's creation time into the past, straight in D1 (how the edit window and 24 h checks are reached). */
export async function ageComment(site: string, id: string, ms: number): Promise<void> {
  const { meta } = await env.DB.prepare("UPDATE comments SET created_at = created_at - ?3 WHERE site_id = ?1 AND id = ?2").bind(site, id, ms).run();
  expect(meta.changes).toBe(1);
}

/** The D1 row of one comment, every column. */
export function commentRow(site: string, id: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM comments WHERE site_id = ?1 AND id = ?2").bind(site, id).first<Record<string, unknown>>();
}

/**
 * Freezes `Date.now` (the worker's clock) at `at` until the test ends. `set` and `advance` move it. The worker runs
 * in the test's isolate, so its requests see the same clock.
 */
export function freezeClock(at: number = Date.now()) {
  let now = at;
  const spy = vi.spyOn(Date, "now").mockImplementation(() => now);
  onTestFinished(() => spy.mockRestore());
  return {
    now: () => now,
    set(ms: number) {
      now = ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A moment `seconds` into a fixed-window minute, a little in the future: rate-limit windows never roll over by surprise. */
export function secondsIntoMinute(seconds: number): number {
  return (Math.floor(Date.now() / MINUTE_MS) + 2) * MINUTE_MS + seconds * 1000;
}

export type TurnstileCall = { secret: string; token: string; ip: string | null };

/** The hostname the test verifier says a "good" challenge was solved on (BLOG_ORIGIN's). */
export const TURNSTILE_HOSTNAME = "blog.example.com";

/**
 * An app built with createApp() whose Turnstile verifier accepts only the tokens "good" (solved on
 * TURNSTILE_HOSTNAME) and "good-elsewhere" (solved on another site's page), and records every call,
 * fetched with the test bindings and a fresh ExecutionContext per request.
 */
export function createTurnstileApp() {
  const calls: TurnstileCall[] = [];
  const app = createApp({
    verifyTurnstile: async (secret, token, ip) => {
      calls.push({ secret, token, ip });
      return { success: token === "good" || token === "good-elsewhere", hostname: token === "good-elsewhere" ? "elsewhere.example" : TURNSTILE_HOSTNAME };
    },
  });
  async function fetchApp(path: string, options: CallOptions = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await app.fetch(apiRequest(path, options), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }
  return {
    calls,
    fetch: fetchApp,
    post: (site: string, thread: string, post: Post = {}) => fetchApp(threadPath(site, thread), postOptions(post)),
    edit: (site: string, id: string, token: string, body: Record<string, unknown>, ip?: string) =>
      fetchApp(`/sites/${site}/comments/${id}`, { method: "PATCH", token, body, headers: ip ? { "CF-Connecting-IP": ip } : {} }),
  };
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export interface FormClaims {
  site: string;
  thread: string;
  issuedAt: number;
  nonce: string;
}

/** Reads the claims of a form token (its payload is base64url JSON; only the signature is secret). */
export function decodeFormToken(token: string): FormClaims {
  const [payload] = token.split(".");
  const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
}

/**
 * Signs form-token claims as the worker does: base64url JSON, then HMAC-SHA-256 over the payload with the
 * "form-token" key derived from the secret by HKDF-SHA-256 (salt "parley/v1").
 */
export async function signFormToken(claims: FormClaims, secret = TEST_SECRET): Promise<string> {
  const encoder = new TextEncoder();
  const payload = base64Url(encoder.encode(JSON.stringify(claims)));
  const master = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("parley/v1"), info: encoder.encode("form-token") },
    master,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const signature = base64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload))));
  return `${payload}.${signature}`;
}

/** The form token a reader's page would get from the thread GET. */
export async function formTokenFor(site: string, thread: string): Promise<string> {
  const page = await readThread(site, thread);
  expect(typeof page.formToken).toBe("string");
  return page.formToken;
}
