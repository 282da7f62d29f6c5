// `npm run bench`: builds the widget, starts `wrangler dev` on fresh local state, seeds it over HTTP and measures
// throughput, latency, D1 rows per request, widget and worker weight, and time to first comment in Chromium; then the
// warm GET and time to first comment once more on the deployed bundle without wrangler dev's proxy (lib/direct.mjs).
// Prints the tables with every target marked, and writes bench/results/<timestamp>.json, latest.json and latest.md.
// Everything runs on loopback, every wait is bounded, and the worker, servers and temp dirs go away at the end.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, applyMigrations, buildWidget, freePort, startWorker } from "../worker/dev/local.mjs";
import { measureD1 } from "./lib/d1-cost.mjs";
import { startDirectWorker } from "./lib/direct.mjs";
import { findChromium, measureBlogPages, runFirstCommentBench } from "./lib/first-comment.mjs";
import { createApi, paths, WIDGET_PAGE_QUERY } from "./lib/http.mjs";
import { loadTest } from "./lib/load.mjs";
import { cpuMarkdown, measureCpu } from "./lib/cpu.mjs";
import { evaluateTargets, ratioText, renderMarkdown, writeResults } from "./lib/report.mjs";
import { BIG_COMMENTS, BIG_THREAD, COUNT_THREADS, POST_THREAD, SEED_CONCURRENCY, SITE, SLUG, checkSeed, commentInput, readerIp, seedOverHttp } from "./lib/seed.mjs";
import { executeSql, writeBigThreadSql } from "./lib/seed-sql.mjs";
import { widgetWeight, workerLibraries, workerWeight } from "./lib/weight.mjs";
import { IMPORT_COMMENTS, measureImport, runImportBench, writeSyntheticDisqus } from "./lib/import.mjs";
import { alternateRounds, runWarmBench } from "./lib/warm.mjs";

// `npm run bench -- import`: only the import row, quickly.
if (process.argv[2] === "import") process.exit(await runImportBench({ applyMigrations, freePort, startWorker }));

const HERE = dirname(fileURLToPath(import.meta.url));

// `npm run bench -- warm [--profile]`: only the read path (cold rows per page, warm thread vs health), in about
// a minute; `--profile` adds a CPU profile of the worker serving warm thread GETs.
if (process.argv[2] === "warm") {
  process.env.WRANGLER_LOG ??= "warn";
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const profile = process.argv.includes("--profile");
  process.exit(await runWarmBench({ applyMigrations, freePort, startWorker, stopProcess, articleFile: join(HERE, "article.md"), seconds, profile }));
}

// `npm run bench -- first`: only time to first comment in Chromium (BENCH_RUNS loads of each page, 15 by default;
// BENCH_PROFILE=mobile under a phone's CPU and network; `--direct`: the worker without wrangler dev's proxy).
if (process.argv[2] === "first") {
  process.env.WRANGLER_LOG ??= "warn";
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const direct = process.argv.includes("--direct");
  process.exit(await runFirstCommentBench({ applyMigrations, freePort, startWorker, stopProcess, seedOverHttp, articleFile: join(HERE, "article.md"), runs, direct }));
}

// `npm run bench -- cpu` (or BENCH_ONLY=cpu): only the CPU table of the write paths, nothing started. It is
// printed and put into bench/results/latest.{json,md} next to the last full run's other measurements.
if (process.argv.includes("cpu") || process.env.BENCH_ONLY === "cpu") {
  console.log("Measuring the CPU of each write path on every hostile markdown shape…");
  const cpu = await measureCpu();
  console.log(`\n${cpuMarkdown(cpu)}\n`);
  const latest = join(HERE, "results", "latest.json");
  if (existsSync(latest)) {
    const last = JSON.parse(readFileSync(latest, "utf8"));
    last.cpu = { ...cpu, measuredAt: new Date().toISOString(), loadAverage: Math.round(loadavg()[0] * 100) / 100 };
    last.notes = [...(last.notes ?? []).filter((n) => !n.startsWith("CPU table:")), `CPU table: measured on its own (npm run bench -- cpu) at ${last.cpu.measuredAt}, load average ${last.cpu.loadAverage}.`];
    last.targets = evaluateTargets(last);
    writeFileSync(latest, `${JSON.stringify(last, null, 2)}\n`);
    writeFileSync(join(HERE, "results", "latest.md"), renderMarkdown(last));
    console.log("Updated bench/results/latest.json and latest.md.");
  }
  process.exit(cpu.rows.every((r) => r.ok) ? 0 : 1);
}
const ADMIN_TOKEN = "bench-admin-token";
const CONNECTIONS = 20;
const FIRST_COMMENT_RUNS = 15;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) {
  console.error(`BENCH_SECONDS must be a number of seconds from 1 to 300, got "${process.env.BENCH_SECONDS}"`);
  process.exit(2);
}
/**
 * The whole run is cut off after this, whatever hangs: 14 minutes (the import row takes up to 3, each of the two
 * first-comment runs 3) besides the load tests (a warm-up and six, then twice three alternating rounds of two).
 */
