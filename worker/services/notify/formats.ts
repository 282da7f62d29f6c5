// Webhook bodies per format: the JSON event as is, or chat-ready text for Slack, Discord and Telegram
// (author, thread, a short excerpt and links), each escaped for its own markup and cut to its platform's limit.
import { NOTIFY_LIMITS, type WebhookFormat, type WebhookPayload } from "../../contract/notifications";
import { excerpt } from "./payload";
import { threadName } from "../../contract/readable-key";

/**
 * Each event's headline: the words before and after its author's name. The name comes right after "Comment by", so
 * that no verb reads as the author's doing: a moderator deletes or approves a comment, not its author.
 */
const HEADLINES: Record<string, [string, string]> = {
  "comment.created": ["New comment by ", ""],
  "comment.pending": ["Comment by ", " waiting for moderation"],
  "comment.approved": ["Comment by ", " approved"],
  "comment.rejected": ["Comment by ", " rejected"],
  "comment.spam": ["Comment by ", " marked as spam"],
  "comment.deleted": ["Comment by ", " deleted"],
  "comment.edited": ["Comment by ", " edited"],
  "comment.restored": ["Comment by ", " restored"],
  "comment.pinned": ["Comment by ", " pinned"],
  "webhook.test": ["Test delivery by ", ""],
};

// A comment off its page is neither quoted nor linked to: a chat channel would keep for good the text that a
// moderator took down, and a link would lead to a tombstone. Off its page is what the comment is now (an edit or a
// restore of a rejected one, a shadow-banned author's edit, which readers never see), not only what the event did.
const REMOVED = new Set(["comment.rejected", "comment.spam", "comment.deleted"]);
const OFF_PAGE = new Set(["rejected", "spam", "deleted"]);

interface Link {
  label: string;
  url: string;
}

/** What a message says, before escaping: each text already inert. */
interface ChatParts {
  headline: [string, string];
  author: string;
  thread: string;
  site: string;
  /** Null when the message quotes nothing. */
  quote: string | null;
  links: Link[];
}

/**
 * What readers wrote (a name, a thread key, an excerpt), made inert for chat apps that find formatting and links
 * in plain text: an invisible zero-width space goes before each of Slack's formatting characters (* _ ~ `), which
 * have no escape in mrkdwn, and into every address (after "://" and between the parts of a domain), so that
 * Slack, Discord and Telegram link nothing but the message's own links. It reads the same.
 */
export function inert(text: string): string {
  return text
    .replace(/[*_~`]/g, "\u200B$&")
    .replace(/:\/\//g, ":\u200B//")
    .replace(/(\w)\.(?=\w)/g, "$1.\u200B");
}

function partsOf(p: WebhookPayload): ChatParts {
  const d = p.data;
  const removed = REMOVED.has(p.type) || OFF_PAGE.has(d.comment.status) || d.comment.shadow;
  const links: Link[] = [];
  // A comment waiting for moderation is not on its page yet: its moderation links show it instead.
  if (d.links.comment && !d.links.moderate && !removed) links.push({ label: "View", url: d.links.comment });
  if (d.links.moderate) {
    links.push({ label: "Approve", url: d.links.moderate.approve }, { label: "Spam", url: d.links.moderate.spam }, { label: "Delete", url: d.links.moderate.delete });
  }
  return {
    headline: p.type === "comment.pinned" && !d.comment.pinned ? ["Comment by ", " unpinned"] : (HEADLINES[p.type] ?? [`${p.type} by `, ""]),
    author: inert(d.comment.authorName) || "(no name)",
    thread: inert(threadName(d.article, d.threadKey)),
    site: inert(p.site.name),
    quote: removed ? null : inert(excerpt(d.comment.source, NOTIFY_LIMITS.excerptChars)),
    links,
  };
}

/** One chat platform: how its markup escapes text and writes a link, how a message is laid out, and its limit. */
interface ChatStyle {
  /** Characters a message may have (in UTF-16 code units, which is never fewer than the platform counts). */
  limit: number;
  /** Escapes text one character at a time, so that a cut between two characters never splits an escape. */
  escape: (s: string) => string;
  link: (l: Link) => string;
  /** The message from its escaped parts; `quote` null leaves the quote's line out. */
  layout: (headline: string, where: string, quote: string | null, links: string) => string;
}

// Slack's mrkdwn: &, < and > are the only characters to escape; links are <url|label>.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Discord markdown: escape formatting characters so a comment cannot style or link the message (mentions are
// switched off with allowed_mentions instead).
const discordEscape = (s: string) => s.replace(/([\\*_~`|<>\[\]()])/g, "\\$1");
// Telegram's HTML parse mode: &, < and > escaped.
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const joinLinks = (links: string[]) => (links.length ? `\n${links.join(" · ")}` : "");

