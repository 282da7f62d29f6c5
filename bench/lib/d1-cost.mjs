// D1 rows read and written by each request type, from the worker's X-D1-Rows-Read / X-D1-Rows-Written headers:
// once "cold" (the first request after a write to the thread it shows) and once "warm" (the same request again).
import { createApi, d1Rows, paths, WIDGET_PAGE_QUERY } from "./http.mjs";
import { BIG_THREAD, COUNT_THREADS, SITE, SLUG, commentInput, readerIp } from "./seed.mjs";

/** Comments in a thread page, replies included: the rows a page shows. */
function shownRows(page) {
  const count = (list) => list.reduce((n, c) => n + 1 + count(c.replies), 0);
  return count(page.comments);
}

/**
 * Writes to a thread without changing what it shows: posts a comment, then the reader deletes it with its edit
 * token (a comment without replies leaves nothing behind). Both are writes the worker must notice.
 */
async function touchThread(workerUrl, thread, n) {
  const res = await fetch(`${workerUrl}/api/v1${paths.thread(SITE, thread)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": readerIp(n) },
    body: JSON.stringify(commentInput(n, "d1 probe")),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201) throw new Error(`D1 probe: POST to ${thread} answered ${res.status}: ${await res.text()}`);
  const { comment, editToken } = await res.json();
  const del = await fetch(`${workerUrl}/api/v1${paths.comment(SITE, comment.id)}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${editToken}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (del.status !== 204) throw new Error(`D1 probe: DELETE in ${thread} answered ${del.status}: ${await del.text()}`);
}

/** Measures every request type; `headers: false` in the result means the worker sent no D1 headers. */
export async function measureD1(workerUrl, { postThread }) {
  const api = createApi(workerUrl);
  let reader = 20_000; // reader numbers apart from the seed's (0 … 10,200) and the load test's
  const cases = [
    { key: "health", label: "GET /health", path: "/health" },
    { key: "article", label: "GET article", path: paths.article(SITE, SLUG), thread: SLUG },
    { key: "thread100", label: "GET thread (100), first page", path: paths.thread(SITE, SLUG, WIDGET_PAGE_QUERY), thread: SLUG, page: true },
    {
      key: "thread10k",
      label: "GET thread (10k), first page",
      path: paths.thread(SITE, BIG_THREAD, WIDGET_PAGE_QUERY),
      thread: BIG_THREAD,
      page: true,
    },
    // The 10k thread's second page, through the first page's cursor, right after the first page: a reader
    // pressing "Load more".
    {
      key: "thread10kLater",
      label: "GET thread (10k), second page",
      path: () => paths.thread(SITE, BIG_THREAD, `${WIDGET_PAGE_QUERY}&cursor=${encodeURIComponent(out.thread10k.nextCursor)}`),
      before: () => api.call(paths.thread(SITE, BIG_THREAD, WIDGET_PAGE_QUERY)),
      thread: BIG_THREAD,
      page: true,
    },
    { key: "counts50", label: `GET counts (${COUNT_THREADS.length} threads)`, path: paths.counts(SITE, COUNT_THREADS), thread: COUNT_THREADS[0], threads: COUNT_THREADS.length },
  ];

  const out = {};
  let sawHeaders = false;
  for (const c of cases) {
    if (c.thread) await touchThread(workerUrl, c.thread, reader++);
    if (c.before) await c.before();
    const path = typeof c.path === "function" ? c.path() : c.path;
    const cold = await api.call(path);
    const warm = await api.call(path);
    sawHeaders ||= cold.rows !== null;
    out[c.key] = {
      label: c.label,
      cold: cold.rows,
      warm: warm.rows,
      ...(c.page ? { pageRows: shownRows(cold.data), nextCursor: cold.data.nextCursor } : {}),
      ...(c.threads ? { threads: c.threads } : {}),
    };
  }

  // A POST has no warm state of its own: the first comment of a new thread, then a second one.
  const postOnce = () =>
    fetch(`${workerUrl}/api/v1${paths.thread(SITE, postThread)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": readerIp(reader) },
      body: JSON.stringify(commentInput(reader++, "d1 post")),
      signal: AbortSignal.timeout(30_000),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`D1 probe: POST answered ${res.status}: ${await res.text()}`);
      return d1Rows(res.headers);
    });
  const firstPost = await postOnce();
  const secondPost = await postOnce();
  out.post = { label: "POST comment", cold: firstPost, warm: secondPost, note: "cold: first comment of a new thread; warm: the next one" };

  return { headers: sawHeaders, requests: out };
}
