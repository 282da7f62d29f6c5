// Commento and Commento++ exports (Dashboard → Export, a gzipped JSON file): `{version: 1, comments, commenters}`.
// A comment has commentHex, url (the page's path; the Go field is Path), commenterHex, markdown, parentHex
// ("root" at the top), state (approved, unapproved, flagged), creationDate and deleted; commenters give the
// name and e-mail of each commenterHex ("anonymous" has no entry). The commenters come after the comments, so
// the document is read whole (json-export.ts: up to MAX_JSON_BYTES, gzipped or plain), and one export is
// one site.
import { statSync } from "node:fs";
import { UsageError } from "../context.ts";
import { readJsonDocument, recordProgress, text } from "./json-export.ts";
import { threadAnnouncer, type Reader, type SourceEvent, type Status } from "./types.ts";

const STATES: Record<string, Status> = { approved: "published", unapproved: "pending", flagged: "spam" };

interface CommentoComment {
  commentHex?: string;
  url?: string;
  path?: string;
  commenterHex?: string;
  markdown?: string;
  html?: string;
  parentHex?: string;
  state?: string;
  creationDate?: string;
  deleted?: boolean;
}

interface CommentoCommenter {
  commenterHex?: string;
  name?: string;
  email?: string;
}

/** Commento marks a deleted comment `deleted` with "[deleted]" as its text by the anonymous commenter; exports leave out the flag. */
function isDeleted(c: CommentoComment): boolean {
  return c.deleted === true || (c.markdown === "[deleted]" && c.commenterHex === "anonymous");
}

export const readCommento: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const doc = (await readJsonDocument(file, "a Commento export")) as { version?: unknown; comments?: unknown; commenters?: unknown } | null;
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.comments)) throw new UsageError(`${file} is not a Commento export: no "comments" list`);
  if (doc.version !== 1) throw new UsageError(`${file}: Commento export version ${JSON.stringify(doc.version)} is not supported (1 is)`);

  // The export lists a commenter once per comment of theirs: the map keeps one entry each.
  const commenters = new Map<string, CommentoCommenter>();
  for (const c of Array.isArray(doc.commenters) ? (doc.commenters as CommentoCommenter[]) : []) {
    if (c && typeof c.commenterHex === "string") commenters.set(c.commenterHex, c);
  }
  const announce = threadAnnouncer();
  const comments = doc.comments as CommentoComment[];
  const report = recordProgress(statSync(file).size, comments.length, progress);
  for (const [i, c] of comments.entries()) {
    report(i);
    // A list or a scalar where a comment should be is no comment (counted), as in the other JSON readers.
    if (!c || typeof c !== "object" || Array.isArray(c)) {
      yield { type: "skip", reason: "not a comment object" };
      continue;
    }
    const path = text(c.url) || text(c.path);
    yield* announce({ ref: path, url: path, closed: false });
    const deleted = isDeleted(c);
    const author = c.commenterHex && c.commenterHex !== "anonymous" ? commenters.get(c.commenterHex) : undefined;
    const parentHex = text(c.parentHex);
    const markdown = deleted && c.markdown === "[deleted]" ? "" : text(c.markdown);
    // An unknown state waits for the owner rather than going public.
    const state = text(c.state);
    // The file's word, looked up among the table's own keys (a state of "constructor" is no state).
    const status: Status = deleted ? "deleted" : Object.hasOwn(STATES, state) ? STATES[state] : "pending";
    yield {
      type: "comment",
      comment: {
        source: "commento",
        sourceId: text(c.commentHex),
        parent: parentHex && parentHex !== "root" ? { source: "commento", sourceId: parentHex } : null,
        threadRef: path,
        authorName: text(author?.name),
        authorEmail: text(author?.email) || null,
        date: text(c.creationDate) || null,
        status,
        // Commento keeps the author's markdown; its export leaves the rendered HTML empty.
        ...(markdown || !text(c.html) ? { markdown } : { html: text(c.html) }),
      },
    };
  }
};
