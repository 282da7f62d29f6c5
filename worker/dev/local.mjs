// Local development plumbing shared by `npm run dev`, the browser tests and the benchmark:
// build the widget, apply D1 migrations, seed the demo site, start `wrangler dev`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/**
 * The variables `npm run dev` gives the worker: the dev tokens, and PARLEY_DEV, which turns on what only local
 * development has: the /demo/ page, the dev tokens, /dev/mail and http webhooks.
 */
export const DEV_VARS = { ADMIN_TOKEN: "dev-admin-token", PARLEY_SECRET: "dev-parley-secret-for-local-development-only", PARLEY_DEV: "1" };

/** Wrangler runs offline and quiet, with its config inside the project. */
export function wranglerEnv(extra = {}) {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    NPM_CONFIG_UPDATE_NOTIFIER: "false",
    XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME ?? join(ROOT, ".config"),
    ...extra,
  };
}

function run(args, label) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: wranglerEnv({ CI: "true" }), encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export function buildWidget() {
  return run([join(ROOT, "widget/build.mjs")], "widget build");
}

/** Builds every asset the worker serves (scripts/build.mjs: the widget, the API reference, …). */
export function buildAssets() {
  return run([join(ROOT, "scripts/build.mjs")], "build");
}

/** Applies every pending migration to the local D1 under `persistTo`. */
export function applyMigrations(persistTo) {
  mkdirSync(persistTo, { recursive: true });
  return run([WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], "D1 migrations");
}

/** Runs SQL on the local D1 under `persistTo` (tests use it for states no route can make); returns wrangler's output. */
export function executeLocalSql(persistTo, sql) {
  return run([WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql], "D1 execute");
}

/** wrangler.toml's [alias], for the other bundles of worker code. */
export const WORKER_ALIAS = { entities: join(ROOT, "worker/services/markdown/entities.ts") };

/** Imports one of the worker's TypeScript modules into Node (bundled by esbuild), e.g. to reuse a service as is. */
export async function importWorkerModule(relativePath) {
  const { build } = await import("esbuild");
  const name = relativePath.replace(/[^A-Za-z0-9]+/g, "-");
  const out = join(ROOT, `.wrangler/tmp/${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, relativePath)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    alias: WORKER_ALIAS,
    outfile: out,
    logLevel: "error",
  });
  return import(`${pathToFileURL(out).href}?t=${Date.now()}`);
}

/** The flags Chromium needs on these machines (headless, no sandbox as root, no background network). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium on a fresh profile directory, US English and UTC, as the tests and the benchmark use it. */
export async function launchChromium(executablePath, profile) {
  const { chromium } = await import("playwright-core");
  return chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    locale: "en-US",
    timezoneId: "UTC",
    viewport: { width: 1100, height: 900 },
    args: CHROMIUM_ARGS,
  });
}

/** Chromium's path: CHROMIUM_PATH if set, else Debian's; null when there is none. */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)) ?? null;
}

/** Seeds the demo site through the real services, on the same local state `wrangler dev` will use. */
export async function seedDemo(persistTo, origins) {
  const seed = await importWorkerModule("worker/dev/seed.ts");
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy({ configPath: join(ROOT, "wrangler.toml"), persist: { path: join(persistTo, "v3") } });
  try {
    const text = readFileSync(join(ROOT, "worker/dev/seed-article.txt"), "utf8");
    return await seed.seedDemo(proxy.env, text, { origins });
  } finally {
    await proxy.dispose();
  }
}

/**
 * A free TCP port on 127.0.0.1, chosen at random below the system's ephemeral range. A port the system hands
 * out for `listen(0)` could be handed again to another process (workerd binds many) between this check and
 * wrangler's own bind; ports below that range are only ever taken by asking for them.
 */
export async function freePort() {
  const low = ephemeralLow() - 12_000;
  for (let tries = 0; tries < 50; tries++) {
    const port = low + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  return listenOn(0);
}

function ephemeralLow() {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 20_000) return low;
  } catch {
    // not Linux: the IANA range starts at 49152
  }
  return 49_152;
}

function canListen(port) {
  return listenOn(port).then(() => true, () => false);
}

function listenOn(port) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address();
      server.close(() => resolvePort(bound));
    });
  });
}

/**
 * Starts `wrangler dev` on 127.0.0.1:port and resolves once it answers /api/v1/health.
 * `--test-scheduled` exposes /__scheduled, through which the cron trigger runs locally (see runCronLocally).
 * The DevTools inspector listens on `inspectorPort`: 0 (the default) lets the system choose a free one, so
 * several workers started at once (the test projects run side by side) never race for wrangler's 9229;
 * null keeps wrangler's own choice (9229 when free), for `npm run dev`. With PARLEY_MINIFY=1 in the environment the
 * worker runs minified, as `wrangler deploy` bundles it (the browser and CLI suites then test that bundle).
 * Returns the child process; kill it with `.kill()`.
 */
export async function startWorker({ port, persistTo, vars = {}, stdio = "pipe", inspectorPort = 0 }) {
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, "--show-interactive-dev-session=false", "--test-scheduled"];
  if (inspectorPort !== null) args.push("--inspector-port", String(inspectorPort));
  if (process.env.PARLEY_MINIFY === "1") args.push("--minify");
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: wranglerEnv(), stdio: ["ignore", stdio, stdio] });
  let output = "";
  if (stdio === "pipe") {
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`wrangler dev did not become ready on port ${port}:\n${output}`);
}

/**
 * `wrangler dev` does not fire cron triggers by itself: call the worker's scheduled handler every minute,
 * as Cloudflare would with wrangler.toml's `crons`. Returns a function that stops it.
 */
export function runCronLocally(base, everyMs = 60_000) {
  const timer = setInterval(() => {
    fetch(`${base}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
