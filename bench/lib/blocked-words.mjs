// CPU of the blocked-words check in workerd, where the worker runs: the first comment a fresh isolate judges on a
// site with the longest list the settings accept pays for building the matcher, so each run starts a new workerd
// (a new isolate, nothing compiled yet) and times, inside it, the spam judge's first call (build and search), a
// second call (search only) and a call with another list of the same size (build again, code already compiled).
// Local workerd lets the clock run during a request (production does not), so performance.now() times the work.
// `node bench/lib/blocked-words.mjs [runs]` (9 by default): the median in ms, and the least in parentheses (the
// machine's other work only ever adds to a time).
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, WORKER_ALIAS, freePort, importWorkerModule } from "../../worker/dev/local.mjs";
import { LIMITS } from "../../worker/contract/limits.ts";

/** The worker: one POST {words, body} runs the three timed calls and answers their times. */
const ENTRY = `
import { judge } from "./worker/services/spam.ts";
const site = (blockedWords) => ({ id: "bench", settings: { blockedWords, blockedWordsAction: "hold", maxLinks: 3, moderation: "post", holdFirstComment: false } });
const judged = (body) => ({ body, tree: [], authorName: "Reader", shadowBanned: false, isEdit: false, trusted: async () => true });
const time = async (f) => { const start = performance.now(); const verdict = await f(); return { ms: performance.now() - start, status: verdict.status }; };
export default { async fetch(request) {
  const { words, body, other } = await request.json();
  const first = await time(() => judge(site(words), judged(body)));
  const again = await time(() => judge(site(words), judged(body)));
  const rebuilt = await time(() => judge(site(other), judged(body)));
  return Response.json({ first, again, rebuilt });
} };`;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A seeded generator, so every run judges the same lists. */
function random(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** `count` words of exactly `length` characters drawn from `alphabet`. */
function words(next, alphabet, count, length) {
  const chars = [...alphabet];
  return Array.from({ length: count }, () => Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join(""));
}

const LONGEST = LIMITS.blockedWordChars;
const MOST = LIMITS.blockedWordsChars / LONGEST;

/**
 * The lists: the longest the settings accept (LIMITS.blockedWordsChars, as matching reads them), in the shapes that
 * cost most to fold and to build, and the longest one they accepted before that bound.
 */
export const SCENARIOS = [
  { name: "one word, for comparison (what judging costs with any list)", alphabet: LETTERS, count: 1, length: 6 },
  { name: `500 × 10 Latin letters`, alphabet: LETTERS, count: LIMITS.blockedWords, length: 10 },
  { name: `${MOST} × ${LONGEST} letters and spaces (phrases)`, alphabet: `${LETTERS}     `, count: MOST, length: LONGEST },
  { name: `${MOST} × ${LONGEST} accented letters and spaces`, alphabet: "éèêëàâäôöûüçñøåæœÁÉÍÓÚ  ", count: MOST, length: LONGEST },
  { name: `look-alikes and ligatures (${MOST} × ${LONGEST}, less what folding adds)`, alphabet: "ﬁﬂ①Ⓐ𝐀𝔸ѕоа ", count: MOST, length: LONGEST },
  { name: `${MOST} × ${LONGEST} punctuation and emoji`, alphabet: "-.,!$🎰🖕 a", count: MOST, length: LONGEST },
  { name: `500 × 100 letters and spaces, saved before the bound`, alphabet: `${LETTERS}     `, count: 500, length: 100, saved: true },
];

/** A comment of the longest length allowed that holds none of the words: the search reads all of it. */
const BODY = "The quick brown fox, it said, jumps over the lazy dog: ".repeat(200).slice(0, LIMITS.commentBodyChars);

async function startWorkerd(dir, port) {
  const { build } = await import("esbuild");
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    alias: WORKER_ALIAS,
    outfile: join(dir, "worker.mjs"),
    logLevel: "error",
  });
  await writeFile(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = ( modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ], compatibilityDate = "2025-09-01" );
`,
  );
  const child = spawn(join(ROOT, "node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp")], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`, { method: "HEAD" }).then(() => true, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("workerd did not start in 10 s");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs every scenario `runs` times, each in a fresh workerd; returns the median times per scenario. */
export async function measureBlockedWords(runs = 9) {
  const dir = await mkdtemp(join(tmpdir(), "parley-words-"));
  try {
    const rows = [];
    const { foldedLength } = await importWorkerModule("worker/services/blocked-words.ts");
    /** Drops words from the end of a new list until it fits the bound, as an owner would have to. */
    const fitting = (list, saved) => {
      while (!saved && foldedLength(list) > LIMITS.blockedWordsChars) list = list.slice(0, -1);
      return list;
    };
    for (const scenario of SCENARIOS) {
      const next = random(42);
      const list = fitting(words(next, scenario.alphabet, scenario.count, scenario.length), scenario.saved);
      const other = fitting(words(next, scenario.alphabet, scenario.count, scenario.length), scenario.saved);
      const results = [];
      for (let run = 0; run < runs; run++) {
        const port = await freePort();
        const child = await startWorkerd(dir, port);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: JSON.stringify({ words: list, other, body: BODY }) });
          results.push(await response.json());
        } finally {
          child.kill();
        }
      }
      const row = { scenario: `${scenario.name}: ${list.length} words, ${foldedLength(list).toLocaleString("en")} characters`, status: results[0].first.status };
      for (const key of ["first", "again", "rebuilt"]) {
        const times = results.map((r) => r[key].ms);
        row[key] = { median: median(times), least: Math.min(...times) };
      }
      rows.push(row);
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureBlockedWords(Number(process.argv[2] ?? 9));
  console.log("| blocked words | first comment in a fresh isolate | next comment | another list, same isolate |");
  console.log("|---|---|---|---|");
  const cell = (t) => `${t.median} ms (${t.least})`;
  for (const r of rows) console.log(`| ${r.scenario} | ${cell(r.first)} | ${cell(r.again)} | ${cell(r.rebuilt)} |`);
}
