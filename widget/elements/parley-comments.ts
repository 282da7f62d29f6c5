// <parley-comments>: one comment thread with sorting, paging and nested replies. The forms to join in (and to
// edit or delete one's own comments) come in a lazy chunk that loads as soon as the thread shows.
import { css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import type { PublicComment, PublicSite } from "../../worker/contract/types";
import type { Sort } from "../api/comments";
import type { FormsController } from "../controllers/forms-controller";
import { ThreadController } from "../controllers/thread-controller";
import { formatDate, loadErrorKey, localeOf, t } from "../i18n/index";
import { renderDoc, skeleton } from "../render/doc";
import { base } from "../styles/base";
import { ParleyElement } from "./parley-element";

/**
 * A comment thread. `thread` defaults to the page's path.
 *
 * @fires parley-loaded - The first page of comments arrived.
 * @fires parley-error - Loading, posting, editing or deleting failed; `code` is the API's error code.
 * @fires parley-comment-posted - A reader posted a comment or reply; it is already shown.
 * @slot turnstile - Where the Cloudflare Turnstile challenge is rendered, for sites that use it. The element fills
 *   it itself: Turnstile cannot render inside a shadow root.
 * @csspart thread - The whole section.
 * @csspart heading - The "N comments" heading.
 * @csspart sort - The sort select.
 * @csspart comment - One comment (without its replies).
 * @csspart author - A comment's author name.
 * @csspart body - A comment's text, or the "Comment deleted" placeholder.
 * @csspart badge - The "Awaiting moderation" and "Pinned" badges.
 * @csspart replies - The replies under a comment.
 * @csspart closed - The "Comments are closed" notice.
 * @csspart form - The new-comment, reply and edit forms.
 * @csspart input - Form controls.
 * @csspart button - Every button.
 * @csspart error - Error messages.
 * @cssprop --parley-accent - Links, the post button, focused controls.
 * @cssprop --parley-bg - Background of buttons and form controls.
 * @cssprop --parley-fg - Text colour (inherits by default).
 * @cssprop --parley-muted - Secondary text.
 * @cssprop --parley-border - Borders and reply lines.
 * @cssprop --parley-radius - Corner radius.
 * @cssprop --parley-gap - Space between comments.
 */
export class ParleyComments extends ParleyElement {
  static override styles = [
    base,
    css`
      .head { display: flex; justify-content: space-between; align-items: center; padding-bottom: .6em; border-bottom: 1px solid var(--b) }
      h2 { font-size: 1.2em; margin: 0 }
      .c { margin: var(--g) 0 }
      .meta, .tools { display: flex; flex-wrap: wrap; align-items: center; gap: .6em }
      .av { width: 2em; line-height: 2em; border-radius: 50%; text-align: center; text-transform: uppercase; background: color-mix(in srgb, var(--a) 15%, transparent); color: var(--a) }
      .badge { font-size: .75em; padding: 0 .6em; border-radius: 1em; background: #fde68a; color: #713f12 }
      .pin { background: var(--b); color: inherit }
      .replies { padding-left: 1.2em; border-left: 2px solid var(--b) }
      .notice { padding: 1em; text-align: center; border-radius: var(--r); background: var(--b) }
      .more { display: block; margin: auto }
      form, label, .row { display: grid; gap: .8em }
      label { gap: .3em }
      .row { grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)) }
      textarea { min-height: 6em }
      .actions { display: flex; gap: .5em; justify-content: flex-end }
      .sr { position: absolute; top: -1e4px; width: 1px; height: 1px; overflow: hidden }
    `,
  ];

  /** Thread key; defaults to `location.pathname`. */
  @property() thread?: string;
  /**
   * The site's public profile (Turnstile key, edit window). <parley-article> passes the one it has already
   * loaded; left unset, it is fetched along with the thread.
   */
  @property({ attribute: false }) siteInfo?: PublicSite;

  @state() private _sort: Sort = "oldest";
  /** What the polite live region says: the outcome of the reader's last post, edit or delete. */
  @state() _said = "";
  /** The forms, from their lazy chunk; shared members below are the widget's internals, not public API. */
  _forms?: FormsController;
  private _formsLoad?: Promise<unknown>;

  _threadKey = () => this.thread || location.pathname;
  _thread = new ThreadController(this, () => [this.api, this.site, this._threadKey(), this._sort]);

  override render() {
    const l = localeOf(this);
    const { value: page, error } = this._thread;
    if (!page)
      return error ? html`<p class="notice" role="alert" part="error">${t(l, loadErrorKey(error))}</p>` : skeleton;
    const forms = this._forms;
    // A tombstone keeps its place and its replies; nothing of what it was is left to show.
    const comment = (c: PublicComment, depth: number): unknown => html`
      <article class="c" part="comment" id="comment-${c.id}">
        ${c.status == "deleted"
          ? html`<p class="muted" part="body">${t(l, "deleted")}</p>`
          : html`
              <div class="meta">
                <span class="av" aria-hidden="true">${[...c.authorName][0]}</span>
                <strong part="author">${c.authorName}</strong>
                <time class="muted" datetime=${c.createdAt}>${formatDate(c.createdAt, l)}</time>
                ${c.editedBy
                  ? html`<span class="muted" title=${formatDate(c.editedAt!, l, true)}>
                      ${t(l, c.editedBy == "author" ? "edited" : "editedByModerator")}
                    </span>`
                  : nothing}
                ${c.pinned ? html`<span class="badge pin" part="badge">${t(l, "pinned")}</span>` : nothing}
                ${c.status == "pending" ? html`<span class="badge" part="badge">${t(l, "pending")}</span>` : nothing}
              </div>
              ${forms?.body(c, l) ?? html`<div class="doc" part="body">${renderDoc(c.body)}</div>`}
              ${forms?.tools(c, l)}
            `}
      </article>
      ${c.replies.length
        ? html`<div class=${depth < 4 ? "replies" : ""} part="replies">${c.replies.map((r) => comment(r, depth + 1))}</div>`
        : nothing}
    `;
    return html`
      <section part="thread">
        <div class="head">
          <h2 part="heading">${t(l, "comments", { n: page.total })}</h2>
          <select part="sort" aria-label=${t(l, "sort")} .value=${this._sort}
            @change=${(e: Event) => (this._sort = (e.target as HTMLSelectElement).value as Sort)}>
            <option value="oldest">${t(l, "oldest")}</option>
            <option value="newest">${t(l, "newest")}</option>
          </select>
        </div>
        ${page.comments.length ? page.comments.map((c) => comment(c, 1)) : html`<p class="muted">${t(l, "empty")}</p>`}
        ${page.nextCursor
          ? html`<button class="more" part="button" @click=${() => this._thread.more()}>${t(l, "more")}</button>`
          : nothing}
        ${page.thread.locked ? html`<p class="notice" part="closed">${t(l, "THREAD_LOCKED")}</p>` : nothing}
        ${forms?.form(l)}
        <p class="sr" role="status">${this._said}</p>
      </section>
    `;
  }

  // The forms chunk is fetched once the thread has shown, so it never holds up the first paint.
  protected override updated() {
    this._formsLoad ??=
      this._thread.value &&
      import("../controllers/forms-controller").then(
        (m) => (this._forms = new m.FormsController(this)),
        () => {},
      );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-comments": ParleyComments;
  }
}
