// The writing half of <parley-comments>, in the lazy chunk that loads once the thread shows: the comment, reply
// and edit forms with their honeypot, Turnstile challenge and draft, editing and deleting one's own comments within
// the site's edit window, and what each API error code means to the reader.
import { html, nothing, type ReactiveController } from "lit";
import type { DocBlock, DocInline } from "../../worker/contract/doc";
import { LIMITS } from "../../worker/contract/limits";
import type { PostCommentInput } from "../../worker/contract/schemas";
import type { PublicComment } from "../../worker/contract/types";
import { deleteComment, editComment, postComment } from "../api/comment-writes";
import { listComments } from "../api/comments";
import { store } from "../api/local";
import { draftOf, editEntry, randomKey, rememberOwn, type Draft } from "../api/local-extras";
import type { ApiError } from "../api/request";
import { ParleyCommentPostedEvent } from "../comment-posted-event";
import type { ParleyComments } from "../elements/parley-comments";
import { ParleyErrorEvent } from "../events";
import { hasString, t } from "../i18n/index";
import { place } from "./thread-controller";

/** The part of Cloudflare Turnstile's client API the widget uses (explicit rendering). */
interface Turnstile {
  render(
    container: HTMLElement,
    options: { sitekey: string; callback(token: string): void; "expired-callback"(): void; "error-callback"(): void },
  ): string;
  reset(widget: string): void;
}

declare global {
  interface Window {
    turnstile?: Turnstile;
  }
}

let turnstileScript: Promise<Turnstile> | undefined;

/**
 * Cloudflare's Turnstile script, added to the page once. The only request the widget makes to anyone but its
 * own worker, and only for sites whose owner turned Turnstile on.
 */
const loadTurnstile = () =>
  (turnstileScript ??= new Promise((done, fail) => {
    if (window.turnstile) return done(window.turnstile);
    const script = document.createElement("script");
    script.src = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
    script.onload = () => done(window.turnstile!);
    script.onerror = fail;
    document.head.appendChild(script);
  }));

/** A comment's text as plain text: the edit form's fallback when the reader's own source was not kept. */
const plain = (nodes: (DocBlock | DocInline)[], between = ""): string =>
  nodes
    .map((n) =>
      "v" in n
        ? n.v
        : "c" in n
          ? plain(n.c, n.t == "quote" ? "\n\n" : "")
          : "items" in n
            ? n.items.map((item) => plain(item, "\n")).join("\n")
            : n.t == "br"
              ? "\n"
              : n.t == "img"
                ? n.alt
                : "",
    )
    .join(between);

/** Takes a comment out of the tree, wherever it is. */
const cut = (list: PublicComment[], c: PublicComment) => {
  const at = list.indexOf(c);
  at < 0 ? list.forEach((d) => cut(d.replies, c)) : list.splice(at, 1);
};

/**
 * Forms are told apart by a key: "" is the new-comment form, a comment id the reply form under it,
 * `edit:{id}` the edit form of a comment, `delete:{id}` its delete buttons (for their error message).
 */
export class FormsController implements ReactiveController {
  /** Messages by field (`body`, `authorName`, `authorEmail`, or `alert` for the rest), for the form `_errorsFor`. */
  private _errors: Record<string, string> = {};
  private _errorsFor = "";
  /** The form that is sending. */
  private _busy?: string;
  /** The comment whose reply form is open. */
  private _replyTo?: string;
  /** The comment being edited, the text its form starts with, and the comment asking "Delete this comment?". */
  private _editing?: string;
  private _draft = "";
  private _asking?: string;
  /** The form that shows the Turnstile challenge: the one opened last. */
  private _active = "";
  /** A form that failed because the thread closed meanwhile: it stays, so the reader keeps their text. */
  private _kept?: string;
  /** Comments whose Edit and Delete buttons were shown, and those the API says are past the edit window. */
  private _offered = new Set<string>();
  private _closed = new Set<string>();
  /** Whether the last render showed an "Editable for N more minutes" countdown, which the clock must update. */
  private _counting = false;
  private _clock?: ReturnType<typeof setInterval>;
  private _name = store("parley:name") ?? "";
  /** The new-comment form's unsent text and name, kept in the tab's session across reloads. */
  private _saved: Draft | null | undefined = draftOf(this._host.site, this._host._threadKey());
  // Kept while the same text is retried, so a retry after a lost response cannot post it twice.
  private _idemKey = "";
  private _idemFor = "";
  private _turnstile?: { widget: string; token: string };
  /** Sends the form that failed for want of a network again. */
  private _retry?: () => void;

  constructor(private _host: ParleyComments) {
    _host.addController(this);
    _host.requestUpdate();
    void this._startTurnstile();
  }

  hostConnected() {
    this._clock = setInterval(() => this._counting && this._host.requestUpdate(), 15_000);
  }

