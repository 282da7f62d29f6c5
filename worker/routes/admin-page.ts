// /admin: the dashboard's page. Its script (/admin/app.js) is a static asset built from admin/; this page only
// loads it, under a CSP that allows nothing but this origin and no inline code or style.
import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Same-origin script, styles only through constructed style sheets (Lit's adoptedStyleSheets), no framing. */
export const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parley dashboard</title>
<link rel="icon" href="data:,">
<script type="module" src="/admin/app.js"></script>
</head>
<body>
<parley-admin></parley-admin>
<noscript>The Parley dashboard needs JavaScript.</noscript>
</body>
</html>
`;

const headers = {
  "Content-Security-Policy": ADMIN_CSP,
  "Cache-Control": "no-store",
  // Links from the dashboard to comments on the blog do not tell the blog where the owner came from.
  "Referrer-Policy": "no-referrer",
};

export const adminPageRoutes = new Hono<AppEnv>()
  .get("/admin", (c) => c.html(PAGE, 200, headers))
  .get("/admin/", (c) => c.html(PAGE, 200, headers));
