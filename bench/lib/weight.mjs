// What readers and Cloudflare download: the built widget (main module and lazy chunks) and the worker bundle
// from `wrangler deploy --dry-run --minify`, raw and gzip (level 9).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, WORKER_ALIAS, wranglerEnv } from "../../worker/dev/local.mjs";

function sizes(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * public/widget.js, the elements' chunk it imports after its first paint (public/chunks/elements-….js) and every
 * other file in public/chunks/, as built by widget/build.mjs.
 */
export function widgetWeight() {
  const main = join(ROOT, "public/widget.js");
  if (!existsSync(main)) throw new Error("public/widget.js is missing: the widget build did not write it");
  const chunkDir = join(ROOT, "public/chunks");
  const chunks = existsSync(chunkDir)
    ? readdirSync(chunkDir)
        .filter((f) => f.endsWith(".js"))
        .sort()
        .map((f) => ({ file: `public/chunks/${f}`, ...sizes(join(chunkDir, f)) }))
    : [];
  const elements = chunks.find((c) => /\/elements-[^/]+\.js$/.test(c.file));
  if (!elements) throw new Error("public/chunks/elements-….js is missing: the widget build did not write it");
  return { main: { file: "public/widget.js", ...sizes(main) }, elements, chunks: chunks.filter((c) => c != elements) };
}

/**
 * Bundles the worker as `wrangler deploy` would (offline, nothing uploaded) into `outdir`: minified, unless a
 * profile needs the functions' names.
 */
export function bundleWorker(outdir, { minify = true } = {}) {
  const wrangler = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  const result = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outdir, ...(minify ? ["--minify"] : [])], {
    cwd: ROOT,
    env: wranglerEnv({ CI: "true" }),
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** The bundle `wrangler deploy` would upload, built into `outdir` (see bundleWorker), raw and gzip. */
export function workerWeight(outdir) {
  bundleWorker(outdir);
  const files = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
  if (files.length === 0) throw new Error(`wrangler deploy --dry-run wrote no bundle into ${outdir}`);
  const parts = files.sort().map((f) => ({ file: f, ...sizes(join(outdir, f)) }));
  return {
    files: parts,
    raw: parts.reduce((n, p) => n + p.raw, 0),
    gzip: parts.reduce((n, p) => n + p.gzip, 0),
  };
}

/**
 * The worker bundled once more with esbuild (minified, as wrangler does): each input file with the bytes it puts in
 * the output (0 for a file read and shaken out entirely), and the output's total.
 */
export async function workerInputs() {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [join(ROOT, "worker/index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    alias: WORKER_ALIAS,
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const outputs = Object.values(result.metafile.outputs);
  return {
    total: outputs.reduce((n, o) => n + o.bytes, 0),
    inputs: outputs.flatMap((o) => Object.entries(o.inputs).map(([file, { bytesInOutput }]) => ({ file, bytes: bytesInOutput }))),
  };
}

/** What each library adds to the worker: every input's bytes in the output summed per npm package; "parley" is our own code. */
export async function workerLibraries() {
  const { total, inputs } = await workerInputs();
  const byPackage = new Map();
  for (const { file, bytes } of inputs) {
    const match = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const name = file.endsWith("worker/services/confusables.ts")
      ? "confusables (unhomoglyph's table, reachable entries: scripts/confusables.mjs)"
      : !match
        ? "parley (worker/)"
        : /^(markdown-it|mdurl|uc\.micro|linkify-it|punycode\.js|character-entities-html4)$/.test(match[1])
          ? "markdown: markdown-it, mdurl, uc.micro, linkify-it, punycode.js, character-entities-html4"
          : match[1];
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
  }
  return [...byPackage]
    .map(([name, raw]) => ({ name, raw, share: raw / total }))
    .sort((a, b) => b.raw - a.raw);
}
