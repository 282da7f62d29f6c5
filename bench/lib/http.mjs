// The benchmark's HTTP client for the worker's API (from node, without Origin, like curl), and a bounded
// concurrency pool for seeding.

/** A client for one worker: `call()` returns status, parsed JSON and the D1 cost headers. */
export function createApi(workerUrl) {
  const base = `${workerUrl}/api/v1`;
  return {
    base,
    /**
     * Calls the API; throws unless the status is `expect` (default: any 2xx).
     * `rows` holds X-D1-Rows-Read / X-D1-Rows-Written as numbers, or null when the worker does not send them.
     */
    async call(path, { method, token, body, expect } = {}) {
      const headers = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const verb = method ?? (body === undefined ? "GET" : "POST");
      const res = await fetch(`${base}${path}`, {
        method: verb,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let data = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = text;
      }
      const ok = expect === undefined ? res.ok : res.status === expect;
      if (!ok) throw new Error(`${verb} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
      return { status: res.status, data, rows: d1Rows(res.headers) };
    },
  };
}

/**
 * The D1 cost headers of a response as numbers, or null when the worker sends none. `queries` comes from an
 * optional X-D1-Queries header (statements run), which the worker may add; null without it.
 */
export function d1Rows(headers) {
  const read = headers.get("x-d1-rows-read");
  const written = headers.get("x-d1-rows-written");
  const queries = headers.get("x-d1-queries");
  if (read === null && written === null) return null;
  return {
    read: read === null ? null : Number(read),
    written: written === null ? null : Number(written),
    queries: queries === null ? null : Number(queries),
  };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the results in order. */
export async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** Site, thread and comment paths. */
export const paths = {
  site: (site) => `/sites/${encodeURIComponent(site)}`,
  article: (site, slug) => `/sites/${encodeURIComponent(site)}/articles/${encodeURIComponent(slug)}`,
  thread: (site, thread, query = "") =>
    `/sites/${encodeURIComponent(site)}/threads/${encodeURIComponent(thread)}/comments${query ? `?${query}` : ""}`,
  comment: (site, id) => `/sites/${encodeURIComponent(site)}/comments/${encodeURIComponent(id)}`,
  counts: (site, threads) => `/sites/${encodeURIComponent(site)}/counts?threads=${threads.map(encodeURIComponent).join(",")}`,
};

/** The first page as the widget asks for it (widget/api/comments.ts: oldest first, 20 top-level comments). */
export const WIDGET_PAGE_QUERY = "sort=oldest&limit=20";
