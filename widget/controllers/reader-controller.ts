// The reading half of <parley-comments>, in the lazy chunk that loads once the thread shows: upvotes, hiding and
// showing replies, the rest of long reply chains, "in reply to" links for replies too deep to indent, and
// permalinks (#comment-ID) that scroll to a comment, focus it and highlight it.
import { html, nothing, type ReactiveController } from "lit";
import { vote } from "../api/comment-writes";
import { readerKey, rememberVote, votedOn } from "../api/local-extras";
import { listReplies } from "../api/replies";
import type { ApiError } from "../api/request";
import { isLong } from "../../worker/contract/doc";
import { ParleyErrorEvent } from "../events";
import { t, type StringKey } from "../i18n/index";
import { addReplies, ancestors, findComment, setVotes } from "../model/thread-edits";
import type { ShownComment } from "../model/thread-model";
import type { ThreadContext } from "./thread-context";

/** Pages loaded at most to find the comment a permalink names. */
const SEARCH_PAGES = 10;

/** How many comments hang under these, at any depth. */
const count = (list: readonly ShownComment[]): number => list.reduce((n, c) => n + 1 + count(c.replies), 0);

/** The comment id in `#comment-ID`, if the page's address names one. */
const linked = () => /^#comment-([\w-]+)$/.exec(location.hash)?.[1];

export class ReaderController implements ReactiveController {
  /** Comments whose replies the reader hid. */
  readonly folded = new Set<string>();
  /** Long comments (isLong) the reader unfolded, or went to by a link; the others show folded. */
  readonly unfolded = new Set<string>();
  /** Comments this reader upvoted on the site (kept in localStorage), and those with a vote on its way. */
  private _voted: Set<string>;
  private _voting = new Set<string>();
  /** Top-level comments whose next replies are loading. */
  private _loading = new Set<string>();
  /** The last failure's message, next to the comment (`vote:` or `replies:` and its id) it is about. */
  private _failed?: { at: string; text: string };
  private _clock?: ReturnType<typeof setInterval>;

  constructor(private _ctx: ThreadContext) {
    this._voted = votedOn(_ctx.host.site);
    _ctx.host.addController(this);
  }

  hostConnected() {
    addEventListener("hashchange", this._jump);
    // "3 minutes ago" moves on.
    this._clock = setInterval(() => this._ctx.host.requestUpdate(), 60_000);
  }

  hostDisconnected() {
    removeEventListener("hashchange", this._jump);
    clearInterval(this._clock);
  }

  /** Goes to the comment the page's address names, loading more of the thread to find it. */
  readonly _jump = () => {
    const id = linked();
    if (id) void this.show(id, "center", true);
  };

  /** The upvote button of a published comment, pressed when this reader's vote stands. */
  vote(c: ShownComment, l: string) {
    if (c.status != "published") return nothing;
    return html`
      <button class="link vote" part="button vote" aria-pressed=${this._voted.has(c.id)}
        aria-label=${t(l, "upvote", { n: c.votes })} @click=${() => this._vote(c, l)}>
        <span aria-hidden="true">▲</span> ${c.votes}
      </button>
      ${this._message(`vote:${c.id}`)}
    `;
  }

  /** "Hide replies (N)" / "Show N replies" under a comment that has replies, controlling them while they show. */
  toggle(c: ShownComment, l: string) {
    if (!c.replies.length) return nothing;
    const open = !this.folded.has(c.id);
    // A chain that goes on past what is loaded says so ("50+"), folded or not.
    const n = `${count(c.replies)}${c.moreReplies ? "+" : ""}`;
    return html`
      <button class="link" part="button" aria-expanded=${open} aria-controls=${open ? `replies-${c.id}` : nothing}
        @click=${() => this._fold(c.id, open)}>
        ${t(l, open ? "hideReplies" : "showReplies", { n })}
      </button>
    `;
  }

  /**
   * Under a long comment: "Show more", which unfolds it, then "Show less". Folding it again brings its start back
   * into view when the reader had scrolled past it.
   */
  unfold(c: ShownComment, l: string) {
    if (!isLong(c.body)) return nothing;
    const open = this.unfolded.has(c.id);
    return html`
      <button class="link" part="button" aria-expanded=${open} @click=${() => this._unfold(c.id, !open)}>
        ${t(l, open ? "showLess" : "showMore")}
      </button>
    `;
  }

  /** Under a top-level comment whose reply chain goes on: "Show more replies". */
  after(c: ShownComment, l: string) {
    if (!c.moreReplies || this.folded.has(c.id)) return nothing;
    return html`
      <div class="replies">
        <button class="link" part="button" ?disabled=${this._loading.has(c.id)} @click=${() => this._moreReplies(c, l)}>
          ${t(l, "moreReplies")}
        </button>
        ${this._message(`replies:${c.id}`)}
      </div>
    `;
  }

