// The document tree as escaped HTML, for feeds and no-JS fallbacks. Every text and attribute is escaped;
// only the allowlisted tags below can ever appear.
import { DOC_ALIGNS, LINK_REL, type Doc, type DocBlock, type DocInline } from "../contract/doc";
import { escapeHtml } from "./render/html";

export { escapeHtml };

/**
 * Everything XML 1.0 cannot carry, even escaped (controls, lone surrogates, U+FFFE/U+FFFF), plus the
 * Unicode noncharacters it discourages: dropped from any text that goes into a feed, so a feed is always
 * well-formed whatever an older row or a thread key holds.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\uFDD0-\uFDEF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu;

/** Text or attribute content for XML (the Atom feeds): characters XML forbids dropped, then escaped. */
export const escapeXml = (v: string) => escapeHtml(v.replace(NOT_XML, ""));

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
        case "del":
          return `<del>${inline(n.c)}</del>`;
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
    case "table": {
      const row = (cells: DocInline[][], tag: string) =>
        `<tr>${cells.map((c, i) => `<${tag}${DOC_ALIGNS.has(n.align[i]) ? ` align="${n.align[i]}"` : ""}>${inline(c)}</${tag}>`).join("")}</tr>`;
      return `<table><thead>${row(n.head, "th")}</thead><tbody>${n.rows.map((r) => row(r, "td")).join("")}</tbody></table>`;
    }
  }
}

/** Renders a document tree to HTML in which no reader-supplied string can become markup. */
export function renderDocHtml(doc: Doc): string {
  return doc.map(block).join("\n");
}
