// What the reader's browser remembers for Parley that the first paint needs: the comments they wrote (to see
// their own ones awaiting moderation) and how they like a site's threads sorted. Local storage may throw (privacy
// modes, sandboxed frames), so remembering is only ever a convenience. The rest is in local-extras.ts.
import type { ThreadPage } from "../../worker/contract/types";

/** The orders a thread can be shown in. */
export type Sort = ThreadPage["sort"];

/** Reads `key`, or with `value` writes it. Never throws. */
export function store(key: string, value?: string): string | null | undefined {
  try {
    if (value == null) return localStorage.getItem(key);
    localStorage.setItem(key, value);
  } catch {}
}

/** One of the reader's comments and its edit token: what the `X-Parley-Own` header sends. */
export interface OwnClaim {
  id: string;
  token: string;
}

export const ownKey = (site: string, thread: string) => `parley:own:${site}:${thread}`;

/** The list stored at `key`; [] when there is none or storage is unreadable. Never throws. */
export function listAt<T>(key: string): T[] {
  try {
    const list: unknown = JSON.parse(store(key) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The `X-Parley-Own` header naming `claims`, or none (the header costs a CORS preflight on a read). */
export const ownHeader = (claims: OwnClaim[]): Record<string, string> =>
  claims.length ? { "x-parley-own": claims.map((c) => `${c.id}:${c.token}`).join() } : {};

/** The reader's comments in one thread, oldest first. */
export const ownClaims = (site: string, thread: string) => listAt<OwnClaim>(ownKey(site, thread));

/** The order the reader last chose on this site, or with `sort` remembers it; "oldest" at first. */
export function sortOf(site: string, sort?: Sort): Sort {
  const key = `parley:sort:${site}`;
  const s = sort ?? store(key);
  if (sort) store(key, sort);
  return s == "newest" || s == "top" ? s : "oldest";
}
