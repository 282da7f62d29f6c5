// <admin-queue>: the moderation queue, pending first, a tab per status. Every action is optimistic with a 5-second
// undo (./queue-actions.ts), by click or by key: j/k move, a approve, r reject, s spam, d delete, p pin, x select,
// u undo, ? help.
import { html, LitElement, nothing } from "lit";
import type { Session } from "../api/client";
import { QUEUE_TABS, queueTabHash, routeOf } from "../route";
import { listQueue, setLocked, type BulkAction, type CommentStatus, type ModerationComment } from "../api/moderation";
import type { SiteView } from "../api/site";
import { theme } from "../styles";
import { reason, type QueueList } from "../undo";
import { QueueActions } from "./queue-actions";
import { QueueForms } from "./queue-forms";
import { queueItem, threadLink } from "./queue-item";
import { deepActiveElement, focusAfterHelp, helpPanel, helpStyles, keyCommand } from "./queue-keys";
import { loadFailed } from "./load-failed";
import { searchForm, searchLine, threadLine, type Search } from "./queue-filters";
import { queueStyles } from "./queue-styles";

/** The queue of one site. @fires nothing: every change goes to the API. */
export class AdminQueue extends LitElement {
  static override styles = [
    theme,
    queueStyles,
    helpStyles,
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
    _help: { state: true },
    _loading: { state: true },
    _failed: { state: true },
    _search: { state: true },
    _thread: { state: true },
  };

  session!: Session;
  site!: SiteView;
  private _status: CommentStatus = routeOf(location.hash).tab;
  private _items: ModerationComment[] = [];
  private _counts: Partial<Record<CommentStatus, number>> = {};
  private _cursor: string | null = null;
  private _current = 0;
  private _selected = new Set<string>();
  private _help = false;
  /** What had the keyboard when the shortcuts' panel opened: the panel gives it back there when it closes. */
  private _helpOpener: HTMLElement | null = null;
  private _loading = false;
  /** Why the tab's list could not be read, or "": then no list shows, rather than another tab's under this one. */
  private _failed = "";
  /** The search the list shows: the API counts every comment of a status whatever it is (see `searchLine`). */
  private _search: Search = { q: "", author: "" };
  /** The one thread the queue shows (from the address: a thread's "N waiting" link), or null for every thread. */
  private _thread: string | null = routeOf(location.hash).thread;
  private _actions = new QueueActions(this, {
    session: () => this.session,
    list: () => ({ status: this._status, items: this._items, counts: this._counts }),
    show: (list: QueueList) => {
      this._items = list.items;
      this._counts = list.counts;
    },
  });
  private _forms = new QueueForms(this, {
    session: () => this.session,
    actions: this._actions,
    replace: (comment) => (this._items = this._items.map((c) => (c.id == comment.id ? comment : c))),
  });

  private _onKey = (e: KeyboardEvent) => this._key(e);
  /** Back or Forward between two tabs of the queue. */
  private _onHash = () => {
    const { section, tab, thread } = routeOf(location.hash);
    if (section != "queue" || (tab == this._status && thread == this._thread)) return;
    this._thread = thread;
    void this._tab(tab, false);
  };

  override connectedCallback() {
    super.connectedCallback();
    // Shortcuts work wherever the focus is on the page, except while typing.
    document.addEventListener("keydown", this._onKey);
    addEventListener("hashchange", this._onHash);
    void this._load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("keydown", this._onKey);
    removeEventListener("hashchange", this._onHash);
  }

  /** Sends every action still inside its undo window now. */
  flush() {
    return this._actions.flush();
  }

  /** Counts the lists asked for: an answer to an older one (a tab left before it came) is dropped. */
  private _asked = 0;

