// Vitest globalSetup for the browser suites (tests/widget, tests/browser): fresh local D1/KV, the seeded demo site,
// `wrangler dev` on a free port, and a host blog on two other origins. Test files reach all of it through harness.ts.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ROOT, applyMigrations, buildAssets, findChromium, freePort, seedDemo, startWorker } from "../../worker/dev/local.mjs";
import { startHostServer } from "./host-server";

/** What the setup hands to the test files (read with `inject("parley")` in harness.ts). */
export interface ParleyTestEnv {
  /** Chromium's executable, or null when none is installed (the suites then skip, loudly). */
  chromiumPath: string | null;
  /** The worker, e.g. http://127.0.0.1:41234. */
  workerUrl: string;
  /** The host blog on the origin the demo site and every test site allow, e.g. http://localhost:41235. */
  hostUrl: string;
  /** The same host server on an origin no site allows, e.g. http://127.0.0.1:41235. */
  otherHostUrl: string;
  adminToken: string;
  /** The worker's local D1/KV directory, for the few states no route can make (a webhook paused for hours). */
  persistTo: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    parley: ParleyTestEnv;
  }
}

const ADMIN_TOKEN = "dev-admin-token";

export default async function setup({ provide }: TestProject) {
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    if (process.env.CI === "true") {
      throw new Error("Browser tests need Chromium, and none was found (set CHROMIUM_PATH or install Debian's chromium).");
    }
    console.warn("\n!!! SKIPPED: browser tests — no Chromium found (install Debian's chromium, or set CHROMIUM_PATH) !!!\n");
    provide("parley", { chromiumPath: null, workerUrl: "", hostUrl: "", otherHostUrl: "", adminToken: ADMIN_TOKEN, persistTo: "" });
    return;
  }

  if (["public/widget.js", "public/docs/redoc.standalone.js", "public/admin/app.js"].some((f) => !existsSync(join(ROOT, f)))) buildAssets();

  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        console.error("browser test teardown:", err);
      }
    }
  };

  try {
    const persistTo = await mkdtemp(join(tmpdir(), "parley-browser-"));
    cleanups.push(() => rm(persistTo, { recursive: true, force: true }));

    const [workerPort, hostPort] = [await freePort(), await freePort()];
    const workerUrl = `http://127.0.0.1:${workerPort}`;
    const hostUrl = `http://localhost:${hostPort}`;
    const otherHostUrl = `http://127.0.0.1:${hostPort}`;

    const host = await startHostServer(hostPort, workerUrl, join(ROOT, "tests/fixtures"));
    cleanups.push(() => host.close());

    applyMigrations(persistTo);
    await seedDemo(persistTo, [hostUrl]);
    const worker = await startWorker({
      port: workerPort,
      persistTo,
      vars: { ADMIN_TOKEN, PARLEY_SECRET: "browser-test-secret-0123456789abcdef0123456789", PARLEY_DEV: "1" },
    });
    cleanups.push(() => stopProcess(worker));

    provide("parley", { chromiumPath, workerUrl, hostUrl, otherHostUrl, adminToken: ADMIN_TOKEN, persistTo });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

/** Stops `wrangler dev` (which stops its workerd); escalates to SIGKILL if it does not exit in time. */
async function stopProcess(child: import("node:child_process").ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
