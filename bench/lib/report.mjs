// Turns the measurements into targets (met or missed) and markdown tables, and writes the results files.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpuMarkdown } from "./cpu.mjs";

export const BUDGETS = {
  thread100VsHealth: 0.9,
  thread10kVsThread100P50: 1.2,
  widgetMainGzip: 4 * 1024,
  widgetElementsGzip: 13 * 1024,
  workerGzip: 150 * 1024,
  firstCommentVsStatic: 1.5,
  firstCommentFragmentVsStatic: 1.2,
  /**
   * Rows D1 reads per thread key in one `key IN (…)` lookup of the thread rows (the key, the index probe, the
   * row: 3 measured with miniflare). The response does not say how many queries ran unless the worker sends
   * X-D1-Queries, so without it "one query" is checked by this proxy: no scan over the comments.
   */
  countsRowsPerThread: 3,
};

/** The counts target: exact with X-D1-Queries, else the rows-read proxy. */
function countsCheck(m) {
  if (!m?.cold) return { ok: null, target: "one query", value: "n/a" };
  const rows = `${num(m.cold.read)} rows read cold, ${num(m.warm?.read)} warm`;
  if (m.cold.queries !== null && m.cold.queries !== undefined) {
    return { ok: m.cold.queries <= 1, target: "one query (X-D1-Queries)", value: `${m.cold.queries} queries; ${rows}` };
  }
  const limit = BUDGETS.countsRowsPerThread * m.threads + 2;
  return { ok: m.cold.read <= limit, target: `one query (proxy: ≤ ${limit} rows read, no scan of comments)`, value: `1 request; ${rows}` };
}