  private async _load(more = false) {
    const asked = ++this._asked;
    this._loading = true;
    try {
      const page = await listQueue(this.session, this._status, more ? this._cursor : null, { ...this._search, thread: this._thread });
      if (asked != this._asked) return;
      this._failed = "";
      this._items = more ? [...this._items, ...page.comments] : page.comments;
      // The API's counts do not know of the actions still in their undo window, which the counts on screen have.
      if (!more) this._counts = page.counts;
      this._cursor = page.nextCursor;
      if (!more) {
        this._current = 0;
        this._selected = new Set();
        this._actions.changed = new Map();
      }
    } catch (e) {
      if (asked != this._asked) return;
      if (more) this._actions.say(reason(e), true);
      else {
        // The comments on screen belong to the tab or search before: acting on them here would mislead.
        this._items = [];
        this._cursor = null;
        this._selected = new Set();
        this._failed = reason(e);
      }
    } finally {
      if (asked == this._asked) this._loading = false;
    }
  }

  /**
   * Another tab: actions still waiting are sent first, so the list read next already has them. A tab chosen here
   * gets its own address (`#/queue/spam`), so Back returns to the tab before and a link opens the tab.
   */
  private async _tab(status: CommentStatus, remember = true) {
    if (remember) history.pushState(null, "", queueTabHash(status, this._thread));
    this._status = status;
    this._forms.close();
    await this.flush();
    await this._load();
  }

  // --- acting -------------------------------------------------------------------------------------------

