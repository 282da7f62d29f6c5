// Time to first comment in real Chromium: blog pages on another origin embedding Parley three ways (the script tag
// with <parley-comments>, the script tag with <parley-article>, and the server-rendered fragment inlined as a
// static-site build would), against static pages on the same host with the same text as plain HTML (the floor
// no widget can beat). Each load also counts the worker requests it made.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { findChromium, importWorkerModule, launchChromium } from "../../worker/dev/local.mjs";
import { startDirectWorker } from "./direct.mjs";
import { createApi, paths } from "./http.mjs";
import { firstCommentPages } from "./report.mjs";
import { SITE, SLUG } from "./seed.mjs";
import { bundleWorker } from "./weight.mjs";

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

/**
 * The same page with the README's optional preload hint for the rendered view, so that the article's request runs
 * while widget.js loads rather than after it. The URL is the one the widget asks for a reader with no stored sort,
 * on a page in English.
 */
export function preloadPage(title, workerUrl, site, slug) {
  const view = `${workerUrl}/api/v1/sites/${encodeURIComponent(site)}/articles/${encodeURIComponent(slug)}/rendered?sort=oldest&lang=en`;
  return articlePage(title, workerUrl, site, slug).replace("</head>", `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(view)}"></head>`);
}

/**
 * The same pages with the page script instead of widget.js (README: "The page script"): the element, and one
 * classic script from the worker that paints it and then loads widget.js.
 */
