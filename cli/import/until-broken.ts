// Reading a file up to where it breaks off: what came before the break is imported, and the summary says where
// the file broke off (run.ts), rather than the whole import failing on its last line.
import { BrokenFileError, type SourceEvent } from "./types.ts";

/**
 * The reader's events up to where the file breaks off, which goes to `onBroken`: what came before it is imported.
 * A file that breaks off before its first event is only an error (there is nothing to sum up).
 */
export async function* untilBroken(events: AsyncIterable<SourceEvent>, onBroken: (err: BrokenFileError) => void): AsyncGenerator<SourceEvent> {
  let read = 0;
  try {
    for await (const event of events) {
      read += 1;
      yield event;
    }
  } catch (err) {
    if (!(err instanceof BrokenFileError) || read === 0) throw err;
    onBroken(err);
  }
}
