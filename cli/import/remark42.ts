// Remark42 backups: JSON lines, gzipped or plain. The first line holds the version, users and posts (with
// `read_only` for closed ones); every other line is one comment with its `locator.url`, parent `pid`, `orig`
// (the author's markdown) and `text` (rendered HTML). Remark42 keeps no e-mails and no moderation queue.
import { createInterface } from "node:readline";
import { UsageError } from "../context.ts";
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

type Remark42Record = Remark42Comment & { version?: number; posts?: { url?: string; read_only?: boolean }[] };

const NOT_REMARK42 = "is not a Remark42 backup (JSON lines, starting with its {\"version\": …, \"posts\": […]} line)";

/** Remark42's header line: the version, users and posts (Go writes an empty list as null, so either may be). */
const isHeader = (r: Remark42Record) => r.version !== undefined && ("posts" in r || "users" in r);

/**
 * The first record, which says whether the file is a Remark42 backup at all: its header line (Remark42 writes it
 * first), or a comment of a backup that lost it.
 */
function firstRecord(file: string, line: string, n: number): Remark42Record {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new UsageError(`${file} ${NOT_REMARK42}: line ${n} is not JSON.`);
  }
  const r = record as Remark42Record | null;
  if (!r || typeof r !== "object" || Array.isArray(r) || !(isHeader(r) || (r.id !== undefined && r.locator !== undefined))) {
    throw new UsageError(`${file} ${NOT_REMARK42}: line ${n} is neither its header nor a comment.`);
  }
  return r;
}

export const readRemark42: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const { raw, input } = await openExport(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const announce = threadAnnouncer();
  const closed = new Set<string>();
  let n = 0;
  let records = 0;
  for await (const line of lines) {
    n += 1;
    if (n % 200 === 0) progress(raw.bytesRead);
    if (!line.trim()) continue;
    records += 1;
    const record = records === 1 ? firstRecord(file, line, n) : (JSON.parse(line) as Remark42Record);
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
  if (records === 0) throw new UsageError(`${file} ${NOT_REMARK42}: it holds no lines.`);
  progress(raw.bytesRead);
};
