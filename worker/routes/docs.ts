// The API reference page, /docs: Redoc renders the OpenAPI document, which the build writes as a static asset
// (public/api/v1/openapi.json, from routes/openapi.ts), so neither enters the worker bundle.
import { Hono } from "hono";
import type { AppEnv } from "../env";

/**
 * Redoc is a static asset the build copies from node_modules (scripts/build.mjs): no CDN is involved. Redoc injects
 * its styles and runs its search in a blob: worker, hence those two allowances; everything else must come from
 * this origin.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src blob:",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const DOCS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley API reference</title></head><body style="margin:0">
<div id="reference"><noscript><p>The API reference needs JavaScript. The OpenAPI 3.1 document itself is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript></div>
<script src="/docs/redoc.standalone.js"></script><script src="/docs/init.js"></script></body></html>`;

export const docsRoutes = new Hono<AppEnv>().get("/docs", (c) => c.html(DOCS_PAGE, 200, { "Content-Security-Policy": DOCS_CSP }));