const RUN_DEADLINE_MS = (14 * 60 + 20 * seconds) * 1000;
// wrangler dev logs every request at info level; under load that logging costs the worker process more than
// some requests do. Warnings and errors still show.
process.env.WRANGLER_LOG ??= "warn";

const log = (line) => console.log(line);
const step = (line) => console.log(`\n→ ${line}`);

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: everything started is registered here and undone in reverse order, on success, error or signal.

const cleanups = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const undo of cleanups.reverse()) {
      try {
        await undo();
      } catch (err) {
        console.error("bench cleanup:", err);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the worker and servers`);
    cleanup().finally(() => process.exit(130));
  });
}
setTimeout(() => {
  console.error(`\nThe benchmark did not finish within ${Math.round(RUN_DEADLINE_MS / 1000)} s: stopping.`);
  cleanup().finally(() => process.exit(1));
}, RUN_DEADLINE_MS).unref();

/** The pids of a process's descendants (Linux /proc), so that none outlives a parent that was killed. */
function descendants(pid) {
  const out = [];
  const visit = (p, depth) => {
    if (depth > 8) return;
    let children = [];
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const c of children) {
      out.push(c);
      visit(c, depth + 1);
    }
  };
  visit(pid, 0);
  return out;
}

/** Stops `wrangler dev` (and its workerd) by pid: SIGTERM, then SIGKILL after 10 s. */
async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const family = descendants(child.pid);
  const exited = new Promise((resolve) => child.once("exit", () => resolve(true)));
  child.kill("SIGTERM");
  if (!(await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 10_000))]))) child.kill("SIGKILL");
  for (const pid of family) {
    try {
      process.kill(pid, 0);
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

function gitState() {
  const git = (args) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  const head = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain"]);
  return head.status === 0 ? `${head.stdout.trim()}${dirty.stdout.trim() ? " (uncommitted changes)" : ""}` : "unknown";
}

// ---------------------------------------------------------------------------------------------------------------

const results = {
  startedAt: new Date().toISOString(),
  finishedAt: null,
  settings: { connections: CONNECTIONS, seconds, firstCommentRuns: FIRST_COMMENT_RUNS },
  environment: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? "unknown",
    platform: `${process.platform} ${process.arch}`,
    wrangler: JSON.parse(readFileSync(join(ROOT, "node_modules/wrangler/package.json"), "utf8")).version,
    git: gitState(),
    /** 1-minute load average before the run: other work on the machine skews every timing. */
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  },
  seed: null,
  cpu: null,
  load: null,
  d1: null,
  weight: null,
  firstComment: null,
  targets: [],
  notes: [],
};

async function main() {
  const started = performance.now();
  const tmp = await mkdtemp(join(tmpdir(), "parley-bench-"));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));
  const persistTo = join(tmp, "state");

  step("CPU per write path: every hostile markdown shape at the size limit, in Node");
  results.cpu = await measureCpu();
  for (const r of results.cpu.rows) log(`  ${r.path}: worst ${r.worst.cpuMs.toFixed(2)} ms (${r.worst.shape}), budget ${r.budgetMs} ms`);

  step("Building the widget");
  try {
    process.stdout.write(buildWidget());
  } catch (err) {
    // build.mjs writes every file before it checks the budget: an over-budget widget is measured, not fatal.
    if (!/over the \d+-byte gzip budget/.test(String(err.message))) throw err;
    log("  the widget build reports the main module over its gzip budget; measuring it anyway");
    results.notes.push("widget/build.mjs exited non-zero: public/widget.js is over its gzip budget.");
  }

  step("Weighing the widget and the worker bundle (wrangler deploy --dry-run --minify)");
  results.weight = { widget: widgetWeight(), worker: workerWeight(join(tmp, "dist")), libraries: await workerLibraries() };
  log(`  widget.js ${results.weight.widget.main.gzip} B gzip, elements ${results.weight.widget.elements.gzip} B gzip; worker ${results.weight.worker.gzip} B gzip`);

  step("Fresh local D1: applying migrations");
  applyMigrations(persistTo);

  const [workerPort, hostPort] = [await freePort(), await freePort()];
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const hostOrigin = `http://localhost:${hostPort}`;

  const vars = { ADMIN_TOKEN, PARLEY_SECRET: "bench-secret-0123456789abcdef0123456789abcdef", PARLEY_DEBUG_COST: "1" };
  step(`Starting wrangler dev on ${workerUrl}`);
  let worker = await startWorker({ port: workerPort, persistTo, vars });
  cleanups.push(() => stopProcess(worker));

  step("Seeding: site, article and small threads through the HTTP API");
  const seedStart = performance.now();
  const seed = await seedOverHttp({ workerUrl, adminToken: ADMIN_TOKEN, origins: [hostOrigin], articleFile: join(HERE, "article.md"), log });

  step(`Seeding: ${BIG_COMMENTS.toLocaleString("en-US")}-comment thread with wrangler d1 execute (the worker is stopped meanwhile)`);
  let t = performance.now();
  const sqlFile = join(tmp, "big-thread.sql");
  const sql = writeBigThreadSql(sqlFile, seed.template);
  await stopProcess(worker);
  executeSql(persistTo, sqlFile);
  seed.timings[`${BIG_THREAD} (${sql.rows.toLocaleString("en-US")} rows, ${sql.statements} SQL statements)`] = Math.round(performance.now() - t);
  log(`  wrote ${sql.rows.toLocaleString("en-US")} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  worker = await startWorker({ port: workerPort, persistTo, vars });
  log(`  wrangler dev restarted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await checkSeed(workerUrl);
  results.seed = {
    ...seed.seeded,
    method:
      `site, article, the article's thread and the count threads over HTTP (POST …/comments, ${SEED_CONCURRENCY} in flight); ` +
      `${BIG_THREAD}: its newest comment over HTTP, the other ${(BIG_COMMENTS - 1).toLocaleString("en-US")} rows with wrangler d1 execute --file ` +
      "(over HTTP they took about 2 minutes on a 2-CPU machine), then threads.comment_count set from the rows",
    timingsMs: seed.timings,
    totalMs: Math.round(performance.now() - seedStart),
  };

  step("D1 rows per request (cold and warm)");
  results.d1 = await measureD1(workerUrl, { postThread: POST_THREAD });
  if (!results.d1.headers) {
    log("  the worker sends no X-D1-Rows-Read / X-D1-Rows-Written headers: D1 rows are n/a");
    results.notes.push("The worker sent no X-D1-Rows-Read / X-D1-Rows-Written headers, so D1 rows are n/a.");
  }

  // Before the load tests and the import, as `npm run bench -- first` measures it: a page view then meets a worker
  // and a machine that are not still working off 20-connection load tests or a 50,000-comment import.
  step("Time to first comment in Chromium");
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    log("!!! SKIPPED: time to first comment — no Chromium found (install Debian's chromium, or set CHROMIUM_PATH) !!!");
    results.firstComment = { skipped: true, reason: "no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)" };
  } else {
    const { comments, byPage } = await measureBlogPages({ chromiumPath, workerUrl, hostPort, runs: FIRST_COMMENT_RUNS, onCleanup: (close) => cleanups.push(close) });
    results.firstComment = { skipped: false, comments, ...byPage };
    for (const [name, m] of Object.entries(byPage)) {
      log(`  ${name.padEnd(15)} ${m.medianMs.toFixed(1).padStart(7)} ms (median of ${FIRST_COMMENT_RUNS})  worker requests per view: ${m.workerRequests}`);
    }
  }

  step(`Load tests: ${CONNECTIONS} connections, ${seconds} s each`);
  const api = createApi(workerUrl);
  const tests = [
    ["health", "GET /api/v1/health (baseline)", { path: "/api/v1/health" }],
    ["article", "GET article", { path: `/api/v1${paths.article(SITE, SLUG)}` }],
    ["thread100", "GET thread (100), first page", { path: `/api/v1${paths.thread(SITE, SLUG, WIDGET_PAGE_QUERY)}` }],
    ["thread10k", "GET thread (10k), first page", { path: `/api/v1${paths.thread(SITE, BIG_THREAD, WIDGET_PAGE_QUERY)}` }],
    ["counts50", `GET counts (${COUNT_THREADS.length} threads)`, { path: `/api/v1${paths.counts(SITE, COUNT_THREADS)}` }],
    [
      "post",
      "POST comment (own thread)",
      {
        method: "POST",
        path: `/api/v1${paths.thread(SITE, POST_THREAD)}`,
        body: (n) => commentInput(40_000 + n, "load"),
        ip: (n) => readerIp(40_000 + n),
      },
    ],
  ];
  // An unrecorded warm-up, so the baseline does not pay for the worker's first requests after its restart.
  await loadTest(workerUrl, tests[0][2], { connections: CONNECTIONS, seconds: Math.min(2, seconds) });
  results.load = {};
  for (const [key, label, request] of tests) {
    const r = await loadTest(workerUrl, request, { connections: CONNECTIONS, seconds, pid: worker.pid });
    results.load[key] = { label, path: request.path, method: request.method ?? "GET", ...r };
    log(
      `  ${label.padEnd(34)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms` +
        `  ${r.cpuPerRequest === null ? "" : `${r.cpuPerRequest.toFixed(2)} ms worker CPU/request`}` +
        `  non-2xx ${r.non2xx}${r.errors ? `  errors ${r.errors}` : ""}`,
    );
    if (r.non2xx || r.errors) {
      results.notes.push(
        `${label}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors} connection errors` +
          `${r.failures.length ? `; first answers: ${r.failures.map((f) => JSON.stringify(f)).join(", ")}` : ""}.`,
      );
    }
  }

  // The target compares the thread with health: one run of each, minutes apart on a busy machine, measures the
  // machine's drift as much as the worker, so the ratio is the median of rounds that alternate the two.
  step("Warm thread GET vs health, alternating");
  results.warmVsHealth = await alternateRounds(workerUrl, worker.pid, tests.find(([key]) => key == "thread100")[2], seconds, (line) => log(`  ${line}`));
  log(`  median ${ratioText(results.warmVsHealth.median)} health`);

  step(`Import: ${IMPORT_COMMENTS.toLocaleString("en-US")} Disqus comments through \`parley import\``);
  const { file: importFile } = await writeSyntheticDisqus(join(tmp, "disqus.xml"), IMPORT_COMMENTS);
  results.import = await measureImport({ workerUrl, adminToken: ADMIN_TOKEN, file: importFile, log });

  // The numbers wrangler dev's proxy dominates, once more on the bundle `wrangler deploy` makes (weighed above) in
  // Miniflare directly, on the same state: the warm GET beside health, and time to first comment.
  // A second pass that cannot run (Miniflare's API moves between releases) is said, not fatal to the first.
  step("Without wrangler dev's proxy: the deployed bundle in Miniflare directly");
  await stopProcess(worker);
  try {
    worker = await startDirectWorker({ port: workerPort, persistTo, vars, bundleDir: join(tmp, "dist") });
    results.direct = {};
    // Page views first, as in the first pass: they meet a worker that is not working off the load rounds.
    if (chromiumPath) {
      const { comments, byPage } = await measureBlogPages({ chromiumPath, workerUrl, hostPort, runs: FIRST_COMMENT_RUNS, onCleanup: (close) => cleanups.push(close) });
      results.direct.firstComment = { comments, ...byPage };
      for (const [name, m] of Object.entries(byPage)) log(`  ${name.padEnd(15)} ${m.medianMs.toFixed(1).padStart(7)} ms (median of ${FIRST_COMMENT_RUNS})`);
    }
    results.direct.warmVsHealth = await alternateRounds(workerUrl, worker.pid, tests.find(([key]) => key == "thread100")[2], seconds, (line) => log(`  ${line}`));
    log(`  median ${ratioText(results.direct.warmVsHealth.median)} health`);
  } catch (err) {
    log(`!!! the pass without wrangler dev's proxy failed: ${err.message}`);
    results.notes.push(`The pass without wrangler dev's proxy (bench/lib/direct.mjs) failed: ${String(err.message).split("\n")[0]}`);
  }

  results.finishedAt = new Date().toISOString();
  results.environment.loadAverageAtEnd = Math.round(loadavg()[0] * 100) / 100;
  results.durationSeconds = Math.round((performance.now() - started) / 100) / 10;
  results.notes.push(
    `Seeding: ${results.seed.method}; ${(results.seed.totalMs / 1000).toFixed(1)} s in all.`,
    "Every comment (seed and load) is sent with its own CF-Connecting-IP from 198.18.0.0/15 (RFC 2544), as from many readers.",
    "wrangler dev runs with WRANGLER_LOG=warn, so per-request log lines do not load the worker process.",
  );
  const { loadAverageAtStart: before, loadAverageAtEnd: after, cpus: n } = results.environment;
  if (Math.max(before, after) > n / 2) {
    results.notes.push(`The machine was busy with other work (load average ${before} at the start, ${after} at the end, ${n} CPUs): timings are noisier than usual.`);
  }
}

let failed = null;
try {
  await main();
} catch (err) {
  failed = err;
} finally {
  await cleanup();
}

if (failed) {
  console.error("\nThe benchmark failed:", failed);
  process.exit(1);
}

results.targets = evaluateTargets(results);
const markdown = renderMarkdown(results);
const file = writeResults(join(HERE, "results"), results, markdown);
console.log(`\n${markdown}`);
console.log(`Results: ${file.slice(ROOT.length + 1)} (also bench/results/latest.json and latest.md); ${results.durationSeconds} s in all.`);
