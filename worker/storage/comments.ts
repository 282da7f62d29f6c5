// The comment store: inserts, changes, lookups by id and the moderation queue. With ./comment-rows (columns and
// the row mapping) and ./thread-pages (the reads behind a thread page), all SQL about comments lives here.
import type { CommentStatus } from "../contract/types";
import type { Cursor } from "../lib/cursor";
import { COLUMNS, MODERATION_COLUMNS, basisOf, toRecord, type CommentRow } from "./comment-rows";
import { afterCursor } from "./keyset";
import { rateGate } from "./rate-limits";
import { spendLinks } from "./links";
import { countInserted, countMoves } from "./status-counts";
import { createThreadPageReads } from "./thread-pages";
import { recountThreads } from "./threads";
import { abortUnlessOneRow, eventInserts, runBatch, statementsOf, toGuardedWrite, toWrite, type CommitListener } from "./transaction";
import type { CommentBasis, CommentChange, CommentRecord, CommentStore, PageQuery, QueueFilter, QueuePage } from "./types";

/**
 * The comments a search of the moderation queue (an author, words) walks at most in one request: no index finds
 * them, so without a bound one request read every comment of the site when little matched.
 */
export const QUEUE_SEARCH_ROWS = 2000;

/** `name` with each word's first letter a capital and the others small: "JÖRG van DYKE" is "Jörg Van Dyke". */
const capitalized = (name: string) => name.toLowerCase().replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());

export type { CommentChange, CommentRecord, PageQuery, QueueFilter };
export { changeOf } from "./comment-rows";

