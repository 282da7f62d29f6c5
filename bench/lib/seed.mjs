// Seeds the benchmark site through the worker's public HTTP API: a site, an article, a 100-comment thread with
// replies on the article's slug, 50 small threads for the counts request, and the newest comment of the
// 10,000-comment thread, whose other 9,999 rows seed-sql.mjs writes straight into D1 (see there for why).
import { readFileSync } from "node:fs";
import { createApi, paths, pool } from "./http.mjs";

export const SITE = "bench";
export const SLUG = "measuring-a-comments-widget";
export const BIG_THREAD = "bench-10k";
export const POST_THREAD = "bench-posts";
export const COUNT_THREADS = Array.from({ length: 50 }, (_, i) => `count-${String(i).padStart(2, "0")}`);

const SMALL = { roots: 70, replies: 20, nested: 10 };
export const BIG_COMMENTS = 10_000;
/** Requests in flight while seeding: the worker is posted to as fast as it answers, with no waits. */
export const SEED_CONCURRENCY = 20;

/**
 * Reader `n`'s address, sent as CF-Connecting-IP (wrangler dev passes the header through). Comments come from
 * many readers, as on a real thread, so the per-reader duplicate check sees a reader's few comments, not all
 * of the benchmark's. 198.18.0.0/15 is the range reserved for benchmarks (RFC 2544); nothing connects to it.
 */
export const readerIp = (n) => {
  const k = n % 131_072;
  return `198.${18 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}`;
};

const PHRASES = [
  "This matches what I saw when I tried it on my own blog.",
  "Could you say more about how the **count** stays right after a deletion?",
  "I disagree with the second point, but the measurements are useful.",
  "Bookmarked. The part about indexes is the one most people skip.",
  "We moved our comments off a hosted service for exactly these reasons.",
  "Has anyone measured this on a slow phone? The *first paint* matters most there.",
  "Short and to the point, thanks.",
  "The quote in the middle sums it up: cost should not grow with the thread.",
];

/** A comment body unique to `n`, one to three sentences with a little markdown (none when `plain`). */
export function commentBody(n, tag = "comment", plain = false) {
  const text = `${tag[0].toUpperCase()}${tag.slice(1)} ${n}: ${PHRASES[n % PHRASES.length]}${n % 3 === 0 ? ` ${PHRASES[(n + 3) % PHRASES.length]}` : ""}`;
  return plain ? text.replace(/\*/g, "") : text;
}

/** The POST body of a reader's comment. */
export const commentInput = (n, tag, parentId, plain = false) => ({
  body: commentBody(n, tag, plain),
  authorName: `Reader ${n % 997}`,
  ...(parentId ? { parentId } : {}),
});

/** Posts one comment as reader `n`; returns the new comment as the API answers it. */
async function post(workerUrl, thread, n, tag, parentId, plain = false) {
  const res = await fetch(`${workerUrl}/api/v1${paths.thread(SITE, thread)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": readerIp(n) },
    body: JSON.stringify(commentInput(n, tag, parentId, plain)),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`seeding ${thread}: POST answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text).comment;
}

/** Reads bench/article.md: the first `# ` line is the title, the rest the markdown body. */
function readArticle(file) {
  const text = readFileSync(file, "utf8");
  const [first, ...rest] = text.split("\n");
  return { title: first.replace(/^#\s+/, "").trim(), body: rest.join("\n").trim() };
}

/**
 * Creates the site (allowing `origins`) and seeds everything but the 9,999 older comments of the big thread.
 * Returns the owner token, what was seeded, how long each part took, and the big thread's one comment (the
 * template for the rows written in SQL).
 */
export async function seedOverHttp({ workerUrl, adminToken, origins, articleFile, log = () => {} }) {
  const api = createApi(workerUrl);
  const timings = {};
  const timed = async (name, fn) => {
    const start = performance.now();
    const result = await fn();
    timings[name] = Math.round(performance.now() - start);
    log(`  seeded ${name} in ${(timings[name] / 1000).toFixed(1)} s`);
    return result;
  };

  const { data: created } = await api.call("/sites", {
    token: adminToken,
    expect: 201,
    body: {
      id: SITE,
      name: "Parley benchmark",
      origins,
      minFillSeconds: 0,
      rateLimits: { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 },
    },
  });
  const ownerToken = created.ownerToken;

  const article = readArticle(articleFile);
  await api.call(paths.article(SITE, SLUG), {
    method: "PUT",
    token: ownerToken,
    body: { ...article, author: "Parley benchmark", publishedAt: "2026-11-01T09:00:00Z" },
  });

  // The article's thread: top-level comments, replies to some of them, and replies to some of those replies.
  let reader = 0;
  await timed(`the article's thread (${SMALL.roots + SMALL.replies + SMALL.nested} comments, HTTP)`, async () => {
    const roots = await pool(SMALL.roots, SEED_CONCURRENCY, () => post(workerUrl, SLUG, reader++, "comment"));
    const replies = await pool(SMALL.replies, SEED_CONCURRENCY, (i) =>
      post(workerUrl, SLUG, reader++, "reply", roots[(i * 7) % roots.length].id),
    );
    await pool(SMALL.nested, SEED_CONCURRENCY, (i) => post(workerUrl, SLUG, reader++, "reply", replies[i * 2].id));
  });

  await timed(`${COUNT_THREADS.length} threads for the counts request (HTTP)`, () => {
    const jobs = COUNT_THREADS.flatMap((thread, t) => Array.from({ length: (t % 3) + 1 }, () => thread));
    return pool(jobs.length, SEED_CONCURRENCY, (i) => post(workerUrl, jobs[i], reader + i, "comment"));
  });

  // The big thread's newest comment, posted for real: its row is the template for the other 9,999.
  const template = await post(workerUrl, BIG_THREAD, BIG_COMMENTS - 1, "comment", undefined, true);

  return {
    ownerToken,
    timings,
    template,
    seeded: {
      site: SITE,
      articleThread: { key: SLUG, comments: SMALL.roots + SMALL.replies + SMALL.nested, topLevel: SMALL.roots, replies: SMALL.replies + SMALL.nested },
      bigThread: { key: BIG_THREAD, comments: BIG_COMMENTS },
      countThreads: COUNT_THREADS.length,
      postThread: POST_THREAD,
    },
  };
}

/** Checks the seeded counts through the API. */
export async function checkSeed(workerUrl) {
  const expected = { [SLUG]: SMALL.roots + SMALL.replies + SMALL.nested, [BIG_THREAD]: BIG_COMMENTS };
  const { data } = await createApi(workerUrl).call(paths.counts(SITE, Object.keys(expected)));
  for (const [thread, n] of Object.entries(expected)) {
    if (data.counts[thread] !== n) throw new Error(`seeding: thread ${thread} counts ${data.counts[thread]}, expected ${n}`);
  }
}
