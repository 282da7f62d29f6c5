// What the reader's browser remembers for Parley: their name, and the comments they wrote with the tokens that
// prove it. Local storage may throw (privacy modes, sandboxed frames), so remembering is only ever a convenience.
import { LIMITS } from "../../worker/contract/limits";

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

/** A comment's edit token with the text the reader wrote (the API never hands the source back to readers). */
export interface EditEntry {
  token: string;
  body?: string;
}

const ownKey = (site: string, thread: string) => `parley:own:${site}:${thread}`;
const editKey = (site: string, id: string) => `parley:edit:${site}:${id}`;

/** The reader's comments in one thread, oldest first; [] when there are none or storage is unreadable. */
export function ownClaims(site: string, thread: string): OwnClaim[] {
  try {
    const list: unknown = JSON.parse(store(ownKey(site, thread)) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The edit token (and source) kept for a comment. Earlier widget versions stored the bare token. */
export function editEntry(site: string, id: string): EditEntry | undefined {
  const value = store(editKey(site, id));
  try {
    return value ? (value[0] == "{" ? JSON.parse(value) : { token: value }) : undefined;
  } catch {}
}

/** Remembers a comment the reader wrote or edited, keeping the newest ones the API will look at. */
export function rememberOwn(site: string, thread: string, id: string, entry: EditEntry) {
  store(editKey(site, id), JSON.stringify(entry));
  const own = ownClaims(site, thread).filter((c) => c.id != id);
  store(ownKey(site, thread), JSON.stringify([...own, { id, token: entry.token }].slice(-LIMITS.ownCommentsPerRequest)));
}
