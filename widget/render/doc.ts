// Renders the sanitized document tree with Lit templates. Text only ever reaches the DOM through interpolation.
import { html, nothing, type TemplateResult } from "lit";
import { LINK_REL, type Doc, type DocBlock, type DocInline } from "../../worker/contract/doc";

type Out = TemplateResult | string | Out[] | typeof nothing;

// The worker already filters URLs; this is defence in depth should a bad one ever get through.
const safeHref = (href: string) => /^(https?|mailto):/i.test(href);
const inlines = (c: DocInline[]): Out[] => c.map(inline);
const blocks = (c: DocBlock[]): Out[] => c.map(block);
const items = (list: DocBlock[][]) => list.map((i) => html`<li>${blocks(i)}</li>`);

function inline(n: DocInline): Out {
  switch (n.t) {
    case "text":
      return n.v;
    case "em":
      return html`<em>${inlines(n.c)}</em>`;
    case "strong":
      return html`<strong>${inlines(n.c)}</strong>`;
    case "code":
      return html`<code>${n.v}</code>`;
    case "br":
      return html`<br />`;
    case "a":
      return safeHref(n.href) ? html`<a href=${n.href} rel=${LINK_REL} target="_blank">${inlines(n.c)}</a>` : inlines(n.c);
    case "img":
      return /^https:/i.test(n.src)
        ? html`<img src=${n.src} alt=${n.alt} referrerpolicy="no-referrer" />`
        : n.alt;
  }
  return nothing;
}

function block(n: DocBlock): Out {
  switch (n.t) {
    case "p":
      return html`<p>${inlines(n.c)}</p>`;
    case "h":
      return n.level == 2 ? html`<h3>${inlines(n.c)}</h3>` : html`<h4>${inlines(n.c)}</h4>`;
    case "quote":
      return html`<blockquote>${blocks(n.c)}</blockquote>`;
    case "ul":
      return html`<ul>${items(n.items)}</ul>`;
    case "ol":
      return html`<ol start=${n.start}>${items(n.items)}</ol>`;
    case "pre":
      return html`<pre><code>${n.v}</code></pre>`;
    case "hr":
      return html`<hr />`;
  }
  return nothing;
}

/** The whole document. Headings sit below the article's own <h2>: level 2 becomes <h3>, levels 3 and 4 <h4>. */
export const renderDoc = (doc: Doc) => blocks(doc);

/** Grey bars that hold the space while data loads. */
export const skeleton = html`<div aria-busy="true"><div class="sk"></div><div class="sk"></div><div class="sk"></div></div>`;