  hostDisconnected() {
    clearInterval(this._clock);
  }

  hostUpdate() {
    this._counting = false;
  }

  /** The body of comment `c`: its edit form while it is being edited, else undefined (the plain view). */
  body(c: PublicComment, l: string) {
    return this._editing == c.id ? this.form(l, c.id, c) : undefined;
  }

  /**
   * Under a comment: its upvote button, Reply, the replies' Hide/Show toggle, and for the reader's own comment
   * Edit and Delete while the window is open; the reply form.
   */
  tools(c: PublicComment, l: string) {
    if (this._editing == c.id) return nothing;
    const host = this._host;
    const id = c.id;
    // A closed thread's comments can still be deleted by their authors, but no longer edited.
    const locked = host._thread.value!.thread.closed;
    const left =
      editEntry(host.site, id) && !this._closed.has(id)
        ? Date.parse(c.createdAt) + (host.siteInfo?.editWindowMinutes ?? 0) * 60_000 - Date.now()
        : 0;
    if (left > 0) this._offered.add(id);
    this._counting ||= left > 0;
    const button = (key: Parameters<typeof t>[1], click: () => void, expanded?: boolean) =>
      html`<button class="link" part="button" aria-expanded=${expanded ?? nothing} @click=${click}>${t(l, key)}</button>`;
    return html`
      <div class="tools">
        ${host._reader?.vote(c, l)}
        ${!locked && c.status == "published"
          ? button("reply", () => this._open(id, id), this._replyTo == id)
          : nothing}
        ${host._reader?.toggle(c, l)}
        ${left <= 0
          ? this._offered.has(id)
            ? html`<span class="muted">${t(l, "EDIT_WINDOW_CLOSED")}</span>`
            : nothing
          : this._asking == id
            ? html`
                <span class="muted">${t(l, "deleteAsk")}</span>
                ${button("deleteYes", () => this._delete(c, l))}
                ${button("cancel", () => this._set(() => (this._asking = undefined)))}
              `
            : locked
              ? button("delete", () => this._ask(id))
              : html`
                  ${button("edit", () => this._open(undefined, `edit:${id}`, editEntry(host.site, id)?.body ?? plain(c.body, "\n\n")))}
                  ${button("delete", () => this._ask(id))}
                  <span class="muted">${t(l, "editableFor", { n: Math.ceil(left / 60_000) })}</span>
                `}
      </div>
      ${this._error(l, `delete:${id}`, "alert")}
      ${this._replyTo == id ? this.form(l, id) : nothing}
    `;
  }

  /**
   * The new-comment form, with `parent` a reply form, with `edit` the edit form of that comment (text only).
   * Error ids include the form's key: several forms can be open at once.
   */
  form(l: string, parent = "", edit?: PublicComment) {
    const key = edit ? `edit:${edit.id}` : parent;
    if (!edit && this._host._thread.value!.thread.closed && this._kept != key) return nothing;
    const e = this._errorsFor == key ? this._errors : {};
    const desc = (field: string) => (e[field] ? `${key}-${field}-e` : nothing);
    const busy = this._busy == key;
    const saved = key ? undefined : this._saved;
    return html`
      <form part="form" novalidate @submit=${(ev: Event) => this._submit(ev, l, key, parent, edit)}
        @input=${key ? nothing : this._keep}>
        <label class="sr" for="${key}-body">${t(l, "comment")}</label>
        <textarea id="${key}-body" name="body" part="input" required placeholder=${t(l, "placeholder")}
          .value=${edit ? this._draft : (saved?.body ?? "")} aria-invalid=${!!e.body} aria-describedby=${desc("body")}></textarea>
        ${this._error(l, key, "body")}
        ${edit
          ? nothing
          : html`
              <div class="row">
                <div>
                  <label>
                    <span class="muted">${t(l, "authorName")}</span>
                    <input name="authorName" part="input" required maxlength=${LIMITS.authorNameChars} autocomplete="name"
                      .value=${saved?.name || this._name} aria-invalid=${!!e.authorName} aria-describedby=${desc("authorName")} />
                  </label>
                  ${this._error(l, key, "authorName")}
                </div>
                <div>
                  <label>
                    <span class="muted">${t(l, "authorEmail")}</span>
                    <input name="authorEmail" part="input" type="email" maxlength=${LIMITS.authorEmailChars} autocomplete="email"
                      aria-invalid=${!!e.authorEmail} aria-describedby=${desc("authorEmail")} />
                  </label>
                  ${this._error(l, key, "authorEmail")}
                </div>
              </div>
              <div class="sr" aria-hidden="true">
                <label>${t(l, "honeypot")} <input name="website" tabindex="-1" autocomplete="off" /></label>
              </div>
            `}
        ${this._active == key ? html`<slot name="turnstile"></slot>` : nothing}
        ${this._error(l, key, "alert")}
        <div class="actions">
          ${key
            ? html`<button type="button" part="button" @click=${() => this._open(undefined, "")}>${t(l, "cancel")}</button>`
            : nothing}
          <button class="primary" part="button" ?disabled=${busy}>
            ${t(l, edit ? (busy ? "saving" : "save") : busy ? "posting" : "post")}
          </button>
        </div>
      </form>
    `;
  }

