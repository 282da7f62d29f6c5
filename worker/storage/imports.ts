// Import writes: a whole batch of comments, its threads and bans in one D1 batch of a few statements. Rows travel
// as JSON parameters (read back with json_each), which keeps every statement far below D1's limits on bound
// parameters and statement count however many comments a batch holds; long comments take more than one value.
import type { CommentStatus } from "../contract/types";
import { tallied } from "./status-counts";
import { recountThreads } from "./threads";

/** One comment as the import writes it: ids and tree resolved, booleans as they are stored. */
export interface ImportRow {
  id: string;
  thread: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  bodySource: string;
  /** The rendered document, as its JSON text. */
  bodyTree: string;
  rendererVersion: number;
  status: CommentStatus;
  createdAt: number;
  updatedAt: number;
  pinned: 0 | 1;
  editedBy: "author" | "moderator" | null;
  statusBeforeDelete: CommentStatus | null;
  ipHash: string | null;
  emailHash: string | null;
  /** The masked address the owner sees (`a***@example.com`). */
  emailHint: string | null;
  /** Posted by a shadow-banned author: shown to them alone. */
  shadow: 0 | 1;
  moderationReason: string | null;
  votes: number;
  source: string;
  sourceId: string;
}

export interface ImportThreadRow {
  key: string;
  locked: 0 | 1;
  /** The earliest comment of the batch in this thread. */
  openedAt: number | null;
  /** The page's own date in the old system. */
  createdAt: number | null;
}

export interface ImportBanRow {
  id: string;
  type: string;
  value: string;
  hint: string;
  mode: string;
  reason: string | null;
  expiresAt: number | null;
  createdAt: number;
}

/** What an already stored comment contributes to placing its replies. */
export interface StoredPlace {
  id: string;
  thread: string;
  rootId: string | null;
  depth: number;
}

/**
 * The comments of site ?1 whose ids are in the JSON array ?2, looked up by id. The unary plus keeps SQLite off the
 * indexes that start with site_id: with a plain `site_id = ?1` it walked every comment of the site (each of three
 * statements of a batch read 50,000 rows on a site of 50,000 comments) instead of looking up the few named.
 */
const BY_ID_IN_JSON = "+site_id = ?1 AND id IN (SELECT value FROM json_each(?2))";

/**
 * Ids are the tables' primary keys, shared by every site: an id a restore would keep (see the import service's
 * ownId) must be free in the whole database, so these lookups are by id alone, each row telling whether it is site
 * ?1's. Only ids are learned of another site's rows.
 */
const ANY_SITE_BY_ID = "id IN (SELECT value FROM json_each(?2))";

/** Ids found by a lookup across sites: the site's own rows, and the ids another site holds. */
export interface FoundIds<T> {
  here: Map<string, T>;
  elsewhere: Set<string>;
}

/** Ids a batch would keep that another site took between its lookup and its write (a concurrent restore). */
export interface TakenIds {
  taken: { comments: string[]; bans: string[] };
}

/** Imported comments carry no edit token: this hash matches none (a SHA-256 hex digest is 64 characters). */
export const NO_EDIT_TOKEN = "imported";

const field = (name: string) => `json_extract(value, '$.${name}')`;

const COMMENT_COLUMNS: [string, string][] = [
  ["id", field("id")],
  ["site_id", "?1"],
  ["thread_key", field("thread")],
  ["parent_id", field("parentId")],
  ["root_id", field("rootId")],
  ["depth", field("depth")],
  ["author_name", field("authorName")],
  ["author_email", "NULL"],
  ["body_source", field("bodySource")],
  ["body_tree", field("bodyTree")],
  ["renderer_version", field("rendererVersion")],
  ["status", field("status")],
  ["edit_token_hash", `'${NO_EDIT_TOKEN}'`],
  ["idempotency_key", "NULL"],
  ["created_at", field("createdAt")],
  ["updated_at", field("updatedAt")],
  ["pinned", field("pinned")],
  ["edited_by", field("editedBy")],
  ["shadow", field("shadow")],
  ["status_before_delete", field("statusBeforeDelete")],
  ["ip_hash", field("ipHash")],
  ["email_hash", field("emailHash")],
  ["email_hint", field("emailHint")],
  ["form_nonce", "NULL"],
  ["moderation_reason", field("moderationReason")],
  ["votes", field("votes")],
  ["source", field("source")],
  ["source_id", field("sourceId")],
];

