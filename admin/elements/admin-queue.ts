// <admin-queue>: the moderation queue, pending first, a tab per status. Every action is optimistic with a 5-second
// undo, by click or by key: j/k move, a approve, r reject, s spam, d delete, p pin, x select, u undo, ? help.
import { css, html, LitElement, nothing } from "lit";
import { LIMITS } from "../../worker/contract/limits";
import type { Session } from "../api/client";
import { QUEUE_TABS, queueTabHash, routeOf } from "../route";
import { changedNow, createBan, editComment, listQueue, setLocked, type BulkAction, type CommentStatus, type ModerationComment } from "../api/moderation";
import type { SiteView } from "../api/site";
import { formatDateTime, plural } from "../format";
import { theme } from "../styles";
import {
  changedNotice,
  reason,
  send,
  UNDO_MS,
  UNSENT_EVENT,
  withAction,
  withChanged,
  withoutAction,
  type PendingAction,
  type QueueList,
  type Unsent,
} from "../undo";
import { banForm, banFromForm, editForm, editProblem } from "./queue-forms";
import { queueItem, threadLink } from "./queue-item";
import { helpPanel, keyCommand } from "./queue-keys";

/** What an action did, said of `what` ("2 comments", "nothing"). */
const DONE: Record<BulkAction, (what: string) => string> = {
  approve: (w) => `Approved ${w}`,
  reject: (w) => `Rejected ${w}`,
  spam: (w) => `Marked ${w} as spam`,
  delete: (w) => `Deleted ${w}`,
  restore: (w) => `Restored ${w}`,
  pin: (w) => `Pinned ${w}`,
  unpin: (w) => `Unpinned ${w}`,
};

/** Why `n` of `of` comments were left alone: they changed since the list was loaded. */
const staleMessage = (n: number, of: number) =>
  of == 1
    ? "the comment changed since you loaded it; it shows as it is now, check it again."
    : `${n} of ${of} changed since you loaded them and were left alone; they show as they are now, check them again.`;

interface Notice {
  text: string;
  error?: boolean;
  op?: PendingAction;
}

/**
 * The queue of one site.
 * @fires nothing: every change goes to the API.
 */
export class AdminQueue extends LitElement {
  static override styles = [
    theme,
    css`
      .tabs { display: flex; flex-wrap: wrap; gap: .3em; margin-bottom: .75em; }
      .toolbar { margin-bottom: .75em; }
      .toolbar input[type=search] { flex: 1; min-width: 10em; }
      .search { margin: 0 0 .75em; }
      /* One column that never grows past the page: a long name or word wraps inside its card. */
      .items { display: grid; grid-template-columns: minmax(0, 1fr); gap: .6em; }
      article { border: 1px solid var(--line); border-radius: 8px; padding: .75em; background: var(--bg); min-width: 0; overflow-wrap: anywhere; overflow: clip; overflow-clip-margin: .5em; }
      article.current { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
      article.selected { background: var(--panel); }
      .meta { font-size: .9em; }
      .held, .changed { background: var(--warn-bg); border-radius: 6px; padding: .3em .6em; margin: .5em 0; font-size: .9em; }
      .changed { font-weight: 700; }
      .body { margin: .5em 0; }
      .actions button { padding: .25em .6em; }
      .inset { margin-top: .6em; }
      .grid { display: grid; gap: 0 1em; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); }
      .notice { position: sticky; bottom: .5em; margin-top: 1em; }
      .notice:empty { display: none; }
      .notice p { margin: 0; }
      [role=dialog] { margin-bottom: 1em; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: .2em 1em; margin: 0; }
      dt { font-weight: 700; }
      dd { margin: 0; }
      kbd { font: inherit; font-family: ui-monospace, monospace; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3em; }
    `,
  ];
  static override properties = {
    session: { attribute: false },
    site: { attribute: false },
    _status: { state: true },
    _items: { state: true },
    _counts: { state: true },
    _cursor: { state: true },
    _current: { state: true },
    _selected: { state: true },
    _notice: { state: true },
    _changed: { state: true },
    _help: { state: true },
    _editing: { state: true },
    _banning: { state: true },
    _formError: { state: true },
    _loading: { state: true },
    _q: { state: true },
    _ops: { state: true },
  };

