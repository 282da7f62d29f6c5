// <parley-comments>: one comment thread with sorting, paging and nested replies. It loads when it comes near the
// viewport; what readers do (forms, votes, long reply chains, permalinks) comes in a lazy chunk after the first paint.
import { html, nothing } from "lit";
import { property, state } from "./decorators";
import { isLong } from "../../worker/contract/doc";
import type { PublicSite, ThreadPage, ThreadView } from "../../worker/contract/types";
import { ParleyLoadedEvent } from "../events";
import { readerState } from "../api/comments";
import { sortOf, type Sort } from "../api/local";
import type { ThreadExtras } from "../controllers/thread-context";
import { ThreadController } from "../controllers/thread-controller";
import { ago, dirOf, formatDate, t } from "../i18n/index";
import { isolated, renderDoc, skeleton } from "../render/doc";
import { THREAD_SHEETS } from "../styles/base";
import { createThread, shownCount, type ShownComment } from "../model/thread-model";
import { litStyles, ParleyElement } from "./parley-element";
import { takeEarly } from "./early";
import { afterPaint } from "./paint";

/** Runs `go` once the page has loaded and the browser has a moment to spare. */
const whenIdle = (go: () => void) => {
  const idle = () => (self.requestIdleCallback ?? setTimeout)(go);
  document.readyState == "complete" ? idle() : addEventListener("load", idle, { once: true });
};

/** "Could not load." with Retry, beside what failed to change (the order, "Load more"): what was shown stays. */
const failedNote = (l: string, retry: () => void) =>
  html`<p class=err part=error role=alert>${t(l, "loadFailed")} <button class=link part=button @click=${retry}>${t(l, "retry")}</button></p>`;

/**
 * A comment thread. `thread` defaults to the page's path. It loads when it comes within 600px of the viewport,
 * when the page links to one of its comments (`#comment-ID`), or once the page has loaded and the browser is
 * idle; until then a placeholder holds its place.
 *
 * @attr form-position - `above` puts the new-comment form above the comments; `below` (the default) after them.
 * @attr lang - The interface language (de, fr, es, pt, ja, zh, ar; anything else is English). Defaults to the
 *   page's `<html lang>`, then to the site's locale. Arabic (and he, fa, ur) lay out right to left.
 * @fires parley-loaded - The first page of comments arrived (again after a re-sort).
 * @fires parley-error - Loading, posting, editing, deleting or voting failed; `code` is the API's error code.
 * @fires parley-comment-posted - A reader posted a comment or reply; it is already shown. `detail` is the comment.
 * @slot turnstile - Where the Cloudflare Turnstile challenge is rendered, for sites that use it. The element fills
 *   it itself: Turnstile cannot render inside a shadow root.
 * @csspart thread - The whole section.
 * @csspart heading - The "N comments" heading.
 * @csspart sort - The sort select.
 * @csspart comment - One comment (without its replies).
 * @csspart author - A comment's author name.
 * @csspart permalink - A comment's date, a link to the comment.
 * @csspart body - A comment's text, or the "Comment deleted" placeholder.
 * @csspart badge - The "Awaiting moderation" and "Pinned" badges.
 * @csspart vote - The upvote button with its count.
 * @csspart replies - The replies under a comment: a group named "Replies to NAME".
 * @csspart closed - The "Comments are closed" notice.
 * @csspart form - The new-comment, reply and edit forms.
 * @csspart input - Form controls.
 * @csspart button - Every button.
 * @csspart error - Error messages.
 * @cssprop --parley-accent - Links, the post button, focus rings, a highlighted comment.
 * @cssprop --parley-bg - The background with a `theme`; buttons and form controls.
 * @cssprop --parley-fg - Text colour (inherits by default).
 * @cssprop --parley-muted - Secondary text.
 * @cssprop --parley-border - Borders and reply lines.
 * @cssprop --parley-radius - Corner radius.
 * @cssprop --parley-gap - Space between comments.
 */
export class ParleyComments extends ParleyElement {
  static override styles = litStyles(THREAD_SHEETS);

