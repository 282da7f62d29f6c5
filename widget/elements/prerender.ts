// Before the elements are defined, each <parley-article> the page holds gets the worker's rendering of it: one
// request (GET …/articles/{slug}/rendered) answers the HTML of its shadow root, the article and the first page of
// comments, with the reader's view in it, as an inlined /embed fragment brings them. The element then hydrates that
// HTML as it hydrates a fragment's, so the first paint waits neither for Lit's rendering nor for a second request.
// Where this cannot work (a browser without setHTMLUnsafe, a network error, any answer but 200), the element is left
// as it was, and loads and shows its view itself.
import type { CSSResult, CSSResultGroup } from "lit";
import { own } from "../api/comments";
import { sortOf } from "../api/local";
import { siteUrl } from "../api/request";
import { ParleyArticle } from "./parley-article";
import { ParleyComments } from "./parley-comments";

/**
 * An element's style sheets, the very objects Lit adopts into its shadow root when it defines the element. The HTML
 * brings no <style> of its own: a page whose CSP forbids inline styles would block it.
 */
const sheets = (styles: CSSResultGroup | undefined) => (styles as CSSResult[]).map((s) => s.styleSheet!);

/** Fills `el` (a <parley-article> not yet defined) with its rendered view; never throws. */
export async function prerender(el: Element) {
  const attr = (name: string) => el.getAttribute(name);
  const site = attr("site");
  const slug = attr("slug");
  if (!site || !slug || el.shadowRoot || !el.setHTMLUnsafe) return;
  // In this order, so that a page's preload hint can name the same URL (README: "The preload hint").
  const q = new URLSearchParams({ sort: sortOf(site) });
  for (const name of ["heading-level", "form-position"]) if (attr(name)) q.set(name, attr(name)!);
  // The language the element will speak (its own, else the page's), so that hydrating changes no word.
  const lang = attr("lang") || document.documentElement.lang;
  if (lang) q.set("lang", lang);
  try {
    const res = await fetch(`${siteUrl(attr("api") ?? undefined, site)}/articles/${encodeURIComponent(slug)}/rendered?${q}`, own(site, slug));
    const html = res.ok && (await res.text());
    if (!html) return;
    const root = el.attachShadow({ mode: "open" });
    root.setHTMLUnsafe(html);
    root.adoptedStyleSheets = sheets(ParleyArticle.styles);
    root.querySelector("parley-comments")!.shadowRoot!.adoptedStyleSheets = sheets(ParleyComments.styles);
  } catch {}
}
