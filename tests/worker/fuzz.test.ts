// Property-based fuzzing of every public route with a seeded generator: thousands of malformed requests,
// no 5xx, and every 4xx in the one error shape.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE, call, createSite, postComment } from "./helpers";

const SEED = 20261124;

/** Percent-encodes like a client would; a lone surrogate becomes the invalid UTF-8 a broken client sends. */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
};

/** Strings a hostile client might put anywhere: unicode, control characters, percent escapes, huge. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", "%", "%2F", "%00", "..", "../..", "%E0%A4%A", "null", "undefined", "[]", "{}", "x".repeat(300), "\u0000", "\uD800"),
);

/** Bodies: valid-looking objects with wrong types, arbitrary JSON, and not-JSON at all. */
const bodies = fc.oneof(
  fc.record(
    {
      body: fc.oneof(nasty, fc.integer(), fc.constant(null), fc.array(fc.string())),
      authorName: fc.oneof(nasty, fc.boolean()),
      authorEmail: nasty,
      parentId: nasty,
      idempotencyKey: nasty,
      formToken: nasty,
      website: nasty,
      readerKey: nasty,
      up: fc.oneof(fc.boolean(), nasty),
    },
    { requiredKeys: [] },
  ).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  nasty,
  fc.constantFrom("{", "[1,", '{"body": "\\ud800"}', "\u0000", '{"__proto__": {"x": 1}}'),
);

const contentTypes = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=utf-8");
const origins = fc.option(fc.constantFrom("https://blog.example.com", "https://evil.example", "null", "http://parley.test"));

function expectErrorShape(status: number, text: string) {
  expect(status, text).toBeLessThan(500);
  if (status >= 400) {
    const body = JSON.parse(text);
    expect(typeof body.error.code).toBe("string");
    expect(typeof body.error.message).toBe("string");
  }
}

describe("fuzzing the public API", () => {
  it("never answers 5xx, and always in the error shape, for thousands of malformed requests", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "a real comment" });
    const site = fc.oneof(fc.constant(id), nasty.map(enc));
    const thread = fc.oneof(fc.constant("t"), nasty.map(enc));
    const commentId = fc.oneof(fc.constant(comment.id), nasty.map(enc));
    const query = fc.dictionary(fc.constantFrom("sort", "limit", "cursor", "threads", "x"), nasty, { maxKeys: 3 });

    const request = fc.oneof(
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site).map(([s]) => `/sites/${s}`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site).map(([s]) => `/sites/${s}/articles`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site, nasty).map(([s, slug]) => `/sites/${s}/articles/${enc(slug)}`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site, thread).map(([s, t]) => `/sites/${s}/threads/${t}/comments`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site, thread, commentId).map(([s, t, c]) => `/sites/${s}/threads/${t}/comments/${c}/replies`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site, thread).map(([s, t]) => `/sites/${s}/threads/${t}/feed`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("GET"), path: fc.tuple(site).map(([s]) => `/sites/${s}/counts`), query, body: fc.constant(undefined) }),
      fc.record({ method: fc.constant("POST"), path: fc.tuple(site, thread).map(([s, t]) => `/sites/${s}/threads/${t}/comments`), query, body: bodies }),
      fc.record({ method: fc.constantFrom("PATCH", "DELETE"), path: fc.tuple(site, commentId).map(([s, c]) => `/sites/${s}/comments/${c}`), query, body: bodies }),
      fc.record({ method: fc.constant("POST"), path: fc.tuple(site, commentId).map(([s, c]) => `/sites/${s}/comments/${c}/votes`), query, body: bodies }),
      fc.record({ method: fc.constantFrom("GET", "POST", "PUT", "OPTIONS"), path: nasty.map((p) => `/${enc(p)}`), query, body: bodies }),
    );

    await fc.assert(
      fc.asyncProperty(request, contentTypes, origins, fc.option(nasty), async (req, type, origin, token) => {
        const url = new URL(`${BASE}${req.path}`);
        for (const [k, v] of Object.entries(req.query)) url.searchParams.set(k, v);
        const headers: Record<string, string> = {};
        if (type) headers["Content-Type"] = type;
        if (token !== null) headers.Authorization = `Bearer ${token.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, "")}`;
        const res = await call(url.href, {
          method: req.method,
          origin: origin ?? undefined,
          headers,
          rawBody: req.method === "GET" || req.method === "OPTIONS" ? undefined : req.body,
        });
        expectErrorShape(res.status, await res.text());
      }),
      { seed: SEED, numRuns: 2500 },
    );
  }, 120_000);
});