export function createCommentStore(db: D1Database, onCommit?: CommitListener): CommentStore {
  /**
   * The statement that counts a comment just inserted in its thread's row (migrations 0001 and 0023), only if this
   * batch inserted it (its id is new): a published one among the published comments; a top-level one among the
   * listed or pinned top-level comments; a reply lists its top-level comment when that is hidden and had no reply
   * before (its reply count, raised earlier in the batch, is 1: readers reply only to what they see, so only when the
   * owner hid it since the reply's parent was read). A hidden top-level comment changes nothing.
   */
  function threadCounts(c: Parameters<CommentStore["insert"]>[0]): D1PreparedStatement {
    const published = c.status === "published";
    if (c.rootId === null) {
      return db
        .prepare(
          `UPDATE threads SET comment_count = comment_count + 1, listed_roots = listed_roots + ?4, pinned_roots = pinned_roots + ?5
           WHERE site_id = ?1 AND key = ?2 AND ?6 AND EXISTS (SELECT 1 FROM comments WHERE id = ?3 AND site_id = ?1)`,
        )
        .bind(c.siteId, c.threadKey, c.id, c.pinned ? 0 : 1, c.pinned ? 1 : 0, published ? 1 : 0);
    }
    return db
      .prepare(
        `UPDATE threads SET comment_count = comment_count + ?5, listed_roots = listed_roots + (
           SELECT status <> 'published' AND reply_count = 1 FROM comments WHERE site_id = ?1 AND id = ?4)
         WHERE site_id = ?1 AND key = ?2 AND EXISTS (SELECT 1 FROM comments WHERE id = ?3 AND site_id = ?1)
           AND (?5 OR EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND id = ?4 AND status <> 'published' AND reply_count = 1))`,
      )
      .bind(c.siteId, c.threadKey, c.id, c.rootId, published ? 1 : 0);
  }

  /**
   * Comments of a site by id (any thread), for moderation. Looked up by id: the unary plus keeps SQLite off the
   * indexes that start with site_id, down which it read every comment of the site to find the few named.
   */
  async function getMany(siteId: string, ids: string[]): Promise<CommentRecord[]> {
    if (ids.length === 0) return [];
    const { results } = await db
      .prepare(`SELECT ${COLUMNS} FROM comments WHERE +site_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
      .bind(siteId, JSON.stringify(ids))
      .all<CommentRow>();
    return results.map(toRecord);
  }

  return {
    ...createThreadPageReads(db),

    async get(siteId: string, id: string): Promise<CommentRecord | null> {
      const row = await db
        .prepare(`SELECT ${COLUMNS} FROM comments WHERE site_id = ?1 AND id = ?2`)
        .bind(siteId, id)
        .first<CommentRow>();
      return row ? toRecord(row) : null;
    },

    async findByIdempotencyKey(siteId: string, key: string): Promise<CommentRecord | null> {
      const row = await db
        .prepare(`SELECT ${COLUMNS} FROM comments WHERE site_id = ?1 AND idempotency_key = ?2`)
        .bind(siteId, key)
        .first<CommentRow>();
      return row ? toRecord(row) : null;
    },

    /**
     * Counts the post against its rate limits, inserts the comment unless a limit is passed, bumps its
     * thread's published count and writes its events: one D1 batch, one transaction. Returns the counters
     * after this hit and whether the comment was written (not when a limit is passed, nor when its
     * idempotency key or form token was already used).
     */
    async insert(c, { rateLimits, events, also = [] }) {
      const gate = rateGate(db, c.siteId, rateLimits ?? { checks: [], window: 0 });
      const guard = gate.within(25);
      const results = await runBatch(db, [
        ...gate.hits,
        db
          .prepare(
            `INSERT INTO threads (site_id, key, comment_count, locked, created_at, opened_at) VALUES (?1, ?2, 0, 0, ?3, ?3)
             ON CONFLICT (site_id, key) DO UPDATE SET opened_at = COALESCE(threads.opened_at, excluded.opened_at)`,
          )
          .bind(c.siteId, c.threadKey, c.createdAt),
        db
          .prepare(
            `INSERT INTO comments (${COLUMNS})
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, 0
             WHERE ${guard.sql}
             ON CONFLICT DO NOTHING`,
          )
          .bind(
            c.id,
            c.siteId,
            c.threadKey,
            c.parentId,
            c.rootId,
            c.depth,
            c.authorName,
            c.emailHint,
            c.bodySource,
            JSON.stringify(c.bodyTree),
            c.rendererVersion,
            c.status,
            c.editTokenHash,
            c.idempotencyKey,
            c.createdAt,
            c.updatedAt,
            c.pinned ? 1 : 0,
            c.editedBy,
            c.shadow ? 1 : 0,
            c.statusBeforeDelete,
            c.ipHash,
            c.emailHash,
            c.formNonce,
            c.moderationReason,
            ...guard.values,
          ),
        // A reply counts under its top-level comment (the page then asks for exactly that many) and marks the
        // comment it answers as answered (which lists it as a tombstone should it be hidden), only if inserted. A
        // top-level comment has neither to do (the statement read a row for nothing).
        ...(c.rootId === null
          ? []
          : [
              db
                .prepare(
                  `UPDATE comments SET reply_count = reply_count + (id = ?2), has_replies = 1
                   WHERE site_id = ?1 AND (id = ?2 OR (id = ?4 AND has_replies = 0))
                     AND EXISTS (SELECT 1 FROM comments WHERE site_id = ?1 AND id = ?3)`,
                )
                .bind(c.siteId, c.rootId, c.id, c.parentId),
            ]),
        // Counts only a comment this batch really inserted, so a lost idempotency race changes nothing.
        threadCounts(c),
        // The comment counts in its status only if this batch inserted it: its id is new, so it exists only then.
        countInserted(db, c.siteId, c.id, c.status),
        ...also.flatMap(statementsOf),
        // The events exist only if the comment does (a refused or lost insert announces nothing).
        ...eventInserts(db, events, { sql: "EXISTS (SELECT 1 FROM comments WHERE site_id = ?7 AND id = ?8)", values: [c.siteId, c.id] }),
        // The thread and site counters count stored comments: a refused or lost insert takes its hit back.
        ...gate.unlessStored(c.id),
        ...gate.prune,
      ], onCommit);
      const counts = gate.hits.map((_, i) => (results[i].results[0] as { count: number } | undefined)?.count ?? 0);
      return { inserted: results[gate.hits.length + 1].meta.changes === 1, counts };
    },

    getMany,

    /**
     * Applies changes to comments, recounts the published comments of every affected thread, moves the changed
     * comments between their site's status counts and spends the moderation links of those that leave pending, as
     * one write.
     */
    applyChanges(siteId, changes, threadKeys, at) {
      // Each update applies only to the comment as it was read (basedOn); one that finds it changed aborts the
      // whole batch (abortUnlessOneRow), and commit() then reports it as a StaleWriteError.
      const updates = changes.flatMap((c) => [
        db
          .prepare(
            `UPDATE comments SET status = ?3, pinned = ?4, shadow = ?5, status_before_delete = ?6, body_source = ?7,
               body_tree = ?8, renderer_version = ?9, edited_by = ?10, updated_at = ?11, moderation_reason = ?12
             WHERE site_id = ?1 AND id = ?2 AND updated_at = ?13 AND status = ?14 AND pinned = ?15 AND shadow = ?16`,
          )
          .bind(
            siteId,
            c.id,
            c.status,
            c.pinned ? 1 : 0,
            c.shadow ? 1 : 0,
            c.statusBeforeDelete,
            c.bodySource,
            JSON.stringify(c.bodyTree),
            c.rendererVersion,
            c.editedBy,
            c.updatedAt,
            c.moderationReason,
            c.basedOn.updatedAt,
            c.basedOn.status,
            c.basedOn.pinned ? 1 : 0,
            c.basedOn.shadow ? 1 : 0,
          ),
        abortUnlessOneRow(db),
      ]);
      const recounts = threadKeys.length === 0 ? [] : [recountThreads(db, siteId, threadKeys)];
      const isStale = async () => {
        const now = new Map((await getMany(siteId, changes.map((c) => c.id))).map((c) => [c.id, basisOf(c)]));
        return changes.some(({ id, basedOn: was }) => {
          const is = now.get(id);
          return !is || (Object.keys(was) as (keyof CommentBasis)[]).some((k) => is[k] !== was[k]);
        });
      };
      // Every update applied to its comment in basedOn.status, or the batch rolled back: the counts move by that.
      const moves = countMoves(db, siteId, changes.map((c) => ({ from: c.basedOn.status, to: c.status })));
      const leaving = new Map<CommentStatus, string[]>();
      for (const c of changes) if (c.basedOn.status === "pending" && c.status !== "pending") leaving.set(c.status, [...(leaving.get(c.status) ?? []), c.id]);
      const spends = [...leaving].flatMap(([status, ids]) => spendLinks(db, siteId, ids, status, at));
      return toGuardedWrite([...updates, ...recounts, ...moves, ...spends], isStale);
    },

    /**
     * Whether this reader (by keyed IP or email hash) posted the same text since `since`. Two probes of the
     * reader's own indexes: one query with an OR over both walked every comment of the site since `since`
     * (1,650 rows per post on the benchmark's site), this one reads only the reader's recent comments.
     */
    async hasRecentDuplicate(siteId: string, who: { ipHash: string | null; emailHash: string | null }, body: string, since: number): Promise<boolean> {
      if (!who.ipHash && !who.emailHash) return false;
      const row = await db
        .prepare(
          `SELECT 1 AS hit FROM comments INDEXED BY comments_by_reader_ip
           WHERE site_id = ?1 AND ip_hash = ?4 AND created_at > ?2 AND body_source = ?3 AND status <> 'deleted'
           UNION ALL
           SELECT 1 AS hit FROM comments INDEXED BY comments_by_reader_email
           WHERE site_id = ?1 AND email_hash = ?5 AND created_at > ?2 AND body_source = ?3 AND status <> 'deleted'
           LIMIT 1`,
        )
        .bind(siteId, since, body, who.ipHash, who.emailHash)
        .first<{ hit: number }>();
      return row !== null;
    },

    /**
     * Whether a published comment on the site came from this keyed IP hash under this name: history the poster holds,
     * unlike an e-mail address anyone can type. Among the address's last 50 comments, so that an office's or a
     * carrier's shared address costs a bounded read.
     */
    async hasPublishedFromIp(siteId: string, ipHash: string, authorName: string): Promise<boolean> {
      const row = await db
        .prepare(
          `SELECT 1 AS hit FROM (
             SELECT status, author_name FROM comments INDEXED BY comments_by_reader_ip
             WHERE site_id = ?1 AND ip_hash = ?2 ORDER BY created_at DESC LIMIT 50)
           WHERE status = 'published' AND author_name = ?3 LIMIT 1`,
        )
        .bind(siteId, ipHash, authorName)
        .first<{ hit: number }>();
      return row !== null;
    },

    /** The statement that removes what a reader's own delete must not keep: the e-mail's hash and hint. */
    scrubEmail(siteId: string, id: string) {
      return toWrite(db.prepare("UPDATE comments SET email_hash = NULL, email_hint = NULL, author_email = NULL WHERE site_id = ?1 AND id = ?2").bind(siteId, id));
    },

    /**
     * The moderation queue: newest first, filtered; returns limit + 1 rows. `q` is a substring of the text or the
     * name, ASCII letters in any case, found with instr rather than LIKE: D1 refuses a LIKE pattern over 50 bytes,
     * and a moderator pastes whole sentences of spam. `author` is a name in any case for ASCII letters (SQLite's
     * lower()), and for others as typed, all small, all capitals or each word capitalized.
     *
     * Only the filters given are in the statement, and the cursor is a row value (afterCursor), so that SQLite seeks: a status
     * (the dashboard's pending view) walks comments_moderation_queue from the cursor, a thread its own comments
     * (comments_by_thread_status, then sorted), none the site's newest first (comments_export). An `?N IS NULL OR`
     * form made every view, and every later page, read the site's comments up to its page. `author` and `q` walk
     * the site's comments newest first (text and names have no index), QUEUE_SEARCH_ROWS at most a request.
     */
    async listQueue(siteId: string, filter: QueueFilter, cursor: Cursor | null, limit: number): Promise<QueuePage> {
      const where: string[] = [];
      const values: unknown[] = [siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1];
      const bound = (value: unknown) => `?${values.push(value)}`;
      if (filter.status) where.push(`status = ${bound(filter.status)}`);
      if (filter.thread) where.push(`thread_key = ${bound(filter.thread)}`);
      // What no index finds: an author or words in the text, tested on each comment the walk meets.
      const tests: string[] = [];
      if (filter.author) {
        const names = [filter.author, filter.author.toLowerCase(), filter.author.toUpperCase(), capitalized(filter.author)].map((n) => `lower(${bound(n)})`);
        tests.push(`(lower(author_name) IN (${names.join(", ")}) OR email_hash = ${bound(filter.authorEmailHash ?? null)})`);
      }
      if (filter.q) {
        const q = bound(filter.q);
        tests.push(`(instr(lower(body_source), lower(${q})) > 0 OR instr(lower(author_name), lower(${q})) > 0)`);
      }
      const walk = (columns: string) => `SELECT ${columns} FROM comments ${filter.thread ? "INDEXED BY comments_by_thread_status" : ""}
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3", { newestFirst: true })} ${where.map((w) => `AND ${w}`).join(" ")}
           ORDER BY created_at DESC, id DESC`;
      if (tests.length === 0) {
        const { results } = await db.prepare(`${walk(MODERATION_COLUMNS)} LIMIT ?4`).bind(...values).all<CommentRow>();
        return { rows: results.map(toRecord), searchedTo: null };
      }
      // A search walks at most QUEUE_SEARCH_ROWS comments a request, newest first, noting which match (a window
      // function over the walk would read it three times, 6,000 rows), then reads the page's matches whole; when
      // they do not fill it, the next page's walk resumes after the last comment walked.
      const scan = bound(QUEUE_SEARCH_ROWS);
      const walked = (
        await db
          .prepare(`${walk(`id, created_at, ${tests.join(" AND ")} AS hit`)} LIMIT ${scan}`)
          .bind(...values)
          .all<{ id: string; created_at: number; hit: number }>()
      ).results;
      const hits = walked.filter((r) => r.hit).slice(0, limit + 1).map((r) => r.id);
      const found = hits.length
        ? (
            await db
              .prepare(`SELECT ${MODERATION_COLUMNS} FROM comments WHERE +site_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
              .bind(siteId, JSON.stringify(hits))
              .all<CommentRow>()
          ).results
        : [];
      const byId = new Map(found.map((r) => [r.id, toRecord(r)]));
      const rows = hits.flatMap((id) => byId.get(id) ?? []);
      const last = walked.at(-1);
      const searchedTo = hits.length <= limit && walked.length === QUEUE_SEARCH_ROWS && last ? { at: last.created_at, id: last.id } : null;
      return { rows, searchedTo };
    },

    /** How many comments the site has in each status: the kept counts (./status-counts), a row per status. */
    async countByStatus(siteId: string): Promise<Record<CommentStatus, number>> {
      const counts: Record<CommentStatus, number> = { pending: 0, published: 0, rejected: 0, spam: 0, deleted: 0 };
      const { results } = await db
        .prepare("SELECT status, n FROM comment_status_counts WHERE site_id = ?1")
        .bind(siteId)
        .all<{ status: CommentStatus; n: number }>();
      for (const row of results) counts[row.status] = row.n;
      return counts;
    },
  };
}