const STYLES: Record<Exclude<WebhookFormat, "json">, ChatStyle> = {
  // Slack advises at most 4,000 characters of text (and cuts longer messages itself, links and all).
  slack: {
    limit: 4000,
    escape: slackEscape,
    link: (l) => `<${slackEscape(l.url).replace(/\|/g, "%7C")}|${l.label}>`,
    layout: (h, w, q, links) => `*${h}* on ${w}${q === null ? "" : `\n>${q}`}${links}`,
  },
  // Discord refuses content over 2,000 characters.
  discord: {
    limit: 2000,
    escape: discordEscape,
    link: (l) => `[${l.label}](<${l.url.replace(/[<>\s]/g, encodeURIComponent)}>)`,
    layout: (h, w, q, links) => `**${h}** on ${w}${q === null ? "" : `\n> ${q}`}${links}`,
  },
  // Telegram refuses text over 4,096 characters once its HTML is parsed; the HTML is never shorter than that.
  telegram: {
    limit: 4096,
    escape: htmlEscape,
    link: (l) => `<a href="${htmlEscape(l.url)}">${l.label}</a>`,
    layout: (h, w, q, links) => `<b>${h}</b> on ${w}${q === null ? "" : `\n<blockquote>${q}</blockquote>`}${links}`,
  },
};

/**
 * `text` escaped, in at most `room` characters: whole characters (a surrogate pair stays one) are kept while they
 * fit, then "…". Bounded by the text's length, which the contract limits.
 */
function clip(text: string, escape: (s: string) => string, room: number): string {
  const whole = escape(text);
  if (whole.length <= room) return whole;
  if (room < 1) return "";
  let out = "";
  for (const ch of text) {
    const next = escape(ch);
    if (out.length + next.length + 1 > room) break;
    out += next;
  }
  // A cut right after a space or a zero-width space would leave it dangling before the ellipsis.
  return `${out.replace(/[\s\u200B]+$/u, "")}…`;
}

/**
 * The largest length each of `lengths` may keep so that together they fit in `room`: only the longest are cut, all to
 * that same length (Infinity when everything fits already).
 */
function share(lengths: number[], room: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let left = room;
  for (let i = 0; i < sorted.length; i++) {
    const each = Math.floor(left / (sorted.length - i));
    if (sorted[i] > each) return Math.max(0, each);
    left -= sorted[i];
  }
  return Infinity;
}

/**
 * The message in `style`, within its limit: the links and the headline's words always fit. When the whole does not,
 * the thread's name and the quote are shortened first, the longer of them first (a thread key that a page chose
 * cannot push the comment out, nor a long comment the thread), then the site's and the author's names. Only a View
 * link to a page address longer than the limit (a very long thread key) is left out, since it could never fit.
 */
function compose(style: ChatStyle, c: ChatParts): string {
  const [before, after] = c.headline.map(style.escape);
  // The message with every piece empty: what must fit whatever the pieces are.
  const frameWith = (links: string) => style.layout(before + after, " · ", c.quote === null ? null : "", links).length;
  const linkText = joinLinks(c.links.map(style.link).filter((l) => frameWith(joinLinks([l])) <= style.limit));
  const room = style.limit - frameWith(linkText);
  const raw = { thread: c.thread, quote: c.quote ?? "", site: c.site, author: c.author };
  const out = { thread: style.escape(raw.thread), quote: style.escape(raw.quote), site: style.escape(raw.site), author: style.escape(raw.author) };
  const names = out.site.length + out.author.length;
  // The names need more than the room only when the links take nearly all of it: then the thread's name and the
  // quote are left out, and the names share what remains.
  const [first, then] = room >= names ? (["thread", "quote"] as const) : (["site", "author"] as const);
  const keep = share([out[first].length, out[then].length], room >= names ? room - names : room);
  if (room < names) out.thread = out.quote = "";
  for (const key of [first, then]) out[key] = clip(raw[key], style.escape, keep);
  return style.layout(before + out.author + after, `${out.thread} · ${out.site}`, c.quote === null ? null : out.quote, linkText);
}

/** The request body for a webhook of `format`; `url` is the webhook's URL (Telegram reads `chat_id` from it). */
export function formatBody(format: WebhookFormat, payload: WebhookPayload, url: string): string {
  if (format === "json") return JSON.stringify(payload);
  const text = compose(STYLES[format], partsOf(payload));
  if (format === "slack") return JSON.stringify({ text, unfurl_links: false, unfurl_media: false });
  // No @everyone, role or user pings, whatever the comment says.
  if (format === "discord") return JSON.stringify({ content: text, allowed_mentions: { parse: [] } });
  const chatId = new URL(url).searchParams.get("chat_id");
  return JSON.stringify({ ...(chatId ? { chat_id: chatId } : {}), text, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}
