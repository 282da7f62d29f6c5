// Shared route plumbing: input validation into AppErrors, the site loader with per-site CORS, and token guards.
import { zValidator } from "@hono/zod-validator";
import { Hono, type Context, type Env, type MiddlewareHandler, type ValidationTargets } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { ZodSafeParseResult } from "zod/v4";
import type * as z from "zod/mini";
import type { ErrorDetail } from "../contract/errors";
import { summarize } from "../contract/messages";
import { siteIdSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { AppError, asSent } from "../lib/errors";
import { actorId } from "../services/audit";
import { isAdminToken, refuseDevTokenOutsideDev, requireAdminToken, requireOwnerToken } from "../services/auth";
import { isOriginAllowed, loadSite, loadSiteForReading } from "../services/sites";

/** The most problems an error lists, and the longest field path it names: a body of 50,000 unknown keys is not echoed back. */
const DETAILS_LISTED = 20;
const FIELD_CHARS = 100;

/** What an unknown field of a body may have been meant as, said instead of "Unknown field." */
const UNKNOWN_HINTS = new Map([
  ["quota", "Unknown field here: the storage quota is the operator's, set with PUT /api/v1/sites/{site}/quota and the admin token."],
]);

/** What a detail says of an unknown field of the body's top level: a Map, since the key is the client's (`__proto__`). */
const unknownHint = (key: string) => UNKNOWN_HINTS.get(key) ?? "Unknown field.";

const NOT_AN_OBJECT = "The request body must be a JSON object ({…}).";

/** The most inputs each path or query schema remembers its answer for, and the longest input it remembers. */
const REMEMBERED = 256;
const REMEMBERED_CHARS = 512;

/** Whether a schema's answer holds only strings, numbers, booleans and nothing: one no request can change for another. */
const flat = (data: unknown) =>
  typeof data === "object" && data !== null && Object.values(data).every((v) => v === undefined || v === null || ["string", "number", "boolean"].includes(typeof v));

/**
 * Parses a path's or a query's values as zod does, remembering each answer by the values (in their JSON spelling):
 * the hot reads (a thread's first page, asked for again and again with the same few parameters) then skip the
 * schema, which was about a twentieth of a warm thread GET's CPU (README: Performance). Only accepted, flat
 * answers are kept, frozen and shared; at most REMEMBERED per schema, the oldest out first.
 */
function remembering() {
  // The result type zValidator's option names (zod's full build; zod/mini's is the same shape).
  const seen = new Map<string, ZodSafeParseResult<unknown>>();
  return async (schema: z.ZodMiniType, value: unknown) => {
    const key = JSON.stringify(value);
    const hit = seen.get(key);
    if (hit) return hit;
    const result = (await schema.safeParseAsync(value)) as ZodSafeParseResult<unknown>;
    if (result.success && key.length <= REMEMBERED_CHARS && flat(result.data)) {
      if (seen.size >= REMEMBERED) seen.delete(seen.keys().next().value as string);
      Object.freeze(result.data);
      seen.set(key, result);
    }
    return result;
  };
}

/**
 * Validates one part of the request with a contract schema; failures become VALIDATION_FAILED with field details.
 * `more` adds, to a refused input, the problems a service would find in it once the schema accepted it (which
 * otherwise come only after the schema's are fixed): the owner hears of every one at once.
 */
export const valid = <T extends keyof ValidationTargets, S extends z.ZodMiniType>(
  target: T,
  schema: S,
  more?: (c: Context<AppEnv>, input: unknown) => ErrorDetail[],
) =>
  zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const fieldOf = (path: PropertyKey[]) => {
        const field = path.length ? path.map(String).join(".") : target === "json" ? "body" : target;
        return field.length > FIELD_CHARS ? `${field.slice(0, FIELD_CHARS - 1)}…` : field;
      };
      // A query parameter given twice (`?limit=5&limit=9`) reaches the schema as a list of its values. A check of
      // its own (`custom`) is one of a parameter that may repeat (counts' `thread`), and says what it means.
      const input = result.data as Record<PropertyKey, unknown> | undefined;
      const repeated = (issue: { code: string; path: PropertyKey[] }) =>
        target === "query" && issue.code !== "custom" && issue.path[0] !== undefined && Array.isArray(input?.[issue.path[0]]);
      // The JSON body itself of another type (`[]`, `"text"`): its field is "body", which a comment's text is too.
      const wholeBody = (issue: { code: string; path: PropertyKey[] }) => target === "json" && issue.path.length === 0 && issue.code === "invalid_type";
      // An unknown field is reported by zod at the object level: each is named, under the object's path. A check of
      // the whole body ("Send at least one setting") says nothing more then: the unknown fields are the mistake.
      const unknown = result.error.issues.some((i) => i.code === "unrecognized_keys" && i.path.length === 0);
      // A number past a field's limit also fails the safe-integer check (1e20): one bound for a field, its tightest.
      const bounds = new Map<string, number>();
      for (const i of result.error.issues) {
        if (i.code !== "too_big" && i.code !== "too_small") continue;
        const key = `${i.code} ${i.path.join(".")}`;
        const limit = Number(i.code === "too_big" ? i.maximum : i.minimum);
        const known = bounds.get(key);
        bounds.set(key, known === undefined ? limit : i.code === "too_big" ? Math.min(known, limit) : Math.max(known, limit));
      }
      const loose = (i: (typeof result.error.issues)[number]) =>
        (i.code === "too_big" || i.code === "too_small") && Number(i.code === "too_big" ? i.maximum : i.minimum) !== bounds.get(`${i.code} ${i.path.join(".")}`);
      // A value of the wrong type is that alone: not also too long because an object it is has a `length` of 1e9.
      const mistyped = new Set(result.error.issues.filter((i) => i.code === "invalid_type").map((i) => i.path.join(".")));
      const issues = result.error.issues.filter(
        (i) => !(unknown && i.code === "custom" && i.path.length === 0) && !loose(i) && (i.code === "invalid_type" || !mistyped.has(i.path.join("."))),
      );
      const found = issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.slice(0, DETAILS_LISTED + 1).map((key) => ({ field: fieldOf([...issue.path, key]), message: unknownHint(target === "json" && issue.path.length === 0 ? key : "") }))
          : [{ field: fieldOf(issue.path), message: repeated(issue) ? "Given more than once: send it once." : wholeBody(issue) ? NOT_AN_OBJECT : issue.message }],
      );
      // A field the schema already refused is named once, by the schema.
      const extra = (more?.(c as Context<AppEnv>, result.data) ?? []).filter((d) => !found.some((f) => f.field === d.field));
      const details = [...found, ...extra].slice(0, DETAILS_LISTED);
      const unlisted = issues.reduce((n, i) => n + (i.code === "unrecognized_keys" ? i.keys.length : 1), 0) + extra.length - details.length;
      if (unlisted > 0) details.push({ field: fieldOf([]), message: `${unlisted} more ${unlisted === 1 ? "problem" : "problems"}, not listed.` });
      throw new AppError("VALIDATION_FAILED", summarize(details), details);
    }
  }, target === "query" || target === "param" ? ({ validationFunction: remembering() } as Parameters<typeof zValidator<S, T, Env, string>>[3]) : undefined);

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearer(c: Context): string | null {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/**
 * Loads the site named in the path and applies its CORS policy. Only the site's allowed origins (and the
 * worker's own) may use its API from a browser: any request from another origin is refused with
 * 403 ORIGIN_NOT_ALLOWED. The refusal itself, like a 404 for an unknown site, carries CORS headers so the
 * widget can read the code and say what is wrong; it holds no data. Requests without Origin are judged by
 * their token alone. Every answer says `Vary: Origin`, with an Origin or without: a shared cache in front (a
 * server-side include's proxy) must not hand an answer without CORS headers to a page's cross-origin fetch.
 */
export const siteContext: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("site")) return next();
  const origin = c.req.header("origin");
  c.header("Vary", "Origin", { append: true });
  if (origin !== undefined) {
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Expose-Headers", "Retry-After, ETag, Idempotent-Replayed");
  }
  if (c.req.method === "OPTIONS") {
    // Preflights pass so the real request gets an answer the browser can read; that answer enforces the policy.
    c.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    c.header("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Parley-Own, Idempotency-Key, If-None-Match");
    c.header("Access-Control-Max-Age", "600");
    return c.body(null, 204);
  }
  const id = c.req.param("site") ?? "";
  if (!siteIdSchema.safeParse(id).success) throw new AppError("SITE_NOT_FOUND", `No site "${asSent(id)}".`);
  // Public reads may use the cached site; anything that writes or carries a token reads it fresh.
  const readOnly = (c.req.method === "GET" || c.req.method === "HEAD") && !c.req.header("authorization");
  const site = await (readOnly ? loadSiteForReading : loadSite)(c.get("deps"), id);
  c.set("site", site);
  if (origin !== undefined && !isOriginAllowed(site, origin, new URL(c.req.url).origin)) {
    throw new AppError("ORIGIN_NOT_ALLOWED", `The page's origin ${asSent(origin)} is not in the allowed origins of site "${id}".`);
  }
  return next();
});

