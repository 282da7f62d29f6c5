// /admin: the dashboard's page. Its script (/admin/app.js) is a static asset built from admin/; this page only
// loads it, under a CSP that allows nothing but this origin and no inline code or style.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ADMIN_PAGE } from "./admin-page-html";

/** Same-origin script, styles only through constructed style sheets (Lit's adoptedStyleSheets), no framing. */
export const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";


const headers = {
  "Content-Security-Policy": ADMIN_CSP,
  "Cache-Control": "no-store",
  // Links from the dashboard to comments on the blog do not tell the blog where the owner came from.
  "Referrer-Policy": "no-referrer",
};

export const adminPageRoutes = new Hono<AppEnv>()
  .get("/admin", (c) => c.html(ADMIN_PAGE, 200, headers))
  .get("/admin/", (c) => c.html(ADMIN_PAGE, 200, headers));
