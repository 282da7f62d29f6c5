// The comment thread as <parley-comments> paints it before its lazy chunk arrives (widget/elements/parley-comments.ts):
// the same elements, classes, parts and attributes, with a notice where the form goes, since posting needs the script.
import { serverLabels } from "../../contract/render";
import { FOLD_CHARS, isLong, leadText } from "../../contract/doc";
import type { PublicComment, ThreadPage } from "../../contract/types";
import { encodeCursor } from "../../lib/cursor";
import { renderDoc } from "./doc";
import { html, trusted, type Html } from "./html";
import { ago, dirOf, formatDate } from "../../contract/dates";

export interface ThreadOptions {
  locale: string;
  /** The page the thread is shown on, without a fragment: what a comment's date links to (`#comment-ID`). */
  pageUrl: string;
  formPosition?: "above" | "below";
  /**
   * The level of the thread's "N comments" heading, one below its article's title: an <h2> that says another level
   * with aria-level (2, the default, says nothing), as <parley-comments> renders it.
   */
  headingLevel?: number;
  now: number;
  /**
   * The article's page hosted by Parley (/p/{site}/{slug}): "Load more" links to its later pages, for readers without
   * JavaScript and for crawlers, and a cut comment (see `body`) to a page of it where the comment shows whole.
   */
  hostedUrl?: string;
  /** The comment this page shows whole wherever it is (/p/…?whole=ID, where a cut comment's link leads). */
  whole?: string;
  /**
   * Where a cut comment's link leads, when not to the hosted page that lists its top-level comment (wholeCommentUrl):
   * a page of a long reply chain's later replies links to itself.
   */
  wholeUrl?: (c: PublicComment) => string;
  /**
   * A later page of comments on a page without the widget (/p/{site}/{slug}?cursor=…): no form and no sort menu,
   * and the link to the next page shown to everyone.
   */
  archive?: boolean;
  /**
   * For the widget, which puts the HTML in with script: no <noscript> parts. HTML parsed that way is parsed with
   * scripting off, so their content (the notice, the style sheet that hides the form's space) would show.
   */
  scripted?: boolean;
}

/** Published comments plus pending ones in the tree (the widget's shownCount: a reader's own held ones). */
function shownCount(page: ThreadPage): number {
  let pending = 0;
  const stack = [...page.comments];
  // Each comment is visited once.
  while (stack.length) {
    const c = stack.pop()!;
    if (c.status == "pending") pending++;
    stack.push(...c.replies);
  }
  return page.total + pending;
}

type Labels = ReturnType<typeof serverLabels>;

/**
 * The characters of comment HTML a page writes before its long comments show as the start of their text: a page's
 * comments are bounded in bytes (LIMITS.threadPageBytes), but the largest, most nested ones a reader may post make
 * two to five times as much HTML, which a request must write and encode. Twenty comments of 2,500 characters of
 * prose stay under it.
 */
export const BODY_HTML_CHARS = 60_000;

/** The hosted page of comments after `cursor`, for readers without JavaScript and for crawlers. */
export const laterPageUrl = (hostedUrl: string, cursor: string) => `${hostedUrl}?cursor=${encodeURIComponent(cursor)}`;

/**
 * The hosted page of a long reply chain: top-level comment `rootId` and its replies after `cursor` (its
 * `moreReplies`; none: from its first reply), for readers without JavaScript and for crawlers.
 */
export const repliesPageUrl = (hostedUrl: string, rootId: string, cursor: string | null) =>
  `${hostedUrl}?replies=${rootId}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;

/**
 * Where a cut comment (see `body`) shows whole: the hosted page that holds it, asked to show it whole (`whole`). A
 * comment under a pinned one is on every first page (pinned comments are not on later ones); any other is on the
 * later page that begins with its top-level comment (the hosted pages list comments oldest first), whatever order the
 * page that cut it had.
 */
export function wholeCommentUrl(hostedUrl: string, c: PublicComment, root: PublicComment): string {
  const page = root.pinned ? `${hostedUrl}?` : `${laterPageUrl(hostedUrl, encodeCursor({ sort: "oldest", at: Date.parse(root.createdAt) - 1, id: "~" }))}&`;
  return `${page}whole=${c.id}#comment-${c.id}`;
}

