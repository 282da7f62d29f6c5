// Small server-rendered pages behind e-mail and chat links: confirmations with one POST button, results, and
// the local /dev/mail outbox. Every interpolated string is escaped; the pages run no script.
import type { DevMailRecord } from "../../storage/mail";
import { escapeHtml } from "../html";

/** No script, no outside resources, forms post only to this origin, never framed. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Links carry tokens: never cached, never sent on as a referrer, never indexed. */
export const PAGE_HEADERS = {
  "Content-Security-Policy": PAGE_CSP,
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1d1d1f;max-width:34rem;margin:3rem auto;padding:0 1rem}
blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid #ccc;background:#f7f7f7;white-space:pre-wrap}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.danger{background:#b91c1c;border-color:#b91c1c}.muted{color:#666;font-size:.9rem}
pre,td{white-space:pre-wrap;overflow-wrap:anywhere}th{text-align:left;vertical-align:top;padding-right:1rem}`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

/** A page that asks before acting: its only control is a button that POSTs to the same URL. */
/** A question and one POST button; `version` goes with the POST (what the page showed, for a moderation link). */
export function confirmPage(title: string, intro: string, quote: string | null, button: string, danger = false, version?: string): string {
  const field = version === undefined ? "" : `<input type="hidden" name="version" value="${escapeHtml(version)}">`;
  return page(
    title,
    `<p>${escapeHtml(intro)}</p>
${quote === null ? "" : `<blockquote>${escapeHtml(quote)}</blockquote>`}
<form method="post">${field}<button type="submit"${danger ? ' class="danger"' : ""}>${escapeHtml(button)}</button></form>`,
  );
}

/** A page that tells; `code`, when given, is the stable error code (as the API's), shown under the message. */
export function messagePage(title: string, message: string, code?: string): string {
  const line = code === undefined ? "" : `\n<p class="muted">Error code: <code id="error-code">${escapeHtml(code)}</code></p>`;
  return page(title, `<p>${escapeHtml(message)}</p>${line}`);
}

/** Escaped text with its http(s) URLs made into links. */
function linkified(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

/** Local development: every message that would have been sent, newest first, headers and both parts. */
export function devMailPage(messages: DevMailRecord[]): string {
  const items = messages.map(
    (m) => `<article class="mail" data-id="${escapeHtml(m.id)}">
<h2>${escapeHtml(m.subject)}</h2>
<table><tr><th>To</th><td class="to">${escapeHtml(m.to)}</td></tr><tr><th>Site</th><td>${escapeHtml(m.siteId)}</td></tr>
<tr><th>Date</th><td>${new Date(m.createdAt).toISOString()}</td></tr>
${Object.entries(m.headers)
  .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
  .join("")}</table>
<h3>Text part</h3><pre class="text">${linkified(m.text)}</pre>
<h3>HTML part</h3><iframe class="html" sandbox title="HTML part" srcdoc="${escapeHtml(m.html)}" style="width:100%;height:22rem;border:1px solid #ccc"></iframe>
</article>`,
  );
  return page(
    `Dev mail (${messages.length})`,
    `<p class="muted">Local development only: the e-mails Parley would have sent. Newest first. JSON: <a href="/dev/mail.json">/dev/mail.json</a></p>
${items.join("\n<hr>\n") || "<p>No e-mail yet.</p>"}`,
  ).replace("max-width:34rem", "max-width:60rem");
}
