// The forms a queue item opens in place: the moderator's edit of the text, and banning the author; which are open,
// and what their Save and Confirm do.
import { html, nothing, type LitElement } from "lit";
import { DAY_MS } from "../../worker/contract/dates";
import { ApiError, type Session } from "../api/client";
import { changedNow, createBan, editComment, type ModerationComment } from "../api/moderation";
import { formatDateTime } from "../format";
import { changedNotice, reason } from "../undo";
import type { QueueActions } from "./queue-actions";

const EXPIRIES = [
  ["", "Never"],
  ["1", "1 day"],
  ["7", "7 days"],
  ["30", "30 days"],
  ["365", "1 year"],
] as const;

/** The ban form's values, as the API takes them (the author is named by the comment). */
export function banFromForm(form: HTMLFormElement, comment: ModerationComment, now = Date.now()) {
  const data = new FormData(form);
  const days = Number(data.get("expires") || 0);
  const reason = String(data.get("reason") ?? "").trim();
  return {
    type: String(data.get("type")) as "email" | "ip" | "name",
    commentId: comment.id,
    mode: String(data.get("mode")) as "visible" | "shadow",
    ...(reason ? { reason } : {}),
    // On the hour, so that the same ban given twice (a double click, a second tab) is one ban to the API, which
    // answers the ban it has when target, mode, reason and expiry are the same.
    expiresAt: days ? new Date(Math.ceil((now + days * DAY_MS) / HOUR_MS) * HOUR_MS).toISOString() : null,
  };
}

const HOUR_MS = 3600_000;

/**
 * The ban form under comment `c`. Its e-mail option, offered when the comment has an address, is marked selected:
 * Lit adds it after the select has already chosen its first option, IP address.
 */
export function banForm(c: ModerationComment, error: string, onSubmit: (e: SubmitEvent) => void, onCancel: () => void) {
  const id = `ban-${c.id}`;
  return html`<form class="panel inset" @submit=${onSubmit} aria-labelledby="${id}-title">
    <h3 id="${id}-title">Ban ${c.authorName}</h3>
    <div class="grid">
      <div class="field">
        <label for="${id}-type">Ban by</label>
        <select id="${id}-type" name="type" aria-describedby="${id}-kept">
          ${c.authorEmail ? html`<option value="email" selected>E-mail address</option>` : nothing}
          <option value="ip">IP address</option>
          <option value="name">Name: ${c.authorName}</option>
        </select>
      </div>
      <div class="field">
        <label for="${id}-mode">Mode</label>
        <select id="${id}-mode" name="mode">
          <option value="visible">Visible: their posts are refused</option>
          <option value="shadow">Shadow: only they see their posts</option>
        </select>
      </div>
      <div class="field">
        <label for="${id}-expires">Expires after</label>
        <select id="${id}-expires" name="expires">
          ${EXPIRIES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="${id}-reason">Reason (optional)</label>
        <input id="${id}-reason" name="reason" maxlength="500" />
      </div>
    </div>
    <p id="${id}-kept" class="hint">An e-mail or IP ban keeps only a keyed hash of the address, never the address.</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    <p class="row"><button class="primary">Confirm ban</button><button type="button" @click=${onCancel}>Cancel</button></p>
  </form>`;
}

/** Why an edit was refused, in the form's words: "The text must not be empty." rather than the API's "body …". */
export function editProblem(e: unknown): string {
  const d = e instanceof ApiError ? e.details.find((x) => x.field == "body") : undefined;
  if (!d) return reason(e);
  return /^Must /.test(d.message) ? `The text ${d.message.charAt(0).toLowerCase()}${d.message.slice(1)}` : `The text: ${d.message}`;
}

/**
 * The moderator's edit form for `c`, starting from `draft` (text typed before and not saved: the form was closed by a
 * tab switch, Escape, or an action and its undo) or else the comment's source; `onInput` hears every change.
 */
export function editForm(
  c: ModerationComment,
  draft: string | undefined,
  error: string,
  onSubmit: (e: SubmitEvent) => void,
  onCancel: () => void,
  onInput: (text: string) => void,
) {
  const id = `edit-${c.id}`;
  return html`<form class="panel inset" @submit=${onSubmit}>
    <label for=${id}>Comment text (markdown)</label>
    <textarea id=${id} name="body" .value=${draft ?? c.source} aria-describedby="${id}-hint"
      @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}></textarea>
    <p id="${id}-hint" class="hint">Readers will see that a moderator edited it.${draft != null && draft != c.source ? " Your unsaved text is back: Cancel discards it." : ""}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    <p class="row"><button class="primary">Save</button><button type="button" @click=${onCancel}>Cancel</button></p>
  </form>`;
}

