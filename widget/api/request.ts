// The one fetch wrapper every endpoint goes through: JSON in, JSON out, and a typed error carrying the API's `code`.
import type { ErrorBody, ErrorCode, ErrorDetail } from "../../worker/contract/errors";

/** Codes the API sends, plus the two the client makes up when there is no API answer to read. */
export type ApiErrorCode = ErrorCode | "NETWORK_ERROR" | "BAD_RESPONSE";

/** A failed request. The widget branches on `code`, never on `message` (the API's English explanation). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    readonly details: ErrorDetail[] = [],
    /** Seconds to wait: the error's `retryAfterSeconds` detail, else the `Retry-After` header. */
    readonly retryAfter?: number,
    message: string = code,
    /** The whole answer, for the fields some errors carry next to `error` (the comment as it is now on COMMENT_CHANGED). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** Where the widget script was loaded from: its own worker, unless an element's `api` attribute says otherwise. */
export const defaultApi = new URL(import.meta.url).origin;

/** `{api}/api/v1/sites/{site}`; `api` is an origin such as `https://comments.example.com`. */
export const siteUrl = (api: string | undefined, site: string) => `${api || defaultApi}/api/v1/sites/${encodeURIComponent(site)}`;

/** Fetches JSON (null for a 204); throws ApiError on any failure (an aborted request too: its caller knows to ignore it). */
export async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError("NETWORK_ERROR", 0);
  }
  const data = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  // 204 (a delete) has no body to read.
  if (res.ok && (data || res.status == 204)) return data!;
  throw apiError(res.status, data, res.headers.get("retry-after"));
}

/** The ApiError for an answer with `status` and body `data` that is not a success. */
export function apiError(status: number, data: Partial<ErrorBody> | null, retryAfter?: string | null) {
  const err = data?.error;
  return new ApiError(
    err?.code ?? "BAD_RESPONSE",
    status,
    err?.details,
    err?.details?.find((d) => d.retryAfterSeconds)?.retryAfterSeconds ?? (Number(retryAfter) || undefined),
    err?.message,
    data,
  );
}

/**
 * Where widget.js keeps, on an element, a refusal of its first request for it: [site, key, the answer]. One that
 * the element's own request would get too (an origin the site does not allow, an unknown site or article) is
 * shown rather than asked again (see LoadController).
 */
export const REFUSED = Symbol.for("parley:refused");
export type Refusal = [site: string, key: string, answer: Response];
