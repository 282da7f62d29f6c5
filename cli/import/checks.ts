// The checks each comment passes before it is sent (run.ts): a thread key the worker takes, a date (an odd one is
// repaired, not refused), an author the route takes, and a body that reads as markdown within the worker's length.
// One that fails is not sent.
import { DAY_MS } from "../../worker/contract/dates.ts";
import { cleanText } from "../../worker/contract/clean-text.ts";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits.ts";
import { LIMITS, charCount, headUnits } from "../../worker/contract/limits.ts";
import { UsageError } from "../context.ts";
import { htmlToMarkdown } from "./html.ts";
import type { SourceComment, Status } from "./types.ts";

/** The key the comments of the page `threadRef` go under (undefined: no such page), or why they cannot be sent. */
export function checkThreadKey(key: string | null | undefined, threadRef: string): { key: string } | { reason: string } {
  if (key && key.length <= LIMITS.threadKeyChars) return { key };
  if (key === undefined) return { reason: `unknown thread "${threadRef}"` };
  if (key === null) return { reason: "its page has no URL to make a thread key from" };
  return { reason: `its page's path has ${key.length} characters, more than the ${LIMITS.threadKeyChars} of a thread key; give the page a shorter key with --map` };
}

/** A zone in a date: `Z` after a time, an offset after a space or a time (not `-2021` in `03-06-2021`), or a name. */
const NAMES_ZONE = /\dZ\b|(\s|\d:\d\d)[+-]\d\d:?\d\d\b|\b(GMT|UTC|UT|[ECMP][SD]T)\b/i;

/**
 * A date as a file spells it, in milliseconds since 1970; NaN when it is not a date. One without a zone is taken as
 * UTC; unix times are seconds (10 digits at most) or milliseconds; a day not on the calendar (2024-02-30, which
 * Date.parse rolls over to March 1) is no date.
 */
