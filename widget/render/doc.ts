// Renders the sanitized document tree with Lit templates. Text only ever reaches the DOM through interpolation.
// Any tree renders: nesting past DOC_MAX_DEPTH is shown as its text.
import { html, nothing, type TemplateResult } from "lit";
import { DOC_MAX_DEPTH, docText, LINK_REL, type Doc, type DocBlock, type DocInline, type DocTable } from "../../worker/contract/doc";

type Out = TemplateResult | string | Out[] | typeof nothing;

// The worker already filters URLs; this is defence in depth should a bad one ever get through.
const safeHref = (href: string) => /^(https?|mailto):/i.test(href);

// How deep the node being rendered is; past DOC_MAX_DEPTH a subtree is rendered as its text.
let depth = 0;
// The tag level of the document's top headings (markdown's level 2); lower ones take the next.
let top = 3;
// Whether an article's images load (see renderDoc).
let images = true;
function nest<T>(list: T[], render: (n: T) => Out): Out {
  if (depth >= DOC_MAX_DEPTH) return docText(list);
  depth++;
  const out = list.map(render);
  depth--;
  return out;
}
const inlines = (c: DocInline[]) => nest(c, inline);
const blocks = (c: DocBlock[]) => nest(c, block);
const items = (list: DocBlock[][]) => list.map((i) => html`<li>${blocks(i)}</li>`);
// A wide table scrolls in its box (focusable, as a code block is), not the page; cells keep their column's alignment.
const cells = (n: DocTable, row: DocInline[][], head?: 1) =>
  row.map((c, i) => (head ? html`<th data-align=${n.align[i] || nothing}>${inlines(c)}</th>` : html`<td data-align=${n.align[i] || nothing}>${inlines(c)}</td>`));
const table = (n: DocTable) =>
  html`<div class="table" tabindex="0"><table><thead><tr>${cells(n, n.head, 1)}</tr></thead><tbody>${n.rows.map((r) => html`<tr>${cells(n, r)}</tr>`)}</tbody></table></div>`;

function inline(n: DocInline): Out {
  switch (n.t) {
    case "text":
      return n.v;
    case "em":
      return html`<em>${inlines(n.c)}</em>`;
    case "strong":
      return html`<strong>${inlines(n.c)}</strong>`;
    case "del":
      return html`<del>${inlines(n.c)}</del>`;
    case "code":
      return html`<code>${n.v}</code>`;
    case "br":
      return html`<br />`;
    case "a":
      return safeHref(n.href) ? html`<a href=${n.href} rel=${LINK_REL} target="_blank">${inlines(n.c)}</a>` : inlines(n.c);
    case "img":
      if (!/^https:/i.test(n.src)) return n.alt;
      return images
        ? html`<img src=${n.src} alt=${n.alt} referrerpolicy="no-referrer" />`
        : html`<a class="img" href=${n.src} rel=${LINK_REL} target="_blank">[${n.alt ? `Image: ${n.alt}` : "Image"}]</a>`;
  }
  return nothing;
}

function block(n: DocBlock): Out {
  switch (n.t) {
    case "p":
      return html`<p>${inlines(n.c)}</p>`;
    case "h": {
      const level = n.level == 2 ? top : top + 1;
      const c = inlines(n.c);
      return level == 2 ? html`<h2>${c}</h2>` : level == 3 ? html`<h3>${c}</h3>` : html`<h4>${c}</h4>`;
    }
    case "quote":
      return html`<blockquote>${blocks(n.c)}</blockquote>`;
    case "ul":
      return html`<ul>${items(n.items)}</ul>`;
    case "ol":
      return html`<ol start=${n.start}>${items(n.items)}</ol>`;
    case "pre":
      // Focusable: a line wider than the comment scrolls, and a keyboard must reach that too.
      return html`<pre tabindex="0"><code>${n.v}</code></pre>`;
    case "hr":
      return html`<hr />`;
    case "table":
      return table(n);
  }
  return nothing;
}

/**
 * The whole document. Its headings sit below the heading of what holds it: `headings` is the tag level of the
 * top ones (an article under its <h1> takes 2; a comment under the thread's <h2> takes 3, the default), and the
 * lower levels take the next. A tree that is not the shape the API promises throws here; callers render it
 * through `isolated`.
 */
/**
 * A document as Lit templates; its top headings are <h`headings`>. Without `showImages` (the dashboard, whose
 * Content-Security-Policy loads images from its own origin only) an article's image is a link to it, named by its
 * description.
 */
export const renderDoc = (doc: Doc, headings = 3, showImages = true): Out => ((depth = 0), (top = headings), (images = showImages), blocks(doc));

/** Renders one item (a comment, an article body) so that an error in it costs that item only. */
export function isolated<T>(render: () => T): T | typeof nothing {
  try {
    return render();
  } catch {
    return nothing;
  }
}

/** Grey bars that hold the space while data loads. */
export const skeleton = html`<div aria-busy="true"><div class="sk"></div><div class="sk"></div><div class="sk"></div></div>`;
