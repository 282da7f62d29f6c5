// `npm run bench -- warm`: only the read path, in about a minute. Starts the worker on fresh state, seeds the
// site, the article and its 100-comment thread, prints the cold D1 rows per page, then alternates load tests of
// the health route and the warm thread GET (so both see the same machine load) and prints their ratio.
// Then the same rounds once more on the bundle `wrangler deploy` makes, served by Miniflare without wrangler dev's
// proxy (direct.mjs). With `--profile` it also records CPU profiles of that worker (through the workerd inspector)
// while it serves warm thread GETs, then health GETs, and prints where the time went.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApi, paths, WIDGET_PAGE_QUERY } from "./http.mjs";
import { loadTest } from "./load.mjs";
import { startDirectWorker } from "./direct.mjs";
import { profileWhile } from "./profile.mjs";
import { ratioText } from "./report.mjs";
import { SITE, SLUG, commentInput, readerIp, seedOverHttp } from "./seed.mjs";
import { bundleWorker } from "./weight.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;

/** A load test, with the worker's CPU time per request. */
const measured = (workerUrl, pid, request, seconds) => loadTest(workerUrl, request, { connections: CONNECTIONS, seconds, pid });

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/**
 * Alternates load tests of the health route and `thread` (after a short unrecorded warm-up of each), so that
 * both see the same machine load, and returns each round and the medians of their ratios: req/s (the thread's
 * over health's) and worker CPU per request (health's over the thread's). The full bench uses it too.
 */
export async function alternateRounds(workerUrl, pid, thread, seconds, log) {
  const health = { path: "/api/v1/health" };
  await loadTest(workerUrl, health, { connections: CONNECTIONS, seconds: 2 });
  await loadTest(workerUrl, thread, { connections: CONNECTIONS, seconds: 2 });
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const h = await measured(workerUrl, pid, health, seconds);
    const t = await measured(workerUrl, pid, thread, seconds);
    const ratio = t.reqPerSec / h.reqPerSec;
    const cpuRatio = h.cpuPerRequest / t.cpuPerRequest;
    rounds.push({ health: h.reqPerSec, thread: t.reqPerSec, ratio, cpuRatio });
    log(
      `round ${round}: health ${h.reqPerSec.toFixed(0)} req/s (p50 ${h.latencyMs.p50} ms, ${h.cpuPerRequest.toFixed(2)} ms CPU/request), ` +
        `warm thread ${t.reqPerSec.toFixed(0)} req/s (p50 ${t.latencyMs.p50} ms, ${t.cpuPerRequest.toFixed(2)} ms CPU/request) = ${ratio.toFixed(2)}× health` +
        `${h.non2xx + t.non2xx ? `  non-2xx ${h.non2xx + t.non2xx}` : ""}`,
    );
  }
  return { rounds, median: median(rounds.map((r) => r.ratio)), cpuMedian: median(rounds.map((r) => r.cpuRatio)) };
}

/** Comments shown on a page, replies included. */
const shown = (list) => list.reduce((n, c) => n + 1 + shown(c.replies), 0);

/** Posts a comment and deletes it again, so the next read of the thread is cold and shows what it showed. */
async function touch(workerUrl, n) {
  const res = await fetch(`${workerUrl}/api/v1${paths.thread(SITE, SLUG)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": readerIp(n) },
    body: JSON.stringify(commentInput(n, "warm probe")),
  });
  if (res.status !== 201) throw new Error(`warm bench: POST answered ${res.status}`);
  const { comment, editToken } = await res.json();
  await fetch(`${workerUrl}/api/v1${paths.comment(SITE, comment.id)}`, { method: "DELETE", headers: { Authorization: `Bearer ${editToken}` } });
}

/**
 * Runs the read-path bench with the given plumbing (worker/dev/local.mjs) and returns the exit code.
 * `seconds` is the length of each load test.
 */
export async function runWarmBench({ applyMigrations, freePort, startWorker, stopProcess, articleFile, seconds, profile }) {
  const tmp = await mkdtemp(join(tmpdir(), "parley-warm-"));
  const persistTo = join(tmp, "state");
  let worker = null;
  try {
    applyMigrations(persistTo);
    const port = await freePort();
    const inspectorPort = profile ? await freePort() : 0;
    const workerUrl = `http://127.0.0.1:${port}`;
    const vars = { ADMIN_TOKEN: "bench-admin-token", PARLEY_SECRET: "bench-secret-0123456789abcdef0123456789abcdef", PARLEY_DEBUG_COST: "1" };
    worker = await startWorker({ port, persistTo, vars });
    await seedOverHttp({ workerUrl, adminToken: vars.ADMIN_TOKEN, origins: ["http://localhost"], articleFile });

    const api = createApi(workerUrl);
    const threadPath = paths.thread(SITE, SLUG, WIDGET_PAGE_QUERY);
    // A reader's first request reads the site (as the widget does); the cold page is the first read after a write.
    await api.call(paths.site(SITE));
    await touch(workerUrl, 30_000);
    const cold = await api.call(threadPath);
    const warm = await api.call(threadPath);
    const pageRows = shown(cold.data.comments);
    console.log(`cold thread page: ${cold.rows?.read ?? "n/a"} D1 rows read for ${pageRows} comments shown (target ≤ ${pageRows + 1}); warm: ${warm.rows?.read ?? "n/a"}`);

    const thread = { path: `/api/v1${threadPath}` };
    const { median, cpuMedian } = await alternateRounds(workerUrl, worker.pid, thread, seconds, console.log);
    console.log(`warm thread / health: median ${ratioText(median)} in req/s over ${ROUNDS} rounds (target ≥ 0.9×)`);
    console.log(`warm thread / health by the worker's CPU per request (health's over the thread's): median ${cpuMedian.toFixed(2)}×`);

    // The same rounds on the deployed bundle in Miniflare directly, without wrangler dev's proxy (see direct.mjs).
    await stopProcess(worker);
    worker = null;
    // A profile names the worker's functions: the bundle is then not minified.
    bundleWorker(join(tmp, "dist"), { minify: !profile });
    worker = await startDirectWorker({ port, persistTo, vars, bundleDir: join(tmp, "dist"), inspectorPort });
    console.log(`\nThe bundle wrangler deploy makes${profile ? " (not minified, for the profile)" : ""}, in Miniflare directly (no wrangler dev proxy):`);
    const direct = await alternateRounds(workerUrl, worker.pid, thread, seconds, console.log);
    console.log(`warm thread / health without the proxy: median ${ratioText(direct.median)} in req/s (target ≥ 0.9×); by CPU per request ${direct.cpuMedian.toFixed(2)}×`);

    if (profile) {
      for (const [name, request] of [["warm thread GETs", thread], ["health GETs", { path: "/api/v1/health" }]]) {
        const report = await profileWhile(inspectorPort, () => loadTest(workerUrl, request, { connections: CONNECTIONS, seconds }));
        console.log(`\nCPU profile of the worker (without the proxy) during ${seconds} s of ${name} (self time, top functions):\n${report}`);
      }
    }
    return 0;
  } finally {
    if (worker) await stopProcess(worker);
    await rm(tmp, { recursive: true, force: true });
  }
}
