// The queue's actions between a click and the API: each shows at once, waits UNDO_MS in case the owner takes it
// back, then is sent; closing the tab asks while one waits or is being sent. Also the status line that tells of them.
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { LIMITS } from "../../worker/contract/limits";
import type { Session } from "../api/client";
import type { BulkAction, ModerationComment } from "../api/moderation";
import { plural } from "../format";
import { changedNotice, send, UNDO_MS, UNSENT_EVENT, withAction, withChanged, withoutAction, type PendingAction, type QueueList, type Unsent } from "../undo";

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

/** The status line: what the queue last did or why it could not; `op` while that action can be undone. */
export interface Notice {
  text: string;
  error?: boolean;
  op?: PendingAction;
}

/** What the controller reads and changes of its queue. */
export interface QueueView {
  session(): Session;
  /** The list on screen, and its counts. */
  list(): QueueList;
  show(list: QueueList): void;
}

export class QueueActions implements ReactiveController {
  notice: Notice | null = null;
  /** By comment id: why an action left it alone (it changed since the list was loaded). */
  changed = new Map<string, string>();
  /** Actions inside their undo window: only these can be undone. */
  private _ops: PendingAction[] = [];
  /** Actions past their window whose requests the API has not all answered yet. */
  private _sending = 0;
  private _onHide = () => void this.flush();
  /** Closing or reloading the tab asks first while an action waits in its undo window or is still being sent. */
  private _warnUnsent = (e: BeforeUnloadEvent) => e.preventDefault();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly view: QueueView,
  ) {
    host.addController(this);
  }

  hostConnected() {
    addEventListener("pagehide", this._onHide);
  }

  /** Leaving the queue sends what waits: sending goes on after the queue is left. */
  hostDisconnected() {
    removeEventListener("pagehide", this._onHide);
    void this.flush();
  }

  /** Says something on the status line (that nothing can undo). */
  say(text: string, error = false) {
    this._tell({ text, error });
  }

  /** Sets (or with null, clears) the note on a comment that changed since the list was loaded. */
  note(id: string, text: string | null) {
    const changed = new Map(this.changed);
    if (text == null) changed.delete(id);
    else changed.set(id, text);
    this.changed = changed;
    this.host.requestUpdate();
  }

  /** Whether the status line's action can still be undone. */
  get undoable() {
    return !!this.notice?.op && this._ops.includes(this.notice.op);
  }

  /** Applies an action at once, and sends it when its undo window has passed. False when none of `ids` is listed. */
  act(action: BulkAction, ids: string[]): boolean {
    const { items } = this.view.list();
    const before = ids.map((id) => ({ comment: items.find((c) => c.id == id)!, index: items.findIndex((c) => c.id == id) })).filter((b) => b.comment);
    if (!before.length) return false;
    this.view.show(withAction(this.view.list(), action, before));
    this.changed = new Map([...this.changed].filter(([id]) => !ids.includes(id)));
    const op: PendingAction = { action, before, timer: setTimeout(() => void this._commit(op), UNDO_MS) };
    this._ops = [...this._ops, op];
    this._guardUnload();
    this._tell({ text: `${DONE[action](plural(before.length, "comment"))}.`, op });
    return true;
  }

  /** Sends every action still inside its undo window now. */
  async flush() {
    const ops = this._ops;
    for (const op of ops) clearTimeout(op.timer);
    await Promise.all(ops.map((op) => this._commit(op)));
  }

  /** Undoes the newest action that has not been sent yet. */
  undo() {
    const op = this._ops[this._ops.length - 1];
    if (!op) {
      this.say("Nothing to undo: actions are sent 5 seconds after you take them.");
      return;
    }
    clearTimeout(op.timer);
    this._ops = this._ops.slice(0, -1);
    this._guardUnload();
    this.view.show(withoutAction(this.view.list(), op.action, op.before));
    this.say(`Undone: ${DONE[op.action](plural(op.before.length, "comment")).toLowerCase()}.`);
  }

  /**
   * After the moderator's own edit, actions still in their undo window (a pin) apply to the edited comment: they
   * carry its new version, and an undo brings back the edited text.
   */
  rebase(edited: ModerationComment) {
    for (const op of this._ops) {
      op.before = op.before.map((b) => (b.comment.id == edited.id ? { ...b, comment: { ...edited, status: b.comment.status, pinned: b.comment.pinned } } : b));
    }
  }

  private _tell(notice: Notice) {
    this.notice = notice;
    this.host.requestUpdate();
  }

  /**
   * Only while needed: a page with a beforeunload listener is kept out of some browsers' back/forward cache. Called
   * wherever an action starts waiting or stops being sent, since sending goes on after the queue is left.
   */
  private _guardUnload() {
    if (this._ops.length || this._sending) addEventListener("beforeunload", this._warnUnsent);
    else removeEventListener("beforeunload", this._warnUnsent);
    this.host.requestUpdate();
  }

  private async _commit(op: PendingAction) {
    if (!this._ops.includes(op)) return;
    this._ops = this._ops.filter((o) => o != op);
    const total = op.before.length;
    // Several requests take seconds each: the status line counts what the API has answered for, never more.
    const progress = (done: number) => {
      if (this.notice?.op == op) this._tell({ text: `${DONE[op.action](`${done} of ${total}`)}…`, op });
    };
    if (total > LIMITS.bulkIds) progress(0);
    this._sending++;
    this._guardUnload();
    const { updated, refused, stale, message, unsent, unknown } = await send(this.view.session(), op.action, op.before.map((b) => b.comment), (done) => {
      if (done < total) progress(done);
    }).finally(() => {
      this._sending--;
      this._guardUnload();
    });
    if (unsent) dispatchEvent(new CustomEvent<Unsent>(UNSENT_EVENT, { detail: { [op.action]: unsent } }));
    // The worker's view of what changed replaces the optimistic one.
    const list = this.view.list();
    this.view.show({ ...list, items: list.items.map((c) => updated.find((u) => u.id == c.id) ?? c) });
    if (refused.length) this.view.show(withoutAction(this.view.list(), op.action, op.before.filter((b) => refused.includes(b.comment.id))));
    if (stale.length) this._showChanged(op, stale);
    const left = refused.length + stale.length;
    if (left) {
      const why = [refused.length ? message : "", stale.length ? staleMessage(stale.length, op.before.length) : ""].filter(Boolean).join(" ");
      // Some may have gone through: the message then counts the others. A lost answer is no proof of nothing done.
      const text = left == op.before.length && !unknown ? `${DONE[op.action]("nothing")}: ${why}` : why;
      // A newer action still in its undo window keeps its Undo, and its own words after these.
      const newest = this._ops.at(-1);
      if (newest && this.notice?.op == newest) this._tell({ text: `${text} ${DONE[newest.action](plural(newest.before.length, "comment"))}.`, error: true, op: newest });
      else this.say(text, true);
    } else if (this.notice?.op == op) this.say(`${DONE[op.action](plural(updated.length, "comment"))}.`);
  }

  /** Comments the action left alone because they changed elsewhere: shown again as they are now, each saying what changed. */
  private _showChanged(op: PendingAction, now: ModerationComment[]) {
    const before = op.before.filter((b) => now.some((c) => c.id == b.comment.id));
    this.view.show(withChanged(this.view.list(), op.action, before, now));
    const notices = before.map(({ comment }) => [comment.id, changedNotice(comment, now.find((c) => c.id == comment.id)!)] as const);
    this.changed = new Map([...this.changed, ...notices]);
  }
}
