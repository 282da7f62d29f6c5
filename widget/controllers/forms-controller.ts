// The writing half of <parley-comments>, in the lazy chunk that loads once the thread shows: the comment, reply
// and edit forms (with their honeypot, Turnstile challenge, draft and "notify me of replies" box), and sending them. What sits under each
// comment (Reply, Edit, Delete) is in comment-tools.ts; every change to the thread goes through its model.
import { html, nothing } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { LIMITS, charCount } from "../../worker/contract/limits";
import type { PostCommentInput } from "../../worker/contract/schemas";
import { editComment, postComment } from "../api/comment-writes";
import { listComments } from "../api/comments";
import { editEntry, notifyProofs, rememberNotifyProof, rememberOwn } from "../api/local-extras";
import type { ApiError } from "../api/request";
import { ParleyCommentPostedEvent } from "../comment-posted-event";
import { ParleyErrorEvent } from "../events";
import { t } from "../i18n/index";
import { closeThread, placeComment, replaceComment, setFormToken } from "../model/thread-edits";
import type { ShownComment } from "../model/thread-model";
import { FormErrors } from "./form-errors";
import { FormMemory } from "./form-memory";
import { NotifyBox } from "./notify-box";
import type { ReaderController } from "./reader-controller";
import type { ThreadContext } from "./thread-context";
import { startChallenge, type Challenge } from "./turnstile";

/**
 * Forms are told apart by a key: "" is the new-comment form, a comment id the reply form under it,
 * `edit:{id}` the edit form of a comment, `delete:{id}` its delete buttons (for their error message).
 */
export class FormsController {
  readonly errors = new FormErrors();
  /** The form that is sending. */
  private _busy?: string;
  /** The comment whose reply form is open. */
  replyTo?: string;
  /** The comment being edited, and the text its form starts with. */
  editing?: string;
  private _editText = "";
  /** The form that shows the Turnstile challenge: the one opened last. */
  private _active = "";
  /**
   * A form that failed because the thread closed meanwhile: it stays, so the reader keeps their text, but its
   * button no longer posts.
   */
  private _kept?: string;
  /** Comments the API says are past their edit window. */
  readonly closed = new Set<string>();
  /** What the polite live region says: the outcome of the reader's last post, edit or delete. */
  private _said = "";
  private _memory: FormMemory;
  private _notify: NotifyBox;
  private _challenge?: Challenge;

  constructor(
    private _ctx: ThreadContext,
    readonly reader: ReaderController,
  ) {
    this._memory = new FormMemory(_ctx.host.site, _ctx.thread());
    this._notify = new NotifyBox(_ctx.host, this._memory);
    const sitekey = _ctx.host.siteInfo?.turnstileSiteKey;
    if (sitekey) this._challenge = startChallenge(_ctx.host, sitekey);
    _ctx.host.addController(this);
  }

  /**
   * Before each render: when the element now shows another thread (an SPA's next page), what was open or said was
   * about the last one, and the draft is that thread's from now on. (Here, not in a render, which only reads state.)
   */
  hostUpdate() {
    if (!this._memory.follow(this._ctx.thread())) return;
    this.replyTo = this.editing = this._kept = undefined;
    this.errors.set("", {});
  }

  /** The body of comment `c`: its edit form while it is being edited, else undefined (the plain view). */
  body(c: ShownComment, l: string) {
    return this.editing == c.id ? this.form(l, c.id, c) : undefined;
  }

