// The fragment: <parley-article> with its Declarative Shadow DOM (styles, the article, <parley-comments> with its
// own shadow root and thread) and the view it was rendered from, which the hydrating widget reads instead of
// fetching it again. Markup contract: README "Search engines and speed".
import { THREAD_EXPORTPARTS } from "../../contract/render";
import { ARTICLE_CSS, BASE_CSS, COMMENTS_CSS } from "../../contract/styles";
import type { ArticleView } from "../../contract/types";
import { renderArticle } from "./article";
import { html, jsonTextForScript, trusted, type Html } from "./html";
import { localeOf } from "./locale";
import { renderThread } from "./thread";

/** What the element's attributes say; each one given is passed through to <parley-article>. */
export interface ElementOptions {
  theme?: "light" | "dark" | "auto";
  headingLevel?: number;
  formPosition?: "above" | "below";
  lang?: string;
  api?: string;
}

export interface FragmentOptions extends ElementOptions {
  /** The page the fragment is shown on, without a fragment identifier: for share links and permalinks. */
  pageUrl: string;
  now: number;
  /**
   * The article's page hosted by Parley: without JavaScript, "Load more" links to its later pages (`?cursor=`), and
   * a cut comment to a page of it where it shows whole.
   */
  hostedUrl?: string;
  /** The comment shown whole wherever it is (ThreadOptions.whole). */
  whole?: string;
}

/** The CSS of the two shadow roots, exactly as the <style> elements hold it (a strict CSP allows them by hash). */
export const ARTICLE_STYLE = BASE_CSS + ARTICLE_CSS;
export const THREAD_STYLE = BASE_CSS + COMMENTS_CSS;

/**
 * The view as the fragment carries it: shared HTML holds nothing of one reader's, so no form token (the widget
 * fetches one when the reader starts writing) and no own comments.
 */
export const sharedView = (view: ArticleView): ArticleView => ({ ...view, thread: { ...view.thread, formToken: "", own: [] } });

/**
 * The whole fragment for one article view. `viewJson` is the shared view's JSON text where the caller made it around
 * the thread page's cached text (see SharedView), which spares serializing the page again; else it is made here.
 */
export function renderFragment(view: ArticleView, o: FragmentOptions, viewJson = JSON.stringify(sharedView(view))): Html {
  const attrs = html`${o.theme ? html` theme="${o.theme}"` : ""}${o.headingLevel ? html` heading-level="${o.headingLevel}"` : ""}${
    o.formPosition ? html` form-position="${o.formPosition}"` : ""
  }${o.lang ? html` lang="${o.lang}"` : ""}${o.api ? html` api="${o.api}"` : ""}`;
  return html`<parley-article site="${view.site.id}" slug="${view.article.slug}"${attrs}><template shadowrootmode="open">${renderShadow(
    view,
    o,
  )}<script type="application/json" data-parley-view>${jsonTextForScript(viewJson)}</script></template></parley-article>`;
}

/**
 * What <parley-article>'s shadow root shows: its styles, the article, and <parley-comments> with its own shadow
 * root and thread. Without the view it was rendered from, which each use adds (the shared one, or a reader's).
 * `forWidget` leaves out what only a page without script needs: the two <style> elements (the widget gives both
 * roots Lit's style sheets instead, and a page whose CSP forbids inline styles would block these) and the
 * <noscript> parts (see ThreadOptions.scripted).
 */
export function renderShadow(view: ArticleView, o: FragmentOptions, forWidget = false): Html {
  const locale = localeOf(o.lang, view.site.locale);
  const style = (css: string) => !forWidget && html`<style>${trusted(css)}</style>`;
  return html`${style(ARTICLE_STYLE)}${renderArticle(view.site, view.article, {
    locale,
    headingLevel: o.headingLevel ?? 1,
    pageUrl: o.pageUrl,
  })}<parley-comments part="thread" exportparts="${THREAD_EXPORTPARTS}" lang="${locale}"><template shadowrootmode="open">${style(
    THREAD_STYLE,
  )}${renderThread(view.thread, {
    locale,
    pageUrl: o.pageUrl,
    headingLevel: Math.min((o.headingLevel ?? 1) + 1, 6),
    formPosition: o.formPosition,
    now: o.now,
    hostedUrl: o.hostedUrl,
    whole: o.whole,
    scripted: forWidget,
  })}</template><slot name="turnstile" slot="turnstile"></slot></parley-comments>`;
}
