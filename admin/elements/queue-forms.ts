// The forms a queue item opens in place: the moderator's edit of the text, and banning the author.
import { html, nothing } from "lit";
import { DAY_MS } from "../../worker/contract/dates";
import { ApiError } from "../api/client";
import type { ModerationComment } from "../api/moderation";
import { reason } from "../undo";

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
    expiresAt: days ? new Date(now + days * DAY_MS).toISOString() : null,
  };
}

export function banForm(c: ModerationComment, error: string, onSubmit: (e: SubmitEvent) => void, onCancel: () => void) {
  const id = `ban-${c.id}`;
  return html`<form class="panel inset" @submit=${onSubmit} aria-labelledby="${id}-title">
    <h3 id="${id}-title">Ban ${c.authorName}</h3>
    <div class="grid">
      <div class="field">
        <label for="${id}-type">Ban by</label>
        <select id="${id}-type" name="type" aria-describedby="${id}-kept">
          ${c.authorEmail ? html`<option value="email">E-mail address</option>` : nothing}
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

export function editForm(c: ModerationComment, error: string, onSubmit: (e: SubmitEvent) => void, onCancel: () => void) {
  const id = `edit-${c.id}`;
  return html`<form class="panel inset" @submit=${onSubmit}>
    <label for=${id}>Comment text (markdown)</label>
    <textarea id=${id} name="body" .value=${c.source} aria-describedby="${id}-hint"></textarea>
    <p id="${id}-hint" class="hint">Readers will see that a moderator edited it.</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    <p class="row"><button class="primary">Save</button><button type="button" @click=${onCancel}>Cancel</button></p>
  </form>`;
}
