// Vitest globalSetup for the CLI suite: fresh local D1/KV and `wrangler dev` on a free port. Every CLI test
// runs the real `parley` command against this worker (reached through harness.ts). PARLEY_DEV lets webhooks reach
// a receiver on 127.0.0.1 in the test, as under `npm run dev`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations, freePort, startWorker } from "../../worker/dev/local.mjs";

export interface CliTestEnv {
  workerUrl: string;
  adminToken: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    cli: CliTestEnv;
  }
}

const ADMIN_TOKEN = "cli-admin-token";

export default async function setup({ provide }: TestProject) {
  const persistTo = await mkdtemp(join(tmpdir(), "parley-cli-"));
  const port = await freePort();
  applyMigrations(persistTo);
  const worker = await startWorker({ port, persistTo, vars: { ADMIN_TOKEN, PARLEY_SECRET: "cli-test-secret-0123456789abcdef0123456789abcdef", PARLEY_DEV: "1" } });
  provide("cli", { workerUrl: `http://127.0.0.1:${port}`, adminToken: ADMIN_TOKEN });
  return async () => {
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.kill("SIGTERM");
      const timer = setTimeout(() => worker.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(persistTo, { recursive: true, force: true });
  };
}