  /** Thread key; defaults to `location.pathname`. */
  @property() thread?: string;
  /**
   * The site's public profile (Turnstile key, edit window, locale). <parley-article> passes the one it has
   * already loaded; left unset, it is fetched along with the thread.
   */
  @property({ attribute: false }) siteInfo?: PublicSite;
  /**
   * The view of an article holding this thread's first page, set by <parley-article>: shown at once, with no load
   * of its own. A server-rendered copy (no form token) asks only for the reader's part, and the page if it changed.
   */
  @property({ attribute: false }) view?: { thread: ThreadPage; tag: string };
  /** Where the new-comment form sits: `below` the comments (the default) or `above` them. */
  @property({ attribute: "form-position" }) formPosition?: "above" | "below";
  /**
   * The level of the "N comments" heading, set by <parley-article> to one below its title's: an <h2> that says
   * another level with aria-level.
   */
  @property({ attribute: false }) headingLevel = 2;

  /** The order asked for (shown once it has loaded); starts as the one the reader last chose on this site. */
  @state() private _sort?: Sort;
  /** Whether the thread is wanted: near the viewport, linked to, or the page is idle. */
  @state() private _near = false;
  /** What the lazy chunk renders (forms, votes, reply chains), once it is in. */
  @state() private _extras?: ThreadExtras;
  private _chunk?: Promise<unknown>;
  private _io?: IntersectionObserver;
  /** The view whose page the thread shows, once taken. */
  private _taken?: object;
  /**
   * A server-rendered element: inside <parley-article>'s HTML, which the article replaces (it loads nothing), or
   * alone, filled with its view by widget.js (see prerender), which it takes as loaded.
   */
  private _copy = this.shadowRoot;

  private _threadKey = () => this.thread || location.pathname;
  private _thread = new ThreadController(
    this,
    () => this._near && [this.api, this.site, this._threadKey(), (this._sort ??= sortOf(this.site))],
  );
  /** The address of a comment on the host page: what its date links to. */
  private _link = (id: string) => `${location.href.split("#")[0]}#comment-${id}`;

  override connectedCallback() {
    super.connectedCallback();
    const go = () => {
      this._near = true;
      this._io?.disconnect();
    };
    // A thread that came with its article (`view`) is wanted already: nothing to watch for.
    this._near ||= !!this.view;
    if (!this._near && !this._copy) {
      (this._io = new IntersectionObserver((e) => e.some((x) => x.isIntersecting) && go(), { rootMargin: "600px" })).observe(this);
      // Already near the viewport: start now rather than a frame later, when the observer first reports.
      if (location.hash.startsWith("#comment-") || this.getBoundingClientRect().top < innerHeight + 600) go();
      whenIdle(go);
    }
  }

  protected override willUpdate() {
    super.willUpdate();
    const view = this.view;
    if (view && view != this._taken) {
      this._taken = view;
      this._take(view.thread);
      if (!view.thread.formToken)
        // "Load more" waits for this answer (`ready`), so that it continues from a changed first page.
        this._thread.ready = readerState(this.api, this.site, this._threadKey(), sortOf(this.site), view.tag).then(
          (s) =>
            // A reader who chose another order meanwhile has its first page coming, with a reader's part of its own.
            this._sort == view.thread.sort &&
            // Unchanged, or grown by "Load more" (which waits only so long), the page shown takes the reader's part.
            (this._take(
              s.thread && !this._thread.grown ? s.thread : Object.assign(this._thread.value as ThreadPage, { own: s.own, formToken: s.formToken }),
            ),
            this.requestUpdate()),
          () => {},
        );
    }
  }

  protected override _hydrate(view: ThreadView) {
    this.siteInfo = view.site;
    this.view = view;
    this.dispatchEvent(new ParleyLoadedEvent(this.site, this._threadKey()));
  }

  /** Shows a first page that arrived with the article, in its order, as if it had been loaded here. */
  private _take(page: ThreadPage) {
    this._thread.seed([this.api, this.site, this._threadKey(), (this._sort = page.sort)], createThread(page));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._io?.disconnect();
  }

