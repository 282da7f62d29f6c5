// Webhook bodies per format: the JSON event as is, or chat-ready text for Slack, Discord and Telegram
// (author, thread, a short excerpt and links), each escaped for its own markup.
import { NOTIFY_LIMITS, type WebhookFormat, type WebhookPayload } from "../../contract/notifications";
import { excerpt } from "./payload";

const VERBS: Record<string, string> = {
  "comment.created": "New comment",
  "comment.pending": "Comment waiting for moderation",
  "comment.approved": "Comment approved",
  "comment.rejected": "Comment rejected",
  "comment.spam": "Comment marked as spam",
  "comment.deleted": "Comment deleted",
  "comment.edited": "Comment edited",
  "comment.restored": "Comment restored",
  "comment.pinned": "Comment pinned",
  "webhook.test": "Test delivery",
};

interface ChatParts {
  headline: string;
  where: string;
  quote: string;
  links: { label: string; url: string }[];
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
  const links: { label: string; url: string }[] = [];
  // A comment waiting for moderation is not on its page yet: its moderation links show it instead.
  if (d.links.comment && !d.links.moderate) links.push({ label: "View", url: d.links.comment });
  if (d.links.moderate) {
    links.push({ label: "Approve", url: d.links.moderate.approve }, { label: "Spam", url: d.links.moderate.spam }, { label: "Delete", url: d.links.moderate.delete });
  }
  return {
    headline: `${VERBS[p.type] ?? p.type} by ${inert(d.comment.authorName) || "(no name)"}`,
    where: `${inert(d.article?.title ?? d.threadKey)} · ${inert(p.site.name)}`,
    quote: inert(excerpt(d.comment.source, NOTIFY_LIMITS.excerptChars)),
    links,
  };
}

// Slack's mrkdwn: &, < and > are the only characters to escape; links are <url|label>.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Discord markdown: escape formatting characters so a comment cannot style or link the message (mentions are
// switched off with allowed_mentions instead).
const discordEscape = (s: string) => s.replace(/([\\*_~`|<>\[\]()])/g, "\\$1");
// Telegram's HTML parse mode: &, < and > escaped.
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The request body for a webhook of `format`; `url` is the webhook's URL (Telegram reads `chat_id` from it). */
export function formatBody(format: WebhookFormat, payload: WebhookPayload, url: string): string {
  if (format === "json") return JSON.stringify(payload);
  const c = partsOf(payload);
  if (format === "slack") {
    const links = c.links.map((l) => `<${slackEscape(l.url).replace(/\|/g, "%7C")}|${l.label}>`).join(" · ");
    const text = `*${slackEscape(c.headline)}* on ${slackEscape(c.where)}\n>${slackEscape(c.quote)}${links ? `\n${links}` : ""}`;
    return JSON.stringify({ text, unfurl_links: false, unfurl_media: false });
  }
  if (format === "discord") {
    const links = c.links.map((l) => `[${l.label}](<${l.url.replace(/[<>\s]/g, encodeURIComponent)}>)`).join(" · ");
    const content = `**${discordEscape(c.headline)}** on ${discordEscape(c.where)}\n> ${discordEscape(c.quote)}${links ? `\n${links}` : ""}`;
    // No @everyone, role or user pings, whatever the comment says.
    return JSON.stringify({ content: content.slice(0, 2000), allowed_mentions: { parse: [] } });
  }
  const links = c.links.map((l) => `<a href="${htmlEscape(l.url)}">${l.label}</a>`).join(" · ");
  const text = `<b>${htmlEscape(c.headline)}</b> on ${htmlEscape(c.where)}\n<blockquote>${htmlEscape(c.quote)}</blockquote>${links ? `\n${links}` : ""}`;
  const chatId = new URL(url).searchParams.get("chat_id");
  return JSON.stringify({ ...(chatId ? { chat_id: chatId } : {}), text, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}
