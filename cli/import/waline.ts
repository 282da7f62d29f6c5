// Waline's export (admin → Import/Export → Export): one JSON document `{type: "waline", version: 1, tables,
// data: {Comment, Counter, Users}}`. A Comment row has its page path `url`, the author's markdown `comment`,
// `nick`, `mail`, `status` (approved, waiting, spam), its parent `pid` and root `rid`, `insertedAt` (the
// comment's date; `createdAt` is the row's), `sticky`, `like` and `user_id`: a signed-in author's name and
// e-mail are the Users row's, as Waline shows them. Counter rows (page views) and Users rows (accounts) are
// not comments and are not imported. Waline deletes comments outright, so nothing is `deleted`.
import { statSync } from "node:fs";
import { UsageError } from "../context.ts";
import { countOf, idOf, isRow, markdownRenderer, pinAndVotes, readJsonDocument, recordProgress, text, truthy, type Row } from "./json-export.ts";
import { threadAnnouncer, type Reader, type SourceEvent, type Status } from "./types.ts";

/**
 * A date as the storage wrote it: an ISO string, SQL's "YYYY-MM-DD HH:MM:SS", milliseconds, LeanCloud's
 * `{__type: "Date", iso}` or MongoDB's `{$date}`. The pipeline parses the text and repairs what it cannot.
 */
function dateOf(v: unknown): string | null {
  if (typeof v === "number") return String(Math.trunc(v));
  if (typeof v === "string") return v.trim() || null;
  if (isRow(v)) return dateOf(v.iso ?? (isRow(v.$date) ? v.$date.$numberLong : v.$date));
  return null;
}

/** Waline's lists hide `waiting` and `spam` and show every other state, so every other state is published. */
function statusOf(v: unknown): Status {
  if (v === "waiting") return "pending";
  if (v === "spam") return "spam";
  return "published";
}

/** The export's comment rows and users; a usage error when the file is not a Waline export. */
function tables(doc: unknown, file: string): { comments: unknown[]; users: Row[] } {
  // The admin saves the document as is; a copy of the raw API answer wraps it in `{errno, data}`.
  const root = isRow(doc) && doc.type !== "waline" && isRow(doc.data) && doc.data.type === "waline" ? doc.data : doc;
  if (!isRow(root) || root.type !== "waline" || !isRow(root.data)) {
    throw new UsageError(`${file} is not a Waline export (expected {"type": "waline", "data": {"Comment": [...]}}).`);
  }
  const comments = root.data.Comment ?? [];
  if (!Array.isArray(comments)) throw new UsageError(`${file}: "data.Comment" is not a list.`);
  const users = Array.isArray(root.data.Users) ? root.data.Users.filter(isRow) : [];
  return { comments, users };
}

export const readWaline: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const { comments, users } = tables(await readJsonDocument(file, "a Waline export (JSON)"), file);
  const byId = new Map(users.map((u) => [idOf(u.objectId), u]));
  const toHtml = await markdownRenderer();
  const report = recordProgress(statSync(file).size, comments.length, progress);
  const announce = threadAnnouncer();
  for (const [i, row] of comments.entries()) {
    report(i);
    if (!isRow(row)) {
      yield { type: "skip", reason: "not a comment record" };
      continue;
    }
    const url = text(row.url).trim();
    yield* announce({ ref: url, url, closed: false });
    const userId = idOf(row.user_id);
    const user = userId ? byId.get(userId) : undefined;
    const parent = idOf(row.pid) || idOf(row.rid);
    yield {
      type: "comment",
      comment: {
        source: "waline",
        sourceId: idOf(row.objectId),
        parent: parent ? { source: "waline", sourceId: parent } : null,
        threadRef: url,
        authorName: text(user?.display_name) || text(row.nick),
        authorEmail: text(user?.email) || text(row.mail) || null,
        date: dateOf(row.insertedAt) ?? dateOf(row.createdAt),
        status: statusOf(row.status),
        html: toHtml(text(row.comment)),
        ...pinAndVotes(truthy(row.sticky), countOf(row.like)),
      },
    };
  }
};
