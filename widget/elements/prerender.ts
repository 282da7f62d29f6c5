// Each <parley-article> the page holds, and each <parley-comments> alone near the viewport, gets the worker's
// rendering of it before the element is defined: one request (GET …/articles/{slug}/rendered, or
// …/threads/{thread}/rendered) answers the HTML of its shadow root, with the reader's view in it, as an inlined
// /embed fragment brings them. The element then hydrates that HTML as it hydrates a fragment's, so the first paint
// waits neither for Lit's rendering nor for a second request. Where this cannot work (a browser without
// setHTMLUnsafe, a network error, any answer but 200), the element is left as it was, and loads and shows its view
// itself.
//
// The requests go out when this module runs, the first thing widget.js does. widget.js holds neither Lit nor the
// elements, which it imports only after this has painted: neither their download nor their evaluation stands
// between the page and its first comment.
import { own } from "../api/comments";
import { sortOf } from "../api/local";
import { REFUSED, siteUrl, type Refusal } from "../api/request";

/** The rendered HTML for `el`, or nothing (a refusal is kept on it: see REFUSED). Never throws. */
async function ask(el: Element & { [REFUSED]?: Refusal }) {
  const attr = (name: string) => el.getAttribute(name);
  const article = el.localName == "parley-article";
  const site = attr("site");
  const key = article ? attr("slug") : attr("thread") || location.pathname;
  if (!site || !key || el.shadowRoot || !el.setHTMLUnsafe) return;
  // A thread alone far below the fold loads when the reader comes near it, as <parley-comments> does, not here.
  if (!article && !location.hash.startsWith("#comment-") && el.getBoundingClientRect().top > innerHeight + 600) return;
  // In this order, so that a page's preload hint can name the same URL (README: "The preload hint").
  const q = new URLSearchParams({ sort: sortOf(site) });
  for (const name of article ? ["heading-level", "form-position"] : ["form-position"]) if (attr(name)) q.set(name, attr(name)!);
  // The language the element will speak (its own, else the page's), so that hydrating changes no word.
  const lang = attr("lang") || document.documentElement.lang;
  if (lang) q.set("lang", lang);
  try {
    const res = await fetch(`${siteUrl(attr("api") ?? undefined, site)}/${article ? "articles" : "threads"}/${encodeURIComponent(key)}/rendered?${q}`, own(site, key));
    if (res.ok) return await res.text();
    el[REFUSED] = [site, key, res];
  } catch {}
}

// A page that includes widget.js twice, under two URLs, runs this module twice: the copies share each element's
// request (kept on the element), and whichever puts its answer in first does; the other finds the shadow root.
const REQUEST = Symbol.for("parley:rendered");
const asked = [...document.querySelectorAll<Element & { [REQUEST]?: ReturnType<typeof ask> }>("parley-article,parley-comments")].map(
  (el) => [el, (el[REQUEST] ??= ask(el))] as const,
);

/**
 * Puts each rendered view into its element's new shadow root, with the style sheets Lit will adopt there (the very
 * objects: the HTML brings no <style>, which a page whose CSP forbids inline styles would block). An article's
 * thread is a <parley-comments> with a declarative shadow root of its own. On a dark page (`dark`, without a
 * theme) the HTML takes the class the element's own rendering will give it, so its colours do not change then.
 * Resolves to whether it put any view in.
 */
export const prerendered = (article: CSSStyleSheet[], thread: CSSStyleSheet[], dark: (el: Element) => boolean) =>
  Promise.all(
    asked.map(async ([el, html]) => {
      const text = await html;
      // Put in by the other copy, or too late: the element was defined without it (see index.ts) and has its own.
      if (!text || el.shadowRoot) return false;
      const root = el.attachShadow({ mode: "open" });
      root.setHTMLUnsafe(text);
      const inner = root.querySelector("parley-comments")?.shadowRoot;
      root.adoptedStyleSheets = inner ? article : thread;
      if (inner) inner.adoptedStyleSheets = thread;
      if (!el.hasAttribute("theme") && dark(el)) for (const r of [root, inner]) r?.querySelector("article,section")?.classList.add("dark");
      return true;
    }),
  ).then((filled) => filled.includes(true));
