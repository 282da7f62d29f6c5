// <admin-bans> and <admin-audit>: the site's bans (lift one) and its audit log, as tables with filters.
// Filters apply to the rows loaded so far; "Load more" fetches older ones.
import { css, html, LitElement, nothing } from "lit";
import type { AuditEntry, Ban } from "../../worker/contract/types";
import type { Session } from "../api/client";
import { deleteBan, listAudit, listBans } from "../api/moderation";
import { formatDateTime } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";

const tableStyles = css`
  .filters { margin-bottom: .75em; }
  .filters .field { min-width: 10em; }
  .filters label { margin-top: 0; }
  code { font-size: .85em; overflow-wrap: anywhere; }
`;

const select = (id: string, label: string, options: [string, string][], onChange: (v: string) => void) =>
  html`<div class="field"><label for=${id}>${label}</label>
    <select id=${id} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
    </select></div>`;

const search = (id: string, label: string, onInput: (v: string) => void) =>
  html`<div class="field"><label for=${id}>${label}</label>
    <input id=${id} type="search" @input=${(e: Event) => onInput((e.target as HTMLInputElement).value.toLowerCase())} /></div>`;

export class AdminBans extends LitElement {
  static override styles = [theme, tableStyles];
  static override properties = {
    session: { attribute: false },
    _bans: { state: true },
    _cursor: { state: true },
    _type: { state: true },
    _state: { state: true },
    _text: { state: true },
    _message: { state: true },
  };

  session!: Session;
  private _bans: Ban[] = [];
  private _cursor: string | null = null;
  private _type = "";
  private _state = "active";
  private _text = "";
  private _message = "";

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  private async _load(more = false) {
    try {
      const page = await listBans(this.session, more ? this._cursor : null);
      this._bans = more ? [...this._bans, ...page.bans] : page.bans;
      this._cursor = page.nextCursor;
    } catch (e) {
      this._message = reason(e);
    }
  }

  private async _lift(b: Ban) {
    try {
      await deleteBan(this.session, b.id);
      this._bans = this._bans.filter((x) => x.id != b.id);
      this._message = `Lifted the ban on ${b.hint}.`;
    } catch (e) {
      this._message = reason(e);
    }
  }

  override render() {
    const shown = this._bans.filter(
      (b) =>
        (!this._type || b.type == this._type) &&
        (!this._state || (this._state == "active") == b.active) &&
        (!this._text || `${b.hint} ${b.reason ?? ""}`.toLowerCase().includes(this._text)),
    );
    return html`<h2 tabindex="-1">Bans</h2>
      <p class="muted">Ban an author from a comment in the queue ("Ban author").</p>
      <div class="filters row">
        ${select("ban-type", "Type", [["", "All types"], ["email", "E-mail"], ["ip", "IP address"], ["name", "Name"]], (v) => (this._type = v))}
        ${select("ban-state", "State", [["active", "Active"], ["expired", "Expired"], ["", "All"]], (v) => (this._state = v))}
        ${search("ban-text", "Search", (v) => (this._text = v))}
      </div>
      <div role="status" class="muted">${this._message}</div>
      <div class="table"><table>
        <thead><tr><th scope="col">Who</th><th scope="col">Type</th><th scope="col">Mode</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">Since</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
        <tbody>${shown.map(
          (b) => html`<tr>
            <td>${b.hint}</td><td>${b.type}</td><td>${b.mode}</td><td>${b.reason ?? ""}</td>
            <td>${b.expiresAt ? formatDateTime(b.expiresAt) : "Never"}${b.active ? "" : " (expired)"}</td>
            <td>${formatDateTime(b.createdAt)}</td>
            <td><button @click=${() => this._lift(b)} aria-label="Lift the ban on ${b.hint}">Lift</button></td>
          </tr>`,
        )}</tbody>
      </table></div>
      ${shown.length ? nothing : html`<p class="muted">No bans match.</p>`}
      ${this._cursor ? html`<button @click=${() => this._load(true)}>Load more</button>` : nothing}`;
  }
}

export class AdminAudit extends LitElement {
  static override styles = [theme, tableStyles];
  static override properties = {
    session: { attribute: false },
    _entries: { state: true },
    _cursor: { state: true },
    _action: { state: true },
    _text: { state: true },
    _message: { state: true },
  };

  session!: Session;
  private _entries: AuditEntry[] = [];
  private _cursor: string | null = null;
  private _action = "";
  private _text = "";
  private _message = "";

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  private async _load(more = false) {
    try {
      const page = await listAudit(this.session, more ? this._cursor : null);
      this._entries = more ? [...this._entries, ...page.entries] : page.entries;
      this._cursor = page.nextCursor;
    } catch (e) {
      this._message = reason(e);
    }
  }

  override render() {
    const actions = [...new Set(this._entries.map((e) => e.action))].sort();
    const shown = this._entries.filter(
      (e) =>
        (!this._action || e.action == this._action) &&
        (!this._text || `${e.actor} ${e.targetId} ${JSON.stringify(e.before)} ${JSON.stringify(e.after)}`.toLowerCase().includes(this._text)),
    );
    return html`<h2 tabindex="-1">Audit log</h2>
      <div class="filters row">
        ${select("audit-action", "Action", [["", "All actions"], ...actions.map((a): [string, string] => [a, a])], (v) => (this._action = v))}
        ${search("audit-text", "Search", (v) => (this._text = v))}
      </div>
      <div role="status" class="muted">${this._message}</div>
      <div class="table"><table>
        <thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Change</th><th scope="col">Who</th></tr></thead>
        <tbody>${shown.map(
          (e) => html`<tr>
            <td>${formatDateTime(e.createdAt)}</td><td>${e.action}</td><td>${e.targetType} <code>${e.targetId}</code></td>
            <td><code>${e.before == null ? "" : JSON.stringify(e.before)}</code>${e.after == null ? nothing : html` → <code>${JSON.stringify(e.after)}</code>`}</td>
            <td><code>${e.actor}</code></td>
          </tr>`,
        )}</tbody>
      </table></div>
      ${shown.length ? nothing : html`<p class="muted">No entries match.</p>`}
      ${this._cursor ? html`<button @click=${() => this._load(true)}>Load more</button>` : nothing}`;
  }
}

customElements.get("admin-bans") || customElements.define("admin-bans", AdminBans);
customElements.get("admin-audit") || customElements.define("admin-audit", AdminAudit);

declare global {
  interface HTMLElementTagNameMap {
    "admin-bans": AdminBans;
    "admin-audit": AdminAudit;
  }
}
