// The blog that embeds Parley in the browser tests: a tiny HTTP server on its own origin that serves
// host pages built from tests/fixtures/host-page.html, under a strict Content-Security-Policy.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { join } from "node:path";

export interface HostServer {
  close(): Promise<void>;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `name="value"` pairs for the attributes that are set; undefined ones are left off. */
const attrs = (pairs: Record<string, string | null | undefined>) =>
  Object.entries(pairs)
    .filter((pair): pair is [string, string] => pair[1] != null)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join("");

/**
 * The CSP a careful blogger would set: no inline script or style, no eval, scripts and API calls only from the worker.
 * `trustedTypes` also makes every HTML string the page's scripts assign go through a policy, Lit's the only one allowed.
 */
export const hostCsp = (workerOrigin: string, styleHashes: string[] = [], trustedTypes = false) =>
  [
    "default-src 'self'",
    `script-src 'self' ${workerOrigin}`,
    `connect-src ${workerOrigin}`,
    ["style-src 'self'", ...styleHashes.map((h) => `'${h}'`)].join(" "),
    "img-src 'self' data: https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(trustedTypes ? ["require-trusted-types-for 'script'", "trusted-types lit-html"] : []),
  ].join("; ");

/**
 * The markup the page embeds, chosen by query parameters:
 * - `el`: `article` (default), `comments`, `counts` or `form` (the bare comment form);
 * - `site`, `slug`, `thread`, `api`, `lang`, `theme`, `heading-level`: the element's attributes (`thread` left off means "the page's path");
 * - `threads`: a JSON array of thread keys, one `<parley-count>` each (for `el=counts`);
 * - `scripts`: how many times widget.js is included (copies after the first get a distinct query string);
 * - `intro`: how many paragraphs of the blog's own text come before the element (a page where it starts below the fold);
 * - `img`: the path of an image the page shows above the element (a test can hold its response, and so the load event);
 * - `pagelang`: the page's `<html lang>` instead of "en" (empty: none);
 * - `tt`: the CSP also enforces Trusted Types;
 * - `late`: the element comes in a <template>, put into the page by a deferred script of the host's;
 * - `copies`: how many times the page holds the element (a theme that shows one article twice);
 * - `pagescript`: `head` or `body`, the page script (README: "The page script") instead of widget.js (with `body`,
 *   `scripts` still puts widget.js in the head as well, as a page with <parley-count> elements has it).
 * `el=fragment` inlines the worker's server-rendered `/embed/{site}/{slug}` instead, as a static-site build or a
 * server-side include would (`fragment` holds it, fetched by the handler).
 */
function widgetMarkup(q: URLSearchParams, fragment = ""): string {
  const site = q.get("site") ?? "demo";
  const api = q.get("api");
  const look = { lang: q.get("lang"), theme: q.get("theme") };
  const intro = Array.from(
    { length: Number(q.get("intro") ?? 0) },
    (_, i) => `<p>Paragraph ${i + 1} of the blog's own text, before the comments: enough words to fill a line or two of the column.</p>`,
  ).join("\n");
  const img = q.get("img") ? `<img src="${escapeHtml(q.get("img")!)}" alt="" width="40" height="40">` : "";
  const markup = fragment || Array.from({ length: Number(q.get("copies") ?? 1) }, () => elementMarkup(q, site, api, look)).join("\n");
  return intro + img + (q.has("late") ? `<template data-late>${markup}</template><script defer src="/late.js"></script>` : markup);
}

/** The worker's server-rendered article and comments for `el=fragment`, fetched for each page as an include would be. */
async function embedFragment(workerOrigin: string, q: URLSearchParams, page: string): Promise<string> {
  const query = new URLSearchParams({ url: page });
  for (const name of ["theme", "lang", "heading-level"]) if (q.get(name)) query.set(name, q.get(name)!);
  const res = await fetch(`${workerOrigin}/embed/${encodeURIComponent(q.get("site") ?? "demo")}/${encodeURIComponent(q.get("slug") ?? "")}?${query}`);
  if (!res.ok) throw new Error(`GET /embed answered ${res.status}: ${await res.text()}`);
  return res.text();
}

function elementMarkup(q: URLSearchParams, site: string, api: string | null, look: Record<string, string | null>): string {
  switch (q.get("el") ?? "article") {
    case "comments":
      return `<parley-comments${attrs({ site, thread: q.get("thread"), api, ...look })}></parley-comments>`;
    case "form":
      return `<parley-comment-form${attrs({ site, thread: q.get("thread"), api })}></parley-comment-form>`;
    case "counts": {
      const threads = JSON.parse(q.get("threads") ?? "[]") as string[];
      return `<ul class="posts">\n${threads
        .map((thread, i) => `  <li><a href="#post-${i}">Post ${i + 1}</a> <parley-count${attrs({ site, thread, api })}></parley-count></li>`)
        .join("\n")}\n</ul>`;
    }
    default:
      return `<parley-article${attrs({ site, slug: q.get("slug"), api, "heading-level": q.get("heading-level"), ...look })}></parley-article>`;
  }
}

/**
 * Starts the host server on `port`, on 127.0.0.1 and (when the machine has IPv6) ::1, so that both
 * http://localhost:port and http://127.0.0.1:port reach it: two origins, one allowed by the test site, one not.
 */
export async function startHostServer(port: number, workerOrigin: string, fixtures: string): Promise<HostServer> {
  const template = readFileSync(join(fixtures, "host-page.html"), "utf8");
  const css = readFileSync(join(fixtures, "host.css"), "utf8");

  const handler = async (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://host.invalid");
    if (url.pathname === "/host.css") {
      res.writeHead(200, { "Content-Type": "text/css; charset=utf-8" }).end(css);
      return;
    }
    if (url.pathname === "/late.js") {
      // A theme's deferred script that puts the comments into the page (see `late`).
      res.writeHead(200, { "Content-Type": "text/javascript" }).end('for (const t of document.querySelectorAll("template[data-late]")) t.replaceWith(t.content);');
      return;
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const q = url.searchParams;
    let fragment = "";
    try {
      if (q.get("el") === "fragment") fragment = await embedFragment(workerOrigin, q, `http://${req.headers.host}${url.pathname}`);
    } catch (err) {
      res.writeHead(502, { "Content-Type": "text/plain" }).end(String(err));
      return;
    }
    const copies = Math.max(1, Number(q.get("scripts") ?? 1));
    const scripts = Array.from({ length: copies }, (_, i) =>
      `<script type="module" src="${escapeHtml(workerOrigin)}/widget.js${i ? `?copy=${i + 1}` : ""}"></script>`,
    ).join("\n");
    // What a page's element asks for first (README: "The preload hint"): an article, or a thread (keyed by the page's
    // path by default), rendered in the page's language.
    const pageLang = q.has("pagelang") ? q.get("pagelang") : "en";
    const what = q.get("el") == "comments" ? `threads/${encodeURIComponent(q.get("thread") ?? url.pathname)}` : `articles/${encodeURIComponent(q.get("slug") ?? "")}`;
    const view = `${workerOrigin}/api/v1/sites/${encodeURIComponent(q.get("site") ?? "demo")}/${what}/rendered?sort=oldest${pageLang ? `&lang=${encodeURIComponent(pageLang)}` : ""}`;
    const preload = q.has("preload") ? `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(view)}">\n` : "";
    // The page script names what the element shows, and the language it is in: the element's, else the page's.
    const lang = q.has("scriptlang") ? q.get("scriptlang") : q.get("lang") || pageLang;
    const key = q.get("el") == "comments" ? `c/${encodeURIComponent(q.get("site") ?? "demo")}/${encodeURIComponent(q.get("thread") ?? url.pathname)}` : `a/${encodeURIComponent(q.get("site") ?? "demo")}/${encodeURIComponent(q.get("slug") ?? "")}`;
    const pageScript = `<script${q.get("pagescript") == "head" ? " async" : ""} src="${escapeHtml(`${workerOrigin}/${key}.js${lang ? `?lang=${encodeURIComponent(lang)}` : ""}`)}"></script>`;
    const page = template
      .replace("{{title}}", () => "A post on the host blog")
      .replace("{{scripts}}", () => preload + (q.get("pagescript") == "head" ? pageScript : q.get("pagescript") == "body" ? (q.has("scripts") ? scripts : "") : scripts))
      .replace("{{widget}}", () => widgetMarkup(q, fragment) + (q.get("pagescript") == "body" ? pageScript : ""))
      .replace("{{worker}}", () => escapeHtml(workerOrigin))
      // `pagelang` sets the page's own language; empty leaves it unsaid (the widget then takes the site's).
      .replace('<html lang="en">', () => (q.has("pagelang") ? `<html${attrs({ lang: q.get("pagelang") || null })}>` : '<html lang="en">'));
    const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
    // The hostile-content tests turn the CSP off, so that only the widget's own escaping stands between a payload and the page.
    // A careful blogger who inlines the fragment allows its style sheets by their hashes, as the README shows.
    const hashes = [...fragment.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => `sha256-${createHash("sha256").update(m[1]).digest("base64")}`);
    if (q.get("csp") !== "off") headers["Content-Security-Policy"] = hostCsp(workerOrigin, [...new Set(hashes)], q.has("tt"));
    res.writeHead(200, headers).end(page);
  };

  const servers: Server[] = [];
  const listen = (host: string) =>
    new Promise<Server | null>((resolve, reject) => {
      const server = createServer((req, res) => void handler(req, res));
      server.once("error", (err: NodeJS.ErrnoException) =>
        host === "::1" && ["EADDRNOTAVAIL", "EAFNOSUPPORT"].includes(err.code ?? "") ? resolve(null) : reject(err),
      );
      server.listen({ port, host, ipv6Only: host === "::1" }, () => resolve(server));
    });
  for (const host of ["127.0.0.1", "::1"]) {
    const server = await listen(host);
    if (server) servers.push(server);
  }

  return {
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