  /**
   * A form's message for `field`, with the id its control's aria-describedby points at. After a network error
   * the alert offers Retry, which sends the same form again (with the same idempotency key: never twice).
   */
  private _error(l: string, key: string, field: string) {
    const message = this._errorsFor == key && this._errors[field];
    return message
      ? html`<p id="${key}-${field}-e" class="err" part="error" role="alert">
          ${message}
          ${field == "alert" && this._retry
            ? html`<button type="button" class="link" part="button" @click=${this._retry}>${t(l, "retry")}</button>`
            : nothing}
        </p>`
      : nothing;
  }

  /** Keeps the new-comment form's text and name in the tab's session storage as the reader types. */
  private _keep = (ev: Event) => {
    const form = ev.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    draftOf(this._host.site, this._host._threadKey(), (this._saved = { body: field("body"), name: field("authorName") }));
  };

  /** Form tokens are good for one comment: fetch a fresh one for the next. On failure the next post says why. */
  private _renewFormToken() {
    const host = this._host;
    const page = host._thread.value!;
    listComments(host.api, host.site, host._threadKey(), page.sort).then((next) => (page.formToken = next.formToken), () => {});
  }

  /** Changes state and renders. */
  private _set(change: () => unknown) {
    change();
    this._host.requestUpdate();
  }

  /**
   * Opens the reply form under `reply`, or the edit form `key` starting with `draft`; closes them with
   * `reply` undefined and `key` "". The form opened last gets the Turnstile challenge and the focus.
   */
  private async _open(reply: string | undefined, key: string, draft = "") {
    const host = this._host;
    this._set(() => {
      this._replyTo = reply && this._replyTo != reply ? reply : undefined;
      this._editing = key.startsWith("edit:") ? key.slice(5) : undefined;
      this._draft = draft;
      this._active = this._replyTo ?? (this._editing ? key : "");
    });
    await host.updateComplete;
    const id = this._replyTo ?? this._editing;
    if (id) host.renderRoot.querySelector<HTMLElement>(`#comment-${id} textarea`)?.focus();
  }

  /** Asks "Delete this comment?", with the focus on its safe answer (Cancel) so keyboard users keep their place. */
  private async _ask(id: string) {
    this._set(() => (this._asking = id));
    await this._host.updateComplete;
    this._host.renderRoot.querySelector<HTMLElement>(`#comment-${id} .tools button:last-child`)?.focus();
  }

  /** Says `text` in the host's polite live region; emptied first, so that saying the same thing twice is heard twice. */
  private async _say(text: string) {
    const host = this._host;
    host._said = "";
    await host.updateComplete;
    host._said = text;
  }

  /** Renders the Turnstile challenge, for sites that have one, into a container in the page's light DOM. */
  private async _startTurnstile() {
    const sitekey = this._host.siteInfo?.turnstileSiteKey;
    if (!sitekey) return;
    const state = (this._turnstile = { widget: "", token: "" });
    try {
      const turnstile = await loadTurnstile();
      // Turnstile cannot render inside a shadow root: its container is a child of the outermost Parley element
      // in the document, which slots it through to the active form (<parley-article> forwards its slot).
      let top: Element = this._host;
      for (let root; (root = top.getRootNode()) instanceof ShadowRoot; ) top = root.host;
      const box = document.createElement("div");
      box.slot = "turnstile";
      top.appendChild(box);
      state.widget = turnstile.render(box, {
        sitekey,
        callback: (token) => (state.token = token),
        "expired-callback": () => (state.token = ""),
        "error-callback": () => (state.token = ""),
      });
    } catch {
      // Without the challenge, posting fails with TURNSTILE_FAILED and says so.
    }
  }

