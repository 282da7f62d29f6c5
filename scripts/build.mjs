// The one build entry (`npm run build`): every file the worker serves from public/ is made here, in order, and the
// build fails loudly when a step fails or leaves one of its files missing. `npm run dev`, `npm test` and the deploy
// scripts all run it. A new part that ships static files adds one step to STEPS (a script, the files it must leave).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The build steps. `script` runs with Node from the project root; `optional` steps run only when their script exists
 * (a part still being built). `outputs` are paths under the project root that must exist afterwards.
 */
export const STEPS = [
  { name: "widget", script: "widget/build.mjs", outputs: ["public/widget.js"] },
  { name: "API document", script: "scripts/openapi.mjs", outputs: ["public/api/v1/openapi.json"] },
  { name: "API reference", run: copyDocsRenderer, outputs: ["public/docs/redoc.standalone.js", "public/docs/init.js"] },
  { name: "dashboard", script: "admin/build.mjs", outputs: ["public/admin/app.js"] },
];

/** Copies Redoc's standalone bundle out of node_modules, so /docs serves it from this origin (no CDN). */
function copyDocsRenderer() {
  const require = createRequire(join(ROOT, "package.json"));
  const source = join(dirname(require.resolve("redoc/package.json")), "bundles/redoc.standalone.js");
  mkdirSync(join(ROOT, "public/docs"), { recursive: true });
  copyFileSync(source, join(ROOT, "public/docs/redoc.standalone.js"));
  console.log(`public/docs/redoc.standalone.js  ${statSync(source).size} bytes (Redoc, for /docs)`);
}

/** Runs every step; throws on the first failure or missing output. */
export function buildAll({ log = console.log } = {}) {
  for (const step of STEPS) {
    if (step.script) {
      if (!existsSync(join(ROOT, step.script))) {
        if (step.optional) continue;
        throw new Error(`build step "${step.name}": ${step.script} does not exist`);
      }
      log(`--- build: ${step.name} (${step.script})`);
      const result = spawnSync(process.execPath, [join(ROOT, step.script)], { cwd: ROOT, stdio: "inherit" });
      if (result.status !== 0) throw new Error(`build step "${step.name}" failed (exit ${result.status ?? result.signal})`);
    } else {
      log(`--- build: ${step.name}`);
      step.run();
    }
    const missing = step.outputs.filter((path) => !existsSync(join(ROOT, path)));
    if (missing.length) throw new Error(`build step "${step.name}" did not produce ${missing.join(", ")}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildAll();
  } catch (err) {
    console.error(`\nBUILD FAILED: ${err.message}\n`);
    process.exit(1);
  }
}
