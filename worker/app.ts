// createApp(): middleware order, the route table by access level, and the single error writer.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody } from "./contract/errors";
import { LIMITS } from "./contract/limits";
import { IMPORT_LIMITS } from "./contract/owner-data";
import type { AppEnv } from "./env";
import { secretProblem } from "./lib/crypto";
import { AppError } from "./lib/errors";
import { jsonShapeProblem } from "./lib/json-depth";
import { methodsOf } from "./lib/methods";
import { adminRoutes } from "./routes/admin";
import { adminPageRoutes } from "./routes/admin-page";
import { dashboardRoutes } from "./routes/dashboard";
import { demoRoutes } from "./routes/demo";
import { docsRoutes } from "./routes/docs";
import { requireOwner, siteContext } from "./routes/middleware";
import { notifyPageRoutes } from "./routes/notify-pages";
import { notificationOwnerRoutes, notificationRoutes } from "./routes/notifications";
import { ownerRoutes, tokenRoutes } from "./routes/owner";
import { adminDataRoutes, ownerDataRoutes } from "./routes/owner-data";
import { publicRoutes } from "./routes/public";
import { misnamedPageScript, renderRoutes } from "./routes/render";
import { createDeps, takeCommitted } from "./deps";
import type { TurnstileVerifier } from "./services/context";
import { dispatchCommitted } from "./subscribers/dispatcher";

/** Requests that carry a whole article's markdown: the article PUT and the dashboard's preview of it. */
const isArticleBody = (method: string, path: string) =>
  (method === "PUT" && /^\/api\/v1\/sites\/[^/]+\/articles\/[^/]+$/.test(path)) ||
  (method === "POST" && /^\/api\/v1\/sites\/[^/]+\/articles\/preview$/.test(path));

/** An import batch: the largest body the API takes. */
const isImportBody = (method: string, path: string) => method === "POST" && /^\/api\/v1\/sites\/[^/]+\/import$/.test(path);

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

