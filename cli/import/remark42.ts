// Remark42 backups: JSON lines, gzipped or plain. The first line holds the version, users and posts (with
// `read_only` for closed ones); every other line is one comment with its `locator.url`, parent `pid`, `orig`
// (the author's markdown) and `text` (rendered HTML). Remark42 keeps no e-mails and no moderation queue.
import { createInterface } from "node:readline";
import { openExport } from "./open.ts";
import { threadAnnouncer, type Reader, type SourceEvent } from "./types.ts";

interface Remark42Comment {
  id?: string;
  pid?: string;
  text?: string;
  orig?: string;
  user?: { name?: string; id?: string };
  locator?: { url?: string };
  time?: string;
  delete?: boolean;
}

export const readRemark42: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const { raw, input } = await openExport(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const announce = threadAnnouncer();
  const closed = new Set<string>();
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (n % 200 === 0) progress(raw.bytesRead);
    if (!line.trim()) continue;
    const record = JSON.parse(line) as Remark42Comment & { version?: number; posts?: { url?: string; read_only?: boolean }[] };
    if (record.version !== undefined && record.id === undefined) {
      for (const p of record.posts ?? []) if (p.url && p.read_only) closed.add(p.url);
      continue;
    }
    const url = record.locator?.url ?? "";
    yield* announce({ ref: url, url, closed: closed.has(url) });
    const deleted = record.delete === true;
    yield {
      type: "comment",
      comment: {
        source: "remark42",
        sourceId: record.id ?? "",
        parent: record.pid ? { source: "remark42", sourceId: record.pid } : null,
        threadRef: url,
        authorName: record.user?.name ?? "",
        authorEmail: null,
        date: record.time ?? null,
        status: deleted ? "deleted" : "published",
        ...(record.orig !== undefined ? { markdown: record.orig } : { html: record.text ?? "" }),
      },
    };
  }
  progress(raw.bytesRead);
};