  private async _submit(ev: Event, l: string, key: string, parent: string, edit?: PublicComment) {
    ev.preventDefault();
    // Read the form now: a shadow-DOM event loses its target once dispatch ends, and this handler awaits.
    const form = ev.target as HTMLFormElement;
    const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const value = (name: string) => control(name)!.value.trim();
    const host = this._host;
    const site = host.site;
    const thread = host._threadKey();
    const page = host._thread.value!;
    const turnstile = this._turnstile;
    this._retry = undefined;

    // Quick checks for obvious slips; the API checks everything again and has the last word.
    const errors: Record<string, string> = {};
    const body = value("body");
    if (!body) errors.body = t(l, "required");
    else if (body.length > LIMITS.commentBodyChars) errors.body = t(l, "tooLong", { n: LIMITS.commentBodyChars });
    if (!edit && !value("authorName")) errors.authorName = t(l, "required");
    if (!errors.body && !errors.authorName && turnstile && !turnstile.token) errors.alert = t(l, "TURNSTILE_FAILED");
    this._errors = errors;
    this._errorsFor = key;
    const first = Object.keys(errors)[0];
    if (first) return this._set(() => control(first)?.focus());

    this._set(() => (this._busy = key));
    try {
      if (edit) {
        const token = editEntry(site, edit.id)?.token ?? "";
        const { comment } = await editComment(host.api, site, edit.id, token, { body, turnstileToken: turnstile?.token });
        // An edit can send a published comment back to moderation, out of the count.
        if (edit.status == "published" && comment.status != "published") page.total--;
        Object.assign(edit, comment, { replies: edit.replies });
        rememberOwn(site, thread, edit.id, { token, body });
        this._open(undefined, "");
        void this._say(t(l, comment.status == "pending" ? "pendingSaid" : "updatedSaid"));
      } else {
        const input: PostCommentInput = { body, authorName: value("authorName"), website: control("website")!.value };
        if (value("authorEmail")) input.authorEmail = value("authorEmail");
        if (parent) input.parentId = parent;
        const text = JSON.stringify(input);
        if (text != this._idemFor) {
          this._idemFor = text;
          this._idemKey = randomKey(28);
        }
        // The form token from the thread page proves the form was loaded a moment ago, not scripted.
        Object.assign(input, { idempotencyKey: this._idemKey, formToken: page.formToken, turnstileToken: turnstile?.token });
        const { comment, editToken } = await postComment(host.api, site, thread, input);
        rememberOwn(site, thread, comment.id, { token: editToken, body });
        store("parley:name", (this._name = input.authorName));
        control("body")!.value = this._idemFor = "";
        if (parent) this._open(undefined, "");
        else draftOf(site, thread, (this._saved = null));
        place(page, comment);
        this._renewFormToken();
        void this._say(t(l, comment.status == "pending" ? "pendingSaid" : "postedSaid"));
        host.dispatchEvent(new ParleyCommentPostedEvent(comment, site, thread));
        void host._reader?.show(comment.id);
      }
    } catch (x) {
      this._fail(x, l, key, errors, edit);
      if ((x as ApiError).code == "NETWORK_ERROR") this._retry = () => form.requestSubmit();
    }
    // A Turnstile token is good for one request.
    if (turnstile) {
      window.turnstile?.reset(turnstile.widget);
      turnstile.token = "";
    }
    this._set(() => (this._busy = undefined));
  }

  private async _delete(c: PublicComment, l: string) {
    const host = this._host;
    const page = host._thread.value!;
    try {
      await deleteComment(host.api, host.site, c.id, editEntry(host.site, c.id)?.token ?? "");
      if (c.status == "published") page.total--;
      // With replies it stays as a tombstone, as the API now shows it to everyone.
      if (c.replies.length) Object.assign(c, { status: "deleted", authorName: "", body: [] });
      else cut(page.comments, c);
      void this._say(t(l, "deleted"));
    } catch (x) {
      this._fail(x, l, `delete:${c.id}`, {}, c);
    }
    this._set(() => (this._asking = undefined));
  }

  /**
   * Shows why a request failed, next to the fields it names or else in the form's alert; the typed text stays.
   * Some codes also change what the widget offers.
   */
  private _fail(x: unknown, l: string, key: string, errors: Record<string, string>, c?: PublicComment) {
    const host = this._host;
    const err = x as ApiError;
    const code = err.code;
    if (code == "THREAD_LOCKED") {
      host._thread.value!.thread.closed = true;
      this._kept = key;
    }
    if (code == "FORM_TOKEN_INVALID") this._renewFormToken();
    if (code == "EDIT_WINDOW_CLOSED") this._closed.add(c!.id);
    // Seconds to wait: the Retry-After header, else the number in the API's message (TOO_FAST has no header).
    const n = err.retryAfter || Number(/\d+/.exec(err.message)?.[0]);
    const fields = err.details?.filter((d) => !(d.field in { body: 1, authorName: 1, authorEmail: 1 } && (errors[d.field] ??= d.message)));
    errors.alert = fields?.length
      ? fields.map((d) => d.message).join(" ")
      : err.details?.length
        ? ""
        : !hasString(code)
          ? err.message
          : t(l, (code == "TOO_FAST" || code == "RATE_LIMITED") && !n ? "wait" : code, { n });
    this._errors = errors;
    this._errorsFor = key;
    host.dispatchEvent(new ParleyErrorEvent(code, err.status));
  }
}
