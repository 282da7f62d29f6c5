// The changes readers make to a thread once the lazy chunk is in: their new, edited and deleted comments, votes,
// the rest of long reply chains, a thread that closed meanwhile. Part of the thread model (thread-model.ts owns
// the tree); a module of its own so that the first paint does not carry it. Whoever calls one renders again.
import type { PublicComment, ThreadPage } from "../../worker/contract/types";
import { find, place, type ShownComment, type Thread } from "./thread-model";

/** The page behind a thread, to change it. */
const edit = <T>(thread: Thread, change: (page: ThreadPage) => T): T => change(thread as ThreadPage);

/** The comment with this id anywhere in the thread. */
export const findComment = (thread: Thread, id: string): ShownComment | undefined => find(thread.comments as PublicComment[], id);

/** Drops tombstones left with no replies: the replies endpoint sends hidden replies as empty tombstones. */
const prune = (list: PublicComment[]): PublicComment[] =>
  list.filter((c) => ((c.replies = prune(c.replies)), c.status != "deleted" || c.replies.length));

/** Takes a comment out of the tree, wherever it is. */
const cut = (list: PublicComment[], c: PublicComment) => {
  const at = list.indexOf(c);
  at < 0 ? list.forEach((d) => cut(d.replies, c)) : list.splice(at, 1);
};

/** The comments above the one with this id, outermost first; undefined when it is not shown. */
export function ancestors(thread: Thread, id: string): ShownComment[] | undefined {
  const walk = (list: readonly ShownComment[], above: ShownComment[]): ShownComment[] | undefined => {
    for (const c of list) {
      const hit = c.id == id ? above : walk(c.replies, [...above, c]);
      if (hit) return hit;
    }
  };
  return walk(thread.comments, []);
}

/** Shows a comment the reader just posted (see place()). */
export const placeComment = (thread: Thread, c: PublicComment) => edit(thread, (page) => place(page, { ...c, replies: [] }));

/** Puts an edited comment in place of the one with its id, keeping the replies shown under it. */
export const replaceComment = (thread: Thread, c: PublicComment) =>
  edit(thread, (page) => {
    const shown = find(page.comments, c.id);
    if (!shown) return;
    // An edit can send a published comment back to moderation, out of the total.
    page.total += +(c.status == "published") - +(shown.status == "published");
    Object.assign(shown, c, { replies: shown.replies });
  });

/** Takes a deleted comment away; one with replies stays as a tombstone, as the API shows it to everyone. */
export const removeComment = (thread: Thread, id: string) =>
  edit(thread, (page) => {
    const c = find(page.comments, id);
    if (!c) return;
    if (c.status == "published") page.total--;
    if (c.replies.length) Object.assign(c, { status: "deleted", authorName: "", body: [] });
    else cut(page.comments, c);
  });

/** The thread stopped taking comments meanwhile (a post or reply answered THREAD_LOCKED): it is closed. */
export const closeThread = (thread: Thread) => edit(thread, (page) => (page.thread.closed = true));

/** A comment's upvote count, as the reader's vote (or the API's answer to it) left it. */
export const setVotes = (thread: Thread, id: string, votes: number) =>
  edit(thread, (page) => {
    const c = find(page.comments, id);
    if (c) c.votes = votes;
  });

/** The token the next comment POST sends back. */
export const setFormToken = (thread: Thread, token: string) => edit(thread, (page) => (page.formToken = token));

/**
 * Puts the next replies of the top-level comment `rootId` (flat, oldest first) each under its parent, or under the
 * root when the parent is not shown; `cursor` is where the chain goes on, null once it is complete. Answers the id
 * of the first reply that was not shown yet.
 */
export const addReplies = (thread: Thread, rootId: string, replies: PublicComment[], cursor: string | null) =>
  edit(thread, (page) => {
    const root = find(page.comments, rootId);
    if (!root) return;
    let first: string | undefined;
    for (const reply of replies) {
      if (find(page.comments, reply.id)) continue;
      ((reply.parentId && find([root], reply.parentId)) || root).replies.push({ ...reply, replies: [] });
      first ??= reply.id;
    }
    root.replies = prune(root.replies);
    root.moreReplies = cursor;
    return first;
  });
