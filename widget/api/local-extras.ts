// What the reader's browser remembers beyond the first paint: edit tokens and the text they wrote, their random
// reader key and the comments they upvoted, and unsent drafts. Only the thread's lazy chunk uses it.
import { LIMITS } from "../../worker/contract/limits";
import { ownClaims, ownKey, store } from "./local";

/** A comment's edit token with the text the reader wrote (the API never hands the source back to readers). */
export interface EditEntry {
  token: string;
  body?: string;
}

const editKey = (site: string, id: string) => `parley:edit:${site}:${id}`;

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

const proofKey = (site: string) => `parley:notify-proof:${site}`;

/**
 * The last three comments this browser posted on `site` asking for reply e-mails, newest first, with their edit
 * tokens: a post asking again sends them, so that the API starts reply e-mails at once for the reader who confirmed
 * the address (and only by e-mail for anyone who merely types it).
 */
export function notifyProofs(site: string): { id: string; editToken: string }[] {
  try {
    const list: unknown = JSON.parse(store(proofKey(site)) || "[]");
    return Array.isArray(list) ? list.slice(0, 3) : [];
  } catch {
    return [];
  }
}

/** Remembers a comment posted asking for reply e-mails as the newest proof. */
export function rememberNotifyProof(site: string, id: string, editToken: string) {
  store(proofKey(site), JSON.stringify([{ id, editToken }, ...notifyProofs(site).filter((p) => p.id != id)].slice(0, 3)));
}

/** `n` random URL-safe characters; getRandomValues also works on plain-http pages, unlike crypto.randomUUID. */
export const randomKey = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[b & 63]).join("");

/**
 * This browser's reader key: 32 random characters made once and kept, so that the API counts one vote per
 * reader without an account. Where storage is blocked it lasts as long as the page.
 */
let sessionReader: string | undefined;
export function readerKey(): string {
  let key = store("parley:reader");
  if (!key || !/^[\w-]{24,64}$/.test(key)) store("parley:reader", (key = sessionReader ??= randomKey(32)));
  return key;
}

/** The most votes remembered per site; the oldest are forgotten first. */
const VOTES_KEPT = 1000;
const votesKey = (site: string) => `parley:votes:${site}`;

/** The ids of the comments this reader upvoted on a site. */
export function votedOn(site: string): Set<string> {
  try {
    const list: unknown = JSON.parse(store(votesKey(site)) || "[]");
    return new Set(Array.isArray(list) ? list : []);
  } catch {
    return new Set();
  }
}

/** Records that the reader's vote on `id` now stands (`up`) or was taken back. */
export function rememberVote(site: string, id: string, up: boolean) {
  const ids = [...votedOn(site)].filter((v) => v != id);
  if (up) ids.push(id);
  store(votesKey(site), JSON.stringify(ids.slice(-VOTES_KEPT)));
}

/** The new-comment form's unsent text, name and e-mail, per thread, for this tab only. */
export interface Draft {
  body: string;
  name: string;
  email?: string;
}

const draftKey = (site: string, thread: string) => `parley:draft:${site}:${thread}`;

/** Reads a thread's draft, or with `draft` keeps it (null forgets it). Never throws. */
export function draftOf(site: string, thread: string, draft?: Draft | null): Draft | undefined {
  try {
    const key = draftKey(site, thread);
    if (draft) sessionStorage.setItem(key, JSON.stringify(draft));
    else if (draft === null) sessionStorage.removeItem(key);
    else return JSON.parse(sessionStorage.getItem(key) || "null") ?? undefined;
  } catch {}
}