export function pageScriptPage(title, workerUrl, site, key, comments = false) {
  const script = `${workerUrl}/${comments ? "c" : "a"}/${encodeURIComponent(site)}/${encodeURIComponent(key)}.js?lang=en`;
  const page = comments ? widgetPage(title, workerUrl, site, key) : articlePage(title, workerUrl, site, key);
  return page.replace(/<script type="module" src="[^"]*"><\/script>/, () => `<script async src="${escapeHtml(script)}"></script>`);
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

/**
 * A tiny blog host on 127.0.0.1 and ::1 (http://localhost:port) serving fixed pages by path, gzipped (once, up
 * front) for a browser that takes gzip, as real hosts and the worker send them.
 */
export async function startHostServer(port, pages) {
  const gzipped = Object.fromEntries(Object.entries(pages).map(([path, page]) => [path, gzipSync(page)]));
  const handler = (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const page = pages[path];
    if (!page) return res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", Vary: "Accept-Encoding" };
    if (!/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) return res.writeHead(200, headers).end(page);
    res.writeHead(200, { ...headers, "Content-Encoding": "gzip" }).end(gzipped[path]);
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
 * A plain local server standing in for a CDN in front of the worker: it answers each GET the first time by asking
 * the worker (with the page's Origin), keeps the answer, and from then on serves it from memory, gzipped, as fast as
 * the blog host serves its pages. The same `widget.js` page served from here paints when the browser and the
 * widget's own work allow; its difference to the page served by `wrangler dev` is what the local worker's serving
 * costs (two workerd processes, ~6 ms a request on this machine), not the widget. Answers are replayed as they were
 * (the view's form token too): it serves the first paint, not posting.
 */
export async function startReplayServer(workerUrl) {
  const kept = new Map();
  const server = createServer(async (req, res) => {
    const origin = req.headers.origin ?? "";
    const key = `${origin} ${req.url}`;
    let answer = kept.get(key);
    if (!answer) {
      const upstream = await fetch(`${workerUrl}${req.url}`, { headers: origin ? { origin } : {} }).catch(() => null);
      if (!upstream) return res.writeHead(502).end();
      const body = Buffer.from(await upstream.arrayBuffer());
      answer = { status: upstream.status, type: upstream.headers.get("content-type") ?? "text/plain", body: gzipSync(body) };
      if (req.method === "GET" && upstream.ok) kept.set(key, answer);
    }
    res
      .writeHead(answer.status, {
        "Content-Type": answer.type,
        "Content-Encoding": "gzip",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": origin || "*",
        Vary: "Origin",
      })
      .end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * Runs in every page before its own scripts: polls each animation frame for the first comment, in the document
 * or in <parley-comments>' open shadow root. The frame that first holds it paints right after its animation
 * callbacks, in the same task; a user-blocking task posted from there runs once that paint is done and records
 * performance.now(), which counts from the start of the navigation. (Waiting for the next frame instead would
 * also count the wait for the display's next refresh and any long task after the paint, such as hydration.)
 */
function firstCommentProbe() {
  const inThread = (root) => root?.querySelector("parley-comments")?.shadowRoot?.querySelector("[part~=comment]");
  const find = () =>
    document.querySelector("[part~=comment]") ?? inThread(document) ?? inThread(document.querySelector("parley-article")?.shadowRoot);
  const deadline = performance.now() + 20_000;
  let settle;
  window.__firstComment = new Promise((resolve) => (settle = resolve));
  const poll = () => {
    if (find()) {
      scheduler.postTask(() => settle(performance.now()), { priority: "user-blocking" });
    } else if (performance.now() < deadline) {
      requestAnimationFrame(poll);
    } else {
      settle(null);
    }
  };
  requestAnimationFrame(poll);
}

/**
 * The time the probe recorded, asked for over the DevTools protocol: a `Runtime.evaluate` that awaits the probe's
 * promise runs nothing on the page. Playwright's `waitForFunction` first puts its own script of several hundred
 * kilobytes into the page, and on a 2-CPU machine its evaluation (30 ms in a trace) landed on the main thread while
 * the page waited for the worker's answer, delaying that answer's paint: every page but the static floors, which
 * paint before it runs, measured slower than it is. Retries while the navigation's document is not yet the one
 * evaluated in; null when no comment painted within the probe's 20 s.
 */
async function firstCommentTime(cdp) {
  const deadline = Date.now() + 25_000;
  while (Date.now() < deadline) {
    const answer = await cdp
      .send("Runtime.evaluate", { expression: "window.__firstComment", awaitPromise: true, returnByValue: true })
      .catch(() => null);
    const value = answer?.result?.value;
    if (typeof value === "number" || (value === null && answer?.result?.subtype === "null")) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Requests that run the worker (or, on the replayed page, would): its API and its rendered pages. Static assets (widget.js, chunks) do not. */
const WORKER_PATH = /^\/(api|embed|p|a|c)\//;

/**
 * `BENCH_PROFILE=mobile`: every load under Lighthouse's mobile conditions, applied over the DevTools protocol (the
 * CPU slowed 4×; each request delayed by a 150 ms round trip, at 1.6 Mbit/s down and 750 kbit/s up), where the
 * bytes and the main thread's work before a paint weigh what they weigh on a phone. Unset: the machine as it is.
 */
export const PROFILES = { mobile: { cpu: 4, latency: 150, down: 1.6e6, up: 750e3 } };

/** The conditions `BENCH_PROFILE` names for `npm run bench -- first`, or null (the full run always measures without). */
export function profileOf(name = process.env.BENCH_PROFILE) {
  if (!name) return null;
  if (!PROFILES[name]) throw new Error(`BENCH_PROFILE must be one of ${Object.keys(PROFILES).join(", ")}, got "${name}"`);
  return { name, ...PROFILES[name] };
}

/**
 * Loads each page `runs` times (after one discarded warm-up load each), alternating, every load in a new tab
 * with the browser's caches emptied first (a reader's first visit: nothing cached, yet what the page itself
 * preloads is used), and returns the per-run times and their medians in milliseconds, and the worker
 * requests one view made (counted once the page is quiet after its first comment).
 * `onCleanup` receives a function that closes the browser, for the caller's cleanup on error or signal.
 */
export async function measureFirstComment({ chromiumPath, pages, runs, workerUrl, replayUrl = null, conditions = null, onCleanup = () => {} }) {
  const profile = await mkdtemp(join(tmpdir(), "parley-bench-chromium-"));
  const context = await launchChromium(chromiumPath, profile);
  let closed = null;
  const close = () => (closed ??= context.close().finally(() => rm(profile, { recursive: true, force: true })));
  onCleanup(close);
  try {
    context.setDefaultTimeout(20_000);
    await context.addInitScript(firstCommentProbe);
    /** One load; `fresh: false` keeps the browser's caches, as a returning reader has them. */
    const once = async (url, fresh = true) => {
      const page = await context.newPage();
      const errors = [];
      const workerRequests = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => {
        const u = new URL(r.url());
        if ((u.origin === workerUrl || u.origin === replayUrl) && WORKER_PATH.test(u.pathname)) workerRequests.push(`${r.method()} ${u.pathname}`);
      });
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        if (fresh) await cdp.send("Network.clearBrowserCache");
        if (conditions) {
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: conditions.cpu });
          const bytes = (bits) => bits / 8;
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: conditions.latency,
            downloadThroughput: bytes(conditions.down),
            uploadThroughput: bytes(conditions.up),
          });
        }
        await page.goto(url, { waitUntil: "commit" });
        const ms = await firstCommentTime(cdp);
        if (ms === null) throw new Error(`no comment was painted within 20 s on ${url}${errors.length ? `; page errors: ${errors.join("; ")}` : ""}`);
        await page.waitForLoadState("networkidle").catch(() => {});
        return { ms, workerRequests };
      } finally {
        await page.close();
      }
    };
    const results = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
    for (const url of Object.values(pages)) await once(url); // warm-up: browser start, first connections
    // Each round starts one page further on, so that no page always comes first (or right after the same page).
    const order = Object.entries(pages);
    for (let i = 0; i < runs; i++) {
      for (const [name, url] of [...order.slice(i % order.length), ...order.slice(0, i % order.length)]) {
        // A returning reader: the page was loaded once before (untimed), so widget.js comes from the cache.
        if (RETURNING.has(name)) await once(url, false);
        results[name].push(await once(url, !RETURNING.has(name)));
      }
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

/** The page names measured, in the order each round loads them. */
export const BLOG_PAGES = ["widget", "widget-script", "static", "article", "script", "preload", "returning", "fragment", "static-article", "replayed"];

/** Pages measured as a returning reader's visit (caches kept from a load just before); the others as a first visit. */
const RETURNING = new Set(["returning"]);

/**
 * Serves the seeded article on a blog host at http://localhost:`hostPort` in every way (the script tag with
 * `<parley-comments>` or `<parley-article>`, the inlined fragment, and the two static floors), measures each
 * `runs` times and returns the comments the floor shows and the measurements by page name.
 */
export async function measureBlogPages({ chromiumPath, workerUrl, hostPort, runs, conditions = null, onCleanup = () => {} }) {
  const api = createApi(workerUrl);
  const hostOrigin = `http://localhost:${hostPort}`;
  // The static page shows every comment of the thread, read through the API (bounded: at most 20 pages).
  const comments = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const { data } = await api.call(paths.thread(SITE, SLUG, `sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`));
    comments.push(...data.comments);
    cursor = data.nextCursor;
    if (!cursor) break;
  }
  const shown = (list) => list.reduce((n, c) => n + 1 + shown(c.replies), 0);
  const title = "Measuring a comments widget before it ships";
  // The article pages: their floor holds the article's text too; the fragment is fetched once, as a build would.
  const { data: article } = await api.call(paths.article(SITE, SLUG));
  const embed = await fetch(`${workerUrl}/embed/${SITE}/${SLUG}?url=${encodeURIComponent(`${hostOrigin}/fragment.html`)}`);
  if (!embed.ok) throw new Error(`GET /embed/${SITE}/${SLUG} answered ${embed.status}`);
  const replay = await startReplayServer(workerUrl);
  const host = await startHostServer(hostPort, {
    "/widget.html": widgetPage(title, workerUrl, SITE, SLUG),
    "/static.html": staticPage(title, comments),
    "/article.html": articlePage(title, workerUrl, SITE, SLUG),
    "/script.html": pageScriptPage(title, workerUrl, SITE, SLUG),
    "/widget-script.html": pageScriptPage(title, workerUrl, SITE, SLUG, true),
    "/preload.html": preloadPage(title, workerUrl, SITE, SLUG),
    "/returning.html": articlePage(title, workerUrl, SITE, SLUG),
    "/fragment.html": fragmentPage(title, workerUrl, await embed.text()),
    "/static-article.html": staticPage(title, comments, article),
    "/replayed.html": articlePage(title, replay.url, SITE, SLUG),
  });
  try {
    const pages = Object.fromEntries(BLOG_PAGES.map((p) => [p, `${hostOrigin}/${p}.html`]));
    const byPage = await measureFirstComment({ chromiumPath, workerUrl, replayUrl: replay.url, onCleanup, runs, pages, conditions });
    return { comments: shown(comments), byPage };
  } finally {
    await Promise.all([host.close(), replay.close()]);
  }
}

/**
 * `npm run bench -- first`: only time to first comment, in about a minute. Starts the worker on fresh state,
 * seeds the article and its thread, builds nothing (run `node widget/build.mjs` first), and prints each page's
 * median and runs and the ratios to their floors; `BENCH_PROFILE=mobile` measures under a phone's conditions
 * (see profileOf); `direct` (`-- first --direct`) serves the worker without wrangler dev's proxy (direct.mjs).
 * Returns the exit code.
 */
export async function runFirstCommentBench({ applyMigrations, freePort, startWorker, stopProcess, seedOverHttp, articleFile, runs, direct = false }) {
  let conditions;
  try {
    conditions = profileOf();
  } catch (err) {
    console.error(err.message);
    return 1;
  }
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    console.error("No Chromium found (install Debian's chromium, or set CHROMIUM_PATH).");
    return 1;
  }
  const tmp = await mkdtemp(join(tmpdir(), "parley-first-"));
  const persistTo = join(tmp, "state");
  let worker = null;
  let closeBrowser = null;
  try {
    applyMigrations(persistTo);
    const [port, hostPort] = [await freePort(), await freePort()];
    const workerUrl = `http://127.0.0.1:${port}`;
    const vars = { ADMIN_TOKEN: "bench-admin-token", PARLEY_SECRET: "bench-secret-0123456789abcdef0123456789abcdef" };
    worker = await startWorker({ port, persistTo, vars });
    await seedOverHttp({ workerUrl, adminToken: vars.ADMIN_TOKEN, origins: [`http://localhost:${hostPort}`], articleFile });
    if (direct) {
      // The same state, served by the deployed bundle in Miniflare without wrangler dev's proxy (direct.mjs).
      await stopProcess(worker);
      worker = null;
      bundleWorker(join(tmp, "dist"));
      worker = await startDirectWorker({ port, persistTo, vars, bundleDir: join(tmp, "dist") });
      console.log("The worker: the bundle wrangler deploy makes, in Miniflare directly (no wrangler dev proxy).");
    }
    const { comments, byPage } = await measureBlogPages({ chromiumPath, workerUrl, hostPort, runs, conditions, onCleanup: (close) => (closeBrowser = close) });
    const under = conditions
      ? `, under the ${conditions.name} profile (CPU ${conditions.cpu}× slower, ${conditions.latency} ms round trips, ${conditions.down / 1e6} Mbit/s down)`
      : "";
    console.log(`Time to first comment, median of ${runs} loads each${under} (the floors show all ${comments} comments):`);
    for (const [name, m] of Object.entries(byPage)) {
      console.log(`  ${name.padEnd(15)} ${m.medianMs.toFixed(1).padStart(6)} ms  worker requests ${m.workerRequests}  runs ${m.runsMs.join(", ")}`);
    }
    for (const [name, floor, target, label] of firstCommentPages) {
      const ratio = byPage[name].medianMs / byPage[floor].medianMs;
      console.log(`  ${label}: ${ratio.toFixed(2)}× ${floor}${target === null ? "" : ` (target ≤ ${target}×) ${ratio <= target ? "ok" : "MISSED"}`}`);
    }
    return 0;
  } finally {
    await closeBrowser?.();
    if (worker) await stopProcess(worker);
    await rm(tmp, { recursive: true, force: true });
  }
}
