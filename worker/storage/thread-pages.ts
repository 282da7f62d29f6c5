// The reads behind a thread page: its top-level comments in each sort, pinned ones, replies per top-level
// comment and a reader's own comments. What a reader may see is decided here in SQL (listed roots and replies).
import type { Cursor } from "../lib/cursor";
import { OWN_COLUMNS, PUBLIC_COLUMNS, ROOT_COLUMNS, toRecord, type CommentRow } from "./comment-rows";
import { afterCursor } from "./keyset";
import type { CommentRecord, CommentStore, PageQuery } from "./types";

/**
 * A top-level comment is listed when published, or as a tombstone when it is not (deleted, rejected, …)
 * but still holds published replies. Those are sought among its own replies only, and only when it has any:
 * left to itself, SQLite looked through every published comment of the site for each held one. The first two
 * terms are the WHERE of the indexes a page walks (migrations 0018 and 0023, which leave pinned comments out),
 * spelled the same so that SQLite may use them.
 */
const LISTED_ROOT = `(status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0) AND (status = 'published' OR EXISTS (
  SELECT 1 FROM comments AS r INDEXED BY comments_replies_by_root
  WHERE r.site_id = comments.site_id AND r.root_id = comments.id AND r.status = 'published'))`;

/** The longest run of hidden replies a published one is followed up through (see LISTED_REPLY). */
const HIDDEN_RUN = 8;

/**
 * Replies readers may see: published ones, and the others (deleted, rejected, spam, pending) only as the
 * tombstone a published reply answers, directly or through up to HIDDEN_RUN - 1 more hidden replies in a row (C
 * deleted, D under it rejected, E under D published: C and D are tombstones, and E stays under D, under C). The
 * first term is the WHERE of the index reply queries walk (migration 0020), so a hidden reply nobody answered
 * costs no row. A run is followed down the index of answered hidden replies alone (migration 0031), at most
 * HIDDEN_RUN levels, and each comment on it is looked up among published replies once (?1 is the site). The CROSS
 * JOINs keep the run the outer loop: with no statistics (a new database has none) SQLite put it inside and walked
 * every answered hidden reply, and every published reply, of the site for each step (101 million rows on a site of
 * 3,000 comments; tests/worker/hidden-chain-cost.test.ts).
 */
const LISTED_REPLY = `(status = 'published' OR has_replies = 1) AND (status = 'published' OR EXISTS (
  WITH RECURSIVE run(id, depth) AS (
    SELECT comments.id, 1
    UNION ALL
    SELECT h.id, run.depth + 1 FROM run CROSS JOIN comments AS h INDEXED BY comments_answered_hidden
      ON h.site_id = ?1 AND h.parent_id = run.id AND h.has_replies = 1 AND h.status <> 'published'
    WHERE run.depth < ${HIDDEN_RUN})
  SELECT 1 FROM run CROSS JOIN comments AS child INDEXED BY comments_published_children
    ON child.site_id = ?1 AND child.parent_id = run.id AND child.status = 'published'))`;

/**
 * Replies of one top-level comment after a cursor. The row value seeks into the index: `?3 IS NULL OR …` did not, and
 * the 17th page of 100 replies re-read the 1,600 before it.
 */
function repliesStatement(db: D1Database, siteId: string, rootId: string, cursor: Cursor | null, limit: number) {
  return db
    .prepare(
      `SELECT ${PUBLIC_COLUMNS} FROM comments INDEXED BY comments_replies_listed
       WHERE site_id = ?1 AND root_id = ?2 AND ${LISTED_REPLY}
         AND ${afterCursor(cursor, "?3", "?4")}
       ORDER BY created_at ASC, id ASC LIMIT ?5`,
    )
    .bind(siteId, rootId, cursor?.at ?? null, cursor?.id ?? null, limit);
}

/** For each sort of a thread page: the index it walks, its order, and where a cursor (?6 score, ?3 time, ?4 id) resumes. */
const ROOT_PAGE = {
  oldest: {
    index: "comments_thread_listed",
    order: "created_at ASC, id ASC",
    after: "AND ?6 IS NULL AND (created_at, id) > (?3, ?4)",
  },
  newest: {
    index: "comments_thread_listed",
    order: "created_at DESC, id DESC",
    after: "AND ?6 IS NULL AND (created_at, id) < (?3, ?4)",
  },
  // Most votes first; ties go newest first so the whole order runs backwards along one index.
  top: {
    index: "comments_thread_listed_top",
    order: "votes DESC, created_at DESC, id DESC",
    after: "AND (votes, created_at, id) < (?6, ?3, ?4)",
  },
} as const;

