// The CLI's HTTP client: every command talks to the worker only through the public HTTP API.

/** The API refused a request: its stable code and message are what the user sees (exit code 1). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: { field: string; message: string }[];

  constructor(status: number, code: string, message: string, details: { field: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface ApiOptions {
  url: string;
  token?: string;
}

export interface Api {
  readonly base: string;
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  send<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T>;
  /** `send`, with the answer's status too: where it tells things apart, such as 201 (added) from 200 (already there). */
  sendWithStatus<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A text document outside /api/v1 (such as `/embed/…`), by its path on the worker. */
  text(path: string, query?: Record<string, string | number | undefined>): Promise<string>;
}

/** How many times a request is sent again while the worker is busy, failing or unreachable (0.5 s, 1 s, 2 s, 4 s apart). */
const RETRIES = 4;

/** Whether a refusal may pass if the same request is sent again: the worker was busy (429), failed (5xx) or was not reached. */
const isRetriable = (err: unknown) => err instanceof ApiError && (err.status === 0 || err.status === 429 || err.status >= 500);

/** Runs `request` again while it fails retriably, up to RETRIES more times; only for requests that are safe to repeat. */
export async function retryBusy<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      if (!isRetriable(err) || attempt >= RETRIES) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

/** The same API with every request sent through retryBusy: for a run of requests that are each safe to repeat. */
export function retrying(api: Api): Api {
  return {
    base: api.base,
    get: (path, query) => retryBusy(() => api.get(path, query)),
    send: (method, path, body) => retryBusy(() => api.send(method, path, body)),
    sendWithStatus: (method, path, body) => retryBusy(() => api.sendWithStatus(method, path, body)),
    text: (path, query) => retryBusy(() => api.text(path, query)),
  };
}

const seg = encodeURIComponent;

/** Builds paths with every segment percent-encoded, so thread keys holding `/` stay one segment. */
export const paths = {
  site: (site: string) => `/sites/${seg(site)}`,
  articles: (site: string, slug?: string) => `/sites/${seg(site)}/articles${slug === undefined ? "" : `/${seg(slug)}`}`,
  moderation: (site: string) => `/sites/${seg(site)}/moderation`,
  thread: (site: string, key: string) => `/sites/${seg(site)}/threads/${seg(key)}`,
  bans: (site: string, id?: string) => `/sites/${seg(site)}/bans${id === undefined ? "" : `/${seg(id)}`}`,
};

/** The most items listAll gathers: 10,000 pages of 100 (a listing's --limit goes no higher). */
export const MAX_LISTED = 1_000_000;

/**
 * Every item of a paged list (an answer `{[key]: items, nextCursor}`) at `path`, or the first `max`: 100 per
 * request, and at most 10,000 requests. Also returns the last page, for what it carries beside the items.
 */
export async function listAll<T>(
  api: Api,
  path: string,
  key: string,
  options: { max?: number; query?: Record<string, string | number | undefined> } = {},
): Promise<{ items: T[]; last: Record<string, unknown> | null }> {
  const { max = Infinity, query = {} } = options;
  const items: T[] = [];
  let last: Record<string, unknown> | null = null;
  let cursor: string | undefined;
  for (let i = 0; i < MAX_LISTED / 100 && items.length < max; i++) {
    last = await api.get<Record<string, unknown>>(path, { ...query, limit: Math.min(100, max - items.length), cursor });
    items.push(...(last[key] as T[]));
    if (!last.nextCursor) break;
    cursor = last.nextCursor as string;
  }
  return { items, last };
}

export function createApi(options: ApiOptions): Api {
  // The worker's address, also when given as the API's base (…/api/v1), as the README's Quick start shows it.
  const origin = options.url.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  const base = `${origin}/api/v1`;
  /** Sends one request to `url`; a refusal becomes an ApiError with the API's code. */
  async function fetchText(method: string, url: string, body?: unknown): Promise<{ res: Response; text: string }> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ApiError(0, "UNREACHABLE", `Cannot reach ${origin} (${(err as Error).cause ?? (err as Error).message}). Is the worker running? Set PARLEY_URL or --url.`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      // The connection dropped after the status line (a proxy or the network cut the answer short): the request
      // may or may not have been carried out, as when no answer came at all, and it is retried the same way.
      throw new ApiError(0, "UNREACHABLE", `Lost the connection to ${origin} while reading its answer (${(err as Error).cause ?? (err as Error).message}).`);
    }
    if (!res.ok) throw refusal(method, url, res, text);
    return { res, text };
  }
  /**
   * The API's refusal of `method url`. An answer that is not the API's error shape ({error: {code, message}}) does
   * not come from a Parley worker: a 4xx is NOT_PARLEY, naming the address and status, never the page it sent; a
   * busy (429) or failing (5xx) answer stays HTTP_<status>, as a platform in front of the worker sends it (retried).
   */
  function refusal(method: string, url: string, res: Response, text: string): ApiError {
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: { field: string; message: string }[] } } | null)?.error;
    if (typeof error?.code === "string" && typeof error.message === "string") {
      return new ApiError(res.status, error.code, error.message, Array.isArray(error.details) ? error.details : []);
    }
    if (res.status === 429 || res.status >= 500) return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 200) || res.statusText);
    const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
    return new ApiError(
      res.status,
      "NOT_PARLEY",
      `${origin} answered ${method} ${url.slice(origin.length)} with ${status}, not the API's JSON: is it a Parley worker? Set PARLEY_URL or --url to the worker's address.`,
    );
  }
  const withQuery = (path: string, query?: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  async function request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const { res, text } = await fetchText(method, `${base}${path}`, body);
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = undefined;
    }
    // Every answer of the API but a 204 is JSON: anything else comes from a server that is not a Parley worker.
    if (parsed === undefined || (parsed === null && res.status !== 204)) {
      throw new ApiError(
        res.status,
        "NOT_PARLEY",
        `${origin} answered ${method} /api/v1${path} with ${text ? "something other than JSON" : "nothing"}: is it a Parley worker? Set PARLEY_URL or --url to the worker's address.`,
      );
    }
    return { status: res.status, body: parsed as T };
  }
  return {
    base,
    async get(path, query) {
      return (await request<never>("GET", withQuery(path, query))).body;
    },
    async send(method, path, body) {
      return (await request<never>(method, path, body)).body;
    },
    sendWithStatus(method, path, body) {
      return request(method, path, body);
    },
    async text(path, query) {
      return (await fetchText("GET", `${origin}${withQuery(path, query)}`)).text;
    },
  };
}

/** Walks a cursor-paginated list to its end (bounded: at most `maxPages` pages). */
export async function* pages<T>(fetchPage: (cursor?: string) => Promise<{ nextCursor: string | null } & T>, maxPages = 1_000_000) {
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    yield page;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
