// The sanitized document tree as HTML, element for element what the widget's renderDoc (widget/render/doc.ts)
// makes: the same tags, attributes, link rel and URL checks. Nesting past DOC_MAX_DEPTH renders as its text.
import { DOC_ALIGNS, DOC_MAX_DEPTH, docText, LINK_REL, type Doc, type DocBlock, type DocInline, type DocTable } from "../../contract/doc";
import { html, type Html } from "./html";

/** Links may go to the web or to an e-mail address; the worker filtered them already, this is defence in depth. */
export const safeHref = (href: unknown): href is string => typeof href === "string" && /^(https?|mailto):/i.test(href);
/** Images only over https. */
export const safeImage = (src: unknown): src is string => typeof src === "string" && /^https:/i.test(src);

type Out = Html | string;

/** Renders one tree; `top` is the tag level of its top headings, `depth` how deep the node being rendered is. */
class DocRenderer {
  private depth = 0;
  constructor(private readonly top: number) {}

  private nest<T>(list: T[], render: (n: T) => Out): Out {
    if (!Array.isArray(list)) return "";
    if (this.depth >= DOC_MAX_DEPTH) return docText(list);
    this.depth++;
    const out = html`${list.map(render)}`;
    this.depth--;
    return out;
  }

  inlines = (c: DocInline[]): Out => this.nest(c, this.inline);
  blocks = (c: DocBlock[]): Out => this.nest(c, this.block);
  private items = (list: DocBlock[][]) => (Array.isArray(list) ? list.map((i) => html`<li>${this.blocks(i)}</li>`) : []);
  private cells = (n: DocTable, row: DocInline[][], tag: "th" | "td") =>
    (Array.isArray(row) ? row : []).map((c, i) => {
      const align = DOC_ALIGNS.has(n.align?.[i]) ? html` data-align="${n.align[i]}"` : "";
      return tag == "th" ? html`<th${align}>${this.inlines(c)}</th>` : html`<td${align}>${this.inlines(c)}</td>`;
    });
  private table = (n: DocTable): Out =>
    html`<div class="table" tabindex="0"><table><thead><tr>${this.cells(n, n.head, "th")}</tr></thead><tbody>${(Array.isArray(n.rows) ? n.rows : []).map((r) => html`<tr>${this.cells(n, r, "td")}</tr>`)}</tbody></table></div>`;

  private inline = (n: DocInline): Out => {
    switch (n?.t) {
      case "text":
        return String(n.v ?? "");
      case "em":
        return html`<em>${this.inlines(n.c)}</em>`;
      case "strong":
        return html`<strong>${this.inlines(n.c)}</strong>`;
      case "del":
        return html`<del>${this.inlines(n.c)}</del>`;
      case "code":
        return html`<code>${String(n.v ?? "")}</code>`;
      case "br":
        return html`<br>`;
      case "a":
        return safeHref(n.href) ? html`<a href="${n.href}" rel="${LINK_REL}" target="_blank">${this.inlines(n.c)}</a>` : this.inlines(n.c);
      case "img":
        return safeImage(n.src) ? html`<img src="${n.src}" alt="${String(n.alt ?? "")}" referrerpolicy="no-referrer">` : String(n.alt ?? "");
    }
    return "";
  };

  private block = (n: DocBlock): Out => {
    switch (n?.t) {
      case "p":
        return html`<p>${this.inlines(n.c)}</p>`;
      case "h": {
        const level = n.level == 2 ? this.top : this.top + 1;
        const c = this.inlines(n.c);
        return level == 2 ? html`<h2>${c}</h2>` : level == 3 ? html`<h3>${c}</h3>` : html`<h4>${c}</h4>`;
      }
      case "quote":
        return html`<blockquote>${this.blocks(n.c)}</blockquote>`;
      case "ul":
        return html`<ul>${this.items(n.items)}</ul>`;
      case "ol":
        return html`<ol start="${Number.isInteger(n.start) ? n.start : 1}">${this.items(n.items)}</ol>`;
      case "pre":
        return html`<pre tabindex="0"><code>${String(n.v ?? "")}</code></pre>`;
      case "hr":
        return html`<hr>`;
      case "table":
        return this.table(n);
    }
    return "";
  };
}

/**
 * The whole document. `headings` is the tag level of its top headings (markdown's level 2): an article under its
 * <h1> takes 2, a comment under the thread's <h2> takes 3 (the default); lower levels take the next.
 */
export const renderDoc = (doc: Doc, headings = 3): Html => html`${new DocRenderer(headings).blocks(doc)}`;
