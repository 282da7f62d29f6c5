// Dates for comments whose own is lost (1970-01-01, Waline's `0`, none): each is dated within its own thread, so
// that a page is never dated by another page's comments (a 2024 thread starting in 2014, which autoCloseDays then
// closes). Dated just after the thread's previous comment, else just after the date the file gives its page, else
// just before the thread's next dated comment (held back until it comes); a thread the file dates nowhere counts
// on from the previous dated comment of the file (before the file's first one: just before it; without any: the
// time of the import).
import { parseDate } from "./checks.ts";
import type { SourceComment, SourceEvent } from "./types.ts";

/** Comments held back at most, waiting for a later date of their thread; past them, each is dated as if none came. */
const HOLD = 1_000;

const after = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** A page's thread (several pages may share one: a URL's variants) and the earliest date the file gives its pages. */
export type ThreadOf = (threadRef: string) => { key: string; date: string | undefined };

/**
 * The events as they come, each comment without a readable date given its `repairedDate` (see above). `threadOf`
 * answers for the pages of the events already handed out. A held comment comes after the later comments of other
 * threads: the pipeline sends a reply whenever its parent has gone.
 */
export async function* datedWithinPages(events: AsyncIterable<SourceEvent>, threadOf: ThreadOf): AsyncGenerator<SourceEvent> {
  /** Per thread: the date of its last comment so far. */
  const lastInThread = new Map<string, string>();
  /** Undated comments of threads without a date yet, each with its thread and the file's last comment date before it. */
  const held = new Map<string, { comment: SourceComment; thread: string; before: string | null }[]>();
  let heldCount = 0;
  let lastInFile: string | null = null;
  let firstInFile: string | null = null;

  /** Dates the held comments of every thread as if their thread never got a date, in the order they were read. */
  function* release(): Generator<SourceEvent> {
    const all = [...held.values()].flat();
    held.clear();
    heldCount = 0;
    // Before the file's first date: as many milliseconds before it as there are such comments.
    let early = all.filter((h) => h.before === null).length;
    const start = firstInFile ?? new Date().toISOString();
    for (const { comment, thread, before } of all) {
      const previous = lastInThread.get(thread);
      comment.repairedDate = previous ? after(previous, 1) : before ? after(before, 1) : after(start, -early--);
      lastInThread.set(thread, comment.repairedDate);
      yield { type: "comment", comment };
    }
  }

  for await (const event of events) {
    if (event.type !== "comment") {
      yield event;
      continue;
    }
    const c = event.comment;
    const { key: thread, date: pageDate } = threadOf(c.threadRef);
    const date = parseDate(c.date);
    if (date) {
      firstInFile ??= date;
      lastInFile = date;
      lastInThread.set(thread, date);
      // The thread's comments read before this one, just before it, in their order.
      const waiting = held.get(thread) ?? [];
      held.delete(thread);
      heldCount -= waiting.length;
      for (const [i, h] of waiting.entries()) {
        h.comment.repairedDate = after(date, i - waiting.length);
        yield { type: "comment", comment: h.comment };
      }
      yield event;
      continue;
    }
    const known = lastInThread.get(thread) ?? pageDate;
    if (known) {
      c.repairedDate = after(known, 1);
      lastInThread.set(thread, c.repairedDate);
      yield event;
      continue;
    }
    const list = held.get(thread) ?? [];
    list.push({ comment: c, thread, before: lastInFile });
    held.set(thread, list);
    heldCount += 1;
    if (heldCount >= HOLD) yield* release();
  }
  yield* release();
}