const mark = (ok) => (ok === null ? "n/a" : ok ? "✓" : "✗");
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v) => (v === null || v === undefined ? "n/a" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
const num = (v, digits = 0) => (v === null || v === undefined ? "n/a" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const rowsOf = (r) =>
  r === null || r === undefined ? "n/a" : `${num(r.read)} / ${num(r.written)}${r.queries === null || r.queries === undefined ? "" : ` (${r.queries} queries)`}`;

function table(head, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * A ratio to show beside the budget it is checked against (the warm GET's, unless another is given): two decimals,
 * or three where two would round it across the budget (0.896 reads 0.90 and misses 0.9).
 */
export function ratioText(r, budget = BUDGETS.thread100VsHealth) {
  const two = r.toFixed(2);
  return `${Number(two) >= budget === r >= budget ? two : r.toFixed(3)}×`;
}

/** How the target rows measured on the deployed bundle in Miniflare (bench/lib/direct.mjs) are told apart. */
const WITHOUT_PROXY = " (no dev proxy)";

/** The measured pages of the first-comment bench: [page, its static floor, the budget as a ratio, label]. */
export const firstCommentPages = [
  ["widget", "static", BUDGETS.firstCommentVsStatic, "script tag, <parley-comments>"],
  ["article", "static-article", BUDGETS.firstCommentVsStatic, "script tag, <parley-article>"],
  ["preload", "static-article", BUDGETS.firstCommentVsStatic, "script tag and preload hint, <parley-article>"],
  ["script", "static-article", BUDGETS.firstCommentVsStatic, "page script, <parley-article>"],
  ["widget-script", "static", BUDGETS.firstCommentVsStatic, "page script, <parley-comments>"],
  // A returning reader's visit (widget.js from the browser's cache): shown beside the targets, which are for a first visit.
  ["returning", "static-article", null, "script tag, <parley-article>, returning reader"],
  ["fragment", "static-article", BUDGETS.firstCommentFragmentVsStatic, "/embed fragment inlined, hydrated"],
  // The script tag's page with widget.js and the view replayed from a plain local server (startReplayServer): the
  // widget's own share of the tag's time, without the local worker's serving. Shown beside the targets, not one.
  ["replayed", "static-article", null, "script tag, <parley-article>, widget.js and view from a plain local server"],
];

/**
 * The warm thread GET against the health route: the median of the alternating rounds where the run has them
 * (bench/lib/warm.mjs), else the load table's single runs (results from before the rounds). `cpu` is the worker's
 * CPU per request, health's over the thread's: what the req/s ratio would be on an idle machine.
 */
function threadVsHealth(r) {
  if (r.warmVsHealth) return { ratio: r.warmVsHealth.median, cpu: r.warmVsHealth.cpuMedian, rounds: r.warmVsHealth.rounds.length };
  const { thread100: t, health: h } = r.load;
  return { ratio: t.reqPerSec / h.reqPerSec, cpu: t.cpuPerRequest && h.cpuPerRequest ? h.cpuPerRequest / t.cpuPerRequest : null, rounds: 0 };
}

/** Every target: what was measured, the target, and whether it was met (null when it could not be measured). */
export function evaluateTargets(r) {
  const targets = [];
  const add = (name, value, target, ok) => targets.push({ name, value, target, ok });
  const load = r.load;
  if (load) {
    const { ratio, cpu, rounds } = threadVsHealth(r);
    add(
      "thread GET (100) req/s vs health",
      `${rounds ? `median of ${rounds} alternating rounds: ` : `${num(load.thread100.reqPerSec)} req/s = `}${ratioText(ratio)} health` +
        `${cpu === null ? "" : ` (by worker CPU per request: ${cpu.toFixed(2)}×)`}`,
      `≥ ${BUDGETS.thread100VsHealth}× health`,
      ratio >= BUDGETS.thread100VsHealth,
    );
    const p50ratio = load.thread10k.latencyMs.p50 / load.thread100.latencyMs.p50;
    add(
      "thread GET (10k) p50 vs thread (100) p50",
      `${ms(load.thread10k.latencyMs.p50)} = ${p50ratio.toFixed(2)}× ${ms(load.thread100.latencyMs.p50)}`,
      `≤ ${BUDGETS.thread10kVsThread100P50}×`,
      p50ratio <= BUDGETS.thread10kVsThread100P50,
    );
  }
  for (const row of r.cpu?.rows ?? []) {
    add(`CPU: ${row.path}, worst input at the size limit`, `${row.worst.cpuMs.toFixed(2)} ms (${row.worst.shape})`, `≤ ${row.budgetMs} ms`, row.ok);
  }
  const d1 = r.d1?.requests;
  for (const key of ["thread100", "thread10k"]) {
    const m = d1?.[key];
    const warmOk = m?.warm ? m.warm.read === 0 : null;
    const coldOk = m?.cold ? m.cold.read <= m.pageRows + 1 : null;
    const label = key === "thread100" ? "(100)" : "(10k)";
    add(`warm thread view ${label}: D1 rows read`, m?.warm ? num(m.warm.read) : "n/a", "0", warmOk);
    add(`cold thread view ${label}: D1 rows read`, m?.cold ? num(m.cold.read) : "n/a", `≤ ${m ? m.pageRows + 1 : "?"} (page of ${m?.pageRows ?? "?"} + 1)`, coldOk);
  }
  // "Load more": the page after a first page read since the last write.
  const later = d1?.thread10kLater;
  if (later?.cold) {
    add("cold later page (10k): D1 rows read", num(later.cold.read), `≤ ${later.pageRows + 1} (page of ${later.pageRows} + 1)`, later.cold.read <= later.pageRows + 1);
  }
  const counts = countsCheck(d1?.counts50);
  add(`counts for ${d1?.counts50?.threads ?? 50} threads: one query`, counts.value, counts.target, counts.ok);
  if (r.weight?.widget) {
    const { main, elements } = r.weight.widget;
    add("widget main (public/widget.js) gzip", kb(main.gzip), `≤ ${kb(BUDGETS.widgetMainGzip)}`, main.gzip <= BUDGETS.widgetMainGzip);
    add("widget elements (chunks/elements-….js, after the first paint) gzip", kb(elements.gzip), `≤ ${kb(BUDGETS.widgetElementsGzip)}`, elements.gzip <= BUDGETS.widgetElementsGzip);
  }
  if (r.weight?.worker) {
    const g = r.weight.worker.gzip;
    add("worker bundle gzip", kb(g), `≤ ${kb(BUDGETS.workerGzip)}`, g <= BUDGETS.workerGzip);
  }
  const fc = r.firstComment;
  /** The first-comment targets of one set of measurements (`how` says which, after the label). */
  const firstCommentTargets = (pages, how = "") => {
    for (const [name, floor, budget, label] of firstCommentPages) {
      if (!pages[name]) continue;
      const ratio = pages[name].medianMs / pages[floor].medianMs;
      if (budget === null) continue; // shown in the first-comment table, not a target
      add(`time to first comment, ${label}${how}`, `${ms(pages[name].medianMs)} = ${ratio.toFixed(2)}× ${ms(pages[floor].medianMs)}`, `≤ ${budget}× static`, ratio <= budget);
    }
  };
  if (fc && !fc.skipped) {
    firstCommentTargets(fc);
    if (fc.article) add("worker requests per article view (script tag)", String(fc.article.workerRequests), "1", fc.article.workerRequests <= 1);
    if (fc.fragment) add("worker requests per article view (inlined fragment)", String(fc.fragment.workerRequests), "≤ 1", fc.fragment.workerRequests <= 1);
  } else {
    add("time to first comment vs static HTML", "SKIPPED (no Chromium)", `≤ ${BUDGETS.firstCommentVsStatic}× static`, null);
  }
  // The same measurements on the deployed bundle without wrangler dev's proxy (bench/lib/direct.mjs).
  const direct = r.direct;
  if (direct?.warmVsHealth) {
    const { median, cpuMedian, rounds } = direct.warmVsHealth;
    add(
      `thread GET (100) req/s vs health${WITHOUT_PROXY}`,
      `median of ${rounds.length} alternating rounds: ${ratioText(median)} health (by worker CPU per request: ${cpuMedian.toFixed(2)}×)`,
      `≥ ${BUDGETS.thread100VsHealth}× health`,
      median >= BUDGETS.thread100VsHealth,
    );
  }
  if (direct?.firstComment) firstCommentTargets(direct.firstComment, WITHOUT_PROXY);
  if (r.import) {
    const im = r.import;
    add(
      `import ${num(im.comments)} Disqus comments (parley import)`,
      `${im.seconds} s, ${num(im.comments / im.seconds)} comments/s, CLI peak ${im.peakMemoryMB} MB`,
      "< 180 s",
      im.seconds < 180 && im.failed === 0,
    );
  }
  return targets;
}

/** One set of first-comment measurements as a table: each page against its floor, then the floors. */
function firstCommentTable(fc) {
  const rows = [];
  for (const [name, floor, budget, label] of firstCommentPages) {
    if (!fc[name]) continue;
    const ratio = fc[name].medianMs / fc[floor].medianMs;
    const target = budget === null ? `none (${ratio.toFixed(2)}× ${floor})` : `≤ ${budget}× ${floor} (${ratio.toFixed(2)}×)`;
    rows.push([label, ms(fc[name].medianMs), fc[name].runsMs.map(ms).join(", "), String(fc[name].workerRequests), target, budget === null ? "" : mark(ratio <= budget)]);
  }
  for (const floor of ["static", "static-article"]) {
    if (!fc[floor]) continue;
    const label = floor == "static" ? `static HTML, the same ${fc.comments} comments` : "static HTML, the article and the same comments";
    rows.push([label, ms(fc[floor].medianMs), fc[floor].runsMs.map(ms).join(", "), "0", "the floor", ""]);
  }
  return table(["page", "median", "runs", "worker requests per view", "target", ""], rows);
}

/** The whole report as markdown: targets first, then the detail tables. */
export function renderMarkdown(r) {
  const out = [];
  out.push(`## Parley benchmark — ${r.startedAt}`);
  out.push("");
  out.push(
    `Local \`wrangler dev\` on 127.0.0.1 (miniflare D1/KV), ${r.settings.connections} connections × ${r.settings.seconds} s per load test, ` +
      `node ${r.environment.node}, ${r.environment.cpus} CPUs (${r.environment.cpuModel}), load average ${r.environment.loadAverageAtStart} at the start, ` +
      `git ${r.environment.git}. Local numbers compare runs and endpoints on one machine; they are not production latencies.`,
  );
  out.push("");
  out.push("### Targets");
  out.push("");
  out.push(table(["target", "measured", "budget", ""], r.targets.map((t) => [t.name, t.value, t.target, mark(t.ok)])));

  if (r.cpu) {
    out.push("");
    out.push("### CPU per write path (Node, warm)");
    out.push("");
    out.push(cpuMarkdown(r.cpu));
  }

  if (r.load) {
    out.push("");
    out.push("### Throughput and latency");
    out.push("");
    const base = r.load.health.reqPerSec;
    const targetOf = {
      thread100: `≥ ${BUDGETS.thread100VsHealth}× health`,
      thread10k: `p50 ≤ ${BUDGETS.thread10kVsThread100P50}× thread (100) p50`,
    };
    const okOf = {
      thread100: threadVsHealth(r).ratio >= BUDGETS.thread100VsHealth,
      thread10k: r.load.thread10k.latencyMs.p50 / r.load.thread100.latencyMs.p50 <= BUDGETS.thread10kVsThread100P50,
    };
    out.push(
      table(
        ["request", "req/s", "× health", "worker CPU / request", "p50", "p99", "non-2xx", "errors", "target", ""],
        Object.entries(r.load).map(([key, l]) => [
          l.label,
          num(l.reqPerSec),
          (l.reqPerSec / base).toFixed(2),
          l.cpuPerRequest === null || l.cpuPerRequest === undefined ? "n/a" : `${l.cpuPerRequest.toFixed(2)} ms`,
          ms(l.latencyMs.p50),
          ms(l.latencyMs.p99),
          num(l.non2xx),
          num(l.errors),
          targetOf[key] ?? "—",
          key in okOf ? mark(okOf[key]) : "",
        ]),
      ),
    );
    if (r.warmVsHealth) {
      const list = r.warmVsHealth.rounds.map((x) => `${x.ratio.toFixed(2)}×`).join(", ");
      out.push("");
      out.push(`The thread (100)'s target is checked against rounds that alternate it with health: ${list}; median ${r.warmVsHealth.median.toFixed(2)}×.`);
    }
  }

  if (r.d1) {
    out.push("");
    out.push("### D1 rows per request (read / written)");
    out.push("");
    if (!r.d1.headers) out.push("The worker sent no X-D1-Rows-Read / X-D1-Rows-Written headers: every value is n/a.\n");
    // Rows a cold page may read beyond those it shows: the thread row (from the cache on a later page, which
    // reads its cursor's own row instead).
    const extra = { thread100: 1, thread10k: 1, thread10kLater: 1 };
    const targetOf = (key, m) =>
      key in extra
        ? `cold read ≤ ${m.pageRows + extra[key]}, warm read 0`
        : key === "counts50"
          ? countsCheck(m).target
          : "—";
    const okOf = (key, m) => {
      if (!m.cold || !m.warm) return "";
      if (key in extra) return mark(m.cold.read <= m.pageRows + extra[key] && m.warm.read === 0);
      if (key === "counts50") return mark(countsCheck(m).ok);
      return "";
    };
    out.push(
      table(
        ["request", "cold", "warm", "page rows", "target", ""],
        Object.entries(r.d1.requests).map(([key, m]) => [m.label, rowsOf(m.cold), rowsOf(m.warm), m.pageRows ?? "—", targetOf(key, m), okOf(key, m)]),
      ),
    );
    out.push("");
    out.push(
      "Cold: the first request after a write to the thread it reads (a comment posted and deleted again); warm: the same request repeated. " +
        "The second page is read right after its first page, as \"Load more\" is. POST: the first comment of a new thread, then the next one.",
    );
  }

  if (r.weight) {
    out.push("");
    out.push("### Weight (gzip level 9)");
    out.push("");
    const rows = [];
    if (r.weight.widget) {
      const w = r.weight.widget;
      rows.push([w.main.file, kb(w.main.raw), kb(w.main.gzip), `≤ ${kb(BUDGETS.widgetMainGzip)} gzip`, mark(w.main.gzip <= BUDGETS.widgetMainGzip)]);
      rows.push([`${w.elements.file} (after the first paint)`, kb(w.elements.raw), kb(w.elements.gzip), `≤ ${kb(BUDGETS.widgetElementsGzip)} gzip`, mark(w.elements.gzip <= BUDGETS.widgetElementsGzip)]);
      for (const c of w.chunks) rows.push([`${c.file} (lazy)`, kb(c.raw), kb(c.gzip), "—", ""]);
    }
    if (r.weight.worker) {
      const w = r.weight.worker;
      rows.push([`worker bundle (${w.files.map((f) => f.file).join(", ")})`, kb(w.raw), kb(w.gzip), `≤ ${kb(BUDGETS.workerGzip)} gzip`, mark(w.gzip <= BUDGETS.workerGzip)]);
    }
    out.push(table(["file", "raw", "gzip", "target", ""], rows));
    if (r.weight.libraries) {
      out.push("");
      out.push("What each library adds to the worker (minified bytes in the bundle, before gzip):");
      out.push("");
      out.push(table(["library", "raw", "share"], r.weight.libraries.map((l) => [l.name, kb(l.raw), `${(l.share * 100).toFixed(1)}%`])));
    }
  }

  out.push("");
  out.push("### Time to first comment (Chromium, median of runs)");
  out.push("");
  const fc = r.firstComment;
  if (!fc || fc.skipped) {
    out.push(`SKIPPED: ${fc?.reason ?? "not measured"}`);
  } else {
    out.push(firstCommentTable(fc));
    out.push("");
    out.push(
      "From navigation start to the end of the first frame that paints a comment (a new tab each run, the browser's caches emptied first, " +
        "the page on http://localhost:<port>, the worker on http://127.0.0.1:<port>).",
    );
  }
  if (r.direct) {
    out.push("");
    out.push("### Without wrangler dev's proxy");
    out.push("");
    out.push(
      "Every request to `wrangler dev` first passes a proxy worker in a workerd process of its own, which production does not have (and there " +
        "`widget.js` is a static asset, not a worker request). These rows measure the same state served by the bundle `wrangler deploy` makes " +
        "(minified), in Miniflare directly with wrangler.toml's bindings and assets (bench/lib/direct.mjs), after the rows above.",
    );
    if (r.direct.warmVsHealth) {
      const w = r.direct.warmVsHealth;
      const list = w.rounds
        .map((x) => `health ${num(x.health)} req/s, thread ${num(x.thread)} req/s = ${x.ratio.toFixed(2)}×`)
        .join("; ");
      out.push("");
      out.push(`Warm thread (100) GET against health, alternating rounds: ${list}; median ${ratioText(w.median)} (by worker CPU per request ${w.cpuMedian.toFixed(2)}×).`);
    }
    if (r.direct.firstComment) {
      out.push("");
      out.push(firstCommentTable(r.direct.firstComment));
    }
  }
  if (r.notes.length) {
    out.push("");
    out.push("### Notes");
    out.push("");
    for (const n of r.notes) out.push(`- ${n}`);
  }
  return out.join("\n") + "\n";
}

/** Writes bench/results/<timestamp>.json, latest.json and latest.md; returns the timestamped path. */
export function writeResults(dir, results, markdown) {
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, "-");
  const file = join(dir, `${stamp}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(dir, "latest.json"), json);
  writeFileSync(join(dir, "latest.md"), markdown);
  return file;
}
