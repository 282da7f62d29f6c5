#!/usr/bin/env node
// The `parley` binary (package.json "bin", what `npx parley` runs): plain JavaScript, so that any Node can start it.
// The CLI itself is TypeScript, which Node runs directly from 22.18 on: an older `node` first on the PATH (a system
// Node 20, as `npx parley` finds from a folder below the project's) hands it to the project's own Node (the `node`
// devDependency), with the CLI's small young generation (see parley.ts). Its exit code and output are the CLI's.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "parley.ts");
const [major, minor] = process.versions.node.split(".").map(Number);
const runsTypeScript = major > 22 || (major === 22 && minor >= 18);
const node = runsTypeScript ? process.execPath : join(here, "../node_modules/node/bin/node");
if (!existsSync(node)) {
  console.error(`parley: needs Node.js 22.18 or later (this is ${process.version}); from a clone, run npm install first.`);
  process.exit(2);
}
// Ctrl-C reaches the CLI as well (one process group): this one waits for it to finish its summary and exit.
process.on("SIGINT", () => {});
const run = spawnSync(node, ["--max-semi-space-size=4", cli, ...process.argv.slice(2)], { stdio: "inherit" });
if (run.error) {
  console.error(`parley: could not start ${node}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? (run.signal === "SIGINT" ? 130 : 1));