  session!: Session;
  site!: SiteView;
  private _status: CommentStatus = routeOf(location.hash).tab;
  private _items: ModerationComment[] = [];
  private _counts: Partial<Record<CommentStatus, number>> = {};
  private _cursor: string | null = null;
  private _current = 0;
  private _selected = new Set<string>();
  private _notice: Notice | null = null;
  /** By comment id: why an action left it alone (it changed since the list was loaded). */
  private _changed = new Map<string, string>();
  private _help = false;
  private _editing = "";
  private _banning = "";
  private _formError = "";
  private _loading = false;
  /** The search the list shows: the API counts every comment of a status whatever it is (see `_searchView`). */
  private _q = "";
  /** Actions inside their undo window: only these can be undone. */
  private _ops: PendingAction[] = [];
  /** Actions past their window whose requests the API has not all answered yet. */
  private _sending = 0;

  private _onKey = (e: KeyboardEvent) => this._key(e);
  private _onHide = () => void this.flush();
  /** Back or Forward between two tabs of the queue. */
  private _onHash = () => {
    const { section, tab } = routeOf(location.hash);
    if (section == "queue" && tab != this._status) void this._tab(tab, false);
  };

  override connectedCallback() {
    super.connectedCallback();
    // Shortcuts work wherever the focus is on the page, except while typing.
    document.addEventListener("keydown", this._onKey);
    addEventListener("pagehide", this._onHide);
    addEventListener("hashchange", this._onHash);
    void this._load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("keydown", this._onKey);
    removeEventListener("pagehide", this._onHide);
    removeEventListener("hashchange", this._onHash);
    void this.flush();
  }

  /** Closing or reloading the tab asks first while an action waits in its undo window or is still being sent. */
  private _warnUnsent = (e: BeforeUnloadEvent) => e.preventDefault();

  /**
   * Only while needed: a page with a beforeunload listener is kept out of some browsers' back/forward cache. Called
   * wherever an action starts waiting or stops being sent, since sending goes on after the queue is left.
   */
  private _guardUnload() {
    if (this._ops.length || this._sending) addEventListener("beforeunload", this._warnUnsent);
    else removeEventListener("beforeunload", this._warnUnsent);
  }

  /** Sends every action still inside its undo window now. */
  async flush() {
    const ops = this._ops;
    for (const op of ops) clearTimeout(op.timer);
    await Promise.all(ops.map((op) => this._commit(op)));
  }

  /** Counts the lists asked for: an answer to an older one (a tab left before it came) is dropped. */
  private _asked = 0;

  private async _load(more = false) {
    const asked = ++this._asked;
    this._loading = true;
    try {
      const page = await listQueue(this.session, this._status, more ? this._cursor : null, this._q);
      if (asked != this._asked) return;
      this._items = more ? [...this._items, ...page.comments] : page.comments;
      this._counts = page.counts;
      this._cursor = page.nextCursor;
      if (!more) {
        this._current = 0;
        this._selected = new Set();
        this._changed = new Map();
      }
    } catch (e) {
      if (asked == this._asked) this._notice = { text: reason(e), error: true };
    } finally {
      if (asked == this._asked) this._loading = false;
    }
  }

  /**
   * Another tab: actions still waiting are sent first, so the list read next already has them. A tab chosen here
   * gets its own address (`#/queue/spam`), so Back returns to the tab before and a link opens the tab.
   */
  private async _tab(status: CommentStatus, remember = true) {
    if (remember) history.pushState(null, "", queueTabHash(status));
    this._status = status;
    this._editing = this._banning = "";
    await this.flush();
    await this._load();
  }

  // --- acting -------------------------------------------------------------------------------------------

  /** Applies an action at once, and sends it when its undo window has passed. */
  private _act(action: BulkAction, ids: string[]) {
    const before = ids
      .map((id) => ({ comment: this._items.find((c) => c.id == id)!, index: this._items.findIndex((c) => c.id == id) }))
      .filter((b) => b.comment);
    if (!before.length) return;
    this._show(withAction(this._list(), action, before));
    this._current = Math.min(this._current, Math.max(0, this._items.length - 1));
    this._selected = new Set([...this._selected].filter((id) => !ids.includes(id)));
    this._changed = new Map([...this._changed].filter(([id]) => !ids.includes(id)));
    const op: PendingAction = { action, before, timer: setTimeout(() => void this._commit(op), UNDO_MS) };
    this._ops = [...this._ops, op];
    this._guardUnload();
    this._notice = { text: `${DONE[action](plural(before.length, "comment"))}.`, op };
    void this.updateComplete.then(() => this._focusCurrent());
  }

