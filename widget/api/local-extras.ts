// What the reader's browser remembers beyond the first paint: edit tokens and the text they wrote, their random
// reader key and the comments they upvoted, and unsent drafts. Only the thread's lazy chunk uses it.
import { LIMITS } from "../../worker/contract/limits";
import { listAt, ownClaims, ownKey, store, type OwnClaim } from "./local";

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
  const claim = { id, token: entry.token };
  for (const [key, list, kept] of [
    [ownKey(site, thread), ownClaims(site, thread), LIMITS.ownCommentsPerRequest],
    [postedKey(site), postedOn(site), POSTED_KEPT],
  ] as const)
    store(key, JSON.stringify([...list.filter((c) => c.id != id), claim].slice(-kept)));
}

/** The newest comments of the reader's, in any thread of a site, that a post names as proof of who they are. */
const POSTED_KEPT = 5;
const postedKey = (site: string) => `parley:posted:${site}`;

/**
 * The reader's last comments on `site` in any thread, and those in `thread`: a post claims them (`X-Parley-Own`),
 * so that a site holding first comments knows a returning reader on another network by a published one.
 */
export function postClaims(site: string, thread: string): OwnClaim[] {
  const claims = [...postedOn(site), ...ownClaims(site, thread)];
  return claims.filter((c, i) => claims.findIndex((d) => d.id == c.id) == i).slice(-10);
}

const postedOn = (site: string) => listAt<OwnClaim>(postedKey(site));

const proofKey = (site: string) => `parley:notify-proof:${site}`;

/**
 * The last three comments this browser posted on `site` asking for reply e-mails, newest first, with their edit
 * tokens: a post asking again sends them, so that the API starts reply e-mails at once for the reader who confirmed
 * the address (and only by e-mail for anyone who merely types it).
 */
export const notifyProofs = (site: string) => listAt<{ id: string; editToken: string }>(proofKey(site)).slice(0, 3);

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
export const votedOn = (site: string) => new Set(listAt<string>(votesKey(site)));

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