  /** For a reply shown flat (deeper than the indented levels): which comment it answers, as a link to it. */
  inReplyTo(parent: ShownComment, l: string) {
    return html`<a class="muted" href=${this._ctx.link(parent.id)}>
      ${t(l, "inReplyTo", { name: parent.authorName || t(l, "someone") })}
    </a>`;
  }

  /**
   * Scrolls to the comment with this id, focuses it and highlights it for a moment, showing any replies hidden
   * above it. With `search`, loads the next pages and long reply chains (a few at most) until it is there.
   * Resolves false when it is not in this thread.
   */
  async show(id: string, block: ScrollLogicalPosition = "nearest", search = false) {
    const { host } = this._ctx;
    const model = this._ctx.model();
    for (let i = 0; search && !findComment(model, id) && i < SEARCH_PAGES; i++) {
      const chain = model.comments.find((c) => c.moreReplies);
      const more = chain ? this._moreReplies(chain) : model.nextCursor && this._ctx.more();
      if (!(await more)) break;
    }
    for (const c of ancestors(model, id) ?? []) this.folded.delete(c.id);
    this.unfolded.add(id);
    host.requestUpdate();
    await host.updateComplete;
    const el = (host.renderRoot as ShadowRoot).getElementById(`comment-${id}`);
    if (!el) return false;
    el.tabIndex = -1;
    // A comment taller than the window (a long one, shown whole) would be centred with its author and start out of
    // view: it starts at the top of the window instead.
    el.scrollIntoView({ block: el.getBoundingClientRect().height > innerHeight ? "start" : block });
    el.focus({ preventScroll: true });
    // Restarts the fade when the same comment is shown twice.
    el.classList.remove("hl");
    void el.offsetWidth;
    el.classList.add("hl");
    return true;
  }

  private _fold(id: string, fold: boolean) {
    fold ? this.folded.add(id) : this.folded.delete(id);
    this._ctx.host.requestUpdate();
  }

  private async _unfold(id: string, open: boolean) {
    const { host } = this._ctx;
    open ? this.unfolded.add(id) : this.unfolded.delete(id);
    host.requestUpdate();
    await host.updateComplete;
    if (!open) (host.renderRoot as ShadowRoot).getElementById(`comment-${id}`)?.scrollIntoView({ block: "nearest" });
  }

  private _message(at: string) {
    return this._failed?.at == at ? html`<span class="err" part="error" role="alert">${this._failed.text}</span>` : nothing;
  }

  /** Records a failure to show next to `at`, and tells the page. */
  private _fail(x: unknown, at: string, text: string) {
    const err = x as ApiError;
    this._failed = { at, text };
    this._ctx.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
  }

  /**
   * Upvotes, or takes the vote back when this reader's vote stands. The count changes at once; the API's answer
   * corrects it, and a failure puts it back and says why.
   */
  private async _vote(c: ShownComment, l: string) {
    const { host } = this._ctx;
    const { site } = host;
    const model = this._ctx.model();
    if (this._voting.has(c.id)) return;
    const up = !this._voted.has(c.id);
    const before = c.votes;
    const set = (voted: boolean, votes: number) => {
      voted ? this._voted.add(c.id) : this._voted.delete(c.id);
      setVotes(model, c.id, votes);
      host.requestUpdate();
    };
    this._voting.add(c.id);
    this._failed = undefined;
    set(up, before + (up ? 1 : -1));
    try {
      const answer = await vote(host.api, site, c.id, readerKey(), up);
      set(answer.voted, answer.votes);
      rememberVote(site, c.id, answer.voted);
    } catch (x) {
      set(!up, before);
      const code = (x as ApiError).code;
      const known: StringKey[] = ["ALREADY_VOTED", "COMMENT_NOT_FOUND"];
      this._fail(x, `vote:${c.id}`, t(l, known.includes(code as StringKey) ? (code as StringKey) : "voteFailed"));
    }
    this._voting.delete(c.id);
  }

  /**
   * Loads the next replies of top-level comment `root` and puts each under its parent, or under `root` when the
   * parent is not shown. When the chain is complete, the focus moves from the vanished button to the first new
   * reply. Resolves false when it could not load.
   */
  private async _moreReplies(root: ShownComment, l?: string) {
    const { host } = this._ctx;
    const model = this._ctx.model();
    this._loading.add(root.id);
    this._failed = undefined;
    host.requestUpdate();
    let first: string | undefined;
    let ok = false;
    try {
      const page = await listReplies(host.api, host.site, this._ctx.thread(), root.id, root.moreReplies!);
      first = addReplies(model, root.id, page.replies, page.nextCursor);
      ok = true;
    } catch (x) {
      if (l) this._fail(x, `replies:${root.id}`, t(l, "loadFailed"));
    }
    this._loading.delete(root.id);
    host.requestUpdate();
    if (l && first && !findComment(model, root.id)?.moreReplies) {
      await host.updateComplete;
      const el = (host.renderRoot as ShadowRoot).getElementById(`comment-${first}`);
      if (el) (el.tabIndex = -1), el.focus();
    }
    return ok;
  }
}
