// `npm run deploy` and `npm run deploy:dry-run`: build every asset first (scripts/build.mjs), apply the database's new
// migrations, then hand the worker and public/ to wrangler. The dry run writes the worker bundle to dist/ and copies the assets it would upload to
// dist/assets/, so what would ship can be inspected (and is, by tests/tooling/deploy.test.ts).
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildAll } from "./build.mjs";

const dryRun = process.argv.includes("--dry-run");
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
  XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME ?? join(ROOT, ".config"),
};

try {
  buildAll();
} catch (err) {
  console.error(`\nDEPLOY STOPPED, the build failed: ${err.message}\n`);
  process.exit(1);
}

const dist = join(ROOT, "dist");
const wrangler = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
// The database first: a worker that names a column or table its database lacks answers 500 until the migrations
// run, and a migration never removes what the worker before it uses (README, Upgrading). Wrangler applies only the
// migrations the database has not had, and asks before it does when run in a terminal.
const migrate = ["d1", "migrations", "apply", "DB", "--remote"];
if (dryRun) console.log(`Dry run: a deploy applies the database's new migrations first (wrangler ${migrate.join(" ")}).`);
else {
  const migrated = spawnSync(process.execPath, [wrangler, ...migrate], { cwd: ROOT, env, stdio: "inherit" });
  if (migrated.status !== 0) {
    console.error("\nDEPLOY STOPPED, the database's migrations did not apply: the worker was not deployed.\n");
    process.exit(migrated.status ?? 1);
  }
}
const args = [wrangler, "deploy", "--minify"];
if (dryRun) {
  rmSync(dist, { recursive: true, force: true });
  args.push("--dry-run", "--outdir", dist);
}
const result = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
if (dryRun) {
  cpSync(join(ROOT, "public"), join(dist, "assets"), { recursive: true });
  console.log(`Dry run: worker bundle in dist/, the assets it would upload in dist/assets/.`);
}
