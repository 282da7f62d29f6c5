// Remark42 backups: JSON lines, gzipped or plain. The first line holds the version, users and posts (with
// `read_only` for closed ones); every other line is one comment with its `locator.url`, parent `pid`, `orig`
// (the author's markdown) and `text` (rendered HTML). Remark42 keeps no e-mails and no moderation queue.
// Remark42 escapes what it stores as HTML: a name through Go's template.HTMLEscapeString, `orig` through its
// bluemonday sanitizer, so `O'Brien` is stored `O&#39;Brien` and a quote's `> ` is `&gt; `.
import { UsageError } from "../context.ts";
import { isRow, pinAndVotes, text, type Row } from "./json-export.ts";
import { gzipError, openExport, textLines } from "./open.ts";
import { BrokenFileError, threadAnnouncer, type Reader, type SourceEvent } from "./types.ts";

/**
 * One line of the backup. Remark42 writes `id`, `pid`, `text`, `orig`, `user: {name, id}`, `locator: {url}`, `time`,
 * `delete`, `pin` and `votes` (who voted, by user id: true up, false down), or, on its first line, `version` and
 * `posts` (with `read_only`). Converters write these loosely (numbers for ids and times, null for text), so every
 * field is read through a check of its type.
 */
type Remark42Record = Row;

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

/** The characters Go's HTML escaping writes as references (`<>&'"`), as they were typed. */
const GO_ESCAPES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&#39;": "'", "&#34;": '"', "&quot;": '"' };
const unescapeGo = (value: string) => value.replace(/&(?:lt|gt|amp|#39|#34|quot);/g, (ref) => GO_ESCAPES[ref]);

/** The upvotes among a comment's votes (Remark42 keeps each voter's direction). */
const upvotes = (votes: unknown) => (isRow(votes) ? Object.values(votes).filter((up) => up === true).length : 0);

/** V8's complaint about one line's JSON, with the column rather than its position ("column 12: Expected …"). */
function jsonError(err: unknown): string {
  const message = (err as Error).message;
  const m = message.match(/^(.*) in JSON at position (\d+)/);
  return m ? `column ${Number(m[2]) + 1}: ${m[1]}` : message;
}

/**
 * The thread and comment of one record. The header's read-only posts are threads of their own, closed, so that one
 * without comments is locked too (as a closed page of every other importer is), and go into `closed`.
 */
function* recordEvents(record: Remark42Record, closed: Set<string>, announce: ReturnType<typeof threadAnnouncer>): Generator<SourceEvent> {
  if (record.version !== undefined && record.id === undefined) {
    for (const p of Array.isArray(record.posts) ? record.posts : []) {
      if (!isRow(p) || !p.read_only || !text(p.url)) continue;
      closed.add(text(p.url));
      yield* announce({ ref: text(p.url), url: text(p.url), closed: true });
    }
    return;
  }
  const url = isRow(record.locator) ? text(record.locator.url) : "";
  yield* announce({ ref: url, url, closed: closed.has(url) });
  const deleted = record.delete === true;
  const pid = text(record.pid);
  yield {
    type: "comment",
    comment: {
      source: "remark42",
      sourceId: text(record.id),
      parent: pid ? { source: "remark42", sourceId: pid } : null,
      threadRef: url,
      authorName: unescapeGo(isRow(record.user) ? text(record.user.name) : ""),
      authorEmail: null,
      date: text(record.time) || null,
      status: deleted ? "deleted" : "published",
      // The author's markdown as typed: a quote stays a quote, and `a<b` in code stays that rather than `a&lt;b`.
      ...(typeof record.orig === "string" ? { markdown: unescapeGo(record.orig) } : { html: text(record.text) }),
      ...pinAndVotes(record.pin === true, upvotes(record.votes)),
    },
  };
}

export const readRemark42: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const { raw, input } = await openExport(file);
  // Decoded line by line: a backup re-saved by PowerShell is UTF-16, and a converter's line may hold Latin-1 bytes.
  const lines = textLines(input);
  const announce = threadAnnouncer();
  const closed = new Set<string>();
  let n = 0;
  let records = 0;
  // A line that is not JSON breaks the file there; with no line after it, the file ends early (cut short).
  let bad: { line: number; reason: string } | null = null;
  try {
    for await (const text of lines) {
      n += 1;
      if (n % 200 === 0) progress(raw.bytesRead);
      if (bad) throw new BrokenFileError(`${file} is not well-formed at line ${bad.line}: it is not JSON (${bad.reason}).`, bad.line);
      // A byte order mark, which some editors write, is not JSON.
      const line = n === 1 ? text.replace(/^\uFEFF/, "") : text;
      if (!line.trim()) continue;
      records += 1;
      let record: unknown;
      try {
        record = records === 1 ? firstRecord(file, line, n) : JSON.parse(line);
      } catch (err) {
        if (records === 1) throw err;
        bad = { line: n, reason: jsonError(err) };
        continue;
      }
      // JSON that is not an object (null, a list) is no comment: counted, as the other JSON readers do.
      if (!isRow(record)) {
        yield { type: "skip", reason: "not a comment record" };
        continue;
      }
      yield* recordEvents(record as Remark42Record, closed, announce);
    }
  } catch (err) {
    throw gzipError(file, err) ?? err;
  }
  if (bad) throw new BrokenFileError(`${file} ends early, at line ${bad.line} (is it cut short?): it is not JSON (${bad.reason}).`, bad.line);
  if (records === 0) throw new UsageError(`${file} ${NOT_REMARK42}: it holds no lines.`);
  progress(raw.bytesRead);
};