  /**
   * The new-comment form; with `parent` the reply form under that comment (compact, naming whom it answers: `to`);
   * with `edit` the edit form of that comment (text only). The name and e-mail typed in the new-comment form carry
   * over to reply forms. Error ids include the form's key: several forms can be open at once.
   */
  form(l: string, parent = "", edit?: ShownComment, to?: string) {
    const key = edit ? `edit:${edit.id}` : parent;
    const thread = this._ctx.thread();
    // In a closed thread only the kept form still shows (its button disabled below).
    if (!edit && this._ctx.model().thread.closed && this._kept != key) return nothing;
    const errors = this.errors;
    const invalid = (field: string) => !!errors.of(key, field);
    const busy = this._busy == key;
    const saved = this._memory.draft;
    // What the e-mail field holds once typed in: the render its input event asks for comes before the form's draft
    // has it. The field is text with an e-mail keyboard, not type=email: Chromium sends user@例子.广告 from one as
    // user@xn--fsqu00a.xn--4rr70v, another address to the API's hash.
    const email = this._notify.email(key, saved?.email || this._memory.email);
    // Keyed by the thread: the new-comment form of another thread is a new form, with that thread's draft, not the
    // text typed on the last one.
    return keyed(key || thread, html`
      <form part="form" class=${parent ? "compact" : ""} novalidate @submit=${(ev: Event) => this._submit(ev, l, key, parent, edit)}
        @input=${key ? nothing : this._keep} @keydown=${key ? this._escape : nothing}>
        ${to != null ? html`<p class="muted to" dir="auto">${t(l, "replyingTo", { name: to })}</p>` : nothing}
        <label class="sr" for="${key}-body">${t(l, "comment")}</label>
        <textarea id="${key}-body" name="body" part="input" required dir="auto" placeholder=${t(l, "placeholder")}
          .value=${edit ? this._editText : key ? "" : (saved?.body ?? "")} aria-invalid=${invalid("body")}
          aria-describedby=${errors.describedBy(key, "body")}></textarea>
        <p class="muted hint">${t(l, "markdownHint")}</p>
        ${errors.render(l, key, "body")}
        ${edit
          ? nothing
          : html`
              <div class="row">
                <div>
                  <label>
                    <span class="muted">${t(l, "authorName")}</span>
                    <input name="authorName" part="input" required maxlength=${LIMITS.authorNameChars} autocomplete="name"
                      dir="auto" .value=${saved?.name || this._memory.name} aria-invalid=${invalid("authorName")}
                      aria-describedby=${errors.describedBy(key, "authorName")} />
                  </label>
                  ${errors.render(l, key, "authorName")}
                </div>
                <div>
                  <label>
                    <span class="muted">${t(l, "authorEmail")}</span>
                    <input name="authorEmail" part="input" inputmode="email" maxlength=${LIMITS.authorEmailChars} autocomplete="email"
                      .value=${email} aria-invalid=${invalid("authorEmail")} aria-describedby=${errors.describedBy(key, "authorEmail")}
                      @input=${(ev: Event) => this._notify.typed(key, ev)} />
                  </label>
                  ${errors.render(l, key, "authorEmail")}
                </div>
              </div>
              ${this._ctx.host.siteInfo?.replyEmails ? this._notify.render(l, email) : nothing}
              <div class="sr" aria-hidden="true">
                <label>${t(l, "honeypot")} <input name="website" tabindex="-1" autocomplete="off" /></label>
              </div>
            `}
        ${this._active == key ? html`<slot name="turnstile"></slot>` : nothing}
        ${errors.render(l, key, "alert")}
        <div class="actions">
          ${key ? html`<button type="button" part="button" @click=${() => this.open(undefined, "")}>${t(l, "cancel")}</button>` : nothing}
          <button class="primary" part="button" ?disabled=${busy || (!edit && this._ctx.model().thread.closed)}>
            ${t(l, edit ? (busy ? "saving" : "save") : busy ? "posting" : "post")}
          </button>
        </div>
      </form>
    `);
  }

  /** Under comment `id` just after it was posted asking for reply e-mails: what happens next. */
  notice(id: string, l: string) {
    return this._notify.notice(id, l);
  }

  /** The polite live region. */
  status() {
    return html`<p class="sr" role="status">${this._said}</p>`;
  }

  /** Says `text` in the live region; emptied first, so that saying the same thing twice is heard twice. */
  async say(text: string) {
    const host = this._ctx.host;
    this._said = "";
    host.requestUpdate();
    await host.updateComplete;
    this._said = text;
    host.requestUpdate();
  }

