import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { OPERATIONS, openApiDocument } from "../../worker/routes/openapi";
import { SELF_ORIGIN, call, json, uniqueSiteId } from "./helpers";
import { confirmationSentEarlier, eventually } from "./notify-helpers";
import { createOwnedSite, post } from "./owner-helpers";

type Schema = Record<string, any>;

/** The JSON Schema keywords the document's request bodies may use; the checker below understands each. */
const KNOWN_KEYWORDS = new Set([
  "type",
  "properties",
  "propertyNames",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "minProperties",
  "default",
  "description",
]);

/** Every keyword a schema uses, at any depth. */
function keywordsOf(schema: Schema): string[] {
  const nested = [
    ...Object.values<Schema>(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(typeof schema.additionalProperties === "object" ? [schema.additionalProperties] : []),
  ];
  return [...Object.keys(schema), ...nested.flatMap(keywordsOf)];
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Whether `value` satisfies `schema`, for the subset of JSON Schema 2020-12 listed in KNOWN_KEYWORDS.
 * `format` is an annotation in 2020-12 and is not asserted.
 */
function conforms(schema: Schema, value: unknown): boolean {
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => conforms(s, value))) return false;
  if (schema.oneOf && schema.oneOf.filter((s: Schema) => conforms(s, value)).length !== 1) return false;
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) return false;
  if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) return false;
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === "integer" && actual === "number" && Number.isInteger(value)));
    if (!ok) return false;
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return false;
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    if (schema.items && !value.every((v) => conforms(schema.items, v))) return false;
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    const properties: Record<string, Schema> = schema.properties ?? {};
    if ((schema.required ?? []).some((k: string) => !(k in object))) return false;
    if (schema.minProperties !== undefined && Object.keys(object).length < schema.minProperties) return false;
    if (schema.propertyNames && !Object.keys(object).every((k) => conforms(schema.propertyNames, k))) return false;
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) {
        if (!conforms(properties[key], v)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === "object" && !conforms(schema.additionalProperties, v)) {
        return false;
      }
    }
  }
  return true;
}

/** Values that break one documented property: the wrong type, outside the enum, too long, not matching, out of range. */
function breakersFor(schema: Schema): unknown[] {
  const out: unknown[] = [];
  const wrongType = [12345, "text", true, [], {}].find((v) => !conforms(schema, v));
  if (wrongType !== undefined) out.push(wrongType);
  if (schema.enum) out.push("surely-not-a-member");
  if (schema.maxLength !== undefined) out.push("x".repeat(schema.maxLength + 1));
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test("!")) out.push("!");
  if (schema.minimum !== undefined) out.push(schema.minimum - 1);
  if (schema.maximum !== undefined) out.push(schema.maximum + 1);
  if (schema.type === "integer") out.push(1.5);
  if (schema.minItems !== undefined && schema.minItems > 0) out.push([]);
  if (schema.items) out.push(...breakersFor(schema.items).map((item) => [item]));
  for (const option of schema.anyOf ?? []) out.push(...breakersFor(option).filter((v) => !conforms(schema, v)));
  return out.filter((v) => !conforms(schema, v));
}

interface Fixture {
  id: string;
  ownerToken: string;
  commentId: string;
  /** The edit token of the fixture's comment: the bearer token of the reader's own edit and delete. */
  editToken: string;
  banId: string;
}

