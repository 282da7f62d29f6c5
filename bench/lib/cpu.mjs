// The CPU table: every hostile markdown shape at the size limit through each write path's own code in Node, and
// through three reads of a page full of such comments (bench/lib/cpu-paths.ts), warm, the median of many runs, next
// to the path's budget. `npm run bench -- cpu` prints only this table, in about a minute.
import { importWorkerModule } from "../../worker/dev/local.mjs";

/**
 * CPU budgets per request, in ms: what a reader may cost and what an owner may cost. One budget for every request:
 * Cloudflare's free plan gives each 10 ms of CPU, whoever sends it.
 */
export const CPU_BUDGETS = { reader: 10, owner: 10 };

const PATHS = [
  { path: "comment POST", who: "reader", runs: 31 },
  { path: "reader PATCH", who: "reader", runs: 31 },
  { path: "moderator edit", who: "owner", runs: 31 },
  { path: "article PUT", who: "owner", runs: 15 },
  { path: "import POST", who: "owner", runs: 15 },
  { path: "first render", who: "reader", runs: 31 },
  { path: "hosted page", who: "reader", runs: 31 },
  { path: "page script, warm", who: "reader", runs: 31 },
];
const WARMUP = 3;

/** CPU time of this process (user + system, all threads) in ms. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Measures every shape on every path. Returns one row per path with its worst shape, plus every measurement.
 * `onShape` reports progress.
 */
export async function measureCpu(onShape = () => {}) {
  const { HOSTILE_SHAPES, IMPORT_BENCH_COMMENTS, LIMITS, READ_PATHS, renderOnly, requestBody, runPath } = await importWorkerModule("bench/lib/cpu-paths.ts");
  const rows = [];
  for (const { path, who, runs } of PATHS) {
    // An import request carries IMPORT_BENCH_COMMENTS comments of the shape at the comment size limit.
    const size = path === "article PUT" ? LIMITS.articleBodyChars : LIMITS.commentBodyChars;
    const comments = path === "import POST" ? IMPORT_BENCH_COMMENTS : 1;
    const shapes = [];
    for (const shape of HOSTILE_SHAPES) {
      const markdown = shape.make(size);
      const raw = requestBody(path, markdown);
      for (let i = 0; i < WARMUP; i++) await runPath(path, raw);
      const cpu = [];
      const wall = [];
      const markdownCpu = [];
      for (let i = 0; i < runs; i++) {
        const c = cpuMs();
        const w = performance.now();
        await runPath(path, raw);
        wall.push(performance.now() - w);
        cpu.push(cpuMs() - c);
        const m = cpuMs();
        renderOnly(path, markdown);
        markdownCpu.push(cpuMs() - m);
      }
      // A first render shows as many comments of the shape as its page's byte budget takes.
      const count = READ_PATHS.includes(path) ? JSON.parse(raw).length : comments;
      shapes.push({ shape: shape.name, comments: count, cpuMs: median(cpu), wallMs: median(wall), markdownMs: median(markdownCpu) });
      onShape(path, shape.name);
    }
    shapes.sort((a, b) => b.cpuMs - a.cpuMs);
    const budgetMs = CPU_BUDGETS[who];
    rows.push({ path, read: READ_PATHS.includes(path), who, size, comments, runs, budgetMs, worst: shapes[0], ok: shapes[0].cpuMs <= budgetMs, shapes });
  }
  return { shapes: rows[0].shapes.length, rows };
}

const fmt = (v) => `${v.toFixed(2)} ms`;

/** The CPU table as markdown: the worst shape per path, then the three worst of each. */
export function cpuMarkdown(cpu) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const out = [
    line(["path", `worst input at the size limit (of ${cpu.shapes} shapes)`, "CPU, median", "of which markdown", "wall, median", "budget", ""]),
    line(["---", "---", "---", "---", "---", "---", "---"]),
    ...cpu.rows.map((r) =>
      line([
        r.path,
        `${r.worst.shape} (${(r.worst.comments ?? r.comments) > 1 ? `${r.worst.comments ?? r.comments} × ` : ""}${r.size.toLocaleString("en-US")} chars)`,
        fmt(r.worst.cpuMs),
        r.read ? "—" : fmt(r.worst.markdownMs),
        fmt(r.worst.wallMs),
        `${r.budgetMs} ms (${r.who})`,
        r.ok ? "✓" : "✗",
      ]),
    ),
  ];
  out.push("");
  out.push("The next worst inputs per path (CPU, median):");
  out.push("");
  for (const r of cpu.rows) out.push(`- ${r.path}: ${r.shapes.slice(1, 4).map((s) => `${s.shape} ${fmt(s.cpuMs)}`).join("; ")}`);
  out.push("");
  out.push(
    "Each input goes through the path's own modules in Node (JSON body → contract schema → markdown → spam judge with " +
      "500 blocked words → stored and answered JSON), warm, median of 31 runs (15 for articles and imports); D1, KV and crypto are " +
      "not included, but for an import request, which runs the import service itself (schema, keyed ids, rendering, the rows " +
      "as D1 gets them) on stores that find nothing. The first render is an article view's after a write (`…/rendered`), " +
      "the hosted page the same for `/p/{site}/{slug}`: a first page of as many comments of the shape as its byte budget " +
      "takes, from their stored trees to the HTML and the escaped view (and the page's JSON-LD); the warm page script " +
      "is every later request for `/a/{site}/{slug}.js`, from the cached view to its script. Each read includes encoding " +
      "its answer as the response's body. CPU is this process's user + system time.",
  );
  return out.join("\n");
}
