// The article as <parley-article> paints it (widget/elements/parley-article.ts): title, author and date, body,
// and the bar with the site's and the article's social links and the share links, icons drawn at once.
import { iconPath } from "../../contract/icons";
import { serverLabels } from "../../contract/render";
import { NETWORKS } from "../../contract/schemas";
import type { Article, Network, PublicSite } from "../../contract/types";
import { renderDoc, safeHref } from "./doc";
import { html, type Html } from "./html";
import { dirOf, formatDate } from "../../contract/dates";

export interface ArticleOptions {
  locale: string;
  /** The title's heading level, 1 to 6. */
  headingLevel: number;
  /** The page the article is shown on, without a fragment: what the share links share. */
  pageUrl: string;
}

/** An <h1>, or at another level a heading by its ARIA role, as the widget draws it. */
const heading = (level: number, text: string) =>
  level > 1 && level < 7
    ? html`<div class="title" part="title" role="heading" aria-level="${Math.trunc(level)}" dir="auto">${text}</div>`
    : html`<h1 class="title" part="title" dir="auto">${text}</h1>`;

/** A link around an icon; the icon is decorative, the link carries the name. */
const iconLink = (href: string, network: Network, label: string, rel = "") =>
  html`<a href="${href}" target="_blank" rel="noopener noreferrer ${rel}" aria-label="${label}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${iconPath(network)}"/></svg></a>`;

/** encodeURIComponent for any string: a lone surrogate (which it refuses) becomes U+FFFD. */
const encode = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/** The share links, built as the widget builds them from the page's address and the title. */
export function shareLinks(pageUrl: string, title: string): { network: Network; href: string }[] {
  const page = encode(pageUrl);
  const t = encode(title);
  return [
    { network: "x", href: `https://x.com/intent/tweet?text=${t}&url=${page}` },
    { network: "facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${page}` },
    { network: "linkedin", href: `https://www.linkedin.com/sharing/share-offsite/?url=${page}` },
    { network: "email", href: `mailto:?subject=${t}&body=${page}` },
  ];
}

/** The <article> inside <parley-article>'s shadow root. */
export function renderArticle(site: PublicSite, a: Article, o: ArticleOptions): Html {
  const links = [...site.links, ...a.links].filter((s) => safeHref(s.url) && NETWORKS.includes(s.network));
  const share = shareLinks(o.pageUrl, a.title);
  const L = serverLabels(o.locale);
  return html`<article part="article" dir="${dirOf(o.locale)}" class="">${heading(o.headingLevel, a.title)}<p class="muted" part="meta" dir="auto">${
    a.author ? `${a.author} · ` : ""
  }<time datetime="${a.publishedAt}">${formatDate(a.publishedAt, o.locale)}</time></p><div class="doc" part="body" dir="auto">${renderDoc(
    a.body,
    Math.min(o.headingLevel, 2) + 1,
  )}</div><div class="bar">${
    links.length
      ? html`<nav class="icons" part="links" aria-label="${site.name}">${links.map((s) => iconLink(s.url, s.network, s.label || L[s.network], "me"))}</nav>`
      : ""
  }<div class="icons" part="share" role="group" aria-label="${L.share}"><span class="muted">${L.share}</span>${share.map((s) =>
    iconLink(s.href, s.network, L.shareOnLabel(L[s.network])),
  )}</div></div></article>`;
}