  /** Applies an action at once (see QueueActions); the keyboard stays on the comment where the list now is. */
  private _act(action: BulkAction, ids: string[]) {
    if (!this._actions.act(action, ids)) return;
    this._current = Math.min(this._current, Math.max(0, this._items.length - 1));
    this._selected = new Set([...this._selected].filter((id) => !ids.includes(id)));
    // Every loaded comment is done with (a "Select all" acted on) but the tab holds more: the next ones take their
    // place, rather than "Nothing here." over a queue that still has them.
    const next = !this._items.length && this._cursor ? this._load(true) : null;
    void Promise.resolve(next)
      .then(() => this.updateComplete)
      .then(() => this._focusCurrent());
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
      const { changed } = await setLocked(this.session, c.threadKey, true);
      const done = changed ? `Locked the thread ${c.threadKey}` : `The thread ${c.threadKey} was already locked`;
      this._actions.say(`${done}: it takes no new comments.`);
    } catch (e) {
      this._actions.say(reason(e), true);
    }
  }

  // --- keyboard -----------------------------------------------------------------------------------------

  private _key(e: KeyboardEvent) {
    const command = keyCommand(e);
    if (!command) return;
    if (command.kind == "close-forms") {
      this._forms.dismiss();
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
        this._actions.undo();
        break;
      case "help":
        void this._showHelp(!this._help);
        break;
      case "close-help":
        // Escape closes the help first, then the forms open under a comment (from their buttons too, not only fields).
        if (this._help) void this._showHelp(false);
        else if (!this._forms.dismiss()) return;
        break;
      case "action":
        if (!targets.length) return;
        // Only a published comment can be pinned (the API refuses the others): elsewhere p says so and sends nothing.
        if (command.action != "pin-toggle") this._act(command.action, targets);
        else if (this._status == "published") this._pinToggle(targets);
        else this._actions.say("Only published comments can be pinned: approve them first.", true);
    }
    e.preventDefault();
  }

  /** Opens or closes the shortcuts' panel; the keyboard goes into it, then back to what opened it (focusAfterHelp). */
  private async _showHelp(open: boolean) {
    const root = this.renderRoot as ShadowRoot;
    if (open) this._helpOpener = deepActiveElement();
    const hadKeyboard = !open && Boolean(root.activeElement?.closest("#help"));
    this._help = open;
    await this.updateComplete;
    focusAfterHelp(root, open, hadKeyboard, this._helpOpener);
  }

  private _move(by: number) {
    this._current = Math.max(0, Math.min(this._items.length - 1, this._current + by));
    void this.updateComplete.then(() => this._focusCurrent());
  }

  /**
   * Keeps the keyboard on the current comment (unless the owner is typing somewhere). With none left (the last one
   * acted on), it goes to the list, which says so, rather than back to the top of the page.
   */
  private _focusCurrent() {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (active?.closest("form")) return;
    (this.renderRoot.querySelectorAll<HTMLElement>("article")[this._current] ?? this.renderRoot.querySelector<HTMLElement>("#items"))?.focus();
  }

  /** Undo by its button, which goes with the notice: the keyboard goes to the current comment, as after `u`. */
  private _undoClick = () => {
    this._actions.undo();
    void this.updateComplete.then(() => this._focusCurrent());
  };

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
              @click=${() => this._tab(status)}>${label} (${this._counts[status] ?? 0}${this._searching || this._thread ? " in all" : ""})</button>`,
        )}
      </div>
      <div class="toolbar row">
        ${searchForm(this._search, (search) => this._find(search))}
        <button id="help-toggle" @click=${() => this._showHelp(!this._help)} aria-expanded=${this._help ? "true" : "false"} aria-keyshortcuts="?">Keyboard shortcuts</button>
      </div>
      ${this._help ? helpPanel() : nothing} ${this._thread ? threadLine(this._thread, this._allThreads) : nothing}
      ${this._searching && !this._loading && !this._failed ? searchLine(this._search, this._status, this._items.length, !!this._cursor, this._clearSearch) : nothing}
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
      <div id="items" class="items" role="tabpanel" tabindex="-1" aria-label="${QUEUE_TABS.find((t) => t[0] == this._status)![1]} comments" aria-busy=${this._loading ? "true" : "false"}>
        ${this._items.map((c, i) => this._item(c, i))}
        ${this._failed
          ? loadFailed("The comments", this._failed, () => this._load())
          : !this._items.length && !this._loading && !this._cursor ? html`<p class="muted">Nothing here.</p>` : nothing}
      </div>
      ${this._cursor ? html`<p><button @click=${() => this._load(true)}>Load more</button></p>` : nothing}
      <div class="notice">${this._noticeView()}</div>`;
  }

  /** Back to every thread, in the same tab, with an address of its own. */
  private _allThreads = () => {
    this._thread = null;
    void this._tab(this._status);
  };

  /** Whether a search (of the text, or of one author) narrows the list. */
  private get _searching() {
    return Boolean(this._search.q || this._search.author);
  }

  /** Clear search goes away with the search: the keyboard goes to the search field, where a new one starts. */
  private _clearSearch = () => {
    this._find({ q: "", author: "" });
    this.renderRoot.querySelector<HTMLInputElement>("#q")?.focus();
  };

  /** Shows the comments that match `search` (all of them when it is empty), once the actions still waiting are sent. */
  private _find(search: Search) {
    this._search = search;
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
    const n = this._actions.notice;
    if (!n) return nothing;
    // An error may carry a newer action still in its undo window (see QueueActions): its Undo stays.
    const undo = this._actions.undoable ? html`<button @click=${this._undoClick} aria-keyshortcuts="u">Undo</button>` : nothing;
    if (n.error) return html`<div class="panel row" role="alert"><p class="error">${n.text}</p>${undo}</div>`;
    return html`<div class="panel row" role="status"><p>${n.text}</p>${undo}</div>`;
  }

  private _item(c: ModerationComment, i: number) {
    return queueItem(c, threadLink(this.site, c), {
      current: i == this._current,
      selected: this._selected.has(c.id),
      notice: this._actions.changed.get(c.id) ?? "",
      parentLink: c.parentId ? threadLink(this.site, c, c.parentId) : null,
      forms: this._forms.under(c),
      // A button clicked in it makes the item current (Safari does not focus a clicked button), so that the
      // keyboard lands on the comment that takes its place, where the owner was, not on the first one.
      act: (action) => {
        this._current = i;
        this._act(action, [c.id]);
      },
      toggle: () => this._toggle(c.id),
      focus: () => (this._current = i),
      edit: () => void this._forms.open("edit", c.id),
      ban: () => void this._forms.open("ban", c.id),
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