  private _list(): QueueList {
    return { status: this._status, items: this._items, counts: this._counts };
  }

  private _show(list: QueueList) {
    this._items = list.items;
    this._counts = list.counts;
  }

  private async _commit(op: PendingAction) {
    if (!this._ops.includes(op)) return;
    this._ops = this._ops.filter((o) => o != op);
    const total = op.before.length;
    // Several requests take seconds each: the status line counts what the API has answered for, never more.
    const progress = (done: number) => {
      if (this._notice?.op == op) this._notice = { text: `${DONE[op.action](`${done} of ${total}`)}…`, op };
    };
    if (total > LIMITS.bulkIds) progress(0);
    this._sending++;
    this._guardUnload();
    const { updated, refused, stale, message, unsent } = await send(this.session, op.action, op.before.map((b) => b.comment), (done) => {
      if (done < total) progress(done);
    }).finally(() => {
      this._sending--;
      this._guardUnload();
    });
    if (unsent) dispatchEvent(new CustomEvent<Unsent>(UNSENT_EVENT, { detail: { [op.action]: unsent } }));
    // The worker's view of what changed replaces the optimistic one.
    this._items = this._items.map((c) => updated.find((u) => u.id == c.id) ?? c);
    if (refused.length) this._show(withoutAction(this._list(), op.action, op.before.filter((b) => refused.includes(b.comment.id))));
    if (stale.length) this._showChanged(op, stale);
    const left = refused.length + stale.length;
    if (left) {
      const why = [refused.length ? message : "", stale.length ? staleMessage(stale.length, op.before.length) : ""].filter(Boolean).join(" ");
      // Some may have gone through: the message then counts the others.
      this._notice = { text: left == op.before.length ? `${DONE[op.action]("nothing")}: ${why}` : why, error: true };
    } else if (this._notice?.op == op) this._notice = { text: `${DONE[op.action](plural(updated.length, "comment"))}.` };
  }

  /** Comments the action left alone because they changed elsewhere: shown again as they are now, each saying what changed. */
  private _showChanged(op: PendingAction, now: ModerationComment[]) {
    const before = op.before.filter((b) => now.some((c) => c.id == b.comment.id));
    this._show(withChanged(this._list(), op.action, before, now));
    const notices = before.map(({ comment }) => [comment.id, changedNotice(comment, now.find((c) => c.id == comment.id)!)] as const);
    this._changed = new Map([...this._changed, ...notices]);
  }

  /**
   * After the moderator's own edit, actions still in their undo window (a pin) apply to the edited comment: they
   * carry its new version, and an undo brings back the edited text.
   */
  private _rebase(edited: ModerationComment) {
    for (const op of this._ops) {
      op.before = op.before.map((b) => (b.comment.id == edited.id ? { ...b, comment: { ...edited, status: b.comment.status, pinned: b.comment.pinned } } : b));
    }
  }

  /** Undoes the newest action that has not been sent yet. */
  private _undo() {
    const op = this._ops[this._ops.length - 1];
    if (!op) {
      this._notice = { text: "Nothing to undo: actions are sent 5 seconds after you take them." };
      return;
    }
    clearTimeout(op.timer);
    this._ops = this._ops.slice(0, -1);
    this._guardUnload();
    this._show(withoutAction(this._list(), op.action, op.before));
    this._notice = { text: `Undone: ${DONE[op.action](plural(op.before.length, "comment")).toLowerCase()}.` };
  }

  /** Whether every one of `ids` is pinned: then p (or the bulk bar) unpins them, else it pins the others. */
  private _allPinned(ids: string[]) {
    return ids.every((id) => this._items.find((c) => c.id == id)?.pinned);
  }

  /**
   * Pins the comments of `ids` not pinned yet, or unpins them all when every one is pinned: the undo and the count
   * cover only the comments the action changes. The whole selection is then done with.
   */
  private _pinToggle(ids: string[]) {
    const unpin = this._allPinned(ids);
    this._act(unpin ? "unpin" : "pin", unpin ? ids : ids.filter((id) => !this._items.find((c) => c.id == id)?.pinned));
    this._selected = new Set([...this._selected].filter((id) => !ids.includes(id)));
  }

