// Artalk's export (Dashboard → Migration → Export, or `artalk export`): "Artrans", a JSON array of comments
// whose fields are all strings: `id`, `rid` (the parent's id; "0" or "" at the top), `content` (the author's
// markdown), `nick`, `email`, `is_pending`, `is_collapsed`, `is_pinned`, `vote_up`, `created_at` ("2021-10-28
// 20:50:15 +0800"; older files wrote Go's time.String(), some converters `date`), and the page: `page_key`
// (a path or a URL), `page_title`, `page_admin_only`, `site_name`, `site_urls`. Artalk has no spam state and
// deletes comments outright; a collapsed comment is still shown (folded), so it is published.
import { statSync } from "node:fs";
import { UsageError } from "../context.ts";
import { countOf, idOf, isRow, markdownRenderer, parseExact, pinAndVotes, readJsonDocument, recordProgress, text, truthy } from "./json-export.ts";
import { threadAnnouncer, type Reader, type SourceEvent } from "./types.ts";

const GO_DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?/;

/** Artalk's dates ("2006-01-02 15:04:05 -0700", Go's "… .999999999 -0700 MST m=+0.1") to ISO 8601; others as they are. */
export function artalkDate(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  const m = value.match(GO_DATE);
  if (!m) return value;
  const [, y, mo, d, time, fraction, zone] = m;
  const offset = !zone || zone === "Z" || zone === "UTC" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return `${y}-${mo}-${d}T${time}${fraction ? fraction.slice(0, 4) : ""}${offset}`;
}

/** The Artrans list; a usage error when the file is not one. */
function artrans(doc: unknown, file: string): unknown[] {
  // Artalk's export API answers `{"artrans": "<the list as text>"}`; its dashboard saves the list itself.
  let list = doc;
  if (isRow(doc) && typeof doc.artrans === "string") {
    try {
      list = parseExact(doc.artrans);
    } catch (err) {
      throw new UsageError(`${file}: its "artrans" text is not JSON: ${(err as Error).message}`);
    }
  }
  if (!Array.isArray(list)) throw new UsageError(`${file} is not an Artalk export (expected a JSON array of comments with "id", "rid", "content" and "page_key").`);
  return list;
}

export const readArtalk: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const list = artrans(await readJsonDocument(file, "an Artalk export (Artrans, JSON)"), file);
  const toHtml = await markdownRenderer();
  const report = recordProgress(statSync(file).size, list.length, progress);
  const announce = threadAnnouncer();
  for (const [i, row] of list.entries()) {
    report(i);
    if (!isRow(row)) {
      yield { type: "skip", reason: "not a comment record" };
      continue;
    }
    const pageKey = text(row.page_key).trim();
    // One export may hold several Artalk sites: their pages are told apart, though their keys may meet.
    const ref = `${text(row.site_name)}\n${pageKey}`;
    yield* announce({ ref, url: pageKey, closed: truthy(row.page_admin_only) });
    const parent = idOf(row.rid);
    yield {
      type: "comment",
      comment: {
        source: "artalk",
        sourceId: idOf(row.id),
        parent: parent ? { source: "artalk", sourceId: parent } : null,
        threadRef: ref,
        authorName: text(row.nick),
        authorEmail: text(row.email).trim() || null,
        date: artalkDate(text(row.created_at) || text(row.date)),
        status: truthy(row.is_pending) ? "pending" : "published",
        html: toHtml(text(row.content)),
        ...pinAndVotes(truthy(row.is_pinned), countOf(row.vote_up)),
      },
    };
  }
};
