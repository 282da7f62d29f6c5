// <parley-article>: an article with its author, date, social and share links, followed by its comment thread.
import { css, html, nothing } from "lit";
import { property } from "lit/decorators.js";
import type { Network } from "../../worker/contract/types";
import { createArticleController } from "../controllers/article-controller";
import { icon } from "../icons";
import { formatDate, loadErrorKey, localeOf, t } from "../i18n/index";
import { renderDoc, skeleton } from "../render/doc";
import { base } from "../styles/base";
import { ParleyElement } from "./parley-element";

/**
 * An article and its comments.
 *
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
 * @csspart thread - The comment section. Its parts heading, sort, comment, author, badge, form, input, button and
 *   error are exported too, and its comment text as `comment-body`.
 * @cssprop --parley-accent - Links, the post button, focused controls.
 * @cssprop --parley-bg - Background of buttons and form controls.
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

  private _data = createArticleController(this, () => [this.api, this.site, this.slug]);

  override render() {
    const l = localeOf(this);
    const { value, error } = this._data;
    if (error)
      return html`<p role="alert" part="error">${t(l, loadErrorKey(error))}</p>`;
    if (!value) return html`<div class="load">${skeleton}</div>`;

    const { site, article: a } = value;
    const page = encodeURIComponent(location.href.split("#")[0]);
    const title = encodeURIComponent(a.title);
    const link = (href: string, network: Network, label: string, rel = "") =>
      html`<a href=${href} target="_blank" rel="noopener noreferrer ${rel}" aria-label=${label}>${icon(network)}</a>`;
    const share = (network: Network, href: string) => link(href, network, t(l, "shareOn", { name: t(l, network) }));
    const links = [...site.links, ...a.links];
    return html`
      <article part="article">
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
      <parley-comments part="thread" exportparts="heading,sort,comment,author,body:comment-body,badge,form,input,button,error"
        lang=${l} .site=${this.site} .thread=${this.slug} .api=${this.api} .siteInfo=${site}>
        <slot name="turnstile" slot="turnstile"></slot>
      </parley-comments>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-article": ParleyArticle;
  }
}
