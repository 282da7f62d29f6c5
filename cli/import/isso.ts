// isso keeps its comments in one SQLite file: `threads` (id, uri, title) and `comments` (tid, id, parent,
// created as a float unix time, mode 1 accepted / 2 waiting / 4 deleted, text as the author's markdown,
// author, email, website, …; a new comment's author and email HTML-escaped). The file is opened read-only with
// Node's own SQLite and read row by row, oldest id first, in one statement (one consistent snapshot while isso
// keeps running).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQLOutputValue } from "node:sqlite";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { UsageError } from "../context.ts";
import { isGzip, lenientUtf8 } from "./open.ts";
import { threadAnnouncer, type Reader, type SourceEvent, type Status } from "./types.ts";

/** isso's `mode` values (isso/db/comments.py): valid, pending, soft-deleted (kept because of replies). */
const MODES: Record<number, Status> = { 1: "published", 2: "pending", 4: "deleted" };

/** A row as SQLite gives it: isso's columns are loosely typed, so any value may be text, a number or bytes. */
type IssoRow = Record<"id" | "tid" | "parent" | "created" | "mode" | "text" | "author" | "email" | "uri", SQLOutputValue>;

/** A value as text: "" for NULL, bytes read as UTF-8 (a byte that is none, a Latin-1 é, as Windows-1252). */
function asText(v: SQLOutputValue): string {
  if (v === null) return "";
  return v instanceof Uint8Array ? lenientUtf8(v) : String(v);
}

/** The references Python's html.escape(…, quote=False) writes, which isso puts on a new comment's name and e-mail. */
const PY_ESCAPES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };
/** A name or e-mail as it was typed (`Tom & Jerry`, stored `Tom &amp; Jerry`). */
const unescapePy = (text: string) => text.replace(/&(?:lt|gt|amp);/g, (ref) => PY_ESCAPES[ref]);

/** isso's float seconds to ISO 8601; other text is left to the pipeline; no date, or one ≤ 0, is a missing one. */
function issoDate(created: SQLOutputValue): string | null {
  const raw = asText(created).trim();
  if (!/^\d+(\.\d+)?$/.test(raw)) return raw || null;
  const ms = Number(raw) * 1000;
  return Number.isFinite(ms) && ms > 0 && ms <= 8.64e15 ? new Date(ms).toISOString() : null;
}

/**
 * The database as a plain file SQLite can open: the file itself, or a gzipped copy (a backup, comments.db.gz)
 * unpacked into a temporary directory, which `remove` deletes.
 */
async function plainDatabase(file: string): Promise<{ path: string; remove: () => void }> {
  if (!(await isGzip(file))) return { path: file, remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "parley-isso-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, "comments.db");
  try {
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(path));
  } catch (err) {
    remove();
    throw new UsageError(`${file} looks gzipped but could not be unpacked: ${(err as Error).message}`);
  }
  return { path, remove };
}

export const readIsso: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  // Loaded here, not at the top: only `import isso` needs SQLite.
  const { DatabaseSync } = await import("node:sqlite");
  const plain = await plainDatabase(file);
  let db: InstanceType<typeof DatabaseSync>;
  try {
    db = new DatabaseSync(plain.path, { readOnly: true });
    db.prepare("SELECT 1 FROM threads LIMIT 1").get();
  } catch (err) {
    plain.remove();
    throw new UsageError(`${file} is not an isso database: ${(err as Error).message}`);
  }
  try {
    // The progress bar counts bytes of the file; here rows stand in for them.
    const size = statSync(file).size;
    const { n } = db.prepare("SELECT COUNT(*) AS n FROM comments").get() as { n: number };
    const rows = db
      .prepare(
        // Texts as their bytes: SQLite hands out text that is not UTF-8 with its bytes replaced by U+FFFD.
        `SELECT c.id, c.tid, c.parent, c.created, c.mode, CAST(c.text AS BLOB) AS text, CAST(c.author AS BLOB) AS author,
                CAST(c.email AS BLOB) AS email, CAST(t.uri AS BLOB) AS uri
         FROM comments AS c LEFT JOIN threads AS t ON t.id = c.tid
         ORDER BY c.id`,
      )
      .iterate() as Iterator<IssoRow>;
    const announce = threadAnnouncer();
    let read = 0;
    for (let next = rows.next(); !next.done; next = rows.next()) {
      const row = next.value;
      read += 1;
      if (read % 200 === 0) progress(Math.round((read / Math.max(n, 1)) * size));
      const threadRef = asText(row.tid);
      // A comment whose thread row is gone has no URL: the pipeline fails it with that reason.
      yield* announce({ ref: threadRef, url: asText(row.uri), closed: false });
      const mode = Number(row.mode);
      // isso writes no other mode; an unknown one waits for the owner rather than going public.
      const status = MODES[mode] ?? "pending";
      yield {
        type: "comment",
        comment: {
          source: "isso",
          sourceId: asText(row.id),
          parent: asText(row.parent) ? { source: "isso", sourceId: asText(row.parent) } : null,
          threadRef,
          authorName: unescapePy(asText(row.author)),
          authorEmail: unescapePy(asText(row.email)) || null,
          date: issoDate(row.created),
          status,
          markdown: asText(row.text),
        },
      };
    }
    progress(size);
  } finally {
    db.close();
    plain.remove();
  }
};