async function fixture(): Promise<Fixture> {
  const site = await createOwnedSite();
  await json(`/sites/${site.id}/articles/story`, 201, { method: "PUT", token: site.ownerToken, body: { title: "Story", body: "Text." } });
  const { comment, editToken } = await post(site.id, "story");
  const { ban } = await json<{ ban: { id: string } }>(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Troll" } });
  return { ...site, commentId: comment.id, editToken, banId: ban.id };
}

/** A concrete URL for a documented path: every {param} filled with something that exists on the fixture's site. */
function fill(path: string, f: Fixture): string {
  return `${SELF_ORIGIN}${path}`
    .replace("{site}", f.id)
    .replace("{slug}", "story")
    .replace("{thread}", "story")
    .replace("{action}", "approve")
    .replace("{id}", path.includes("/bans/") ? f.banId : f.commentId);
}

/** Public operations on one comment that its author proves with the comment's edit token. */
const READER_OWN = /^(PATCH|DELETE) \/api\/v1\/sites\/\{site\}\/comments\/\{id\}$/;

/** The token an operation asks for: by its documented security scheme, or the edit token for a reader's own comment. */
function tokenFor(key: string, operation: Schema, f: Fixture): string | undefined {
  const scheme = Object.keys(operation.security?.[0] ?? {})[0];
  if (scheme === "ownerToken") return f.ownerToken;
  if (scheme === "adminToken") return "test-admin-token";
  return READER_OWN.test(key) ? f.editToken : undefined;
}

/** A body each body-taking operation accepts, and the status it answers with. */
const VALID_BODIES: Record<string, { body: () => Record<string, unknown>; ok: number }> = {
  "POST /api/v1/sites": { body: () => ({ id: uniqueSiteId("doc"), name: "Documented" }), ok: 201 },
  "PATCH /api/v1/sites/{site}": { body: () => ({ name: "Renamed" }), ok: 200 },
  "PUT /api/v1/sites/{site}/quota": { body: () => ({ commentsPerDay: 9000, bytesPerDay: 50000000 }), ok: 200 },
  "POST /api/v1/sites/{site}/threads/{thread}/comments": { body: () => ({ body: "Hello", authorName: "Ada" }), ok: 201 },
  "PATCH /api/v1/sites/{site}/comments/{id}": { body: () => ({ body: "Edited by its author." }), ok: 200 },
  "POST /api/v1/sites/{site}/comments/{id}/votes": { body: () => ({ readerKey: "reader-key-0123456789", up: true }), ok: 200 },
  "PUT /api/v1/sites/{site}/articles/{slug}": { body: () => ({ title: "Title", body: "Body." }), ok: 200 },
  "PATCH /api/v1/sites/{site}/moderation/comments/{id}": { body: () => ({ body: "Edited." }), ok: 200 },
  "POST /api/v1/sites/{site}/moderation/bulk": { body: () => ({ ids: ["someComment1"], action: "approve" }), ok: 200 },
  "PUT /api/v1/sites/{site}/threads/{thread}": { body: () => ({ locked: true }), ok: 200 },
  "POST /api/v1/sites/{site}/bans": { body: () => ({ type: "name", value: "Someone" }), ok: 201 },
  "POST /api/v1/sites/{site}/import": {
    body: () => ({
      comments: [{ source: "doc", sourceId: "1", thread: "/imported/", body: "Old comment", authorName: "Ada", status: "published", createdAt: "2020-01-01T00:00:00Z" }],
    }),
    ok: 200,
  },
  "POST /api/v1/sites/{site}/gdpr/export": { body: () => ({ email: "someone@example.com" }), ok: 200 },
  "POST /api/v1/sites/{site}/gdpr/erase": { body: () => ({ email: "someone@example.com" }), ok: 200 },
  "POST /api/v1/sites/{site}/webhooks": { body: () => ({ url: "http://127.0.0.1:9/parley", events: ["comment.created"] }), ok: 201 },
  "POST /api/v1/sites/{site}/articles/preview": { body: () => ({ body: "# Title\n\nSome *markdown*." }), ok: 200 },
  "PUT /api/v1/sites/{site}/notifications/mail": { body: () => ({ email: "owner@example.com", digest: true }), ok: 200 },
};

let doc: Schema;
/** Every documented operation as [METHOD path, operation]. */
let operations: [string, Schema][];

/** The document itself: a static asset the build writes (tests/tooling/openapi.test.ts checks the file is this). */
const DOCUMENT = "GET /api/v1/openapi.json";

beforeAll(() => {
  doc = JSON.parse(JSON.stringify(openApiDocument()));
  operations = Object.entries<Record<string, Schema>>(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Schema] => [`${method.toUpperCase()} ${path}`, op]),
  );
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes).toMatchObject({
      ownerToken: { type: "http", scheme: "bearer" },
      adminToken: { type: "http", scheme: "bearer" },
    });
  });

  it("documents every route of the app's route table, and no route the app lacks", () => {
    const app = createApp();
    const routed = new Set(
      app.routes
        .filter((r) => !["ALL", "HEAD", "OPTIONS"].includes(r.method))
        // HTML pages behind e-mail and chat links, and the dev outbox, are not API operations.
        .filter((r) => !/^\/(demo|docs|moderate|mail|dev|admin)(\/|$)/.test(r.path))
        // A parameter that must end in .js (the page scripts) is {name}.js.
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)\{[^}]*\\\.js\}/g, "{$1}.js").replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
    );
    // The document is a static asset, served before the worker runs.
    const documented = new Set(operations.map(([key]) => key).filter((key) => key !== DOCUMENT));
    expect([...documented].sort()).toEqual([...routed].sort());
    expect(routed).not.toContain(DOCUMENT);
    expect(documented.size).toBeGreaterThanOrEqual(20);
  });

  it("documents every path parameter as a required path parameter", () => {
    for (const [key, op] of operations) {
      const names = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = (op.parameters ?? []).filter((p: Schema) => p.in === "path");
      expect(params.map((p: Schema) => p.name).sort(), key).toEqual(names.sort());
      expect(params.every((p: Schema) => p.required === true), key).toBe(true);
    }
  });

  it("gives every operation a summary, a success response and the shared error shape", () => {
    for (const [key, op] of operations) {
      expect(op.summary, key).toEqual(expect.any(String));
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith("2")), key).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(op.responses[status].content["application/json"].schema, `${key} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
  });

  it("uses only the JSON Schema keywords these checks understand in request bodies", () => {
    const used = new Set(operations.flatMap(([, op]) => (op.requestBody ? keywordsOf(op.requestBody.content["application/json"].schema) : [])));
    expect([...used].filter((k) => !KNOWN_KEYWORDS.has(k))).toEqual([]);
  });

  it("has a known-good body for every operation that takes one", () => {
    const withBody = operations.filter(([, op]) => op.requestBody).map(([key]) => key);
    expect(withBody.sort()).toEqual(Object.keys(VALID_BODIES).sort());
  });
});

describe("documented security", () => {
  it("answers 401 without a token on every operation documented as needing one, and only where a 401 is documented", async () => {
    const f = await fixture();
    for (const [key, op] of operations) {
      const [method, path] = key.split(" ");
      const valid = VALID_BODIES[key]?.body();
      const res = await call(fill(path, f), { method, body: valid });
      const secured = (op.security ?? doc.security ?? []).length > 0;
      if (secured) expect(res.status, key).toBe(401);
      else if (!op.responses["401"]) expect(res.status, key).not.toBe(401);
      await res.arrayBuffer();
    }
  });

  it("lists 401 and 403 among the responses of every secured operation", () => {
    for (const [key, op] of operations) {
      if ((op.security ?? []).length === 0) continue;
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(["401", "403"]));
    }
  });
});

describe("documented request bodies", () => {
  /** The documented body schema of `key`, checked against its known-good body first. */
  function bodySchema(key: string): Schema {
    const [, op] = operations.find(([k]) => k === key) ?? [];
    return op?.requestBody.content["application/json"].schema;
  }

  async function send(key: string, body: unknown, f: Fixture) {
    const [method, path] = key.split(" ");
    const [, op] = operations.find(([k]) => k === key) ?? [];
    return call(fill(path, f), { method, body, token: tokenFor(key, op ?? {}, f) });
  }

  it.each(Object.keys(VALID_BODIES))("%s: the known-good body conforms to the document and the route takes it", async (key) => {
    const f = await fixture();
    const body = VALID_BODIES[key].body();
    if (key.endsWith("/bulk")) body.ids = [f.commentId];
    expect(conforms(bodySchema(key), body)).toBe(true);
    const res = await send(key, body, f);
    expect(res.status, await res.text()).toBe(VALID_BODIES[key].ok);
  });

  it.each(Object.keys(VALID_BODIES))("%s: the route rejects every body the document rejects", async (key) => {
    const f = await fixture();
    const schema = bodySchema(key);
    const base = VALID_BODIES[key].body();
    const variants: [string, unknown][] = [];
    for (const required of schema.required ?? []) {
      const { [required]: _gone, ...rest } = base;
      variants.push([`without ${required}`, rest]);
    }
    if (schema.additionalProperties === false) variants.push(["with an unknown field", { ...base, notDocumented: 1 }]);
    for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
      for (const value of breakersFor(property)) variants.push([`with ${name} = ${JSON.stringify(value).slice(0, 40)}`, { ...base, [name]: value }]);
    }
    variants.push(["that is an array", [base]], ["that is a string", "body"]);
    expect(variants.length).toBeGreaterThan(2);
    for (const [label, body] of variants) {
      expect(conforms(schema, body), `the document accepts a body ${label}`).toBe(false);
      const res = await send(key, body, f);
      const text = await res.text();
      // A value too long for the document may also be too large for the request limit: 413 is a refusal too.
      expect([400, 413], `${key} ${label}: ${text}`).toContain(res.status);
      expect(JSON.parse(text).error.code, `${key} ${label}`).toMatch(/^(VALIDATION_FAILED|INVALID_JSON|PAYLOAD_TOO_LARGE)$/);
    }
  });

  it("requires authorName and body for a comment, and forbids other fields", () => {
    const schema = bodySchema("POST /api/v1/sites/{site}/threads/{thread}/comments");
    expect(schema.required).toEqual(expect.arrayContaining(["authorName", "body"]));
    expect(schema.additionalProperties).toBe(false);
    expect(conforms(schema, { body: "Hi" })).toBe(false);
    expect(conforms(schema, { body: "Hi", authorName: "Ada", admin: true })).toBe(false);
  });

  it("forbids unknown fields in every documented body", () => {
    for (const key of Object.keys(VALID_BODIES)) expect(bodySchema(key).additionalProperties, key).toBe(false);
  });
});

/**
 * A page script (GET /a/…js, /c/…js) never fails: a browser would refuse an error as a script, and the element would
 * stay empty. Bad input answers a script that loads widget.js and says what is wrong in the console.
 */
const isPageScript = (op: Schema) => !!op.responses[200]?.content?.["text/javascript"];

/** That a page script answered 200 with the warning its bad query earns, naming the parameter. */
async function expectScriptWarning(res: Response, key: string, name: string) {
  expect(res.status, key).toBe(200);
  expect(await res.text(), key).toMatch(new RegExp(`^console\\.warn\\("Parley: the page script's address does not work: .*${name}.*\\(VALIDATION_FAILED\\)"\\);`));
}

/** The hosted article page: its query is documented, and any other parameter ignored. */
const HOSTED_PAGE = "GET /p/{site}/{slug}";

describe("documented query parameters", () => {
  it("rejects an undocumented query parameter on every operation that documents query parameters", async () => {
    const f = await fixture();
    for (const [key, op] of operations) {
      if (!(op.parameters ?? []).some((p: Schema) => p.in === "query")) continue;
      const [method, path] = key.split(" ");
      const res = await call(`${fill(path, f)}?notDocumented=1`, { method, token: tokenFor(key, op, f) });
      if (isPageScript(op)) await expectScriptWarning(res, key, "query");
      // A page readers open from anywhere (a campaign's link, a share) ignores what it does not take (README).
      else if (key === HOSTED_PAGE) expect(res.status, key).toBe(200);
      else expect(res.status, key).toBe(400);
      await res.arrayBuffer().catch(() => {});
    }
  });

  it("rejects a value outside a documented enum", async () => {
    const f = await fixture();
    for (const [key, op] of operations) {
      for (const p of (op.parameters ?? []).filter((x: Schema) => x.in === "query" && x.schema.enum)) {
        const [method, path] = key.split(" ");
        const res = await call(`${fill(path, f)}?${p.name}=surely-not-a-member`, { method, token: tokenFor(key, op, f) });
        if (isPageScript(op)) await expectScriptWarning(res, `${key} ${p.name}`, p.name);
        else expect(res.status, `${key} ${p.name}`).toBe(400);
        await res.arrayBuffer().catch(() => {});
      }
    }
  });
});

/**
 * Where an example's fields differ from a real response's, at any depth: objects must have the same keys; arrays
 * compare their first items; a null on either side (an optional value) is not compared further.
 */
function shapeDiff(example: unknown, real: unknown, path = "$"): string[] {
  if (example === null || real === null || typeof example !== "object" || typeof real !== "object") return [];
  // Maps keyed by data (counts, the OpenAPI paths), document trees (body: nodes of many kinds) and audit snapshots
  // vary by nature.
  if (/\.(counts|body|before|after|paths|components)$/.test(path)) return [];
  if (Array.isArray(example) || Array.isArray(real)) {
    if (!Array.isArray(example) || !Array.isArray(real)) return [`${path}: array on one side only`];
    return example.length && real.length ? shapeDiff(example[0], real[0], `${path}[0]`) : [];
  }
  const [a, b] = [example as Record<string, unknown>, real as Record<string, unknown>];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) =>
    !(k in a) ? [`${path}.${k}: missing in the example`] : !(k in b) ? [`${path}.${k}: not in the real response`] : shapeDiff(a[k], b[k], `${path}.${k}`),
  );
}

describe("examples and servers", () => {
  it("names the worker that serves it in servers, as a relative URL", () => {
    expect(doc.servers).toEqual([{ url: "/", description: expect.any(String) }]);
  });

  it("has a request example (body or parameters) and a response example on every operation", () => {
    for (const [key, op] of operations) {
      for (const p of (op.parameters ?? []).filter((x: Schema) => x.in === "path")) expect(p.example, `${key} {${p.name}}`).toBeDefined();
      // Without a body, the request example is the parameters' examples, checked above.
      if (op.requestBody) expect(op.requestBody.content["application/json"].example, `${key} request`).toBeDefined();
      const [status, ok] = Object.entries<Schema>(op.responses).find(([code]) => code.startsWith("2"))!;
      if (status === "204") expect(ok.content, key).toBeUndefined();
      else expect(Object.values<Schema>(ok.content ?? {})[0]?.example, `${key} response`).toBeDefined();
    }
  });

  it("has request examples that pass the route's own schema and the documented one", () => {
    let checked = 0;
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const key = `${op.method.toUpperCase()} ${op.path}`;
      const example = operations.find(([k]) => k === key)![1].requestBody.content["application/json"].example;
      const parsed = op.body!.safeParse(example);
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(conforms(operations.find(([k]) => k === key)![1].requestBody.content["application/json"].schema, example), key).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("has response examples with the same fields as the real responses", async () => {
    const f = await fixture();
    const { webhook } = await json<{ webhook: { id: string } }>(`/sites/${f.id}/webhooks`, 201, {
      token: f.ownerToken,
      // Another URL than the documented POST's below: a site has one webhook per URL.
      body: { ...VALID_BODIES["POST /api/v1/sites/{site}/webhooks"].body(), url: "http://127.0.0.1:9/parley-first" },
    });
    // A delivery to retry: the test event, which fails (nothing listens on port 9).
    const { delivery } = await json<{ delivery: { id: string } }>(`/sites/${f.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: f.ownerToken });
    const compared: string[] = [];
    for (const [key, op] of operations) {
      const [method, path] = key.split(" ");
      const [status, ok] = Object.entries<Schema>(op.responses).find(([code]) => code.startsWith("2"))!;
      const example = ok.content?.["application/json"]?.example;
      if (example === undefined || method === "DELETE" || key.endsWith("/token")) continue;
      if (key === DOCUMENT) {
        expect(shapeDiff(example, doc), key).toEqual([]);
        continue;
      }
      const body = VALID_BODIES[key]?.body();
      if (body && key.endsWith("/bulk")) body.ids = [f.commentId];
      // `counts` needs one of its two ways of naming threads (neither is required alone): its `threads` example.
      const required = (op.parameters ?? []).filter((x: Schema) => x.in === "query" && (x.required || (key.endsWith("/counts") && x.name === "threads")));
      const query = required.map((x: Schema) => `${x.name}=${encodeURIComponent(String(x.example))}`).join("&");
      const url = fill(path.replace("/webhooks/{id}", `/webhooks/${webhook.id}`).replace("{deliveryId}", delivery.id), f) + (query ? `?${query}` : "");
      // The documented PUT (before it) set an address; its confirmation e-mail may go again once the wait is over.
      if (key.endsWith("/notifications/mail/confirmation")) await confirmationSentEarlier(f.id, 60);
      const res = await call(url, { method, body, token: tokenFor(key, op, f) });
      const text = await res.text();
      expect([Number(status), 201], `${key}: ${text}`).toContain(res.status);
      const real = JSON.parse(text);
      expect(shapeDiff(example, real), key).toEqual([]);
      compared.push(key);
    }
    expect(compared.length).toBeGreaterThanOrEqual(25);
    // The retried test delivery is tried once more from the queue: let that attempt finish inside this test.
    await eventually(async () => {
      const { deliveries } = await json<{ deliveries: { id: string; attempts: number }[] }>(`/sites/${f.id}/webhooks/${webhook.id}/deliveries`, 200, { token: f.ownerToken });
      return deliveries.find((d) => d.id === delivery.id)?.attempts === 2;
    });
  });
});

describe("GET /docs", () => {
  it("is a page that loads the Redoc renderer and its settings from this origin, under a strict CSP", async () => {
    const res = await call(`${SELF_ORIGIN}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain("unsafe-eval");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script><script src="/docs/init.js"></script>');
    // Without JavaScript the page still points at the document itself.
    expect(html).toContain('href="/api/v1/openapi.json"');
  });
});
