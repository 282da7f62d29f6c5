// The demo blog page at /demo/: a plain page that embeds Parley exactly as a blogger would.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { articlePageUrl, getEmbed } from "../services/render/index";
import { styleHashes } from "../services/render/csp";
import { loadSiteForReading } from "../services/sites";

export const DEMO_SITE = "demo";
export const DEMO_SLUG = "us-airstrikes-iran-backed-militias";

const escapeAttr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** `fragment` is the server-rendered article (the widget hydrates it); without one, the element loads it itself. */
function demoPage(origin: string, fragment: string | null): string {
  const o = escapeAttr(origin);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>U.S. airstrikes on Iranian-backed militias · Parley demo blog</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/demo.css">
<link rel="preconnect" href="${o}">
<script type="module" src="${o}/widget.js"></script>
</head>
<body>
<header class="masthead">
  <a class="brand" href="/demo/">The Parley Dispatch</a>
  <nav><a href="/demo/">World</a><a href="/demo/">Politics</a><a href="/demo/">About</a></nav>
</header>
<main>
  ${fragment ?? `<parley-article site="${DEMO_SITE}" slug="${DEMO_SLUG}" theme="auto"></parley-article>`}
</main>
<footer>A demo blog page. The article, its links and its comments are served by Parley from <code>${o}</code>.</footer>
</body>
</html>
`;
}

const DEMO_CSS = `
:root { color-scheme: light dark; --ink: #1d1d1f; --paper: #fbfaf7; --soft: #5a564e; --rule: #e2ded4; }
@media (prefers-color-scheme: dark) { :root { --ink: #e9e7e4; --paper: #101114; --soft: #a8a39a; --rule: #33363d; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 18px/1.65 Georgia, "Times New Roman", serif; }
.masthead { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; justify-content: space-between;
  max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem; border-bottom: 3px double #c9c4b8; }
.brand { font-size: 1.6rem; font-weight: 700; color: inherit; text-decoration: none; letter-spacing: .02em; }
nav a { margin-left: 1rem; color: var(--soft); text-decoration: none; font-size: .95rem; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem; }
footer { max-width: 46rem; margin: 0 auto 3rem; padding: 1rem 1.25rem; color: var(--soft); font-size: .85rem; border-top: 1px solid var(--rule); }
parley-article { display: block; min-height: 60vh; }
`;

/**
 * Same-origin scripts and styles only, and the rendered fragment's <style> blocks by their hashes: the demo doubles
 * as proof that the widget runs under a strict CSP.
 */
const demoCsp = async () =>
  `default-src 'self'; script-src 'self'; style-src 'self' ${await styleHashes()}; img-src 'self' https: data:; connect-src 'self'; ` +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const demoRoutes = new Hono<AppEnv>()
  .get("/demo", (c) => c.redirect("/demo/", 301))
  .get("/demo/demo.css", (c) => c.body(DEMO_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300" }))
  .get("/demo/", async (c) => {
    const origin = new URL(c.req.url).origin;
    let fragment: string | null = null;
    try {
      const site = await loadSiteForReading(c.get("deps"), DEMO_SITE);
      fragment = await getEmbed(c.get("deps"), site, DEMO_SLUG, {
        pageUrl: `${origin}/demo/`,
        hostedUrl: articlePageUrl(origin, DEMO_SITE, DEMO_SLUG),
        theme: "auto",
      });
    } catch (err) {
      // Not seeded (yet): the element loads the article itself.
      if (!(err instanceof AppError) || err.status !== 404) throw err;
    }
    return c.html(demoPage(origin, fragment), 200, { "Content-Security-Policy": await demoCsp() });
  });
