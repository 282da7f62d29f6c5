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

// Bytes, gzip level 9: widget.js (what every page with a Parley element loads before its first paint) and the
// elements' chunk (what it loads after, before anything is interactive); lazy chunks are reported, not limited.
const BUDGET = 4 * 1024;
const ELEMENTS_BUDGET = 13 * 1024;
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

/** The module widget.js imports once its first paint is done: Lit and the elements. */
const ELEMENTS = `${root}widget/elements/define.ts`;

/**
 * With `splitting`, esbuild puts code that two entries share into a third, shared chunk, which each of them
 * imports first: one more round trip before it runs. So every lazy module gets an extra `import`: the elements'
 * module imports widget.js's entry, and every other lazy module imports the elements' module. Then all of
 * widget.js's code lands in one chunk, which becomes widget.js, all of the elements' code in one more, which
 * widget.js imports directly (see below), and code only one lazy module uses stays in its chunk. At run time the
 * extra imports are free: what they import has already run when a lazy chunk loads.
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
      if (lazyEntries.has(path)) out += `\nimport ${JSON.stringify(path == ELEMENTS ? `${root}widget/index.ts` : ELEMENTS)};\n`;
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
 * Thanks to the injected imports, widget.js's entry file and the elements' are bare imports of chunks: each entry's
 * code sits in a chunk of its own that the lazy chunks import too. widget.js's chunk becomes public/widget.js, the
 * URL blogs paste, so the first paint costs one request; the elements' chunk is named chunks/elements-….js and
 * widget.js imports it directly, in place of the entry file that would only import it. Lazy chunks stay in
 * public/chunks/ and import both back; import() resolves relative to the importing module, so all come from the
 * same worker.
 */
const text = new Map(outputFiles.map((f) => [relative(root, f.path), f.text]));
const stub = "public/widget.js";
/** An entry's own output: the chunk holding its module's code when the entry's file is only imports, else the file. */
function ownChunk(entry) {
  const { entryPoint, imports } = metafile.outputs[entry];
  if (!/^(import"[^"]+";)*\s*$/.test(text.get(entry))) return entry;
  const own = imports.find((i) => i.kind == "import-statement" && !i.external && metafile.outputs[i.path].inputs[entryPoint]);
  if (!own) throw new Error(`${entry} imports no chunk holding ${entryPoint}:\n${text.get(entry).slice(0, 500)}`);
  return own.path;
}
const widgetChunk = ownChunk(stub);
if (widgetChunk == stub && metafile.outputs[stub].imports.some((i) => i.kind == "import-statement" && !i.external))
  throw new Error(`expected ${stub} to hold its code or be a bare import of one chunk, got:\n${text.get(stub).slice(0, 500)}`);
const elementsEntry = Object.keys(metafile.outputs).find((p) => metafile.outputs[p].entryPoint == relative(root, ELEMENTS));
if (!elementsEntry) throw new Error(`no output holds ${relative(root, ELEMENTS)}: widget/index.ts must import() it`);
const elementsChunk = ownChunk(elementsEntry);
const elementsPath = elementsChunk.replace(/[^/]*-([^-/]+\.js)$/, "elements-$1");
const finalPath = (path) => (path == widgetChunk ? stub : path == elementsChunk || path == elementsEntry ? elementsPath : path);
const dropped = new Set([widgetChunk == stub ? "" : stub, elementsChunk == elementsEntry ? "" : elementsEntry]);
const files = [...text.keys()]
  .filter((path) => path.endsWith(".js") && !dropped.has(path))
  .map((path) => {
    let code = text.get(path);
    for (const { path: target, external } of metafile.outputs[path].imports) {
      if (external) continue;
      const from = `./${relative(dirname(path), target)}`;
      const to = relative(dirname(finalPath(path)), finalPath(target));
      code = code.replaceAll(`"${from}"`, `"${to.startsWith(".") ? to : `./${to}`}"`);
    }
    // V8's compile hint: every function of widget.js runs as it loads, so compile them all up front, not one by one
    // as each is first called (in Chromium, evaluating widget.js went from ~12 ms to ~5 ms; README "Loading").
    return { path: finalPath(path), code: path == widgetChunk ? `//# allFunctionsCalledOnLoad\n${code}` : code };
  })
  .sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
function rank(path) {
  return path == stub ? 0 : path == elementsPath ? 1 : 2;
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const width = Math.max(...files.map((f) => f.path.length));
for (const f of files) {
  mkdirSync(dirname(`${root}${f.path}`), { recursive: true });
  writeFileSync(`${root}${f.path}`, f.code);
  const raw = Buffer.byteLength(f.code);
  f.gz = gzipSync(f.code, { level: 9 }).length;
  console.log(
    `${f.path.padEnd(width)}  ${String(raw).padStart(6)} bytes raw (${kb(raw)}), ${String(f.gz).padStart(6)} bytes gzip (${kb(f.gz)})` +
      (f.path == stub ? ` of ${BUDGET} budget` : f.path == elementsPath ? ` of ${ELEMENTS_BUDGET} budget (after the first paint)` : " (lazy)"),
  );
}
// The Custom Elements Manifest, from the same sources, so it never falls behind the elements.
console.log(`${writeManifest()} written`);

for (const [f, budget] of [[files[0], BUDGET], [files[1], ELEMENTS_BUDGET]]) {
  if (f.gz > budget) {
    console.error(`${f.path} is ${f.gz - budget} bytes over its ${budget}-byte gzip budget`);
    process.exitCode = 1;
  }
}
