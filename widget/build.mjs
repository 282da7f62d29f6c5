// Bundles the widget into public/widget.js and fails when it outgrows its gzip budget.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import ts from "typescript";

const BUDGET = 12 * 1024; // bytes, gzip level 9
const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = `${root}public/widget.js`;

// The contract's limits, evaluated once so their values can be written into the widget code.
const { LIMITS } = await import(
  `data:text/javascript,${encodeURIComponent(
    (await build({ entryPoints: [`${root}worker/contract/limits.ts`], format: "esm", write: false })).outputFiles[0].text,
  )}`
);

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
    b.onLoad({ filter: /[\\/]widget[\\/].*\.ts$/ }, ({ path }) => {
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
      return { contents: out, loader: "ts" };
    });
  },
};

await build({
  entryPoints: [`${root}widget/index.ts`],
  outfile,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  charset: "utf8",
  tsconfig: `${root}tsconfig.json`,
  // Private members (`_name`) get short names; Lit's own internals start with `_$` and are left alone.
  mangleProps: /^_[a-z]/,
  plugins: [minifyTemplates],
  logLevel: "warning",
});

const raw = readFileSync(outfile);
const gz = gzipSync(raw, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
console.log(`public/widget.js  ${raw.length} bytes raw (${kb(raw.length)}), ${gz} bytes gzip (${kb(gz)}) of ${BUDGET} budget`);
if (gz > BUDGET) {
  console.error(`widget.js is ${gz - BUDGET} bytes over the ${BUDGET}-byte gzip budget`);
  process.exit(1);
}
