// Replies still waiting for their parent once the whole file is read (run.ts): each becomes a top-level comment of
// its thread, and the summary says why. Its parent is not in the file (an orphan), was skipped (a pingback, a
// comment on a draft), is a comment on another page (a WordPress reply to another post's comment: a reply cannot
// cross threads), or the parents form a cycle (a comment its own parent, or 702 ↔ 703), which is broken at one of
// its comments.
import type { SourceComment, SourceRef } from "./types.ts";

/** Why a reply is sent as a top-level comment: the summary's count it goes into. */
export type Detached = "orphans" | "parentsSkipped" | "parentsElsewhere" | "cycles";

const refOf = (r: SourceRef) => `${r.source}:${r.sourceId}`;

/**
 * Whether a WordPress parent is a comment of another post of the file: a WordPress id is its post's and its own
 * (`12:345`, see wordpress.ts), so a `comment_parent` of 345 under post 12 is looked for as 345 under any other.
 * `read` are the refs of the file's comments (sent, failed here or waiting). Built once, when a reply is left waiting.
 */
function otherPages(read: Iterable<string>[]): (parent: SourceRef) => boolean {
  const own = (sourceId: string) => sourceId.slice(sourceId.lastIndexOf(":") + 1);
  const comments = new Set<string>();
  for (const refs of read) for (const ref of refs) if (ref.startsWith("wordpress:")) comments.add(own(ref));
  return (parent) => parent.source === "wordpress" && comments.has(own(parent.sourceId));
}

/**
 * The replies `waiting` for a parent (parent ref → its replies), one at a time, each with why it goes top-level
 * (`skipped`: the refs of the comments the file holds but the import left out):
 * first those whose parent is not waiting itself, then one comment of each cycle. The caller sends each (with the
 * replies waiting for it, which it takes out of `waiting`) before asking for the next. Bounded: every step takes at
 * least one comment out of `waiting`, and a walk up a cycle visits each waiting comment at most once.
 */
export function* detachedReplies(waiting: Map<string, SourceComment[]>, read: Iterable<string>[], skipped: Set<string>): Generator<[SourceComment, Detached]> {
  if (waiting.size === 0) return;
  const waitingRefs = new Set([...waiting.values()].flatMap((list) => list.map(refOf)));
  const elsewhere = otherPages([...read, waitingRefs]);
  for (const parentRef of [...waiting.keys()]) {
    const children = waiting.get(parentRef);
    if (!children || waitingRefs.has(parentRef)) continue;
    waiting.delete(parentRef);
    for (const c of children) yield [c, skipped.has(parentRef) ? "parentsSkipped" : c.parent && elsewhere(c.parent) ? "parentsElsewhere" : "orphans"];
  }
  // What still waits hangs from a cycle: walk up from any of it to a comment seen twice, which is in the cycle.
  const byRef = new Map([...waiting.values()].flatMap((list) => list.map((c) => [refOf(c), c] as const)));
  while (waiting.size > 0) {
    let c = (waiting.values().next().value as SourceComment[])[0];
    const seen = new Set<string>();
    while (!seen.has(refOf(c))) {
      seen.add(refOf(c));
      c = byRef.get(refOf(c.parent as SourceRef)) as SourceComment;
    }
    const parentRef = refOf(c.parent as SourceRef);
    const siblings = (waiting.get(parentRef) as SourceComment[]).filter((s) => s !== c);
    if (siblings.length) waiting.set(parentRef, siblings);
    else waiting.delete(parentRef);
    yield [c, "cycles"];
  }
}
