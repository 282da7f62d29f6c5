// The article page Parley hosts at /p/{site}/{slug}: the fragment in a complete document with what search engines
// and link previews read (canonical URL, description, Open Graph, Twitter card, JSON-LD), and the widget script.
import { FOLD_CHARS, leadText, type Doc } from "../../contract/doc";
import type { ArticleView, PublicComment } from "../../contract/types";
import { THREAD_STYLE } from "./fragment";
import { html, jsonForScript, trusted, type Html } from "./html";
import { localeOf } from "./locale";
import { renderThread, type ThreadOptions } from "./thread";

/** The page's own few rules; like the shadow roots' styles, a strict CSP allows this block by its hash. */
export const PAGE_STYLE =
  ":root{color-scheme:light dark}body{margin:0;font:18px/1.6 system-ui,-apple-system,sans-serif}" +
  "main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem}footer{max-width:46rem;margin:0 auto 2rem;padding:0 1.25rem;font-size:.8em;opacity:.75}";

/** The text of a tree as plain text: blocks on their own lines, read with an explicit stack (any depth). */
export function plainText(doc: Doc): string {
  const out: string[] = [];
  const stack: unknown[] = [doc];
  // Each node is visited once, plus one separator per block.
  while (stack.length) {
    const n = stack.pop() as any;
    if (typeof n === "string") out.push(n);
    else if (Array.isArray(n)) for (let i = n.length; i--; ) stack.push(n[i]);
    else if (n && typeof n === "object") {
      if (n.t === "text" || n.t === "code") out.push(String(n.v ?? ""));
      else if (n.t === "img") out.push(String(n.alt ?? ""));
      else if (n.t === "br") out.push("\n");
      else if (n.t === "pre") out.push(`\n${String(n.v ?? "")}\n`);
      else if (n.t === "table") {
        // Each row ends its line, its cells apart: pushed last row first, each row's parts in reverse.
        const rows = [n.head, ...(Array.isArray(n.rows) ? n.rows : [])].filter(Array.isArray);
        for (let r = rows.length; r--; ) stack.push("\n", ...rows[r].flatMap((cell: unknown) => [cell, " "]).reverse());
      } else {
        // A block ends its line; inline containers (em, strong, del, a) only hold their children.
        if (!["em", "strong", "del", "a"].includes(n.t)) stack.push("\n");
        stack.push(n.items, n.c);
      }
    }
  }
  return out
    .join("")
    .replace(/[ \t]*\n\s*/g, "\n")
    .trim();
}

/** At most `max` characters, cut at a word with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The description: the article's first paragraph, else its title. */
export function describe(view: ArticleView): string {
  const first = view.article.body.find((b) => b?.t === "p");
  return clip((first && plainText([first])) || view.article.title, 160);
}

const person = (name: string) => ({ "@type": "Person", name });

/**
 * The characters of comment text the JSON-LD carries whole (about 5,000 words); after them, each comment's start,
 * as its HTML shows it (see BODY_HTML_CHARS in ./thread).
 */
const LD_TEXT_CHARS = 30_000;

/**
 * Published comments as schema.org Comments, replies nested as their `comment`. A tombstone has neither author
 * nor text: its replies take its place. The page is bounded, and so is the nesting it holds.
 */
function comments(list: PublicComment[], url: string, written = { chars: 0 }): Record<string, unknown>[] {
  return list.flatMap((c) => {
    let text = "";
    if (c.status === "published") text = written.chars < LD_TEXT_CHARS ? plainText(c.body) : leadText(c.body, FOLD_CHARS);
    written.chars += text.length;
    const replies = comments(c.replies, url, written);
    if (!text || !c.authorName) return replies;
    return [
      {
        "@type": "Comment",
        "@id": `${url}#comment-${c.id}`,
        url: `${url}#comment-${c.id}`,
        text,
        datePublished: c.createdAt,
        ...(c.editedAt ? { dateModified: c.editedAt } : {}),
        author: person(c.authorName),
        upvoteCount: c.votes,
        ...(replies.length ? { comment: replies } : {}),
      },
    ];
  });
}

/**
 * The JSON-LD: an Article (headline, dates, author, image, publisher) at `url` with the page of comments shown
 * at `commentsUrl` (the article's page for the first one).
 */
