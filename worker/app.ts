// createApp(): middleware order, the route table by access level, and the single error writer.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody } from "./contract/errors";
import { LIMITS } from "./contract/limits";
import type { AppEnv } from "./env";
import { AppError } from "./lib/errors";
import { adminRoutes } from "./routes/admin";
import { demoRoutes } from "./routes/demo";
import { docsRoutes } from "./routes/openapi";
import { siteContext } from "./routes/middleware";
import { notifyPageRoutes } from "./routes/notify-pages";
import { notificationRoutes } from "./routes/notifications";
import { ownerRoutes } from "./routes/owner";
import { publicRoutes } from "./routes/public";
import { createDocCache } from "./services/cache";
import type { TurnstileVerifier } from "./services/context";
import { verifyWithCloudflare } from "./services/turnstile";
import { createStores } from "./storage";

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

export interface AppOptions {
  /** Replaces the Turnstile siteverify call (tests run offline). */
  verifyTurnstile?: TurnstileVerifier;
}

export function createApp(options: AppOptions = {}) {
  const verifyTurnstile = options.verifyTurnstile ?? verifyWithCloudflare;
  const app = new Hono<AppEnv>();

  app.use(
    "*",
    secureHeaders({
      crossOriginResourcePolicy: "cross-origin",
      referrerPolicy: "strict-origin-when-cross-origin",
      xFrameOptions: "DENY",
    }),
  );
  app.use("*", async (c, next) => {
    const meter = { rowsRead: 0, rowsWritten: 0 };
    c.set("deps", {
      stores: createStores(c.env, meter),
      secret: c.env.PARLEY_SECRET ?? "",
      now: Date.now,
      verifyTurnstile,
      cache: createDocCache(typeof caches === "undefined" ? undefined : (caches as unknown as { default: Cache }).default),
    });
    await next();
    if (!c.res.headers.has("Content-Security-Policy")) c.res.headers.set("Content-Security-Policy", API_CSP);
    // What this request cost in D1 rows (the unit Cloudflare bills by); the benchmark reads these.
    c.res.headers.set("X-D1-Rows-Read", String(meter.rowsRead));
    c.res.headers.set("X-D1-Rows-Written", String(meter.rowsWritten));
  });
  // Everything under one site: loaded once, with CORS by the site's origins, before any check that can
  // fail, so that every error reaches an allowed origin readable. Owner routes guard themselves.
  app.use("/api/v1/sites/:site", siteContext);
  app.use("/api/v1/sites/:site/*", siteContext);
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `This request is limited to ${maxSize} bytes.`);
      },
    });
  const articleLimit = limitTo(LIMITS.articleRequestBytes);
  const requestLimit = limitTo(LIMITS.requestBytes);
  app.use("/api/*", (c, next) =>
    (c.req.method === "PUT" && /^\/api\/v1\/sites\/[^/]+\/articles\/[^/]+$/.test(c.req.path) ? articleLimit : requestLimit)(c, next),
  );

  app.use("/api/*", async (c, next) => {
    const hasBody = c.req.header("content-length") !== "0" && (c.req.header("content-length") || c.req.header("transfer-encoding"));
    const type = c.req.header("content-type") ?? "";
    if (hasBody && ["POST", "PUT", "PATCH"].includes(c.req.method) && !/^application\/json\b/i.test(type)) {
      throw new AppError("INVALID_JSON", "Send the request body as JSON with 'Content-Type: application/json'.");
    }
    return next();
  });

  // Public, no storage: the benchmark's baseline.
  app.get("/api/v1/health", (c) => c.json({ ok: true }, 200, { "Access-Control-Allow-Origin": "*" }));

  // Admin: site creation.
  app.route("/api/v1/sites", adminRoutes);

  app.route("/api/v1/sites/:site", publicRoutes);
  app.route("/api/v1/sites/:site", ownerRoutes);
  app.route("/api/v1/sites/:site", notificationRoutes);

  app.route("/", demoRoutes);
  app.route("/", docsRoutes);
  app.route("/", notifyPageRoutes);

  app.notFound(() => {
    throw new AppError("NOT_FOUND", "No such route.");
  });

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status, err.headers);
    if (err instanceof HTTPException && err.status === 400) {
      // Hono's validator rejects a malformed or non-JSON body before the schema sees it.
      return c.json(errorBody(new AppError("INVALID_JSON", "The request body must be a JSON object (Content-Type: application/json).")), 400);
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: "VALIDATION_FAILED", message: err.message } }, err.status as ContentfulStatusCode);
    }
    console.error("unhandled error", err);
    return c.json({ error: { code: "INTERNAL", message: "Something went wrong on our side." } }, 500);
  });

  return app;
}
