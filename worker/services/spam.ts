// Spam and abuse rules for posts and edits: honeypot, rate limits, duplicates, and the holds that decide
// whether a comment is published, held for moderation or filtered as spam. All enforced here, in the worker.
import type { CommentStatus } from "../contract/types";
import type { Doc, DocBlock, DocInline } from "../contract/doc";
import { AppError } from "../lib/errors";
import type { Fingerprint } from "../storage/bans";
import type { RateCheck } from "../storage/rate-limits";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";
import { foldForMatching } from "./fold";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Bots fill every field; people never see this one. */
export function checkHoneypot(value: string | undefined): void {
  if (value !== undefined && value.trim() !== "") {
    throw new AppError("SPAM_DETECTED", "This comment looks automated and was not accepted.");
  }
}

/**
 * The per-minute limits a post counts against: the reader's (keyed IP hash), the thread's and the site's;
 * 0 turns one off. The thread and site limits cap floods that come from many IP addresses.
 */
export function rateChecks(site: SiteRecord, thread: string, ipHash: string | null): RateCheck[] {
  const { readerPerMinute, threadPerMinute, sitePerMinute } = site.settings.rateLimits;
  return [
    { key: ipHash ? `r:${ipHash}` : null, limit: readerPerMinute },
    { key: `t:${thread}`, limit: threadPerMinute },
    { key: "s", limit: sitePerMinute },
  ].filter((c): c is RateCheck => c.key !== null && c.limit > 0);
}

/** The current one-minute window. */
export const rateWindow = (now: number) => Math.floor(now / MINUTE_MS);

/** Throws RATE_LIMITED when a counter is past its limit; the wait travels in the details (and Retry-After). */
export function checkRateCounts(checks: RateCheck[], counts: number[], now: number): void {
  if (checks.some((c, i) => counts[i] > c.limit)) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((rateWindow(now) + 1) * MINUTE_MS - now) / 1000));
    throw new AppError("RATE_LIMITED", `Too many comments right now. Try again in ${retryAfterSeconds} seconds.`, [
      { field: "retryAfterSeconds", message: "Seconds to wait before posting again.", retryAfterSeconds },
    ]);
  }
}

/** The same text from the same reader within a day is a duplicate. */
export async function checkDuplicate(deps: ServiceDeps, site: SiteRecord, who: Fingerprint, body: string): Promise<void> {
  if (await deps.stores.comments.hasRecentDuplicate(site.id, who, body, deps.now() - DAY_MS)) {
    throw new AppError("DUPLICATE_COMMENT", "You already posted this comment.");
  }
}

function countLinks(doc: Doc, source: string): number {
  let links = 0;
  const inline = (nodes: DocInline[]) => {
    for (const n of nodes) {
      if (n.t === "a") links += 1;
      if ("c" in n) inline(n.c);
    }
  };
  const block = (nodes: DocBlock[]) => {
    for (const n of nodes) {
      if (n.t === "p" || n.t === "h") inline(n.c);
      else if (n.t === "quote") block(n.c);
      else if (n.t === "ul" || n.t === "ol") n.items.forEach(block);
    }
  };
  block(doc);
  // Bare URLs stay text in the tree but still advertise; count whichever is higher.
  const bare = source.match(/\bhttps?:\/\/[^\s<>()]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}/gi)?.length ?? 0;
  return Math.max(links, bare);
}

function findBlockedWord(site: SiteRecord, texts: string[]): string | null {
  const haystack = foldForMatching(texts.join("\n"));
  for (const word of site.settings.blockedWords) {
    const needle = foldForMatching(word);
    if (!needle) continue;
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(haystack)) return word;
  }
  return null;
}

export interface Verdict {
  status: CommentStatus;
  shadow: boolean;
  reason: string | null;
}

/** Decides where a new or edited comment goes; `firstComment` is false for edits. */
export async function judge(
  deps: ServiceDeps,
  site: SiteRecord,
  c: { body: string; tree: Doc; authorName: string; who: Fingerprint; shadowBanned: boolean; isEdit: boolean },
): Promise<Verdict> {
  const verdict = await judgeContent(deps, site, c);
  // A shadow ban files the comment as spam, remembering what it would have been so its author sees that.
  if (c.shadowBanned) return { status: "spam", shadow: true, reason: verdict.status === "pending" ? `shadow-ban (${verdict.reason})` : "shadow-ban" };
  return verdict;
}

async function judgeContent(
  deps: ServiceDeps,
  site: SiteRecord,
  c: { body: string; tree: Doc; authorName: string; who: Fingerprint; isEdit: boolean },
): Promise<Verdict> {
  const { settings } = site;
  if (findBlockedWord(site, [c.body, c.authorName])) {
    return settings.blockedWordsAction === "spam"
      ? { status: "spam", shadow: false, reason: "blocked-word" }
      : { status: "pending", shadow: false, reason: "blocked-word" };
  }
  if (countLinks(c.tree, c.body) > settings.maxLinks) return { status: "pending", shadow: false, reason: "links" };
  if (settings.moderation === "pre") return { status: "pending", shadow: false, reason: "pre-moderation" };
  if (!c.isEdit && settings.holdFirstComment && !(await deps.stores.comments.hasPublished(site.id, c.who))) {
    return { status: "pending", shadow: false, reason: "first-comment" };
  }
  return { status: "published", shadow: false, reason: null };
}
