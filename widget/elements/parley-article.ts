// <parley-article>: an article with its author, date, social and share links, followed by its comment thread.
import { html, nothing, svg } from "lit";
import { property, state } from "./decorators";
import type { ArticleView, Network } from "../../worker/contract/types";
import { createArticleController } from "../controllers/article-controller";
import { dirOf, formatDate, t } from "../i18n/index";
import { renderDoc, skeleton } from "../render/doc";
import { ARTICLE_SHEETS } from "../styles/base";
import { ParleyLoadedEvent } from "../events";
import { litStyles, ParleyElement } from "./parley-element";
import { afterPaint } from "./paint";

/**
 * The article's title: an `<h1>`, or at another `level` (2 to 6) a heading by its ARIA role and level, as Lit's
 * tag names cannot vary.
 */
const heading = (level: number, text: string) =>
  titleLevel(level) > 1
    ? html`<div class=title part=title role=heading aria-level=${titleLevel(level)} dir=auto>${text}</div>`
    : html`<h1 class=title part=title dir=auto>${text}</h1>`;

/** The title's level for `heading-level`: 2 to 6 as given, else 1. */
const titleLevel = (level: number) => (level > 1 && level < 7 ? Math.trunc(level) : 1);

/**
 * An article and its comments. The thread loads as `<parley-comments>` does (near the viewport); when the page
 * links to a comment (`#comment-ID`) or the reader is already scrolled into the article, it loads alongside it.
 *
 * @attr heading-level - The title's heading level (1 to 6); 1 by default.
 * @attr form-position - Passed on to the thread: `above` or `below` (the default) its comments.
 * @attr lang - The interface language, passed on to the thread; see `<parley-comments>`.
 * @fires parley-loaded - The article arrived (its thread fires its own).
 * @fires parley-error - Loading failed; `code` is `SITE_NOT_FOUND`, `ARTICLE_NOT_FOUND` or another API code.
 * @fires parley-comment-posted - A reader posted a comment or reply.
 * @slot turnstile - Passed on to the thread, which fills it with the Turnstile challenge when the site uses one.
 * @csspart article - The article.
 * @csspart title - The title.
 * @csspart meta - Author and date.
 * @csspart body - The article text.
 * @csspart links - The site's and the article's social links.
 * @csspart share - The share links.
 * @csspart error - The not-found or failure message.
 * @csspart thread - The comment section. Its parts heading, sort, comment, author, permalink, badge, vote,
 *   replies, closed, form, input, button and error are exported too, and its comment text as `comment-body`.
 * @cssprop --parley-accent - Links, the post button, focus rings.
 * @cssprop --parley-bg - The background with a `theme`; buttons and form controls.
 * @cssprop --parley-fg - Text colour (inherits by default).
 * @cssprop --parley-muted - Secondary text.
 * @cssprop --parley-border - Borders and separators.
 * @cssprop --parley-radius - Corner radius.
 * @cssprop --parley-gap - Base spacing.
 */
export class ParleyArticle extends ParleyElement {
  static override styles = litStyles(ARTICLE_SHEETS);

  @property() slug = "";
  /** The title's heading level, 1 to 6: 1 (an `<h1>`) suits a page whose main content is the article. */
  @property({ attribute: "heading-level", type: Number }) headingLevel = 1;
  /** Passed on to the thread: where its new-comment form sits, `below` the comments (the default) or `above`. */
  @property({ attribute: "form-position" }) formPosition?: "above" | "below";
  /** The network icons, from their lazy chunk; until then each icon is an empty box of its size. */
  @state() private _icons?: typeof import("../icons");
  private _iconsLoad?: Promise<unknown>;

  private _data = createArticleController(this, () => [this.api, this.site, this.slug]);

  protected override _hydrate(view: ArticleView) {
    this._data.seed([this.api, this.site, this.slug], view);
    // The article is there: as far as the page can tell, it has loaded.
    this.dispatchEvent(new ParleyLoadedEvent(this.site, this.slug));
  }

  override render() {
    const { value, error } = this._data;
    const l = this._locale(value?.site.locale);
    if (error && l) return this._failure(l, error, () => this._data.retry());
    if (!value || !l) return this._ssr ? nothing : html`<div class=load>${skeleton}</div>`;
    this._swap();

    const { site, article: a } = value;
    const page = encodeURIComponent(location.href.split("#")[0]);
    const title = encodeURIComponent(a.title);
    // Decorative: the link around an icon carries the accessible name.
    const link = (href: string, network: Network, label: string, rel = "") =>
      html`<a href=${href} target="_blank" rel="noopener noreferrer ${rel}" aria-label=${label}>
        <svg viewBox="0 0 24 24" aria-hidden="true">${this._icons && svg`<path d=${this._icons.iconPath(network)} />`}</svg>
      </a>`;
    const share = (network: Network, href: string) => link(href, network, t(l, "shareOn", { name: t(l, network) }));
    const links = [...site.links, ...a.links];
    // The thread is the shown article's (`a.slug`), not `slug`'s: a new slug's thread comes with its article's view,
    // in that one request, rather than by a request of the thread's own while the article loads.
    return html`
      <article part="article" dir=${dirOf(l)} class=${this._dark ? "dark" : ""}>
        ${heading(this.headingLevel, a.title)}
        <p class="muted" part="meta" dir="auto">
          ${a.author ? `${a.author} · ` : ""}<time datetime=${a.publishedAt}>${formatDate(a.publishedAt, l)}</time>
        </p>
        <div class="doc" part="body" dir="auto">${renderDoc(a.body, Math.min(this.headingLevel, 2) + 1)}</div>
        <div class="bar">
          ${links.length
            ? html`<nav class="icons" part="links" aria-label=${site.name}>
                ${links.map((s) => link(s.url, s.network, s.label || t(l, s.network), "me"))}
              </nav>`
            : nothing}
          <div class="icons" part="share" role="group" aria-label=${t(l, "share")}>
            <span class="muted">${t(l, "share")}</span>
            ${share("x", `https://x.com/intent/tweet?text=${title}&url=${page}`)}
            ${share("facebook", `https://www.facebook.com/sharer/sharer.php?u=${page}`)}
            ${share("linkedin", `https://www.linkedin.com/sharing/share-offsite/?url=${page}`)}
            ${share("email", `mailto:?subject=${title}&body=${page}`)}
          </div>
        </div>
      </article>
      <parley-comments part="thread" exportparts="heading,sort,comment,author,permalink,body:comment-body,badge,vote,replies,closed,form,input,button,error"
        lang=${l} .site=${this.site} .thread=${a.slug} .api=${this.api} .siteInfo=${site} .view=${value} .formPosition=${this.formPosition}
        .headingLevel=${Math.min(titleLevel(this.headingLevel) + 1, 6)}>
        <slot name="turnstile" slot="turnstile"></slot>
      </parley-comments>
    `;
  }

  // The icons are fetched once the article has painted: their chunk's evaluation and the render it brings would
  // otherwise run before the first frame.
  protected override updated() {
    this._iconsLoad ??= this._data.value && afterPaint().then(() => import("../icons")).then((m) => (this._icons = m), () => {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-article": ParleyArticle;
  }
}
