// The e-mails Parley sends, each as a subject, a text part and an HTML part. Every string that a reader or
// owner wrote is escaped in the HTML part; subjects are plain text on one line.
import { escapeHtml } from "../html";
import { cutBefore } from "../../contract/doc";

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * A subject line: one line of plain text, at most 150 characters. The mailer encodes it as a header, so only line
 * breaks and other control characters (which could end the header or start another) become spaces; every other
 * character, `<` and `&` too, stays as the site's owner wrote it. Where a subject goes into HTML, it is escaped there.
 */
export function subjectLine(value: string): string {
  const flat = value.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ").replace(/\s+/g, " ").trim();
  return flat.length > 150 ? `${cutBefore(flat, 149)}…` : flat;
}

function layout(title: string, bodyHtml: string, footerHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d1d1f;max-width:36rem;margin:0 auto;padding:1rem">
${bodyHtml}
<hr style="border:none;border-top:1px solid #ddd;margin:2rem 0 1rem">
<p style="font-size:.85rem;color:#666">${footerHtml}</p>
</body></html>`;
}

const button = (url: string, label: string) =>
  `<a href="${escapeHtml(url)}" style="display:inline-block;padding:.5rem 1rem;border-radius:6px;background:#1d4ed8;color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;

export function confirmMail(site: string, confirmUrl: string, unsubscribeUrl: string): MailContent {
  const subject = subjectLine(`Confirm reply notifications from ${site}`);
  const text = `You asked to be told when someone replies to your comments on ${site}.

Confirm here (the page has a button): ${confirmUrl}

If this was not you, ignore this e-mail: nothing more will be sent. Stop all e-mails from ${site}: ${unsubscribeUrl}
`;
  const html = layout(
    subject,
    `<p>You asked to be told when someone replies to your comments on <strong>${escapeHtml(site)}</strong>.</p>
<p>${button(confirmUrl, "Confirm reply e-mails")}</p>
<p>If this was not you, ignore this e-mail: nothing more will be sent.</p>`,
    `<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a> from all e-mails from ${escapeHtml(site)}.`,
  );
  return { subject, text, html };
}

/** To a new digest address: nothing but the link, so an address set by someone else gets this one e-mail and no digest. */
export function ownerConfirmMail(site: string, confirmUrl: string, unsubscribeUrl: string): MailContent {
  const subject = subjectLine(`Confirm the moderation digest for ${site}`);
  const text = `This address was set to get the digest of comments waiting for moderation on ${site} (at most one e-mail an hour).

Confirm here (the page has a button): ${confirmUrl}

If this was not you, ignore this e-mail: no digest goes to this address until it is confirmed. Remove this address from ${site}, so that nothing more is sent to it (once it is confirmed, this link stops the digest instead): ${unsubscribeUrl}
`;
  const html = layout(
    subject,
    `<p>This address was set to get the digest of comments waiting for moderation on <strong>${escapeHtml(site)}</strong> (at most one e-mail an hour).</p>
<p>${button(confirmUrl, "Confirm the digest")}</p>`,
    `If this was not you, ignore this e-mail: no digest goes to this address until it is confirmed. <a href="${escapeHtml(unsubscribeUrl)}">Remove this address</a> from ${escapeHtml(site)}, so that nothing more is sent to it (once it is confirmed, this link stops the digest instead).`,
  );
  return { subject, text, html };
}

export interface ReplyItem {
  author: string;
  excerpt: string;
  url: string | null;
}

export function replyMail(site: string, where: string, replies: ReplyItem[], unsubscribeUrl: string): MailContent {
  const subject = subjectLine(replies.length === 1 ? `New reply to your comment on ${site}` : `${replies.length} new replies to your comment on ${site}`);
  const text = `${replies.length === 1 ? "Someone replied" : `${replies.length} replies arrived`} to your comment on ${where}.

${replies.map((r) => `${r.author} wrote:\n  ${r.excerpt}${r.url ? `\n  ${r.url}` : ""}`).join("\n\n")}

You get this because you asked for reply e-mails. Unsubscribe: ${unsubscribeUrl}
`;
  const html = layout(
    subject,
    `<p>${replies.length === 1 ? "Someone replied" : `${replies.length} replies arrived`} to your comment on <strong>${escapeHtml(where)}</strong>.</p>
${replies
  .map(
    (r) => `<blockquote style="margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc"><p><strong>${escapeHtml(r.author)}</strong> wrote:</p>
<p>${escapeHtml(r.excerpt)}</p>${r.url ? `<p><a href="${escapeHtml(r.url)}">Read the reply</a></p>` : ""}</blockquote>`,
  )
  .join("\n")}`,
    `You get this because you asked for reply e-mails. <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a>`,
  );
  return { subject, text, html };
}

export interface DigestItem {
  author: string;
  where: string;
  excerpt: string;
  /** `approve` is null for a comment whose text shows nothing: it is edited in the dashboard before it is approved. */
  links: { approve: string | null; spam: string; delete: string };
}

/** What a digest says in place of the Approve link of a comment whose text shows nothing. */
const NO_TEXT = "No text (an imported blank): edit it in the dashboard to approve it.";

/**
 * The owner's digest: the newest comments waiting (`items`), of `waiting` in all; when more wait than it lists, it
 * says so, and the dashboard's queue (`queueUrl`) has them all.
 */
export function digestMail(site: string, items: DigestItem[], waiting: number, queueUrl: string, unsubscribeUrl: string): MailContent {
  const total = Math.max(waiting, items.length);
  const subject = subjectLine(`${total} comment${total === 1 ? "" : "s"} waiting for moderation on ${site}`);
  const intro = total > items.length ? `The ${items.length} newest of ${total} comments waiting for moderation on ${site}` : `Comments waiting for moderation on ${site}`;
  const text = `${intro}:

${items
  .map((c) => `${c.author} on ${c.where}:\n  ${c.excerpt}\n  ${c.links.approve ? `Approve: ${c.links.approve}` : NO_TEXT}\n  Spam: ${c.links.spam}\n  Delete: ${c.links.delete}`)
  .join("\n\n")}

Each link opens a page that asks before it acts. All the comments waiting, in the dashboard: ${queueUrl}

Stop these digests: ${unsubscribeUrl}
`;
  const html = layout(
    subject,
    `<p>${total > items.length ? `The ${items.length} newest of ${total} comments` : "Comments"} waiting for moderation on <strong>${escapeHtml(site)}</strong>:</p>
${items
  .map(
    (c) => `<div style="margin:1rem 0;padding:.75rem;border:1px solid #ddd;border-radius:6px"><p><strong>${escapeHtml(c.author)}</strong> on ${escapeHtml(c.where)}</p>
<p>${escapeHtml(c.excerpt)}</p>
<p>${c.links.approve ? `<a href="${escapeHtml(c.links.approve)}">Approve</a>` : escapeHtml(NO_TEXT)} · <a href="${escapeHtml(c.links.spam)}">Spam</a> · <a href="${escapeHtml(c.links.delete)}">Delete</a></p></div>`,
  )
  .join("\n")}
<p>Each link opens a page that asks before it acts. <a href="${escapeHtml(queueUrl)}">All the comments waiting, in the dashboard</a></p>`,
    `<a href="${escapeHtml(unsubscribeUrl)}">Stop these digests</a>`,
  );
  return { subject, text, html };
}
