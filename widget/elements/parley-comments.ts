// <parley-comments>: one comment thread with sorting, paging, nested replies and the forms to join in.
import { css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { LIMITS } from "../../worker/contract/limits";
import type { PostCommentInput } from "../../worker/contract/schemas";
import type { PublicComment } from "../../worker/contract/types";
import { postComment, type Sort } from "../api/comments";
import type { ApiError } from "../api/request";
import { ThreadController } from "../controllers/thread-controller";
import { ParleyCommentPostedEvent, ParleyErrorEvent } from "../events";
import { formatDate, hasString, localeOf, t } from "../i18n/index";
import { renderDoc, skeleton } from "../render/doc";
import { base } from "../styles/base";
import { ParleyElement } from "./parley-element";

/** Local storage may throw (privacy modes, sandboxed frames); remembering things is only a convenience. */
function store(key: string, value?: string) {
  try {
    return value == null ? localStorage.getItem(key) : localStorage.setItem(key, value);
  } catch {}
}

/**
 * A comment thread. `thread` defaults to the page's path.
 *
 * @fires parley-loaded - The first page of comments arrived.
 * @fires parley-error - Loading or posting failed; `code` is the API's error code.
 * @fires parley-comment-posted - A reader posted a comment or reply; it is already shown.
 * @csspart thread - The whole section.
 * @csspart heading - The "N comments" heading.
 * @csspart sort - The sort select.
 * @csspart comment - One comment (without its replies).
 * @csspart author - A comment's author name.
 * @csspart body - A comment's text.
 * @csspart badge - The "Awaiting moderation" badge.
 * @csspart replies - The replies under a comment.
 * @csspart closed - The "Comments are closed" notice.
 * @csspart form - The new-comment and reply forms.
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
      .meta { display: flex; flex-wrap: wrap; align-items: center; gap: .6em }
      .av { width: 2em; line-height: 2em; border-radius: 50%; text-align: center; text-transform: uppercase; background: color-mix(in srgb, var(--a) 15%, transparent); color: var(--a) }
      .badge { font-size: .75em; padding: 0 .6em; border-radius: 1em; background: #fde68a; color: #713f12 }
      .replies { padding-left: 1.2em; border-left: 2px solid var(--b) }
      .notice { padding: 1em; text-align: center; border-radius: var(--r); background: var(--b) }
      .more { display: block; margin: auto }
      form, label, .row { display: grid; gap: .8em }
      label { gap: .3em }
      .row { grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)) }
      textarea { min-height: 6em }
      .actions { display: flex; gap: .5em; justify-content: flex-end }
    `,
  ];

  /** Thread key; defaults to `location.pathname`. */
  @property() thread?: string;

  @state() private _sort: Sort = "oldest";
  /** The comment whose reply form is open. */
  @state() private _replyTo?: string;
  /** Messages by field (`body`, `authorName`, `authorEmail`, or `alert` for the rest), for the form `_errorsFor`. */
  @state() private _errors: Record<string, string> = {};
  /** The form that is posting: "" for the new-comment form, else the comment replied to. */
  @state() private _busy?: string;
  private _errorsFor = "";
  private _name = store("parley:name") ?? "";
  // Kept while the same text is retried, so a retry after a lost response cannot post it twice.
  private _idemKey = "";
  private _idemFor = "";

  private _threadKey = () => this.thread || location.pathname;
  private _thread = new ThreadController(this, () => [this.api, this.site, this._threadKey(), this._sort]);

  override render() {
    const l = localeOf(this);
    const { value: page, error } = this._thread;
    if (!page)
      return error ? html`<p class="notice" role="alert" part="error">${t(l, "loadFailed")}</p>` : skeleton;
    const locked = page.thread.locked;
    const comment = (c: PublicComment, depth: number): unknown => html`
      <article class="c" part="comment" id="comment-${c.id}">
        <div class="meta">
          <span class="av" aria-hidden="true">${[...c.authorName][0]}</span>
          <strong part="author">${c.authorName}</strong>
          <time class="muted" datetime=${c.createdAt}>${formatDate(c.createdAt, l)}</time>
          ${c.status == "pending" ? html`<span class="badge" part="badge">${t(l, "pending")}</span>` : nothing}
        </div>
        <div class="doc" part="body">${renderDoc(c.body)}</div>
        ${locked
          ? nothing
          : html`<button class="link" part="button" aria-expanded=${this._replyTo == c.id} @click=${() => this._toggleReply(c.id)}>
              ${t(l, "reply")}
            </button>`}
        ${this._replyTo == c.id ? this._form(l, c.id) : nothing}
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
        ${locked ? html`<p class="notice" part="closed">${t(l, "THREAD_LOCKED")}</p>` : this._form(l)}
      </section>
    `;
  }

  private async _toggleReply(id: string) {
    this._replyTo = this._replyTo == id ? undefined : id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#comment-${id} textarea`)?.focus();
  }

  /** The new-comment form, or with `parent` a reply form. Error ids include `parent`: two forms can be open at once. */
  private _form(l: string, parent = "") {
    const e = this._errorsFor == parent ? this._errors : {};
    const id = (field: string) => `${parent}-${field}-e`;
    const err = (field: string) =>
      e[field] ? html`<p id=${id(field)} class="err" part="error" role="alert">${e[field]}</p>` : nothing;
    const desc = (field: string) => (e[field] ? id(field) : nothing);
    return html`
      <form part="form" novalidate @submit=${(ev: Event) => this._submit(ev, l, parent)}>
        <textarea name="body" part="input" required aria-label=${t(l, "comment")} placeholder=${t(l, "placeholder")}
          aria-invalid=${!!e.body} aria-describedby=${desc("body")}></textarea>
        ${err("body")}
        <div class="row">
          <div>
            <label>
              <span class="muted">${t(l, "authorName")}</span>
              <input name="authorName" part="input" required maxlength=${LIMITS.authorNameChars} autocomplete="name"
                .value=${this._name} aria-invalid=${!!e.authorName} aria-describedby=${desc("authorName")} />
            </label>
            ${err("authorName")}
          </div>
          <div>
            <label>
              <span class="muted">${t(l, "authorEmail")}</span>
              <input name="authorEmail" part="input" type="email" maxlength=${LIMITS.authorEmailChars} autocomplete="email"
                aria-invalid=${!!e.authorEmail} aria-describedby=${desc("authorEmail")} />
            </label>
            ${err("authorEmail")}
          </div>
        </div>
        ${err("alert")}
        <div class="actions">
          ${parent ? html`<button type="button" part="button" @click=${() => (this._replyTo = undefined)}>${t(l, "cancel")}</button>` : nothing}
          <button class="primary" part="button" ?disabled=${this._busy == parent}>${t(l, this._busy == parent ? "posting" : "post")}</button>
        </div>
      </form>
    `;
  }

  private async _submit(ev: Event, l: string, parent: string) {
    ev.preventDefault();
    // Read the form now: a shadow-DOM event loses its target once dispatch ends, and this handler awaits.
    const form = ev.target as HTMLFormElement;
    const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const value = (name: string) => control(name).value.trim();
    // The form token from the thread page proves the form was loaded a moment ago, not scripted.
    const input: PostCommentInput = { body: value("body"), authorName: value("authorName"), formToken: this._thread.value!.formToken };
    if (value("authorEmail")) input.authorEmail = value("authorEmail");
    if (parent) input.parentId = parent;

    // Quick checks for obvious slips; the API checks everything again and has the last word.
    const errors: Record<string, string> = {};
    if (!input.body) errors.body = t(l, "required");
    else if (input.body.length > LIMITS.commentBodyChars) errors.body = t(l, "tooLong", { n: LIMITS.commentBodyChars });
    if (!input.authorName) errors.authorName = t(l, "required");
    this._errors = errors;
    this._errorsFor = parent;
    const first = Object.keys(errors)[0];
    if (first) return control(first).focus();

    const text = JSON.stringify(input);
    if (text != this._idemFor) {
      this._idemFor = text;
      // 28 random characters; getRandomValues also works on plain-http pages, unlike crypto.randomUUID.
      this._idemKey = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36).padStart(7, "0")).join("");
    }
    input.idempotencyKey = this._idemKey;
    this._busy = parent;
    try {
      const { comment, editToken } = await postComment(this.api, this.site, this._threadKey(), input);
      store(`parley:edit:${this.site}:${comment.id}`, editToken);
      store("parley:name", (this._name = input.authorName));
      control("body").value = this._idemFor = "";
      this._replyTo = undefined;
      this._thread.insert(comment);
      this._thread.renewFormToken();
      this.dispatchEvent(new ParleyCommentPostedEvent(comment, this.site, this._threadKey()));
    } catch (x) {
      const err = x as ApiError;
      // Field problems go next to their fields, anything else into one alert. The typed text stays.
      const alert = err.details?.length
        ? err.details.filter((d) => !(d.field in { body: 1, authorName: 1, authorEmail: 1 } && (errors[d.field] ??= d.message)))
        : [{ message: err.retryAfter && err.code == "RATE_LIMITED" ? t(l, "retryIn", { n: err.retryAfter }) : hasString(err.code) ? t(l, err.code) : err.message }];
      errors.alert = alert.map((d) => d.message).join(" ");
      this._errors = { ...errors }; // a new object: `errors` is already the state, so Lit would see no change
      this.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
    }
    this._busy = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-comments": ParleyComments;
  }
}
