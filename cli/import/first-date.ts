// Comments without a readable date at the start of a file: each odd date becomes just after the previous
// comment's (checks.ts), and before the first dated one there is none. Held back until the file's first readable
// date, they are dated just before it, rather than in 1970 (which also dated their thread 1970, closing it at once
// under autoCloseDays).
import { parseDate } from "./checks.ts";
import type { SourceEvent } from "./types.ts";

/** Events held back at most, waiting for a date; past them (or in a file without one) the import's time is used. */
const HOLD = 1_000;

/**
 * The events as they come, the first ones held back until a comment with a readable date (or HOLD events, or the
 * end), when `start` learns the date the comments before it count on from: as many milliseconds before that date
 * as comments were held back without one, or the time of the import.
 */
export async function* datedFromFirst(events: AsyncIterable<SourceEvent>, start: (iso: string) => void): AsyncGenerator<SourceEvent> {
  const held: SourceEvent[] = [];
  let undated = 0;
  let started = false;
  for await (const event of events) {
    if (started) {
      yield event;
      continue;
    }
    held.push(event);
    if (event.type !== "comment") continue;
    const date = parseDate(event.comment.date);
    if (date === null) {
      undated += 1;
      if (held.length < HOLD) continue;
    }
    start(date ? new Date(Date.parse(date) - undated - 1).toISOString() : new Date().toISOString());
    started = true;
    yield* held.splice(0);
  }
  if (!started) start(new Date().toISOString());
  yield* held;
}
