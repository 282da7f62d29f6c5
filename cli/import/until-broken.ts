// Reading a file up to where it breaks off: what came before the break is imported, and the summary says where
// the file broke off (run.ts), rather than the whole import failing on its last line.
import { BrokenFileError, type SourceEvent } from "./types.ts";

/**
 * The reader's events up to where the file breaks off, which goes to `onBroken`: what came before it is imported.
 * Any other error of the reader part way (a damaged SQLite page, a failing disk) breaks the file off there too,
 * so that what was read is still sent and summed up. A file that breaks off before its first event is only an
 * error (there is nothing to sum up).
 */
export async function* untilBroken(
  file: string,
  events: AsyncIterable<SourceEvent>,
  onBroken: (err: BrokenFileError) => void,
): AsyncGenerator<SourceEvent> {
  let read = 0;
  try {
    for await (const event of events) {
      read += 1;
      yield event;
    }
  } catch (err) {
    if (read === 0) throw err;
    onBroken(err instanceof BrokenFileError ? err : new BrokenFileError(`${file} could not be read to its end: ${(err as Error).message}`));
  }
}