/** How much of a page's BODY_HTML_CHARS its comments have written so far. */
interface Written {
  chars: number;
}

/**
 * A comment's text. A long one is folded, as the widget folds it; its "Show more" button comes with the widget's
 * lazy chunk, in the row of tools under the comment, whose space is held. Without JavaScript the no-script style
 * sheet unfolds it. A later page without the widget folds nothing. Once the page has written BODY_HTML_CHARS, a
 * long comment shows the start of its text (at most FOLD_CHARS), as plain text in a box of its fold's height
 * (`cut`), until the widget renders it whole from the view; a short one still shows whole, and so does the page's
 * `whole` comment. Where the article has a hosted page (`hostedUrl`), the start is followed by a link to the page of it
 * where the comment shows whole (wholeCommentUrl): readers without JavaScript and crawlers read it there.
 */
function body(c: PublicComment, o: ThreadOptions, written: Written, root: PublicComment, L: Labels): Html {
  const long = isLong(c.body);
  const fold = !o.archive && long ? "doc long" : "doc";
  if (long && written.chars >= BODY_HTML_CHARS && c.id != o.whole) {
    const whole = o.hostedUrl && html`<p><a href="${o.wholeUrl?.(c) ?? wholeCommentUrl(o.hostedUrl, c, root)}">${L.wholeComment}</a></p>`;
    return html`<div class="${fold} cut" part="body" dir="auto"><p>${leadText(c.body, FOLD_CHARS)}</p>${whole}</div>`;
  }
  const out = html`<div class="${fold}" part="body" dir="auto">${renderDoc(c.body)}</div>`;
  written.chars += out.toString().length;
  return out;
}

/**
 * When a comment was written: "3 hours ago", as the widget says it. HTML read without scripts (a static build's
 * fragment, a search engine, a reader without JavaScript) may be read long after it was made, when "3 hours ago" is
 * wrong: there the date shows instead ("March 3, 2026", through NOSCRIPT_STYLE; hidden elsewhere, so that hydrating
 * changes no word), and a later page for such readers shows only the date.
 */
function when(at: string, o: ThreadOptions): Html | string {
  const l = o.locale;
  if (o.archive) return formatDate(at, l);
  const relative = ago(at, l, o.now);
  return o.scripted ? relative : html`<span class="rel">${relative}</span><span class="abs" hidden>${formatDate(at, l)}</span>`;
}

/** Replies nest as deep as the page holds them; the page itself is bounded (one page of a thread). */
function comment(c: PublicComment, depth: number, o: ThreadOptions, L: Labels, written: Written, root = c): Html {
  const l = o.locale;
  const own =
    c.status == "deleted"
      ? html`<p class="muted" part="body">${L.deleted}</p>`
      : html`<div class="meta"><span class="av" aria-hidden="true">${[...c.authorName][0]}</span><strong part="author" dir="auto">${c.authorName}</strong><a class="muted" part="permalink" href="${`${o.pageUrl}#comment-${c.id}`}"><time datetime="${c.createdAt}" title="${formatDate(c.createdAt, l, true)}">${when(c.createdAt, o)}</time></a>${
          c.editedBy && c.editedAt
            ? html`<span class="muted" title="${formatDate(c.editedAt, l, true)}">${c.editedBy == "author" ? L.edited : L.editedByModerator}</span>`
            : ""
        }${c.pinned ? html`<span class="badge pin" part="badge">${L.pinned}</span>` : ""}${
          c.status == "pending" ? html`<span class="badge" part="badge">${L.pending}</span>` : ""
        }</div>${body(c, o, written, root, L)}<div class="tools"></div>`;
  // A group named after the comment it answers, which the widget's "Hide replies" controls (by its id).
  const replies = c.replies.length
    ? html`<div class="${depth < 4 ? "replies" : ""}" part="replies" role="group" id="replies-${c.id}" aria-label="${
        c.authorName ? L.repliesTo.replace("{name}", () => c.authorName) : L.repliesToDeleted
      }">${c.replies.map((r) => comment(r, depth + 1, o, L, written, root))}</div>`
    : "";
  // A reply chain that goes on (a top-level comment's `moreReplies`): the widget's lazy chunk brings its button;
  // without JavaScript, a link to the hosted page of its next replies.
  const on = c.moreReplies && o.hostedUrl && !o.scripted
    ? html`<div class="replies"><p class="notice"><a href="${repliesPageUrl(o.hostedUrl, c.id, c.moreReplies)}">${L.moreReplies}</a></p></div>`
    : "";
  return html`<article class="c" part="comment" id="comment-${c.id}">${own}</article>${replies}${on && !o.archive ? html`<noscript>${on}</noscript>` : on}`;
}

