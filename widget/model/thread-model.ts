// The thread a <parley-comments> shows, and the one owner of its comment tree: it places new comments, replaces
// edited ones, removes or tombstones deleted ones, closes the thread and keeps the totals. Everyone else sees the
// thread read-only and changes it through these functions and those of thread-edits.ts (what readers do, in the
// lazy chunk); whoever calls one renders the element again.
import type { PublicComment, ThreadPage } from "../../worker/contract/types";

/** A comment as elements and controllers see it: nothing in it, its replies included, can be changed. */
export type ShownComment = Readonly<Omit<PublicComment, "replies">> & { readonly replies: readonly ShownComment[] };

/** A thread as elements and controllers see it. `total` counts published comments only. */
export type Thread = Readonly<Omit<ThreadPage, "comments" | "thread" | "own">> & {
  readonly comments: readonly ShownComment[];
  /** The thread's key, whether a moderator locked it, and whether it takes comments (`closed`). */
  readonly thread: Readonly<ThreadPage["thread"]>;
};

/** The comment with this id under `list`, to change it; a loop over a stack, however deep the replies go. */
export function find(list: PublicComment[], id: string): PublicComment | undefined {
  for (const todo = [...list]; todo.length; ) {
    const c = todo.pop()!;
    if (c.id == id) return c;
    for (const r of c.replies) todo.push(r);
  }
}

/**
 * Puts a comment under its parent, or at the top level if the parent is not shown, after the pinned ones and in
 * the page's order by date; replies are always oldest first. Only a published comment adds to the total.
 * For thread-edits.ts only.
 */
export function place(page: ThreadPage, c: PublicComment) {
  const top = page.comments;
  const list = (c.parentId && find(top, c.parentId)?.replies) || top;
  const newest = list == top && page.sort != "oldest";
  const at = list.findIndex((d) => !d.pinned && (newest ? d.createdAt < c.createdAt : d.createdAt > c.createdAt));
  list.splice(at < 0 ? list.length : at, 0, c);
  if (c.status == "published") page.total++;
}

/** The thread of a first page, with the reader's own comments that others do not see (`page.own`) placed in it. */
export function createThread(page: ThreadPage): Thread {
  for (const c of page.own) if (!find(page.comments, c.id)) place(page, c);
  return page;
}

/**
 * Appends the next page of top-level comments. A comment already shown (one posted here, or a page fetched twice
 * by a double click) moves to where the server's order puts it. Returns the id of the first comment appended.
 */
export function appendPage(thread: Thread, next: ThreadPage) {
  const page = thread as ThreadPage;
  const ids = new Set(next.comments.map((c) => c.id));
  page.comments = [...page.comments.filter((c) => !ids.has(c.id)), ...next.comments];
  page.nextCursor = next.nextCursor;
  return next.comments[0]?.id;
}

/**
 * The comments the reader sees counted: the published ones, and their own awaiting moderation (readers never see
 * anyone else's), so that the heading never says "0 comments" above the reader's own.
 */
export function shownCount(thread: Thread) {
  const pending = (list: readonly ShownComment[]): number =>
    list.reduce((n, c) => n + +(c.status == "pending") + pending(c.replies), 0);
  return thread.total + pending(thread.comments);
}