function errorBody(err: AppError): ErrorBody {
  return { ...err.extra, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

/** Headers an error implies: a wait time in its details becomes Retry-After. */
function errorHeaders(err: AppError): Record<string, string> {
  const wait = err.details?.find((d) => d.retryAfterSeconds !== undefined)?.retryAfterSeconds;
  return wait === undefined ? {} : { "Retry-After": String(wait) };
}

/** Every group of owner routes (all under /api/v1/sites/{site}); the owner auth-matrix test reads this list. */
export const OWNER_GROUPS = [tokenRoutes, ownerRoutes, notificationOwnerRoutes, dashboardRoutes, ownerDataRoutes];

export interface AppOptions {
  /** Replaces the Turnstile siteverify call (tests run offline). */
  verifyTurnstile?: TurnstileVerifier;
  /**
   * False leaves committed events in the outbox without running subscribers, as a crash between commit and
   * dispatch would; the cron handler then delivers them. Tests only.
   */
  dispatchEvents?: boolean;
}

export function createApp(options: AppOptions = {}) {
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
    const deps = createDeps(c.env, { meter, verifyTurnstile: options.verifyTurnstile });
    c.set("deps", deps);
    await next();
    // The events this request committed: quick subscribers (the cache) before the response, the rest after it.
    const events = takeCommitted(deps);
    if (events.length > 0 && options.dispatchEvents !== false) {
      const later: Promise<unknown>[] = [];
      await dispatchCommitted(deps, events, (work) => later.push(work));
      try {
        for (const work of later) c.executionCtx.waitUntil(work);
      } catch {
        // No execution context (the app called directly): finish the work before answering.
        await Promise.all(later);
      }
    }
    if (!c.res.headers.has("Content-Security-Policy")) c.res.headers.set("Content-Security-Policy", API_CSP);
    // Anything not marked as a shared document depends on the reader or a token: no cache may keep it.
    if (c.req.path.startsWith("/api/") && !c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "private, no-store");
    if (c.req.header("authorization")) c.res.headers.append("Vary", "Authorization");
    // What this request cost in D1 rows (the unit Cloudflare bills by), for the benchmark only: on a public
    // worker these would tell, for instance, whether an e-mail address commented in the last day.
    if (c.env.PARLEY_DEBUG_COST === "1") {
      c.res.headers.set("X-D1-Rows-Read", String(meter.rowsRead));
      c.res.headers.set("X-D1-Rows-Written", String(meter.rowsWritten));
    }
  });
  // Everything under one site: loaded once, with CORS by the site's origins, before any check that can
  // fail, so that every error reaches an allowed origin readable.
  app.use("/api/v1/sites/:site", siteContext);
  app.use("/api/v1/sites/:site/*", siteContext);
  // Every route under a site that makes or checks a token or a keyed hash needs PARLEY_SECRET: without a usable
  // one they answer 503 MISCONFIGURED at once, before doing anything. Shared public documents do not need it.
  app.use("/api/v1/sites/:site/*", async (c, next) => {
    const shared = (c.req.method === "GET" || c.req.method === "HEAD") && /^\/api\/v1\/sites\/[^/]+(\/articles(\/[^/]+)?|\/counts)?$/.test(c.req.path);
    const problem = shared || c.req.method === "OPTIONS" ? null : secretProblem(c.env.PARLEY_SECRET);
    if (problem) throw new AppError("MISCONFIGURED", problem);
    return next();
  });
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `This request is limited to ${maxSize} bytes.`);
      },
    });
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const articleLimit = limitTo(LIMITS.articleRequestBytes);
  const requestLimit = limitTo(LIMITS.requestBytes);
  const importLimit = limitTo(IMPORT_LIMITS.requestBytes);
  // The only routes that take bodies past 64 KB are the owner's: their token is checked before the body's size is
  // judged or the body read, so that nobody without it makes the worker read, decode or scan megabytes. The group's
  // own guard (requireOwner) then passes at once; a request these paths miss keeps the 64 KB of the other routes.
  app.use("/api/v1/sites/:site/*", (c, next) =>
    isImportBody(c.req.method, c.req.path) || isArticleBody(c.req.method, c.req.path) ? requireOwner(c, next) : next(),
  );
  app.use("/api/*", (c, next) => {
    if (isImportBody(c.req.method, c.req.path)) return importLimit(c, next);
    return (isArticleBody(c.req.method, c.req.path) ? articleLimit : requestLimit)(c, next);
  });

  app.use("/api/*", async (c, next) => {
    const hasBody = c.req.header("content-length") !== "0" && (c.req.header("content-length") || c.req.header("transfer-encoding"));
    const type = c.req.header("content-type") ?? "";
    if (hasBody && ["POST", "PUT", "PATCH"].includes(c.req.method)) {
      // The media type alone, as the validator reads it: `application/json-seq` or a list would reach it unparsed.
      if (!/^application\/json\s*(;|$)/i.test(type)) throw new AppError("INVALID_JSON", "Send the request body as JSON with 'Content-Type: application/json'.");
      // A compressed body would read as bytes that are not UTF-8: say what is wrong with it instead.
      const encoding = c.req.header("content-encoding")?.trim().toLowerCase();
      if (encoding && encoding !== "identity") throw new AppError("INVALID_JSON", `Send the request body uncompressed: this API does not take 'Content-Encoding: ${encoding.slice(0, 40)}'.`);
      // JSON is UTF-8: bytes that are not would be stored as U+FFFD, changing what the client sent. The text
      // decoded here is the one the validator parses (Hono's body cache), so the body is decoded once.
      let text: string;
      const bytes = await c.req.arrayBuffer();
      try {
        text = utf8.decode(bytes);
      } catch {
        throw new AppError("INVALID_JSON", "The request body is not valid UTF-8.");
      }
      // Up to the 64 KB of most routes, even the deepest JSON parses within a millisecond or two; past it (an
      // article, an import batch), a body nested or filled with values like no request of the API is refused before
      // it is parsed.
      const problem = bytes.byteLength > LIMITS.requestBytes ? jsonShapeProblem(text, { depth: LIMITS.jsonDepth, values: LIMITS.jsonValues }) : null;
      if (problem === "depth") throw new AppError("INVALID_JSON", `The request body nests more than ${LIMITS.jsonDepth} levels of arrays and objects.`);
      if (problem === "values") {
        throw new AppError("INVALID_JSON", `The request body holds more than ${LIMITS.jsonValues.toLocaleString("en")} values in its arrays and objects: send fewer per request.`);
      }
      // Hono keeps each body form as a promise, though its type says the value.
      (c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(text);
    }
    return next();
  });

  // Public, no storage: the benchmark's baseline.
  app.get("/api/v1/health", (c) => c.json({ ok: true }, 200, { "Access-Control-Allow-Origin": "*" }));
  // The API's base, as Quick start prints it: where its documents are.
  const index = { api: "Parley", version: "v1", docs: "/docs", openapi: "/api/v1/openapi.json", health: "/api/v1/health" };
  app.get("/api/v1", (c) => c.json(index, 200, { "Access-Control-Allow-Origin": "*" }));

  // The route table by access level; each group checks its token once (see routes/middleware.ts accessGroup).
  app.route("/api/v1/sites", adminRoutes);
  app.route("/api/v1/sites", adminDataRoutes);

  app.route("/api/v1/sites/:site", publicRoutes);
  for (const group of OWNER_GROUPS) app.route("/api/v1/sites/:site", group);
  app.route("/api/v1/sites/:site", notificationRoutes);
  // Public HTML: the article and its comments rendered on the server (/embed fragment, /p page).
  app.route("/", renderRoutes);

  // The demo page exists only in local development; a deployed worker answers 404 there.
  const devOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.env.PARLEY_DEV !== "1") throw new AppError("NOT_FOUND", "No such route.");
    return next();
  };
  app.use("/demo", devOnly);
  app.use("/demo/*", devOnly);
  app.route("/", demoRoutes);
  app.route("/", docsRoutes);
  app.route("/", notifyPageRoutes);
  app.route("/", adminPageRoutes);

  const allowedOn = methodsOf(app.routes);
  app.notFound((c) => {
    const script = misnamedPageScript(c);
    if (script) return script;
    // A route that exists for other methods: 405, with the methods it takes (an OPTIONS preflight is CORS's).
    const allowed = c.req.method === "OPTIONS" ? [] : allowedOn(c.req.path);
    if (allowed.length > 0) {
      const err = new AppError("METHOD_NOT_ALLOWED", `This route does not take ${c.req.method}; it takes ${allowed.join(", ")}.`);
      return c.json(errorBody(err), err.status, { Allow: allowed.join(", ") });
    }
    throw new AppError("NOT_FOUND", "No such route.");
  });

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status, errorHeaders(err));
    if (err instanceof HTTPException && err.status === 400) {
      // Hono's validator rejects a malformed or non-JSON body before the schema sees it.
      // Its media type was checked above: what is wrong is the JSON itself (a trailing comma, an unclosed string, none).
      return c.json(errorBody(new AppError("INVALID_JSON", "The request body is not valid JSON.")), 400);
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: "VALIDATION_FAILED", message: err.message } }, err.status as ContentfulStatusCode);
    }
    console.error("unhandled error", err);
    return c.json({ error: { code: "INTERNAL", message: "Something went wrong on our side." } }, 500);
  });

  return app;
}