  /**
   * Opens the reply form under `reply`, or the edit form `key` starting with `text`; closes them with
   * `reply` undefined and `key` "". The form opened last gets the Turnstile challenge and the focus.
   */
  async open(reply: string | undefined, key: string, text = "") {
    const host = this._ctx.host;
    const [replied, edited] = [this.replyTo, this.editing];
    this.replyTo = reply && this.replyTo != reply ? reply : undefined;
    this.editing = key.startsWith("edit:") ? key.slice(5) : undefined;
    this._editText = text;
    this._active = this.replyTo ?? (this.editing ? key : "");
    this._notify.closed();
    host.requestUpdate();
    await host.updateComplete;
    const id = this.replyTo ?? this.editing;
    if (id) host.renderRoot.querySelector<HTMLElement>(`#comment-${id} textarea`)?.focus();
    // A form closed under the reader's focus gives it back to the button that opened it.
    else if (replied || edited) this.refocus(`#comment-${replied ?? edited} .tools button[name=${replied ? "reply" : "edit"}]`);
  }

  /**
   * After an update that removed the focused control (a form closed, a question answered), focuses the first of
   * `selectors` in the thread that is there, as a keyboard user's next place; nothing when the focus is elsewhere.
   */
  refocus(...selectors: string[]) {
    const root = this._ctx.host.renderRoot as ShadowRoot;
    this._focusIfLost(...selectors.map((s) => root.querySelector<HTMLElement>(s)));
  }

  /** Focuses the first of `els` that is in the page and enabled, if the focus has fallen back to the page. */
  private _focusIfLost(...els: (HTMLElement | null)[]) {
    const root = this._ctx.host.renderRoot as ShadowRoot;
    if (root.activeElement || (document.activeElement != document.body && document.activeElement)) return;
    const el = els.find((e) => e?.isConnected && !e.matches(":disabled"));
    if (el) (el.matches("button") || (el.tabIndex = -1), el.focus());
  }

  /**
   * Shows why a request failed and tells the page. THREAD_LOCKED closes the thread (the failed form stays, with
   * its text), FORM_TOKEN_INVALID fetches a fresh token for the next attempt, EDIT_WINDOW_CLOSED (on an edit or
   * delete form) takes the comment's Edit and Delete away.
   */
  fail(x: unknown, l: string, key: string, errors?: Record<string, string>) {
    const err = x as ApiError;
    if (err.code == "THREAD_LOCKED") {
      this._kept = key;
      closeThread(this._ctx.model());
    }
    // A post that got past validation spent its form token, whatever refused it: fetch the next one.
    if (!/^(edit|delete):/.test(key) && err.code != "TOO_FAST" && err.code != "VALIDATION_FAILED") this._renewFormToken();
    if (err.code == "EDIT_WINDOW_CLOSED") this.closed.add(key.slice(key.indexOf(":") + 1));
    this.errors.fail(err, l, key, errors);
    this._ctx.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
  }

  /** Escape closes a reply or edit form, as its Cancel button does. */
  private _escape = (ev: KeyboardEvent) => {
    if (ev.key != "Escape" || ev.isComposing) return;
    ev.preventDefault();
    void this.open(undefined, "");
  };

  /** Keeps the new-comment form's text and name in the tab's session storage as the reader types. */
  private _keep = (ev: Event) => {
    const form = ev.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this._memory.keep({ body: field("body"), name: field("authorName"), email: field("authorEmail") });
  };

  /** Form tokens are good for one comment: fetch a fresh one for the next. On failure the next post says why. */
  private _renewFormToken() {
    const { api, site } = this._ctx.host;
    const model = this._ctx.model();
    listComments(api, site, this._ctx.thread(), model.sort).then((next) => setFormToken(model, next.formToken), () => {});
  }

