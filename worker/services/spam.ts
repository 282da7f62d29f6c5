// Spam and abuse rules for posts and edits: honeypot, rate limits, duplicates, and the holds that decide
// whether a comment is published, held for moderation or filtered as spam. All enforced here, in the worker.
/// <reference path="../lib/punycode.d.ts" />
import { toUnicode } from "punycode.js";
import { DAY_MS } from "../contract/dates";
import type { CommentStatus } from "../contract/types";
import type { Doc, DocBlock, DocInline } from "../contract/doc";
import { addressBudget } from "../contract/limits";
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
 * A link's address as it was typed, for matching: percent escapes decoded and an internationalized host in its own
 * letters (`https://example.com/c%C3%A1sino` is `…/cásino`, `xn--sino-43d5h.example` is `саsino.example`).
 */
function asTyped(href: string): string {
  let address = href;
  const host = /^[a-z]+:\/\/([^/?#]*)/i.exec(href)?.[1] ?? "";
  if (host.includes("xn--")) {
    try {
      address = href.replace(host, toUnicode(host));
    } catch {}
  }
  return address.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Between blocks a reader sees as separate items (list items, rules, code blocks): no phrase runs across it. */
const APART = "\n-\n";

/**
 * The text a comment shows, as readers read it: the runs of one paragraph joined as they are drawn, so that markup
 * inside a word (`**tr**oll`, `tr&#111;ll`, `[tro](…)ll`) neither splits it nor makes one of a part (`*troll*ing`
 * reads `trolling`); paragraphs on lines of their own (a phrase runs across them, as across a line break), list
 * items, rules and code blocks apart; image descriptions on their own lines. Then the addresses its links lead to,
 * as typed (see asTyped), each once, as long as they fit in `budget` characters in all (a bound on what the
 * renderer lets a document hold). An explicit stack, one step per node of the tree, which the renderer bounds.
 */
export function shownText(tree: Doc, budget: number): string {
  const out: string[] = [];
  const addresses = new Set<string>();
  const stack: (Doc | DocBlock | DocInline | DocInline[] | string)[] = [tree];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n == "string") out.push(n);
    else if (Array.isArray(n)) for (let i = n.length; i--; ) stack.push(n[i]);
    else if (n.t == "text" || n.t == "code") out.push(n.v);
    else if (n.t == "br") out.push("\n");
    else if (n.t == "img") out.push(`\n${n.alt}\n`);
    else if (n.t == "pre") out.push(APART, n.v, APART);
    else if (n.t == "hr") out.push(APART);
    else if (n.t == "ul" || n.t == "ol") for (let i = n.items.length; i--; ) stack.push(APART, n.items[i], APART);
    else if (n.t == "table") stack.push(APART, ...[n.head, ...n.rows].flatMap((row) => row.flatMap((cell) => ["\n", cell])).reverse());
    else if (n.t == "a") {
      const typed = asTyped(n.href);
      if (!addresses.has(typed) && typed.length < budget) addresses.add(typed), (budget -= typed.length + 1);
      stack.push(n.c);
    } else if (n.t == "p" || n.t == "h" || n.t == "quote") stack.push("\n", n.c, "\n");
    else stack.push(n.c);
  }
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
  // The tree holds at most addressBudget characters of addresses as written; the URL parser's form of one written
  // short (`www.a.co`, `http://www.a.co/`) is at most about twice as long.
  const word = findBlockedWord(site, [shownText(c.tree, 2 * addressBudget(c.body.length)), c.authorName]);
  if (word !== null) return { status: settings.blockedWordsAction === "spam" ? "spam" : "pending", shadow: false, reason: blockedWordReason(word) };
  if (countLinks(c.tree, c.body) > settings.maxLinks) return { status: "pending", shadow: false, reason: "links" };
  if (settings.moderation === "pre") return { status: "pending", shadow: false, reason: "pre-moderation" };
  if (!c.isEdit && settings.holdFirstComment && !(await c.trusted())) {
    return { status: "pending", shadow: false, reason: "first-comment" };
  }
  return { status: "published", shadow: false, reason: null };
}
