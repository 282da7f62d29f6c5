// Each <parley-article> the page holds gets the worker's rendering of it before the element is defined: one request
// (GET …/articles/{slug}/rendered) answers the HTML of its shadow root, the article and the first page of comments,
// with the reader's view in it, as an inlined /embed fragment brings them. The element then hydrates that HTML as it
// hydrates a fragment's, so the first paint waits neither for Lit's rendering nor for a second request. Where this
// cannot work (a browser without setHTMLUnsafe, a network error, any answer but 200), the element is left as it
// was, and loads and shows its view itself.
//
// The requests go out when this module runs, which widget.js does before Lit and the elements (index.ts imports it
// first, and it imports neither): they travel while the rest of the script evaluates.
import { own } from "../api/comments";
import { sortOf } from "../api/local";
import { siteUrl } from "../api/request";

/** The rendered HTML for `el`, or nothing. Never throws. */
async function ask(el: Element) {
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
    return res.ok && (await res.text());
  } catch {}
}

const asked = [...document.querySelectorAll("parley-article")].map((el) => [el, ask(el)] as const);

/**
 * Puts each rendered article into its element's new shadow root, with the style sheets Lit will adopt there (the
 * very objects: the HTML brings no <style>, which a page whose CSP forbids inline styles would block).
 */
export const prerendered = (article: CSSStyleSheet[], thread: CSSStyleSheet[]) =>
  Promise.all(
    asked.map(async ([el, html]) => {
      const text = await html;
      if (!text) return;
      const root = el.attachShadow({ mode: "open" });
      root.setHTMLUnsafe(text);
      root.adoptedStyleSheets = article;
      root.querySelector("parley-comments")!.shadowRoot!.adoptedStyleSheets = thread;
    }),
  );