  override render() {
    const { value: page, error } = this._thread;
    const l = this._locale(this.siteInfo?.locale);
    const retry = () => this._thread.retry();
    if (!page || !l) return error && l ? this._failure(l, error, retry) : this._copy ? nothing : html`<div class=load>${skeleton}</div>`;
    this._swap();
    const x = this._extras;
    // A tombstone keeps its place and its replies; nothing of what it was is left to show.
    const comment = (c: ShownComment, depth: number, parent?: ShownComment): unknown => isolated(() => html`
      <article class=c part=comment id="comment-${c.id}">
        ${c.status == "deleted"
          ? html`<p class=muted part=body>${t(l, "deleted")}</p>`
          : html`
              <div class=meta>
                <span class=av aria-hidden=true>${[...c.authorName][0]}</span>
                <strong part=author dir=auto>${c.authorName}</strong>
                <a class=muted part=permalink href=${this._link(c.id)}>
                  <time datetime=${c.createdAt} title=${formatDate(c.createdAt, l, true)}>${ago(c.createdAt, l)}</time>
                </a>
                ${depth > 4 ? x?.inReplyTo(parent!, l) : nothing}
                ${c.editedBy
                  ? html`<span class=muted title=${formatDate(c.editedAt!, l, true)}>
                      ${t(l, c.editedBy == "author" ? "edited" : "editedByModerator")}
                    </span>`
                  : nothing}
                ${c.pinned ? html`<span class="badge pin" part=badge>${t(l, "pinned")}</span>` : nothing}
                ${c.status == "pending" ? html`<span class=badge part=badge>${t(l, "pending")}</span>` : nothing}
              </div>
              ${x?.body(c, l) ??
              html`<div class=${isLong(c.body) && !x?.unfolded.has(c.id) ? "doc long" : "doc"} part=body dir=auto>${renderDoc(c.body)}</div>`}
              ${x?.tools(c, l) ?? html`<div class=tools></div>`}
            `}
      </article>
      ${c.replies.length && !x?.folded.has(c.id)
        ? html`<div class=${depth < 4 ? "replies" : ""} part=replies role=group id="replies-${c.id}"
            aria-label=${t(l, c.authorName ? "repliesTo" : "repliesToDeleted", { name: c.authorName })}>${c.replies.map((r) => comment(r, depth + 1, c))}</div>`
        : nothing}
      ${x?.after(c, l)}
    `);
    // Until the lazy chunk brings the form, its space is held: nothing below moves when it arrives.
    const form = x ? x.form(l) : page.thread.closed ? nothing : html`<div class=fslot></div>`;
    const above = this.formPosition == "above";
    return html`
      <section part=thread dir=${dirOf(l)} class=${this._dark ? "dark" : ""}>
        <div class=head>
          <h2 part=heading aria-level=${this.headingLevel != 2 ? this.headingLevel : nothing}>${t(l, "comments", { n: shownCount(page) })}</h2>
          <select part=sort aria-label=${t(l, "sort")} .value=${error ? page.sort : this._sort!}
            @change=${(e: Event) => (this._sort = (e.target as HTMLSelectElement).value as Sort)}>
            <option value=oldest>${t(l, "oldest")}</option>
            <option value=newest>${t(l, "newest")}</option>
            <option value=top>${t(l, "top")}</option>
          </select>
        </div>
        ${error ? failedNote(l, retry) : nothing}
        ${above ? form : nothing}
        ${page.comments.length ? page.comments.map((c) => comment(c, 1)) : html`<p class=muted>${t(l, "empty")}</p>`}
        ${page.nextCursor
          ? html`<button class=more part=button @click=${() => this._thread.more(true)}>${t(l, "more")}</button>
              ${this._thread.failedMore == page ? failedNote(l, () => this._thread.more(true)) : nothing}`
          : nothing}
        ${page.thread.closed ? html`<p class=notice part=closed>${t(l, "THREAD_LOCKED")}</p>` : nothing}
        ${above ? nothing : form}
      </section>
    `;
  }

  // The lazy chunk is fetched once the thread has painted: evaluated before that, it and the render it brings
  // would run ahead of the first frame (a chunk from a near server arrives within one). Its controllers
  // see the element only through the context: they change the thread through its model.
  protected override updated() {
    // What the reader did to the server's HTML before this element took it over: noted until it is replaced (which
    // may be an update or two after the view was taken, while the thread's language loads), acted on here.
    const did = this._thread.value && takeEarly(this.site, this._threadKey());
    if (did == "more") void this._thread.more();
    else if (did) this._sort = did as Sort;
    this._chunk ??=
      this._thread.value &&
      afterPaint().then(() => import("../controllers/extras")).then(
        (m) =>
          (this._extras = m.start({
            host: this,
            thread: this._threadKey,
            model: () => this._thread.value!,
            more: () => this._thread.more(),
            link: this._link,
          })),
        () => {},
      );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-comments": ParleyComments;
  }
}