export function structuredData(view: ArticleView, url: string, commentsUrl = url): Record<string, unknown> {
  const { site, article: a, thread } = view;
  return {
    "@context": "https://schema.org",
    "@type": "Article",
    "@id": url,
    headline: clip(a.title, 110),
    description: describe(view),
    datePublished: a.publishedAt,
    author: a.author ? person(a.author) : { "@type": "Organization", name: site.name },
    publisher: { "@type": "Organization", name: site.name },
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    ...(a.image ? { image: [a.image] } : {}),
    commentCount: thread.total,
    interactionStatistic: { "@type": "InteractionCounter", interactionType: "https://schema.org/CommentAction", userInteractionCount: thread.total },
    comment: comments(thread.comments, commentsUrl),
  };
}

/**
 * An article's address on the blog, where links to it and its comments go; null without one. The API takes only
 * http(s) addresses: anything else (data stored some other way) is not used as a link.
 */
export const blogUrlOf = (a: { url?: string | null }) => (a.url && /^https?:\/\//i.test(a.url) ? a.url : null);

export interface PageOptions {
  /** The page's own absolute address: canonical, og:url, and where permalinks point. */
  url: string;
  /** The worker's origin: where widget.js comes from. */
  origin: string;
  lang?: string;
}

/** A whole document: the lines every page's head has, then the page's own (`head`), and its body. */
function documentOf(o: { lang: string; title: string; head: Html; main: Html; footer?: string }): Html {
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<style>${trusted(PAGE_STYLE)}</style>
${o.head}
</head>
<body>
<main>${o.main}</main>
${o.footer ? html`<footer>${o.footer}</footer>` : ""}
</body>
</html>
`;
}

/** The complete document around an already rendered fragment. */
export function renderPage(view: ArticleView, fragment: Html, o: PageOptions): Html {
  const { site, article: a } = view;
  const description = describe(view);
  const image = a.image && /^https?:/i.test(a.image) ? a.image : null;
  const meta = (property: string, content: string) => html`<meta property="${property}" content="${content}">`;
  // An article with its address on the blog has its canonical page there: this copy names it, so that search
  // engines index the blog's page rather than two.
  const canonical = blogUrlOf(a) ?? o.url;
  const head = html`<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">
<link rel="icon" href="data:,">
${meta("og:type", "article")}
${meta("og:title", a.title)}
${meta("og:description", description)}
${meta("og:url", canonical)}
${meta("og:site_name", site.name)}
${image ? meta("og:image", image) : ""}
${meta("article:published_time", a.publishedAt)}
${a.author ? meta("article:author", a.author) : ""}
<meta name="twitter:card" content="${image ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${a.title}">
<meta name="twitter:description" content="${description}">
${image ? html`<meta name="twitter:image" content="${image}">` : ""}
<script type="application/ld+json">${jsonForScript(structuredData(view, canonical))}</script>
<script type="module" src="${o.origin}/widget.js"></script>`;
  const title = `${a.title} · ${site.name}`;
  return documentOf({ lang: localeOf(o.lang, site.locale), title, head, main: fragment, footer: `${site.name} · comments by Parley` });
}

/**
 * A later page of an article's comments (/p/{site}/{slug}?cursor=…): what "Load more" links to for readers
 * without JavaScript and for crawlers. The comments, a link back to the article, the link to the next page; no
 * widget, since the article's own page is where readers post.
 */
export function renderLaterPage(view: ArticleView, o: { url: string; articleUrl: string; now: number } & Pick<ThreadOptions, "whole" | "wholeUrl">): Html {
  const { site, article: a } = view;
  const locale = localeOf(undefined, site.locale);
  const thread = renderThread(view.thread, { locale, pageUrl: o.url, now: o.now, archive: true, hostedUrl: o.articleUrl, whole: o.whole, wholeUrl: o.wholeUrl });
  const head = html`<link rel="canonical" href="${o.url}">
<link rel="icon" href="data:,">
<script type="application/ld+json">${jsonForScript(structuredData(view, o.articleUrl, o.url))}</script>`;
  const main = html`<h1 dir="auto"><a href="${o.articleUrl}">${a.title}</a></h1><parley-comments lang="${locale}"><template shadowrootmode="open"><style>${trusted(
    THREAD_STYLE,
  )}</style>${thread}</template></parley-comments>`;
  return documentOf({ lang: locale, title: `${a.title} · ${site.name}`, head, main, footer: `${site.name} · comments by Parley` });
}

/** A page for an address that shows nothing (not found, or a bad cursor): HTML like the page it stands for. */
export function renderNotFound(message: string, title = "Not found"): Html {
  return documentOf({ lang: "en", title: `${title} · Parley`, head: html`<meta name="robots" content="noindex">`, main: html`<h1>${title}</h1><p>${message}</p>` });
}
