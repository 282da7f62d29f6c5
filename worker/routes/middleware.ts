// Shared route plumbing: input validation into AppErrors, the site loader with per-site CORS, and token guards.
import { zValidator } from "@hono/zod-validator";
import type { Context, MiddlewareHandler, ValidationTargets } from "hono";
import { createMiddleware } from "hono/factory";
import type * as z from "zod";
import { siteIdSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { actorId } from "../services/audit";
import { requireAdminToken, requireOwnerToken } from "../services/auth";
import { isOriginAllowed, loadSite } from "../services/sites";

/** Validates one part of the request with a contract schema; failures become VALIDATION_FAILED with field details. */
export const valid = <T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join(".") : target === "json" ? "body" : target,
        message: issue.message,
      }));
      // An unknown field is reported by zod at the object level; name the field itself.
      for (const [i, issue] of result.error.issues.entries()) {
        if (issue.code === "unrecognized_keys") details[i] = { field: issue.keys.join(", "), message: "Unknown field." };
      }
      throw new AppError("VALIDATION_FAILED", "The request is not valid.", details);
    }
  });

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearer(c: Context): string | null {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/**
 * Loads the site named in the path and applies its CORS policy: allowed origins get CORS headers,
 * and a write from any other browser origin is refused. Requests without Origin are judged by token alone.
 */
export const siteContext: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("site")) return next();
  const id = c.req.param("site") ?? "";
  if (!siteIdSchema.safeParse(id).success) throw new AppError("SITE_NOT_FOUND", `No site "${id}".`);
  const site = await loadSite(c.get("deps"), id);
  c.set("site", site);

  const origin = c.req.header("origin");
  const allowed = origin !== undefined && isOriginAllowed(site, origin, new URL(c.req.url).origin);
  if (origin !== undefined) c.header("Vary", "Origin", { append: true });
  if (allowed) {
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Expose-Headers", "Retry-After, ETag, Idempotent-Replayed");
  }
  if (c.req.method === "OPTIONS") {
    if (!allowed) throw new AppError("ORIGIN_NOT_ALLOWED", `Origin ${origin ?? "(none)"} is not allowed for site "${id}".`);
    c.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    c.header("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Parley-Own");
    c.header("Access-Control-Max-Age", "600");
    return c.body(null, 204);
  }
  if (origin !== undefined && !allowed && WRITE_METHODS.has(c.req.method)) {
    throw new AppError("ORIGIN_NOT_ALLOWED", `Origin ${origin} is not allowed to write to site "${id}".`);
  }
  return next();
});

/** Guards one owner route; use after siteContext. */
export const requireOwner: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c);
  await requireOwnerToken(c.get("deps"), c.get("site"), token, c.env.ADMIN_TOKEN);
  c.set("actor", await actorId("owner", token ?? ""));
  return next();
});

export const requireAdmin: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  await requireAdminToken(bearer(c), c.env.ADMIN_TOKEN);
  return next();
});
