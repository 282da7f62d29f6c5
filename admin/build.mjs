// Bundles the dashboard into public/admin/app.js (served by the worker's assets at /admin/app.js), prints what the
// /admin page loads in all (the page itself and the script, gzip), and fails past the 40 KB gzip budget.
// Its own entry: nothing here reaches the reader widget's bundle.
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 40 * 1024; // bytes, gzip level 9, for everything /admin loads
const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}public/admin`;

// The page the worker sends for /admin, evaluated from its source so the budget counts exactly what ships.
const { ADMIN_PAGE } = await import(
  `data:text/javascript,${encodeURIComponent(
    (await build({ entryPoints: [`${root}worker/routes/admin-page-html.ts`], bundle: true, format: "esm", write: false })).outputFiles[0].text,
  )}`
);

const { outputFiles } = await build({
  entryPoints: [`${root}admin/index.ts`],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  charset: "utf8",
  tsconfig: `${root}tsconfig.json`,
  write: false,
  logLevel: "warning",
});

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const app = outputFiles[0].text;
writeFileSync(`${outdir}/app.js`, app);

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const files = [
  ["/admin (page)", ADMIN_PAGE],
  ["/admin/app.js", app],
];
let total = 0;
for (const [name, text] of files) {
  const gz = gzipSync(text, { level: 9 }).length;
  total += gz;
  console.log(`${name.padEnd(16)} ${String(Buffer.byteLength(text)).padStart(7)} bytes raw, ${String(gz).padStart(6)} bytes gzip (${kb(gz)})`);
}
console.log(`dashboard total  ${String(total).padStart(22)} bytes gzip (${kb(total)}) of ${BUDGET} budget`);
if (total > BUDGET) {
  console.error(`the dashboard is ${total - BUDGET} bytes over its ${BUDGET}-byte gzip budget`);
  process.exit(1);
}