  private async _lock(c: ModerationComment) {
    try {
      await setLocked(this.session, c.threadKey, true);
      this._notice = { text: `Locked the thread ${c.threadKey}: it takes no new comments.` };
    } catch (e) {
      this._notice = { text: reason(e), error: true };
    }
  }

  private async _saveEdit(e: SubmitEvent, c: ModerationComment) {
    e.preventDefault();
    const body = String(new FormData(e.target as HTMLFormElement).get("body") ?? "");
    try {
      const { comment } = await editComment(this.session, c.id, body, c.version);
      this._items = this._items.map((x) => (x.id == c.id ? comment : x));
      this._rebase(comment);
      this._editing = "";
      this._formError = "";
      this._changed = new Map([...this._changed].filter(([id]) => id != c.id));
      this._notice = { text: "Saved the edit." };
    } catch (e) {
      const now = changedNow(e);
      if (!now) {
        this._formError = editProblem(e);
        return;
      }
      // Saving over a text the reader (or another tab) has since replaced would discard what nobody reviewed: the
      // comment shows as it is now, and the form keeps the moderator's text for a second, informed Save.
      this._items = this._items.map((x) => (x.id == c.id ? now : x));
      this._changed = new Map([...this._changed, [c.id, changedNotice(c, now)]]);
      this._formError = "Not saved: the comment changed since you loaded it and shows above as it is now. Save again to replace it with your text.";
      await this.updateComplete;
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>(`#edit-${c.id}`);
      if (area) area.value = body;
    }
  }

  private async _ban(e: SubmitEvent, c: ModerationComment) {
    e.preventDefault();
    const input = banFromForm(e.target as HTMLFormElement, c);
    try {
      const { ban } = await createBan(this.session, input);
      this._banning = "";
      this._formError = "";
      this._notice = { text: `Banned ${ban.hint} (${ban.type}, ${ban.mode}${ban.expiresAt ? `, until ${formatDateTime(ban.expiresAt)}` : ""}).` };
    } catch (e) {
      this._formError = reason(e);
    }
  }

  // --- keyboard -----------------------------------------------------------------------------------------

  private _key(e: KeyboardEvent) {
    const command = keyCommand(e);
    if (!command) return;
    if (command.kind == "close-forms") {
      this._editing = this._banning = "";
      return;
    }
    const current = this._items[this._current];
    const targets = this._selected.size ? [...this._selected] : current ? [current.id] : [];
    switch (command.kind) {
      case "move":
        this._move(command.by);
        break;
      case "select":
        if (!current) return;
        this._toggle(current.id);
        break;
      case "undo":
        this._undo();
        break;
      case "help":
        this._help = !this._help;
        break;
      case "close-help":
        if (!this._help) return;
        this._help = false;
        break;
      case "action":
        if (!targets.length) return;
        if (command.action == "pin-toggle") this._pinToggle(targets);
        else this._act(command.action, targets);
    }
    e.preventDefault();
  }

  private _move(by: number) {
    this._current = Math.max(0, Math.min(this._items.length - 1, this._current + by));
    void this.updateComplete.then(() => this._focusCurrent());
  }

  /** Keeps the keyboard on the current comment (unless the owner is typing somewhere). */
  private _focusCurrent() {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (active?.closest("form")) return;
    this.renderRoot.querySelectorAll<HTMLElement>("article")[this._current]?.focus();
  }

  private _toggle(id: string) {
    const s = new Set(this._selected);
    if (!s.delete(id)) s.add(id);
    this._selected = s;
  }

  // --- rendering ----------------------------------------------------------------------------------------

