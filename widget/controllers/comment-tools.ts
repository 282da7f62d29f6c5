// What sits under each comment once the lazy chunk is in: its upvote button, Reply, the replies' Hide/Show toggle,
// and for the reader's own comment Edit and Delete while the site's edit window is open, with a countdown.
import { html, nothing, type ReactiveController } from "lit";
import { deleteComment } from "../api/comment-writes";
import { editEntry } from "../api/local-extras";
import { t, type StringKey } from "../i18n/index";
import { removeComment } from "../model/thread-edits";
import type { ShownComment } from "../model/thread-model";
import { plain } from "../render/plain";
import type { FormsController } from "./forms-controller";
import type { ThreadContext } from "./thread-context";

export class CommentTools implements ReactiveController {
  /** The comment asking "Delete this comment?". */
  private _asking?: string;
  /** Comments whose Edit and Delete buttons were shown: when the window closes, they say so. */
  private _offered = new Set<string>();
  /** Whether the last render showed an "Editable for N more minutes" countdown, which the clock must update. */
  private _counting = false;
  private _clock?: ReturnType<typeof setInterval>;

  constructor(
    private _ctx: ThreadContext,
    private _forms: FormsController,
  ) {
    _ctx.host.addController(this);
  }

  hostConnected() {
    this._clock = setInterval(() => this._counting && this._ctx.host.requestUpdate(), 15_000);
  }

  hostDisconnected() {
    clearInterval(this._clock);
  }

  hostUpdate() {
    this._counting = false;
  }

  /**
   * The tools under comment `c`, what happens next with its reply e-mails when the reader just posted it asking for
   * them, then its reply form when it is open; nothing while `c` is being edited.
   */
  render(c: ShownComment, l: string) {
    const { _ctx: ctx, _forms: forms } = this;
    const { site, siteInfo } = ctx.host;
    if (forms.editing == c.id) return nothing;
    const { id } = c;
    // A closed thread's comments can still be deleted by their authors, but no longer edited.
    const closed = ctx.model().thread.closed;
    const left =
      editEntry(site, id) && !forms.closed.has(id)
        ? Date.parse(c.createdAt) + (siteInfo?.editWindowMinutes ?? 0) * 60_000 - Date.now()
        : 0;
    if (left > 0) this._offered.add(id);
    this._counting ||= left > 0;
    // The question's answers are described by it: a screen reader says "Cancel, button, Delete this comment?".
    const button = (key: StringKey, click: () => void, expanded?: boolean, look = "link", about?: string) =>
      html`<button name=${key} class=${look} part="button" aria-expanded=${expanded ?? nothing} aria-describedby=${about ?? nothing} @click=${click}>${t(l, key)}</button>`;
    return html`
      <div class="tools">
        ${forms.reader.unfold(c, l)}
        ${forms.reader.vote(c, l)}
        ${!closed && c.status == "published" ? button("reply", () => forms.open(id, id), forms.replyTo == id) : nothing}
        ${forms.reader.toggle(c, l)}
        ${left <= 0
          ? this._offered.has(id)
            ? html`<span class="muted">${t(l, "EDIT_WINDOW_CLOSED")}</span>`
            : nothing
          : this._asking == id
            ? html`
                <span class="muted" id="ask-${id}">${t(l, "deleteAsk")}</span>
                ${button("deleteYes", () => this._delete(c, l), undefined, "danger", `ask-${id}`)}
                ${button("cancel", () => this._ask(undefined), undefined, "link", `ask-${id}`)}
              `
            : closed
              ? button("delete", () => this._ask(id))
              : html`
                  ${button("edit", () => forms.open(undefined, `edit:${id}`, editEntry(site, id)?.body ?? plain(c.body, "\n\n")))}
                  ${button("delete", () => this._ask(id))}
                  <span class="muted">${t(l, "editableFor", { n: Math.ceil(left / 60_000) })}</span>
                `}
      </div>
      ${forms.errors.render(l, `delete:${id}`, "alert")}
      ${forms.notice(id, l)}
      ${forms.replyTo == id ? forms.form(l, id, undefined, c.authorName) : nothing}
    `;
  }

  /**
   * Asks "Delete this comment?", with the focus on its safe answer (Cancel) so keyboard users keep their place;
   * `undefined` takes the question back, and the focus goes back to Delete.
   */
  private async _ask(id: string | undefined) {
    const host = this._ctx.host;
    const asked = this._asking;
    this._asking = id;
    host.requestUpdate();
    await host.updateComplete;
    if (id) host.renderRoot.querySelector<HTMLElement>(`#comment-${id} .tools button:last-child`)?.focus();
    else if (asked) this._forms.refocus(`#comment-${asked} .tools button[name=delete]`);
  }

  private async _delete(c: ShownComment, l: string) {
    const ctx = this._ctx;
    const { api, site } = ctx.host;
    try {
      await deleteComment(api, site, c.id, editEntry(site, c.id)?.token ?? "");
      removeComment(ctx.model(), c.id);
      void this._forms.say(t(l, "deleted"));
    } catch (x) {
      this._forms.fail(x, l, `delete:${c.id}`);
    }
    this._asking = undefined;
    ctx.host.requestUpdate();
    await ctx.host.updateComplete;
    // The buttons are gone: the focus goes to what is left of the comment (a tombstone, or Delete again after a
    // failure), else to the thread's heading.
    this._forms.refocus(`#comment-${c.id} .tools button[name=delete]`, `#comment-${c.id}`, "[part~=heading]");
  }
}
