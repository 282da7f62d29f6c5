// Bundles the widget into public/widget.js plus lazy chunks in public/chunks/, prints every file's size, writes
// custom-elements.json, and fails when the main module (what every page with a Parley element loads before anything
// shows) outgrows its gzip budget.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import ts from "typescript";
import { writeManifest } from "./manifest.mjs";

const BUDGET = 14 * 1024; // bytes, gzip level 9, for public/widget.js alone; chunks are reported, not limited
const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}public`;

// The contract's limits, evaluated once so their values can be written into the widget code.
const { LIMITS } = await import(
  `data:text/javascript,${encodeURIComponent(
    (await build({ entryPoints: [`${root}worker/contract/limits.ts`], format: "esm", write: false })).outputFiles[0].text,
  )}`
);

/** Modules the widget loads with import(): each becomes a lazy chunk. */
const lazyEntries = new Set();

/**
 * With `splitting`, esbuild puts code that the entry and a lazy chunk both use into a third, shared chunk, which
 * the entry would import before anything shows: one more round trip on every page. So each lazy module gets an
 * extra `import` of the entry. Then all of the entry's code is shared, lands in one chunk, and that chunk becomes
 * widget.js (see below), while code only a lazy module uses stays in its chunk. At run time the import is free:
 * widget.js has already run when a lazy chunk loads.
 */
const lazyChunks = {
  name: "lazy-chunks",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async ({ kind, path, resolveDir, importer }) => {
      if (kind != "dynamic-import") return;
      const resolved = await b.resolve(path, { kind: "import-statement", resolveDir, importer });
      lazyEntries.add(resolved.path);
    });
  },
};

/**
 * esbuild leaves template literals alone, so the indentation of every html`` and css`` template would ship.
 * This collapses whitespace in their static parts (never inside ${…}); css`` also loses spaces around punctuation,
 * html`` the quotes around one-word attribute values.
 * Templates must not contain <pre> or <textarea> text, where whitespace counts.
 *
 * It also folds `LIMITS.name` into its number, so the widget ships the few limits it uses rather than the whole table.
 */
const minifyTemplates = {
  name: "minify-templates",
  setup(b) {
    // The widget's modules, and the contract's style sheets (plain strings tagged css``, shared with the server).
    b.onLoad({ filter: /[\\/](widget[\\/].*|worker[\\/]contract[\\/]styles)\.ts$/ }, ({ path }) => {
      const code = readFileSync(path, "utf8");
      const file = ts.createSourceFile(path, code, ts.ScriptTarget.ES2022, true);
      const edits = [];
      const visit = (node) => {
        if (ts.isPropertyAccessExpression(node) && node.expression.getText(file) == "LIMITS") {
          const value = LIMITS[node.name.text];
          if (value === undefined) throw new Error(`${path}: LIMITS.${node.name.text} does not exist`);
          edits.push([node.getStart(file), node.getEnd(), String(value)]);
        } else if (ts.isTaggedTemplateExpression(node) && ["html", "css", "svg"].includes(node.tag.getText(file))) {
          const isCss = node.tag.getText(file) == "css";
          const t = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
          for (const p of parts) {
            // The literal's text between its delimiters: ` or } at the start, ` or ${ at the end.
            const start = p.getStart(file) + 1;
            const end = p.getEnd() - (p.kind == ts.SyntaxKind.TemplateHead || p.kind == ts.SyntaxKind.TemplateMiddle ? 2 : 1);
            // A line break next to a tag is dropped; elsewhere it becomes one space, which renders the same.
            let text = code.slice(start, end).replace(/\s*\n\s*/g, (ws, at, all) =>
              all[at - 1] == ">" || all[at + ws.length] == "<" ? "" : " ",
            );
            text = isCss
              ? text.replace(/\s*([{};,>])\s*/g, "$1").replace(/:\s+/g, ":").replace(/;}/g, "}")
              : text.replace(/="([\w-]+)"/g, "=$1"); // class="c" → class=c: valid HTML for one plain word
            edits.push([start, end, text]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let out = code;
      for (const [s, e, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + text + out.slice(e);
      if (lazyEntries.has(path)) out += `\nimport ${JSON.stringify(`${root}widget/index.ts`)};\n`;
      return { contents: out, loader: "ts" };
    });
  },
};

// Chunk names carry a content hash, so old ones are never reused; clear them out rather than let them pile up.
rmSync(`${outdir}/chunks`, { recursive: true, force: true });

const { metafile, outputFiles } = await build({
  entryPoints: { widget: `${root}widget/index.ts` },
  outdir,
  absWorkingDir: root,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  metafile: true,
  write: false,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  charset: "utf8",
  tsconfig: `${root}widget/tsconfig.json`,
  // Private members (`_name`) get short names, the same in every chunk; Lit's own internals start with `_$` and are left alone.
  mangleProps: /^_[a-z]/,
  plugins: [lazyChunks, minifyTemplates],
  logLevel: "warning",
});

/*
 * Thanks to the injected import, every piece of code the entry needs sits in one chunk that the entry (a bare
 * `import "./chunks/chunk-….js"`) and every lazy chunk import. That chunk becomes public/widget.js, the URL blogs
 * paste, so the first paint costs one request. Lazy chunks stay in public/chunks/ and import it back as
 * ../widget.js; import() resolves relative to the importing module, so they come from the same worker.
 */
const text = new Map(outputFiles.map((f) => [relative(root, f.path), f.text]));
const stub = "public/widget.js";
const shared = metafile.outputs[stub].imports.filter((i) => i.kind == "import-statement" && !i.external).map((i) => i.path);
const core = shared.length ? shared[0] : stub;
if (shared.length > 1 || (shared.length && !/^(import"[^"]+";)*\s*$/.test(text.get(stub))))
  throw new Error(`expected ${stub} to be a bare import of one chunk, got:\n${text.get(stub).slice(0, 500)}`);
const finalPath = (path) => (path == core ? stub : path);
const files = [...text.keys()]
  .filter((path) => path.endsWith(".js") && path != (core == stub ? "" : stub))
  .map((path) => {
    let code = text.get(path);
    for (const { path: target, external } of metafile.outputs[path].imports) {
      if (external) continue;
      const from = `./${relative(dirname(path), target)}`;
      const to = relative(dirname(finalPath(path)), finalPath(target));
      code = code.replaceAll(`"${from}"`, `"${to.startsWith(".") ? to : `./${to}`}"`);
    }
    return { path: finalPath(path), code };
  })
  .sort((a, b) => (a.path == stub ? -1 : b.path == stub ? 1 : a.path.localeCompare(b.path)));

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const width = Math.max(...files.map((f) => f.path.length));
for (const f of files) {
  mkdirSync(dirname(`${root}${f.path}`), { recursive: true });
  writeFileSync(`${root}${f.path}`, f.code);
  const raw = Buffer.byteLength(f.code);
  f.gz = gzipSync(f.code, { level: 9 }).length;
  console.log(
    `${f.path.padEnd(width)}  ${String(raw).padStart(6)} bytes raw (${kb(raw)}), ${String(f.gz).padStart(6)} bytes gzip (${kb(f.gz)})` +
      (f.path == stub ? ` of ${BUDGET} budget` : " (lazy)"),
  );
}
// The Custom Elements Manifest, from the same sources, so it never falls behind the elements.
console.log(`${writeManifest()} written`);

const main = files[0];
if (main.gz > BUDGET) {
  console.error(`widget.js is ${main.gz - BUDGET} bytes over the ${BUDGET}-byte gzip budget`);
  process.exit(1);
}
