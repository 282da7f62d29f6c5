// `npm run dev`: build every asset (scripts/build.mjs), migrate and seed the local D1/KV, then serve the worker with the demo site.
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEV_VARS, ROOT, applyMigrations, buildAssets, runCronLocally, seedDemo, startWorker } from "./local.mjs";

// The port: `npm run dev -- --port 8788`, else PORT=8788, else 8787.
let options;
try {
  options = parseArgs({ options: { port: { type: "string" } } }).values;
} catch (err) {
  console.error(`npm run dev takes one option, --port: npm run dev -- --port 8788 (or PORT=8788 npm run dev). ${err.message}`);
  process.exit(1);
}
const given = options.port ?? process.env.PORT ?? "8787";
const port = Number(given);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !/^\d+$/.test(given)) {
  console.error(`The port must be a number from 1 to 65535, such as npm run dev -- --port 8788 or PORT=8788 npm run dev, not "${given}".`);
  process.exit(1);
}
const persistTo = join(ROOT, ".wrangler/state");
const base = `http://127.0.0.1:${port}`;

/** Whether a port can be listened on (resolves null), or why not. */
const probe = (p) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err) => resolve(err));
    server.listen(p, "127.0.0.1", () => server.close(() => resolve(null)));
  });

// A port in use fails here, in a line, not after the build with wrangler's trace (which names its own --port); the
// port it suggests is one that is free now (of the next twenty).
const refused = await probe(port);
if (refused) {
  if (refused.code !== "EADDRINUSE") console.error(`Port ${port}: ${refused.message}`);
  else {
    let free = null;
    for (let p = port + 1; p <= Math.min(port + 20, 65535) && free === null; p++) if ((await probe(p)) === null) free = p;
    console.error(`Port ${port} is in use: stop what runs there, or start Parley on another port${free ? `: npm run dev -- --port ${free}` : "."}`);
  }
  process.exit(1);
}

process.stdout.write(buildAssets());
applyMigrations(persistTo);
console.log("✓ D1 migrations applied (local)");
const seeded = await seedDemo(persistTo, [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
console.log(`✓ demo site seeded: "${seeded.title}" (${seeded.paragraphs} paragraphs, ${seeded.comments} comments)`);

// `PARLEY_DEBUG_COST=1 npm run dev` has every answer say what it read and wrote in D1 (X-D1-Rows-Read, …).
const vars = process.env.PARLEY_DEBUG_COST === "1" ? { ...DEV_VARS, PARLEY_DEBUG_COST: "1" } : DEV_VARS;
const worker = await startWorker({ port, persistTo, vars, stdio: "inherit", inspectorPort: null });
// The cron trigger (outbox redelivery) every minute, as on Cloudflare.
runCronLocally(base);
console.log(`
  Parley is running (local D1 and KV in .wrangler/state)

  Demo blog page   ${base}/demo/
  Dashboard        ${base}/admin   (site "demo", owner token below)
  API base         ${base}/api/v1
  Widget           ${base}/widget.js
  Admin token      dev-admin-token   (creates sites; local development only)
  Demo owner token dev-owner-token   (site "demo"; local development only)

  Try: curl ${base}/api/v1/sites/demo/threads/us-airstrikes-iran-backed-militias/comments
`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => worker.kill(signal));
worker.on("exit", (code) => process.exit(code ?? 0));