/** The comment store's thread-page reads over one D1 database. */
export function createThreadPageReads(
  db: D1Database,
): Pick<CommentStore, "listRoots" | "listPinnedRoots" | "listByIds" | "listReplies" | "listMoreReplies"> {
  return {
    /**
     * Up to `page.limit` listed top-level comments in the page's order, after its cursor; a caller that wants to
     * know whether more follow asks for one more.
     */
    async listRoots(siteId: string, threadKey: string, page: PageQuery): Promise<CommentRecord[]> {
      const { cursor } = page;
      const query = ROOT_PAGE[page.sort];
      const { results } = await db
        .prepare(
          `SELECT ${ROOT_COLUMNS} FROM comments INDEXED BY ${query.index}
           WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL AND ${LISTED_ROOT}
             ${cursor ? query.after : "AND ?3 IS NULL AND ?4 IS NULL AND ?6 IS NULL"}
           ORDER BY ${query.order} LIMIT ?5`,
        )
        .bind(siteId, threadKey, cursor?.at ?? null, cursor?.id ?? null, page.limit, cursor?.score ?? null)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /**
     * Pinned, published top-level comments of a thread, the first `limit` (the thread row's count of them, so that
     * the scan ends by its LIMIT): they lead the first page in every sort.
     */
    async listPinnedRoots(siteId: string, threadKey: string, limit: number): Promise<CommentRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${ROOT_COLUMNS} FROM comments INDEXED BY comments_thread_pinned
           WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL AND status = 'published' AND pinned = 1
           ORDER BY created_at ASC, id ASC LIMIT ?3`,
        )
        .bind(siteId, threadKey, limit)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** The given comments of one thread, for showing a reader their own pending or shadowed comments. */
    async listByIds(siteId: string, threadKey: string, ids: string[]): Promise<CommentRecord[]> {
      if (ids.length === 0) return [];
      const { results } = await db
        // The unary pluses keep SQLite on the primary key: left to itself it walked the thread's index, and a reader
        // with a held comment paid for the whole thread (70 rows on one of 70 comments) on every visit.
        .prepare(`SELECT ${OWN_COLUMNS} FROM comments WHERE +site_id = ?1 AND +thread_key = ?2 AND id IN (SELECT value FROM json_each(?3))`)
        .bind(siteId, threadKey, JSON.stringify(ids))
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /**
     * The replies under the given top-level comments, oldest first, at most `perRoot + 1` each (the last tells
     * that more follow); the service hides what readers may not see. A root read with its reply count gets a
     * LIMIT of exactly that many, so the scan stops on its last reply instead of reading one row past it, and
     * a root without replies costs no statement.
     */
    async listReplies(siteId: string, roots: Pick<CommentRecord, "id" | "replyCount">[], perRoot: number): Promise<Map<string, CommentRecord[]>> {
      const byRoot = new Map<string, CommentRecord[]>(roots.map((r) => [r.id, []]));
      const asked = roots
        .map((r) => ({ id: r.id, limit: Math.min(r.replyCount ?? perRoot + 1, perRoot + 1) }))
        .filter((r) => r.limit > 0);
      if (asked.length === 0) return byRoot;
      // One bounded statement per root, all in one round trip: the rows read never grow with the thread.
      const results = await db.batch<CommentRow>(asked.map((r) => repliesStatement(db, siteId, r.id, null, r.limit)));
      asked.forEach((r, i) => byRoot.set(r.id, results[i].results.map(toRecord)));
      return byRoot;
    },

    /** The next replies of one top-level comment after a cursor, oldest first; returns limit + 1 rows. */
    async listMoreReplies(siteId: string, rootId: string, cursor: Cursor, limit: number): Promise<CommentRecord[]> {
      const { results } = await repliesStatement(db, siteId, rootId, cursor, limit + 1).all<CommentRow>();
      return results.map(toRecord);
    },
  };
}
