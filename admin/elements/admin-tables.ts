// <admin-bans> and <admin-audit>: the site's bans (lift one) and its audit log, as tables with filters.
// Filters apply to the rows loaded so far; "Load more" fetches older ones. Both page and draw their table the
// same way (PagedTable, rowsTable); each says what its rows are.
import { css, html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import type { AuditEntry, Ban } from "../../worker/contract/types";
import type { Session } from "../api/client";
import { deleteBan, listAudit, listBans } from "../api/moderation";
import { formatDateTime } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";
import { auditChange } from "./audit-change";
import { loadFailed } from "./load-failed";

const tableStyles = css`
  .filters { margin-bottom: .75em; }
  .filters .field { min-width: 10em; }
  .filters label { margin-top: 0; }
  code { font-size: .85em; overflow-wrap: anywhere; }
  ul.change { list-style: none; margin: 0; padding: 0; }
  ul.change .field { font-family: ui-monospace, monospace; font-size: .85em; }
  /* On a phone, each row is a card of labelled lines (the roles keep it a table to screen readers). */
  @media (max-width: 40rem) {
    table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; }
    table.cards tr { padding: .5em 0; border-bottom: 1px solid var(--line); }
    table.cards td { border: 0; padding: .15em 0; min-width: 0; }
    table.cards td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; font-size: .875em; color: var(--muted); }
  }
`;

/** A row's cell: its content, and the class of free text (see admin/styles.ts) where it is one. */
type Cell = TemplateResult | string | { text: TemplateResult | string };

const select = (id: string, label: string, options: [string, string][], onChange: (v: string) => void) =>
  html`<div class="field"><label for=${id}>${label}</label>
    <select id=${id} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
    </select></div>`;

const search = (id: string, label: string, onInput: (v: string) => void) =>
  html`<div class="field"><label for=${id}>${label}</label>
    <input id=${id} type="search" @input=${(e: Event) => onInput((e.target as HTMLInputElement).value.toLowerCase())} /></div>`;

/** A column heading; `sr` ones are read to screen readers only. */
type Column = string | { sr: string };

/**
 * The status line, the table of the rows shown, what to say when none match (or why none could be read, with a
 * retry), and "Load more" while there is more.
 */
function rowsTable<T>(t: {
  message: string;
  columns: Column[];
  rows: T[];
  /** A row's cells, a column each. */
  row: (r: T) => Cell[];
  empty: string;
  failed: { what: string; why: string; retry: () => void } | null;
  more: (() => void) | null;
}) {
  const label = (i: number) => (typeof t.columns[i] == "string" ? (t.columns[i] as string) : undefined);
  const cell = (c: Cell, i: number) =>
    typeof c == "object" && "text" in c
      ? html`<td role="cell" class="text" data-label=${label(i) ?? nothing}>${c.text}</td>`
      : html`<td role="cell" data-label=${label(i) ?? nothing}>${c}</td>`;
  return html`<div role="status" class="muted">${t.message}</div>
    <div class="table"><table class="cards" role="table">
      <thead role="rowgroup"><tr role="row">${t.columns.map(
        (c) => html`<th role="columnheader" scope="col">${typeof c == "string" ? c : html`<span class="sr">${c.sr}</span>`}</th>`,
      )}</tr></thead>
      <tbody role="rowgroup">${t.rows.map((r) => html`<tr role="row">${t.row(r).map(cell)}</tr>`)}</tbody>
    </table></div>
    ${t.failed ? loadFailed(t.failed.what, t.failed.why, t.failed.retry) : t.rows.length || !t.empty ? nothing : html`<p class="muted">${t.empty}</p>`}
    ${t.more ? html`<button @click=${t.more}>Load more</button>` : nothing}`;
}

/** A table loaded page by page from the API: the first page when connected, the next ones on "Load more". */
abstract class PagedTable<T> extends LitElement {
  static override styles = [theme, tableStyles];
  static override properties: PropertyDeclarations = {
    session: { attribute: false },
    _rows: { state: true },
    _cursor: { state: true },
    _message: { state: true },
    _failed: { state: true },
    _loaded: { state: true },
  };

  session!: Session;
  protected _rows: T[] = [];
  protected _cursor: string | null = null;
  protected _message = "";
  /** Why the first page could not be read, or "". */
  protected _failed = "";
  /** Whether a first page came: until then no empty list is claimed. */
  protected _loaded = false;

  /** One page of rows after `cursor` (the first page for null). */
  protected abstract fetchPage(cursor: string | null): Promise<{ rows: T[]; nextCursor: string | null }>;

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  protected async _load(more = false) {
    try {
      const page = await this.fetchPage(more ? this._cursor : null);
      this._rows = more ? [...this._rows, ...page.rows] : page.rows;
      this._cursor = page.nextCursor;
      this._failed = "";
      this._loaded = true;
    } catch (e) {
      if (more) this._message = reason(e);
      else this._failed = reason(e);
    }
  }

  /**
   * The rows as a table (`rows`: the ones the filters let through; `what` names them if they cannot be read). With
   * none at all, `empty.none` says there is nothing yet; with none matching, `empty.match` says so. The filters look
   * at the rows loaded so far: while older ones remain, an empty result says how many were looked at and that
   * "Load more" looks further back, not that nothing matches.
   */
  protected table(rows: T[], columns: Column[], row: (r: T) => Cell[], empty: { none: string; match: string }, what: string) {
    const failed = this._failed ? { what, why: this._failed, retry: () => void this._load() } : null;
    const none = !this._loaded
      ? ""
      : !this._rows.length
        ? empty.none
        : this._cursor
          ? `None of the ${this._rows.length} loaded match: "Load more" looks further back.`
          : empty.match;
    return rowsTable({ message: this._message, columns, rows, row, empty: none, failed, more: this._cursor ? () => void this._load(true) : null });
  }
}

export class AdminBans extends PagedTable<Ban> {
  static override properties = {
    _type: { state: true },
    _state: { state: true },
    _text: { state: true },
  };

  private _type = "";
  private _state = "active";
  private _text = "";

  protected async fetchPage(cursor: string | null) {
    const page = await listBans(this.session, cursor);
    return { rows: page.bans, nextCursor: page.nextCursor };
  }

  /**
   * Lifts a ban once the owner confirms: there is no undo, and an e-mail or IP ban keeps only a hash, so it can be
   * made again only from a comment of that author. The keyboard then goes to the heading, the row being gone.
   */
  private async _lift(b: Ban) {
    if (!confirm(`Lift the ban on ${b.hint}? They can post again at once, and this cannot be undone.`)) return;
    try {
      await deleteBan(this.session, b.id);
      this._rows = this._rows.filter((x) => x.id != b.id);
      this._message = `Lifted the ban on ${b.hint}.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("h2")?.focus();
    } catch (e) {
      this._message = reason(e);
    }
  }

  override render() {
    const shown = this._rows.filter(
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
      ${this.table(
        shown,
        ["Who", "Type", "Mode", "Reason", "Expires", "Since", { sr: "Actions" }],
        (b) => [
          { text: b.hint },
          b.type,
          b.mode,
          { text: b.reason ?? "" },
          `${b.expiresAt ? formatDateTime(b.expiresAt) : "Never"}${b.active ? "" : " (expired)"}`,
          formatDateTime(b.createdAt),
          html`<button @click=${() => this._lift(b)} aria-label="Lift the ban on ${b.hint}">Lift</button>`,
        ],
        { none: "No bans yet.", match: "No bans match." },
        "The bans",
      )}`;
  }
}

export class AdminAudit extends PagedTable<AuditEntry> {
  static override properties = {
    _action: { state: true },
    _text: { state: true },
  };

  private _action = "";
  private _text = "";

  protected async fetchPage(cursor: string | null) {
    const page = await listAudit(this.session, cursor);
    return { rows: page.entries, nextCursor: page.nextCursor };
  }

  override render() {
    const actions = [...new Set(this._rows.map((e) => e.action))].sort();
    const shown = this._rows.filter(
      (e) =>
        (!this._action || e.action == this._action) &&
        (!this._text || `${e.action} ${e.actor} ${e.targetId} ${JSON.stringify(e.before)} ${JSON.stringify(e.after)}`.toLowerCase().includes(this._text)),
    );
    return html`<h2 tabindex="-1">Audit log</h2>
      <div class="filters row">
        ${select("audit-action", "Action", [["", "All actions"], ...actions.map((a): [string, string] => [a, a])], (v) => (this._action = v))}
        ${search("audit-text", "Search", (v) => (this._text = v))}
      </div>
      ${this.table(
        shown,
        ["When", "Action", "Target", "Change", "Who"],
        (e) => [
          formatDateTime(e.createdAt),
          e.action,
          html`${e.targetType} <code>${e.targetId}</code>`,
          { text: auditChange(e.before, e.after) },
          html`<code>${e.actor}</code>`,
        ],
        { none: "Nothing in the audit log yet.", match: "No entries match." },
        "The audit log",
      )}`;
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