/**
 * The site's owner token; sets the actor for the audit log. Runs after siteContext, once a request: the routes that
 * take large bodies run it before their body is read (app.ts), and their group's guard then finds it done.
 */
export const requireOwner: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("actor")?.startsWith("owner:")) return next();
  const token = bearer(c);
  refuseDevTokenOutsideDev(token, c.env.PARLEY_DEV === "1");
  await requireOwnerToken(c.get("deps"), c.get("site"), token);
  c.set("actor", await actorId("owner", token ?? ""));
  return next();
});

/**
 * The site's owner token, or the admin token: only for rotating the owner token, so an operator can rescue an owner
 * who lost theirs. The audit log records which of the two acted.
 */
export const requireOwnerOrAdmin: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c);
  refuseDevTokenOutsideDev(token, c.env.PARLEY_DEV === "1");
  if (token && (await isAdminToken(token, c.get("deps").adminToken))) {
    c.set("actor", await actorId("admin", token));
    return next();
  }
  return requireOwner(c, next);
});

export const requireAdmin: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c);
  refuseDevTokenOutsideDev(token, c.env.PARLEY_DEV === "1");
  await requireAdminToken(token, c.get("deps").adminToken);
  c.set("actor", await actorId("admin", token ?? ""));
  return next();
});

/**
 * A group of routes that share one access level: `guard` runs once, before anything else of the route
 * (validation included), for every route of the group and for no other route. Several groups may be mounted
 * on the same path (public and owner routes both live under /sites/{site}): the guard looks at which routes
 * matched the request, so a public route next to the group never sees it.
 */
export function accessGroup(guard: MiddlewareHandler<AppEnv>) {
  const group = new Hono<AppEnv>();
  let members: Set<unknown> | undefined;
  return group.use("*", async (c, next) => {
    members ??= new Set(group.routes.filter((r) => r.method !== "ALL").map((r) => r.handler));
    return matchedRoutes(c).some((r) => members?.has(r.handler)) ? guard(c, next) : next();
  });
}
