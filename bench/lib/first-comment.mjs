// Time to first comment in real Chromium: blog pages on another origin embedding Parley three ways (the script tag
// with <parley-comments>, the script tag with <parley-article>, and the server-rendered fragment inlined as a
// static-site build would), against static pages on the same host with the same text as plain HTML (the floor
// no widget can beat). Each load also counts the worker requests it made.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findChromium, importWorkerModule, launchChromium } from "../../worker/dev/local.mjs";

export { findChromium };

// The static floor is rendered by the worker's own server-side renderer (the one the Atom feed uses).
const { escapeHtml, renderDocHtml } = await importWorkerModule("worker/services/html.ts");
const docHtml = renderDocHtml;

function commentHtml(c) {
  const replies = c.replies.length ? `<div class="replies">${c.replies.map(commentHtml).join("")}</div>` : "";
  return (
    `<article part="comment" id="comment-${escapeHtml(c.id)}"><header><strong>${escapeHtml(c.authorName)}</strong> ` +
    `<time datetime="${escapeHtml(c.createdAt)}">${escapeHtml(c.createdAt.slice(0, 10))}</time></header>` +
    `<div class="body">${docHtml(c.body)}</div></article>${replies}`
  );
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ddd;padding:.5rem 0}.replies{margin-left:1.5rem}`;

/** The static floor: the thread's comments (after the article's text, if given) rendered into plain HTML. */
export function staticPage(title, comments, article) {
  const total = (list) => list.reduce((n, c) => n + 1 + total(c.replies), 0);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${article ? `<div>${docHtml(article.body)}</div>` : ""}
<section><h2>${total(comments)} comments</h2>${comments.map(commentHtml).join("")}</section></body></html>`;
}

/** A blog page embedding an article and its thread with the script tag alone, as the README's snippet does. */
export function articlePage(title, workerUrl, site, slug) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script type="module" src="${escapeHtml(workerUrl)}/widget.js"></script></head><body>
<parley-article site="${escapeHtml(site)}" slug="${escapeHtml(slug)}"></parley-article></body></html>`;
}

/** A page from a static-site build: the worker's /embed fragment inlined, and the script tag that hydrates it. */
export function fragmentPage(title, workerUrl, fragment) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script type="module" src="${escapeHtml(workerUrl)}/widget.js"></script></head><body>
${fragment}</body></html>`;
}

/** A blog page embedding the widget from the worker, as the README's snippet does. */
export function widgetPage(title, workerUrl, site, thread) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script type="module" src="${escapeHtml(workerUrl)}/widget.js"></script></head><body><h1>${escapeHtml(title)}</h1>
<parley-comments site="${escapeHtml(site)}" thread="${escapeHtml(thread)}"></parley-comments></body></html>`;
}

/** A tiny blog host on 127.0.0.1 and ::1 (http://localhost:port) serving fixed pages by path. */
export async function startHostServer(port, pages) {
  const handler = (req, res) => {
    const page = pages[new URL(req.url ?? "/", "http://localhost").pathname];
    if (!page) return res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page);
  };
  const servers = [];
  for (const host of ["127.0.0.1", "::1"]) {
    const server = createServer(handler);
    const ok = await new Promise((resolve, reject) => {
      server.once("error", (err) => (host === "::1" && ["EADDRNOTAVAIL", "EAFNOSUPPORT"].includes(err.code) ? resolve(false) : reject(err)));
      server.listen({ port, host, ipv6Only: host === "::1" }, () => resolve(true));
    });
    if (ok) servers.push(server);
  }
  return {
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ),
  };
}

/**
 * Runs in every page before its own scripts: polls each animation frame for the first comment, in the document
 * or in <parley-comments>' open shadow root, and one frame after it appears (it has been painted by then)
 * records performance.now(), which counts from the start of the navigation.
 */
function firstCommentProbe() {
  const inThread = (root) => root?.querySelector("parley-comments")?.shadowRoot?.querySelector("[part~=comment]");
  const find = () =>
    document.querySelector("[part~=comment]") ?? inThread(document) ?? inThread(document.querySelector("parley-article")?.shadowRoot);
  const deadline = performance.now() + 20_000;
  const poll = () => {
    if (find()) {
      requestAnimationFrame(() => {
        window.__firstCommentMs = performance.now();
      });
    } else if (performance.now() < deadline) {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Requests that run the worker: its API and its rendered pages. Static assets (widget.js, chunks) do not. */
const WORKER_PATH = /^\/(api|embed|p)\//;

/**
 * Loads each page `runs` times (after one discarded warm-up load each), alternating, every load in a new tab
 * with the HTTP cache disabled, and returns the per-run times and their medians in milliseconds, and the worker
 * requests one view made (counted once the page is quiet after its first comment).
 * `onCleanup` receives a function that closes the browser, for the caller's cleanup on error or signal.
 */
export async function measureFirstComment({ chromiumPath, pages, runs, workerUrl, onCleanup = () => {} }) {
  const profile = await mkdtemp(join(tmpdir(), "parley-bench-chromium-"));
  const context = await launchChromium(chromiumPath, profile);
  let closed = null;
  const close = () => (closed ??= context.close().finally(() => rm(profile, { recursive: true, force: true })));
  onCleanup(close);
  try {
    context.setDefaultTimeout(20_000);
    await context.addInitScript(firstCommentProbe);
    const once = async (url) => {
      const page = await context.newPage();
      const errors = [];
      const workerRequests = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (u.origin === workerUrl && WORKER_PATH.test(u.pathname)) workerRequests.push(`${r.method()} ${u.pathname}`);
      });
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await page.goto(url, { waitUntil: "commit" });
        const handle = await page.waitForFunction(() => window.__firstCommentMs, undefined, { timeout: 20_000 }).catch(() => null);
        if (!handle) throw new Error(`no comment was painted within 20 s on ${url}${errors.length ? `; page errors: ${errors.join("; ")}` : ""}`);
        const ms = await handle.jsonValue();
        await page.waitForLoadState("networkidle").catch(() => {});
        return { ms, workerRequests };
      } finally {
        await page.close();
      }
    };
    const results = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
    for (const url of Object.values(pages)) await once(url); // warm-up: browser start, first connections
    for (let i = 0; i < runs; i++) {
      for (const [name, url] of Object.entries(pages)) results[name].push(await once(url));
    }
    return Object.fromEntries(
      Object.entries(results).map(([name, loads]) => {
        const ms = loads.map((l) => l.ms);
        const last = loads.at(-1).workerRequests;
        return [name, { runsMs: ms.map((v) => Math.round(v * 10) / 10), medianMs: median(ms), workerRequests: last.length, requests: last }];
      }),
    );
  } finally {
    await close();
  }
}
