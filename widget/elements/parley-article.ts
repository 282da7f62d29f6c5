// <parley-article>: an article with its author, date, social and share links, followed by its comment thread.
import { css, html, nothing, svg } from "lit";
import { property, state } from "./decorators";
import type { Network } from "../../worker/contract/types";
import { createArticleController } from "../controllers/article-controller";
import { dirOf, formatDate, loadErrorKey, t } from "../i18n/index";
import { renderDoc, skeleton } from "../render/doc";
import { base } from "../styles/base";
import { ParleyElement } from "./parley-element";

/**
 * An article and its comments. The thread loads as `<parley-comments>` does (near the viewport); when the page
 * links to a comment (`#comment-ID`) or the reader is already scrolled into the article, it loads alongside it.
 *
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
  static override styles = [
    base,
    css`
      h2 { font-size: 2em; margin: 0 }
      .bar { display: flex; flex-wrap: wrap; justify-content: space-between; gap: var(--g); margin: 2em 0; padding: var(--g) 0; border-block: 1px solid var(--b) }
      .icons { display: flex; align-items: center; gap: .8em }
      .icons a { color: var(--m) }
      a:hover { color: var(--a) }
      .load { min-height: 30em }
    `,
  ];

  @property() slug = "";
  /** The network icons, from their lazy chunk; until then each icon is an empty box of its size. */
  @state() private _icons?: typeof import("../icons");
  private _iconsLoad?: Promise<unknown>;

  private _data = createArticleController(this, () => [this.api, this.site, this.slug]);

  override render() {
    const { value, error } = this._data;
    const l = this._locale(value?.site.locale);
    if (error && l)
      return html`<p role=alert part=error>
        ${t(l, loadErrorKey(error))} <button part=button @click=${() => this._data.retry()}>${t(l, "retry")}</button>
      </p>`;
    if (!value || !l) return html`<div class=load>${skeleton}</div>`;

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
    return html`
      <article part="article" dir=${dirOf(l)}>
        <h2 part="title">${a.title}</h2>
        <p class="muted" part="meta">
          ${a.author ? `${a.author} · ` : ""}<time datetime=${a.publishedAt}>${formatDate(a.publishedAt, l)}</time>
        </p>
        <div class="doc" part="body">${renderDoc(a.body)}</div>
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
        lang=${l} .site=${this.site} .thread=${this.slug} .api=${this.api} .siteInfo=${site}>
        <slot name="turnstile" slot="turnstile"></slot>
      </parley-comments>
    `;
  }

  // The icons are fetched once the article has shown, so they never hold up the first paint.
  protected override updated() {
    this._iconsLoad ??= this._data.value && import("../icons").then((m) => (this._icons = m), () => {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-article": ParleyArticle;
  }
}