  override render() {
    const n = this._selected.size;
    return html`<h2 tabindex="-1">Moderation queue</h2>
      <div class="tabs" role="tablist" aria-label="Comments by status">
        ${QUEUE_TABS.map(
          ([status, label]) =>
            html`<button role="tab" aria-selected=${this._status == status ? "true" : "false"} aria-controls="items"
              @click=${() => this._tab(status)}>${label} (${this._counts[status] ?? 0}${this._q ? " in all" : ""})</button>`,
        )}
      </div>
      <div class="toolbar row">
        <form class="row" role="search" @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this._search(String(new FormData(e.target as HTMLFormElement).get("q") ?? "").trim());
        }}>
          <label class="sr" for="q">Search comments</label>
          <input id="q" name="q" type="search" placeholder="Search text" .value=${this._q} />
          <button>Search</button>
        </form>
        <button @click=${() => (this._help = !this._help)} aria-expanded=${this._help ? "true" : "false"} aria-keyshortcuts="?">Keyboard shortcuts</button>
      </div>
      ${this._help ? helpPanel() : nothing} ${this._searchView()}
      ${this._items.length
        ? html`<div class="row toolbar" aria-label="Selection">
            <label class="inline"><input type="checkbox" .checked=${n > 0 && n == this._items.length}
              @change=${(e: Event) => (this._selected = (e.target as HTMLInputElement).checked ? new Set(this._items.map((c) => c.id)) : new Set())} />
              Select all</label>
            ${n
              ? html`<span>${n} selected:</span>
                  ${this._bulkButtons()}`
              : nothing}
          </div>`
        : nothing}
      <div id="items" class="items" role="tabpanel" aria-label="${QUEUE_TABS.find((t) => t[0] == this._status)![1]} comments" aria-busy=${this._loading ? "true" : "false"}>
        ${this._items.map((c, i) => this._item(c, i))}
        ${!this._items.length && !this._loading ? html`<p class="muted">Nothing here.</p>` : nothing}
      </div>
      ${this._cursor ? html`<p><button @click=${() => this._load(true)}>Load more</button></p>` : nothing}
      <div class="notice">${this._noticeView()}</div>`;
  }

  /**
   * While searching, the tabs keep counting every comment of their status (the API counts the whole queue), and say
   * so ("Pending (12 in all)"); this line says how many of the tab's comments match, as far as they are loaded.
   */
  private _searchView() {
    if (!this._q || this._loading) return nothing;
    const label = QUEUE_TABS.find((t) => t[0] == this._status)![1];
    const n = this._items.length;
    const found = this._cursor ? `More than ${n} comments` : n ? plural(n, "comment") : "No comments";
    return html`<p class="row search" role="status">
      <span>${found} in ${label} ${n == 1 && !this._cursor ? "matches" : "match"} “${this._q}”; the counts on the tabs are of all comments.</span>
      <button @click=${() => this._search("")}>Clear search</button>
    </p>`;
  }

  /** Shows the comments that match `q` (all of them for ""), once the actions still waiting are sent. */
  private _search(q: string) {
    this._q = q;
    void this.flush().then(() => this._load());
  }

  private _bulkButtons() {
    const ids = [...this._selected];
    const b = (action: BulkAction, label: string) => html`<button @click=${() => this._act(action, ids)}>${label}</button>`;
    // As on each item: only a published comment can be pinned, so Pin (or Unpin) takes Approve's place there.
    const first =
      this._status != "published"
        ? b("approve", "Approve")
        : html`<button @click=${() => this._pinToggle(ids)}>${this._allPinned(ids) ? "Unpin" : "Pin"}</button>`;
    return this._status == "deleted" ? b("restore", "Restore") : html`${first}${b("reject", "Reject")}${b("spam", "Spam")}${b("delete", "Delete")}`;
  }

  private _noticeView() {
    const n = this._notice;
    if (!n) return nothing;
    if (n.error) return html`<div class="panel" role="alert"><p class="error">${n.text}</p></div>`;
    return html`<div class="panel row" role="status">
      <p>${n.text}</p>
      ${n.op && this._ops.includes(n.op) ? html`<button @click=${() => this._undo()} aria-keyshortcuts="u">Undo</button>` : nothing}
    </div>`;
  }

  private _item(c: ModerationComment, i: number) {
    return queueItem(c, threadLink(this.site, c), {
      current: i == this._current,
      selected: this._selected.has(c.id),
      notice: this._changed.get(c.id) ?? "",
      forms: html`${this._editing == c.id ? editForm(c, this._formError, (e) => this._saveEdit(e, c), () => (this._editing = "")) : nothing}
      ${this._banning == c.id ? banForm(c, this._formError, (e) => this._ban(e, c), () => (this._banning = "")) : nothing}`,
      act: (action) => this._act(action, [c.id]),
      toggle: () => this._toggle(c.id),
      focus: () => (this._current = i),
      edit: () => ((this._editing = c.id), (this._formError = "")),
      ban: () => ((this._banning = c.id), (this._formError = "")),
      lock: () => void this._lock(c),
    });
  }
}

customElements.get("admin-queue") || customElements.define("admin-queue", AdminQueue);

declare global {
  interface HTMLElementTagNameMap {
    "admin-queue": AdminQueue;
  }
}
