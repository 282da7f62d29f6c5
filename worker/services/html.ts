// The document tree as escaped HTML, for feeds and no-JS fallbacks. Every text and attribute is escaped;
// only the allowlisted tags below can ever appear.
import { LINK_REL, type Doc, type DocBlock, type DocInline } from "../contract/doc";

export const escapeHtml = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const SAFE_HREF = /^(https?:|mailto:)/i;

function inline(nodes: DocInline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case "text":
          return escapeHtml(n.v);
        case "em":
          return `<em>${inline(n.c)}</em>`;
        case "strong":
          return `<strong>${inline(n.c)}</strong>`;
        case "code":
          return `<code>${escapeHtml(n.v)}</code>`;
        case "br":
          return "<br>";
        case "a":
          return SAFE_HREF.test(n.href) ? `<a href="${escapeHtml(n.href)}" rel="${LINK_REL}">${inline(n.c)}</a>` : inline(n.c);
        case "img":
          return /^https:/i.test(n.src) ? `<img src="${escapeHtml(n.src)}" alt="${escapeHtml(n.alt)}" loading="lazy">` : escapeHtml(n.alt);
      }
    })
    .join("");
}

function block(n: DocBlock): string {
  switch (n.t) {
    case "p":
      return `<p>${inline(n.c)}</p>`;
    case "h":
      return `<h${n.level}>${inline(n.c)}</h${n.level}>`;
    case "quote":
      return `<blockquote>${n.c.map(block).join("")}</blockquote>`;
    case "ul":
      return `<ul>${n.items.map((item) => `<li>${item.map(block).join("")}</li>`).join("")}</ul>`;
    case "ol":
      return `<ol start="${Number(n.start) || 1}">${n.items.map((item) => `<li>${item.map(block).join("")}</li>`).join("")}</ol>`;
    case "pre":
      return `<pre><code>${escapeHtml(n.v)}</code></pre>`;
    case "hr":
      return "<hr>";
  }
}

/** Renders a document tree to HTML in which no reader-supplied string can become markup. */
export function renderDocHtml(doc: Doc): string {
  return doc.map(block).join("\n");
}