const SORTS = ["oldest", "newest", "top"] as const;

/**
 * The style sheet that only a browser without scripts applies: the form's held space goes to the notice,
 * "Load more" and the sort menu, which need the widget, are not offered, long comments show unfolded, and each
 * comment's date shows instead of its time ago (see `when`).
 */
export const NOSCRIPT_STYLE = ".fslot,.more,.head select,.rel{display:none}.long{max-height:none;mask-image:none}.long.cut{height:auto}.abs[hidden]{display:inline}";

/** The <section> inside <parley-comments>'s shadow root. */
export function renderThread(page: ThreadPage, o: ThreadOptions): Html {
  const L = serverLabels(o.locale);
  const written: Written = { chars: 0 };
  const noscript = (content: Html | "") => !o.scripted && html`<noscript>${content}</noscript>`;
  const noscriptStyle = html`<style>${trusted(NOSCRIPT_STYLE)}</style>`;
  // Where the form goes: the space it takes, held until the widget's form arrives; without JavaScript, a notice
  // (and a style sheet that gives the space up), which browsers running scripts ignore. A closed thread has no
  // form, but its "Load more" and sort menu still need the style sheet.
  const form = page.thread.closed || o.archive
    ? ""
    : html`<div class="fslot" data-failed="${L.codeFailed}"></div>${noscript(html`<p class="notice" part="form">${L.needsScript}</p>${noscriptStyle}`)}`;
  const above = o.formPosition == "above";
  const sort = o.archive
    ? ""
    : html`<select part="sort" aria-label="${L.sort}">${SORTS.map((s) => html`<option value="${s}"${page.sort == s ? html` selected` : ""}>${L[s]}</option>`)}</select>`;
  // "Load more" needs the widget; without it, a link to the next page (the widget's own rendering has neither).
  const next = page.nextCursor && o.hostedUrl ? html`<p class="notice"><a href="${laterPageUrl(o.hostedUrl, page.nextCursor)}">${L.more}</a></p>` : "";
  const more = !page.nextCursor || o.archive ? next : html`<button class="more" part="button">${L.more}</button>${next && noscript(next)}`;
  return html`<section part="thread" dir="${dirOf(o.locale)}" class=""><div class="head"><h2 part="heading"${o.headingLevel && o.headingLevel != 2 ? html` aria-level="${o.headingLevel}"` : ""}>${L.commentsLabel(shownCount(page))}</h2>${sort}</div>${above ? form : ""}${
    page.comments.length ? page.comments.map((c) => comment(c, 1, o, L, written)) : html`<p class="muted">${L.empty}</p>`
  }${more}${
    page.thread.closed ? html`<p class="notice" part="closed">${L.closed}</p>${o.archive ? "" : noscript(noscriptStyle)}` : ""
  }${above ? "" : form}</section>`;
}
