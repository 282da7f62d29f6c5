// Spam and abuse rules for posts and edits: honeypot, rate limits, duplicates, and the holds that decide
// whether a comment is published, held for moderation or filtered as spam. All enforced here, in the worker.
import { DAY_MS } from "../contract/dates";
import type { CommentStatus } from "../contract/types";
import { someNode, type Doc, type DocBlock, type DocInline } from "../contract/doc";
import { AppError } from "../lib/errors";
import type { Fingerprint } from "../storage/bans";
import type { RateCheck } from "../storage/rate-limits";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";
import { matcherFor } from "./blocked-words";
import { blockedWordReason } from "./held-reason";

/** Bots fill every field; people never see this one. A filled one is answered like a success (see ./posting). */
export function isHoneypotFilled(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

/**
 * The per-minute limits a stored post counts against besides its reader's (see ./admission): the thread's
 * and the site's; 0 turns one off. They cap floods that come from many IP addresses, and count only
 * comments that get stored, so failed bot attempts from an IP pool cannot lock real readers out.
 */
export function floodChecks(site: SiteRecord, thread: string): RateCheck[] {
  const { threadPerMinute, sitePerMinute } = site.settings.rateLimits;
  return [
    { key: `t:${thread}`, limit: threadPerMinute },
    { key: "s", limit: sitePerMinute },
  ].filter((c) => c.limit > 0);
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
  // Bare URLs past the renderer's budget of URL tries stay text but still advertise; count whichever is higher.
  const bare = source.match(/\bhttps?:\/\/[^\s<>()]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}/gi)?.length ?? 0;
  return Math.max(links, bare);
}

/**
 * The text a comment shows, as readers read it: the runs of one paragraph joined as they are drawn, so that markup
 * inside a word (`**tr**oll`, `tr&#111;ll`, `[tro](…)ll`) neither splits it nor makes one of a part (`*troll*ing`
 * reads `trolling`); blocks, line breaks and image descriptions apart; then the addresses its links lead to, each
 * once and no more characters of them than `budget` (the markdown's length: a thousand links to one long address
 * defined once must not make a text a thousand times longer to search). One step per node of the tree, which the
 * renderer bounds.
 */
export function shownText(tree: Doc, budget: number): string {
  const out: string[] = [];
  const addresses = new Set<string>();
  someNode(tree, (n: DocBlock | DocInline) => {
    if (n.t == "text" || n.t == "code") out.push(n.v);
    else if (n.t == "img") out.push(`\n${n.alt}\n`);
    else if (n.t == "a") {
      if (!addresses.has(n.href) && (budget -= n.href.length + 1) >= 0) addresses.add(n.href);
    } else if (n.t != "em" && n.t != "strong" && n.t != "del") out.push("\n");
    if (n.t == "pre") out.push(n.v, "\n");
  });
  return `${out.join("")}\n${[...addresses].join("\n")}`;
}

/** The first blocked word (as the owner typed it) found as a whole word in one of the texts, or null. */
function findBlockedWord(site: SiteRecord, texts: string[]): string | null {
  const matcher = matcherFor(site.settings.blockedWords);
  if (!matcher) return null;
  for (const text of texts) {
    const hit = matcher.find(text);
    if (hit !== null) return hit;
  }
  return null;
}

export interface Verdict {
  status: CommentStatus;
  shadow: boolean;
  reason: string | null;
}

/** What decides a comment's status besides its text; `trusted` is asked only when a first-comment hold applies. */
export interface Judged {
  body: string;
  tree: Doc;
  authorName: string;
  shadowBanned: boolean;
  isEdit: boolean;
  /** Whether the poster proved an earlier published comment (edit token or keyed-IP history), never an e-mail. */
  trusted: () => Promise<boolean>;
}

/** Decides where a new or edited comment goes; first-comment holds apply to new comments only. */
export async function judge(site: SiteRecord, c: Judged): Promise<Verdict> {
  const verdict = await judgeContent(site, c);
  // A shadow ban files the comment as spam, remembering what it would have been so its author sees that.
  if (c.shadowBanned) return { status: "spam", shadow: true, reason: verdict.status === "pending" ? `shadow-ban (${verdict.reason})` : "shadow-ban" };
  return verdict;
}

async function judgeContent(site: SiteRecord, c: Judged): Promise<Verdict> {
  const { settings } = site;
  const word = findBlockedWord(site, [shownText(c.tree, c.body.length), c.authorName]);
  if (word !== null) return { status: settings.blockedWordsAction === "spam" ? "spam" : "pending", shadow: false, reason: blockedWordReason(word) };
  if (countLinks(c.tree, c.body) > settings.maxLinks) return { status: "pending", shadow: false, reason: "links" };
  if (settings.moderation === "pre") return { status: "pending", shadow: false, reason: "pre-moderation" };
  if (!c.isEdit && settings.holdFirstComment && !(await c.trusted())) {
    return { status: "pending", shadow: false, reason: "first-comment" };
  }
  return { status: "published", shadow: false, reason: null };
}