export function readDateMs(raw: string): number {
  let text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(" ", "T")}Z`;
  if (/^\d{9,13}$/.test(text)) text = new Date(Number(text) * (text.length <= 10 ? 1000 : 1)).toISOString();
  // A date names its year: Date.parse also reads "0" as 2000, "-5" as 2001-05-01 and "Comment 3" as a March.
  if (!/(^|\D)\d{4}(\D|$)/.test(text)) return NaN;
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(text) ?? [];
  if (y && new Date(Date.UTC(+y, +m - 1, +d)).getUTCDate() !== +d) return NaN;
  const ms = Date.parse(text);
  // Date.parse reads a date in any other form without a zone ("Thu Jun 3 10:00:00 2021", "2021/06/03 10:00") in
  // this machine's zone: read it as UTC, as the ISO forms are, so that the result does not depend on where it runs.
  if (!NAMES_ZONE.test(text) && !/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) return ms - new Date(ms).getTimezoneOffset() * 60_000;
  return ms;
}

/** A date as the file spells it, to ISO 8601; null when it is not a date (readDateMs), or not a comment's. */
/** 1990-01-01: no comment on the web is older. */
const WEB_BEGAN_MS = Date.UTC(1990, 0, 1);

export function parseDate(raw: string | null): string | null {
  if (!raw) return null;
  const ms = readDateMs(raw);
  // Before 1990, or after tomorrow (the worker refuses those): no comment on the web was written then. 1970-01-01,
  // Unix's zero time, is what an export writes for a date it lost; a year 3000 would lead "newest" for ever.
  if (Number.isNaN(ms) || ms < WEB_BEGAN_MS || ms > Date.now() + DAY_MS) return null;
  return new Date(ms).toISOString();
}

/** The comment's date; an odd or missing one is the date page-dates.ts gave it (the time of the import without one). */
export function commentDate(c: SourceComment): { createdAt: string; repaired: boolean } {
  const parsed = parseDate(c.date);
  return parsed ? { createdAt: parsed, repaired: false } : { createdAt: c.repairedDate ?? new Date().toISOString(), repaired: true };
}

/**
 * A name as it is sent: one clean line of at most IMPORT_LIMITS.nameChars UTF-16 units, which the route takes (it keeps 80
 * characters of it, cut between whole characters). A longer one (a spam bot's of megabytes: isso bounds none) would
 * otherwise fail its comment or make a request the worker refuses whole, which would stop every run of the import at
 * the same place. Cut before it is cleaned, and after (NFC may lengthen it), never through an emoji.
 */
function nameSent(raw: string): string {
  return headUnits(cleanText(headUnits(raw, IMPORT_LIMITS.nameChars)).replace(/\s+/g, " "), IMPORT_LIMITS.nameChars).trim();
}

/** The author as the import route takes them: the name cut to what it takes, an e-mail longer than any address dropped. */
export function commentAuthor(c: SourceComment): { authorName: string; authorEmail: string | null } {
  return {
    authorName: nameSent(c.authorName),
    // Only ever hashed; one that long is no address, and the route would fail the comment for it.
    authorEmail: c.authorEmail !== null && c.authorEmail.length <= LIMITS.authorEmailChars ? c.authorEmail : null,
  };
}

/**
 * A comment without an id, named by what the file does hold so that the owner can find it: its author, date and
 * page (`url`, when the file gave the page one).
 */
export function commentWithoutId(c: SourceComment, url: string | undefined): string {
  const by = c.authorName.trim() ? `by “${c.authorName.slice(0, 80)}”` : "with no name";
  const date = c.date?.trim() ? `, dated ${c.date.trim().slice(0, 40)}` : "";
  const page = url || (c.threadRef ? `page ${c.threadRef}` : "no page");
  return `${c.source}: a comment ${by}${date} on ${page.slice(0, 200)}`;
}

/** The states a comment is sent in: the worker's (COMMENT_STATUSES in the contract's schemas). */
const STATUSES: readonly Status[] = ["published", "pending", "rejected", "spam", "deleted"];

/**
 * Why the comment's state cannot be sent, or null when it can: only a Parley export gives the state as written (the
 * other readers map theirs), and one edited by hand may give any text. A dry run fails it as the worker would.
 */
export function statusProblem(c: SourceComment): string | null {
  if (STATUSES.includes(c.status)) return null;
  return `its status ${JSON.stringify(String(c.status).slice(0, 40))} is none of ${STATUSES.join(", ")}`;
}

/**
 * The most HTML (UTF-16 units) read into markdown: 26 times what the body may be, well above what markup, attributes
 * and a dropped script add to 10,000 characters of text. Converting takes about 8 ms a KB and many times the text in
 * memory: a spam bot's 38 MB message took 160 s and 4.5 GB only to be failed for its length.
 */
export const MAX_BODY_HTML = 256 * 1024;

const tooLong = { reason: `body is longer than ${LIMITS.commentBodyChars.toLocaleString("en")} characters` };

/** The comment's body as markdown (its HTML's relative links resolved against `page`), or why it cannot be sent. */
export function commentBody(c: SourceComment, page?: string): { body: string } | { reason: string } {
  if (c.markdown === undefined && (c.html?.length ?? 0) > MAX_BODY_HTML) return tooLong;
  let body: string;
  try {
    body = c.markdown ?? htmlToMarkdown(c.html ?? "", page);
  } catch (err) {
    return { reason: `body could not be read as HTML: ${(err as Error).message}` };
  }
  if (charCount(body) > LIMITS.commentBodyChars) return tooLong;
  return { body };
}

/**
 * The thread keys to lock: a key is locked when every page of the file that goes into it is closed, so that a closed
 * copy of a live page (`?replytocom=5`, the old host's address) does not close the live one.
 */
export class ClosedPages {
  readonly locked = new Set<string>();
  private readonly open = new Set<string>();

  note(key: string, closed: boolean) {
    if (!closed) this.open.add(key);
    if (this.open.has(key)) this.locked.delete(key);
    else this.locked.add(key);
  }
}