  private async _submit(ev: Event, l: string, key: string, parent: string, edit?: ShownComment) {
    ev.preventDefault();
    // Read the form now: a shadow-DOM event loses its target once dispatch ends, and this handler awaits.
    const form = ev.target as HTMLFormElement;
    const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const value = (name: string) => control(name)!.value.trim();
    const ctx = this._ctx;
    const { host } = ctx;
    const { api, site } = host;
    const thread = ctx.thread();
    const model = ctx.model();
    const challenge = this._challenge;
    this.errors.retry = undefined;

    // Quick checks for obvious slips; the API checks everything again and has the last word.
    const errors: Record<string, string> = {};
    const body = value("body");
    if (!body) errors.body = t(l, "required");
    else if (charCount(body) > LIMITS.commentBodyChars) errors.body = t(l, "tooLong", { n: LIMITS.commentBodyChars });
    if (!edit && !value("authorName")) errors.authorName = t(l, "required");
    if (!errors.body && !errors.authorName && challenge && !challenge.token) errors.alert = t(l, "TURNSTILE_FAILED");
    const first = this.errors.set(key, errors);
    if (first) {
      control(first)?.focus();
      return host.requestUpdate();
    }

    this._busy = key;
    host.requestUpdate();
    let refused = false;
    try {
      if (edit) {
        const token = editEntry(site, edit.id)?.token ?? "";
        const { comment } = await editComment(api, site, edit.id, token, { body, turnstileToken: challenge?.token });
        replaceComment(model, comment);
        rememberOwn(site, thread, edit.id, { token, body });
        void this.open(undefined, "");
        void this.say(t(l, comment.status == "pending" ? "pendingSaid" : "updatedSaid"));
      } else {
        const input: PostCommentInput = { body, authorName: value("authorName"), website: control("website")!.value };
        if (value("authorEmail")) input.authorEmail = value("authorEmail");
        // The box shows only beside an address; the API confirms the address by e-mail before sending any reply.
        const notify = this._notify.ticked(form);
        if (notify && input.authorEmail) input.notify = true;
        if (parent) input.parentId = parent;
        // The form token from the thread page proves the form was loaded a moment ago, not scripted.
        const sent = { ...input, idempotencyKey: this._memory.keyFor(input), formToken: model.formToken, turnstileToken: challenge?.token };
        // The reader's earlier comments asking for reply e-mails, which let the API start them without a new e-mail.
        const proofs = input.notify ? notifyProofs(site) : [];
        if (proofs.length) sent.notifyProof = proofs;
        const { comment, editToken, formToken, notify: replies } = await postComment(api, site, thread, sent);
        rememberOwn(site, thread, comment.id, { token: editToken, body });
        if (replies == "on" || replies == "confirm") rememberNotifyProof(site, comment.id, editToken);
        this._memory.posted(input.authorName, input.authorEmail);
        control("body")!.value = "";
        if (parent) void this.open(undefined, "");
        else this._memory.keep(null);
        placeComment(model, comment);
        // The answer brings the next post's token (a worker from before that did not: read a page for one).
        if (formToken) setFormToken(model, formToken);
        else this._renewFormToken();
        const next = this._notify.posted(comment.id, notify, replies, l);
        void this.say(`${t(l, comment.status == "pending" ? "pendingSaid" : "postedSaid")} ${next}`.trim());
        host.dispatchEvent(new ParleyCommentPostedEvent(comment, site, thread));
        void this.reader.show(comment.id);
      }
    } catch (x) {
      this.fail(x, l, key, errors);
      if ((x as ApiError).code == "NETWORK_ERROR") this.errors.retry = () => form.requestSubmit();
      // A field the API refused takes the focus, as one the form's own checks refuse does.
      const field = ["body", "authorName", "authorEmail"].find((f) => errors[f]);
      if (field) control(field)?.focus();
      refused = !field;
    }
    // A Turnstile token is good for one request.
    challenge?.reset();
    this._busy = undefined;
    host.requestUpdate();
    if (!refused) return;
    // A refusal no field takes (too fast, banned, too many posts, the edit window closed): the busy button lost the
    // focus while it was disabled; it gets it back, beside the error the live region says (or the error, or the form's
    // first field, where the button is gone).
    await host.updateComplete;
    this._focusIfLost(form.querySelector<HTMLElement>("button.primary"), form.querySelector<HTMLElement>("[role=alert]"), control("body"));
  }
}