/**
 * D1 refuses a value over 2,000,000 bytes, and a batch's comments travel as one JSON value per statement: 50
 * comments of 10,000 Chinese characters are about 3 MB of it (the text, and the rendered tree with it). They are
 * split into values of at most this many characters, each at most three UTF-8 bytes.
 */
const JSON_VALUE_CHARS = 600_000;

/** The rows as JSON arrays of at most JSON_VALUE_CHARS characters each (a longer row alone), in order. */
function jsonChunks(rows: unknown[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (current.length > 0 && size + text.length + 1 > JSON_VALUE_CHARS) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(text);
    size += text.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** The ids of `table` in the JSON array ?N that a site other than ?1 holds. */
const takenElsewhere = (table: "comments" | "bans", param: number) =>
  `SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?${param})) AND site_id <> ?1`;

/**
 * Runs the statements as one batch after a guard that rolls it back, writing nothing, if another site holds any of
 * the `kept` ids; then returns those ids instead of the results. SQLite's raise() works only in triggers: json() of
 * text that is not JSON fails (as in ./transaction's abortUnlessOneRow).
 */
async function guardedBatch(
  db: D1Database,
  siteId: string,
  kept: { comments: string[]; bans: string[] },
  statements: D1PreparedStatement[],
): Promise<D1Result[] | TakenIds> {
  const ids = [siteId, JSON.stringify(kept.comments), JSON.stringify(kept.bans)];
  const guard = db
    .prepare(`SELECT json(CASE WHEN EXISTS (${takenElsewhere("comments", 2)}) OR EXISTS (${takenElsewhere("bans", 3)}) THEN 'id taken' ELSE '1' END)`)
    .bind(...ids);
  try {
    return (await db.batch([guard, ...statements])).slice(1);
  } catch (err) {
    const [comments, bans] = await db.batch<{ id: string }>([
      db.prepare(takenElsewhere("comments", 2)).bind(siteId, ids[1]),
      db.prepare(takenElsewhere("bans", 2)).bind(siteId, ids[2]),
    ]);
    if (comments.results.length + bans.results.length === 0) throw err;
    return { taken: { comments: comments.results.map((r) => r.id), bans: bans.results.map((r) => r.id) } };
  }
}

export function createImportStore(db: D1Database) {
  return {
    /** The given comments that exist: the site's, with what their replies need to know, and any other site's ids. */
    async findPlaces(siteId: string, ids: string[]): Promise<FoundIds<StoredPlace>> {
      const found: FoundIds<StoredPlace> = { here: new Map(), elsewhere: new Set() };
      if (ids.length === 0) return found;
      const { results } = await db
        .prepare(`SELECT id, site_id = ?1 AS here, thread_key, root_id, depth FROM comments WHERE ${ANY_SITE_BY_ID}`)
        .bind(siteId, JSON.stringify(ids))
        .all<{ id: string; here: number; thread_key: string; root_id: string | null; depth: number }>();
      for (const r of results) {
        if (r.here) found.here.set(r.id, { id: r.id, thread: r.thread_key, rootId: r.root_id, depth: r.depth });
        else found.elsewhere.add(r.id);
      }
      return found;
    },

    /** The given bans that exist: the site's, and any other site's ids. */
    async findBanIds(siteId: string, ids: string[]): Promise<FoundIds<true>> {
      const found: FoundIds<true> = { here: new Map(), elsewhere: new Set() };
      if (ids.length === 0) return found;
      const { results } = await db
        .prepare(`SELECT id, site_id = ?1 AS here FROM bans WHERE ${ANY_SITE_BY_ID}`)
        .bind(siteId, JSON.stringify(ids))
        .all<{ id: string; here: number }>();
      for (const r of results) {
        if (r.here) found.here.set(r.id, true);
        else found.elsewhere.add(r.id);
      }
      return found;
    },

    /**
     * Writes threads (a new or still empty thread, such as an article's, takes the source's lock; one with comments
     * keeps its own, so that a second run never locks again a thread the owner opened; the opening time is the
     * earliest known; the creation time is the earliest of the page's date, its comments' and the thread's own,
     * else now, so that running an import again changes nothing), comments (a comment that
     * exists is left alone) and bans, then recounts the published comments of the threads touched: one transaction.
     * Returns how many comments and bans were really inserted, and which threads sent with a lock are locked now.
     * `kept` are the ids of the comments and bans that keep their export's id, found free by the lookup: should
     * another site hold one by now (a restore of the same export into another site, at the same moment), the batch
     * writes nothing and the ids taken are returned instead, to be given derived ids. (Written with the others, a
     * comment would be skipped as present and its replies would answer the other site's.)
     */
    async write(
      siteId: string,
      at: number,
      threads: ImportThreadRow[],
      comments: ImportRow[],
      bans: ImportBanRow[],
      kept: { comments: string[]; bans: string[] } = { comments: [], bans: [] },
    ): Promise<{ comments: number; bans: number; locked: string[] } | TakenIds> {
      const commentChunks = jsonChunks(comments);
      const statements = [
        db
          .prepare(
            `INSERT INTO threads (site_id, key, comment_count, locked, created_at, opened_at)
             SELECT ?1, ${field("key")}, 0, ${field("locked")},
                    COALESCE(MIN(${field("createdAt")}, ${field("openedAt")}), ${field("createdAt")}, ${field("openedAt")}, ?2),
                    ${field("openedAt")}
             FROM json_each(?3)
             -- An open page whose comments did not come in (they all failed) makes no thread; one there already
             -- still gets its dates.
             WHERE ${field("locked")} = 1 OR ${field("openedAt")} IS NOT NULL
               OR EXISTS (SELECT 1 FROM threads WHERE site_id = ?1 AND key = ${field("key")})
             ON CONFLICT (site_id, key) DO UPDATE SET
               locked = CASE WHEN threads.comment_count = 0 THEN MAX(threads.locked, excluded.locked) ELSE threads.locked END,
               created_at = MIN(threads.created_at, excluded.created_at),
               opened_at = COALESCE(MIN(threads.opened_at, excluded.opened_at), threads.opened_at, excluded.opened_at)
             RETURNING key, locked`,
          )
          .bind(siteId, at, JSON.stringify(threads)),
        // The site's status counts gain what the inserts really added (one that finds its comment there adds nothing).
        ...tallied(
          db,
          siteId,
          comments.map((c) => c.id),
          commentChunks.map((chunk) =>
            db
              .prepare(
                `INSERT INTO comments (${COMMENT_COLUMNS.map(([c]) => c).join(", ")})
                 SELECT ${COMMENT_COLUMNS.map(([, v]) => v).join(", ")} FROM json_each(?2) WHERE true
                 ON CONFLICT DO NOTHING`,
              )
              .bind(siteId, chunk),
          ),
        ),
        db
          .prepare(
            `INSERT INTO bans (id, site_id, type, value, hint, mode, reason, expires_at, created_at)
             SELECT ${field("id")}, ?1, ${field("type")}, ${field("value")}, ${field("hint")}, ${field("mode")},
                    ${field("reason")}, ${field("expiresAt")}, ${field("createdAt")}
             FROM json_each(?2) WHERE true
             ON CONFLICT DO NOTHING`,
          )
          .bind(siteId, JSON.stringify(bans)),
        // The reply counts of the top-level comments this batch added replies to (see migration 0012).
        db
          .prepare(
            `UPDATE comments SET reply_count = (
               SELECT COUNT(*) FROM comments AS r INDEXED BY comments_replies_by_root WHERE r.site_id = ?1 AND r.root_id = comments.id)
             WHERE ${BY_ID_IN_JSON}`,
          )
          .bind(siteId, JSON.stringify([...new Set(comments.flatMap((c) => (c.rootId ? [c.rootId] : [])))])),
        // The comments this batch's replies answer (see migration 0020); one whose reply was already there is too.
        db
          .prepare(`UPDATE comments SET has_replies = 1 WHERE ${BY_ID_IN_JSON} AND has_replies = 0`)
          .bind(siteId, JSON.stringify([...new Set(comments.flatMap((c) => (c.parentId ? [c.parentId] : [])))])),
        recountThreads(db, siteId, [...threads.map((t) => t.key), ...comments.map((c) => c.thread)]),
      ];
      const results = kept.comments.length + kept.bans.length > 0 ? await guardedBatch(db, siteId, kept, statements) : await db.batch(statements);
      if (!Array.isArray(results)) return results;
      const asked = new Set(threads.filter((t) => t.locked).map((t) => t.key));
      const locked = (results[0].results as { key: string; locked: number }[]).filter((t) => t.locked && asked.has(t.key)).map((t) => t.key);
      // After the threads' insert: the first tally, the chunks' inserts, the second tally, the bans' insert.
      const chunks = results.slice(2, 2 + commentChunks.length);
      const inserted = chunks.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
      return { comments: inserted, bans: results[3 + commentChunks.length].meta.changes ?? 0, locked };
    },
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