/** What the forms read and change of their queue. */
export interface FormsView {
  session(): Session;
  /** The status line, notes on changed comments, and the actions an edit applies to. */
  actions: QueueActions;
  /** Shows the comment as the API has it now, where it is in the list. */
  replace(comment: ModerationComment): void;
}

/**
 * The forms open under the queue's comments (by comment id; "" for none) and why the last Save was refused. It has
 * no part in the element's lifecycle, so it is no reactive controller: it asks the host to render when it changes.
 */
export class QueueForms {
  editing = "";
  banning = "";
  error = "";
  /** Edits typed and not saved, by comment id: closing a form any way but its Cancel keeps them for its next opening. */
  private readonly drafts = new Map<string, string>();

  constructor(
    private readonly host: LitElement,
    private readonly view: FormsView,
  ) {}

  /**
   * Opens a form under comment `id`, the keyboard in its first field, and the whole form shown: not under the sticky
   * status line (the forms' scroll margin keeps them clear of it).
   */
  async open(form: "edit" | "ban", id: string) {
    if (form == "edit") this.editing = id;
    else this.banning = id;
    this.error = "";
    this.host.requestUpdate();
    await this.host.updateComplete;
    const field = this.host.renderRoot.querySelector<HTMLElement>(form == "edit" ? `#edit-${CSS.escape(id)}` : `#ban-${CSS.escape(id)}-type`);
    field?.focus({ preventScroll: true });
    field?.closest("form")?.scrollIntoView({ block: "nearest" });
  }

  close() {
    this.editing = this.banning = "";
    this.host.requestUpdate();
  }

  /** Escape: closes the open forms, the keyboard going back to their comment. False when none was open. */
  dismiss(): boolean {
    const id = this.editing || this.banning;
    this.close();
    if (id) void this._refocus(id);
    return !!id;
  }

  /** A form went away with the keyboard in it: the keyboard goes back to its comment, not to the top of the page. */
  private async _refocus(id: string) {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(id)}`)?.focus();
  }

  /** The forms open under `c`, or nothing. */
  under(c: ModerationComment) {
    const done = (form: "editing" | "banning") => () => {
      this[form] = "";
      if (form == "editing") this.drafts.delete(c.id);
      this.host.requestUpdate();
      void this._refocus(c.id);
    };
    const typed = (text: string) => void this.drafts.set(c.id, text);
    return html`${this.editing == c.id ? editForm(c, this.drafts.get(c.id), this.error, (e) => this._save(e, c), done("editing"), typed) : nothing}
    ${this.banning == c.id ? banForm(c, this.error, (e) => this._ban(e, c), done("banning")) : nothing}`;
  }

  private _refused(error: string) {
    this.error = error;
    this.host.requestUpdate();
  }

  private async _save(e: SubmitEvent, c: ModerationComment) {
    e.preventDefault();
    const body = String(new FormData(e.target as HTMLFormElement).get("body") ?? "");
    const { actions } = this.view;
    try {
      const { comment } = await editComment(this.view.session(), c.id, body, c.version);
      this.view.replace(comment);
      actions.rebase(comment);
      this.drafts.delete(c.id);
      this.editing = this.error = "";
      actions.note(c.id, null);
      actions.say("Saved the edit.");
      void this._refocus(c.id);
    } catch (e) {
      const now = changedNow(e);
      if (!now) {
        this._refused(editProblem(e));
        return;
      }
      // Saving over a text the reader (or another tab) has since replaced would discard what nobody reviewed: the
      // comment shows as it is now, and the form keeps the moderator's text for a second, informed Save.
      this.view.replace(now);
      actions.note(c.id, changedNotice(c, now));
      this._refused("Not saved: the comment changed since you loaded it and shows above as it is now. Save again to replace it with your text.");
      await this.host.updateComplete;
      const area = this.host.renderRoot.querySelector<HTMLTextAreaElement>(`#edit-${c.id}`);
      if (area) area.value = body;
    }
  }

  private async _ban(e: SubmitEvent, c: ModerationComment) {
    e.preventDefault();
    const sentAt = Date.now();
    const input = banFromForm(e.target as HTMLFormElement, c, sentAt);
    try {
      const { ban, created } = await createBan(this.view.session(), input);
      this.banning = this.error = "";
      void this._refocus(c.id);
      // The API answers the same ban made before (by another click or tab) rather than making a second one.
      const what = `${ban.hint} (${ban.type}, ${ban.mode}${ban.expiresAt ? `, until ${formatDateTime(ban.expiresAt)}` : ""})`;
      this.view.actions.say(!created ? `Already banned: ${what}, since ${formatDateTime(ban.createdAt)}.` : `Banned ${what}.`);
    } catch (e) {
      this._refused(reason(e));
    }
  }
}
