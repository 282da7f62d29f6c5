// The dashboard's one call into the API: the widget's typed request (same ApiError and error codes) with the
// owner token as the bearer token. Every endpoint module builds on this.
import { ApiError, request, siteUrl } from "../../widget/api/request";

export { ApiError };

/** Who is signed in: a site id and its owner token (kept in sessionStorage only, see session.ts). */
export interface Session {
  site: string;
  token: string;
}

/**
 * Fired on `window` when the API refuses the session's token (401): it was rotated or revoked elsewhere, and the
 * dashboard signs out. `detail` is the API's message.
 */
export const UNAUTHORIZED_EVENT = "parley-admin-unauthorized";

/** `method path` under `/api/v1/sites/{site}`, with the owner token (and `more` headers); a body goes as JSON. */
export async function call<T>(s: Session, method: string, path: string, body?: unknown, more: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...more, authorization: `Bearer ${s.token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const text = body === undefined ? undefined : JSON.stringify(body);
  try {
    return await request<T>(`${siteUrl(undefined, s.site)}${path}`, {
      method,
      headers,
      body: text,
      // Actions still in their undo window are sent as the tab closes; keepalive lets them finish (small bodies only).
      keepalive: (text?.length ?? 0) < 60_000,
    });
  } catch (e) {
    if (e instanceof ApiError && e.status == 401) dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: e.message }));
    throw e;
  }
}

/** A query string from the given values, leaving out empty ones. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
