// Comment rows and the queries that page through a thread. All SQL about comments lives here.
import type { CommentStatus } from "../contract/types";
import type { Cursor } from "../lib/cursor";
import { rateGate } from "./rate-limits";
import { eventInserts, runBatch, toWrite, type CommitListener } from "./transaction";
import type { CommentChange, CommentRecord, CommentStore, PageQuery, QueueFilter } from "./types";

export type { CommentChange, CommentRecord, PageQuery, QueueFilter };

interface CommentRow {
  id: string;
  site_id: string;
  thread_key: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  author_name: string;
  author_email: string | null;
  body_source: string;
  body_tree: string;
  renderer_version: number;
  status: CommentStatus;
  edit_token_hash: string;
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
  pinned: number;
  edited_by: "author" | "moderator" | null;
  shadow: number;
  status_before_delete: CommentStatus | null;
  ip_hash: string | null;
  email_hash: string | null;
  form_nonce: string | null;
  moderation_reason: string | null;
  votes: number;
}

const COLUMNS = `id, site_id, thread_key, parent_id, root_id, depth, author_name, author_email, body_source, body_tree,
  renderer_version, status, edit_token_hash, idempotency_key, created_at, updated_at, pinned, edited_by, shadow,
  status_before_delete, ip_hash, email_hash, form_nonce, moderation_reason, votes`;

function toRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    threadKey: row.thread_key,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    authorName: row.author_name,
    authorEmail: row.author_email,
    bodySource: row.body_source,
    bodyTree: JSON.parse(row.body_tree) as CommentRecord["bodyTree"],
    rendererVersion: row.renderer_version,
    status: row.status,
    editTokenHash: row.edit_token_hash,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pinned: row.pinned === 1,
    editedBy: row.edited_by,
    shadow: row.shadow === 1,
    statusBeforeDelete: row.status_before_delete,
    ipHash: row.ip_hash,
    emailHash: row.email_hash,
    formNonce: row.form_nonce,
    moderationReason: row.moderation_reason,
    votes: row.votes,
  };
}

/** The changeable columns of a comment as they are now: the base every change starts from. */
export function changeOf(c: CommentRecord): CommentChange {
  return {
    id: c.id,
    status: c.status,
    pinned: c.pinned,
    shadow: c.shadow,
    statusBeforeDelete: c.statusBeforeDelete,
    bodySource: c.bodySource,
    bodyTree: c.bodyTree,
    rendererVersion: c.rendererVersion,
    editedBy: c.editedBy,
    updatedAt: c.updatedAt,
    moderationReason: c.moderationReason,
  };
}

/**
 * A top-level comment is listed when published, or as a tombstone when it is not (deleted, rejected, …)
 * but still holds published replies.
 */
const LISTED_ROOT = `((status = 'published' AND pinned = 0) OR (status <> 'published' AND EXISTS (
  SELECT 1 FROM comments AS r WHERE r.site_id = comments.site_id AND r.root_id = comments.id AND r.status = 'published')))`;

function repliesStatement(db: D1Database, siteId: string, rootId: string, cursor: Cursor | null, limit: number) {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM comments INDEXED BY comments_replies_by_root
       WHERE site_id = ?1 AND root_id = ?2 AND status <> 'pending'
         AND (?3 IS NULL OR created_at > ?3 OR (created_at = ?3 AND id > ?4))
       ORDER BY created_at ASC, id ASC LIMIT ?5`,
    )
    .bind(siteId, rootId, cursor?.at ?? null, cursor?.id ?? null, limit);
}

/** For each sort of a thread page: the index it walks, its order, and where a cursor (?6 score, ?3 time, ?4 id) resumes. */
const ROOT_PAGE = {
  oldest: {
    index: "comments_thread_roots",
    order: "created_at ASC, id ASC",
    after: "AND ?6 IS NULL AND (created_at > ?3 OR (created_at = ?3 AND id > ?4))",
  },
  newest: {
    index: "comments_thread_roots",
    order: "created_at DESC, id DESC",
    after: "AND ?6 IS NULL AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))",
  },
  // Most votes first; ties go newest first so the whole order runs backwards along one index.
  top: {
    index: "comments_thread_top",
    order: "votes DESC, created_at DESC, id DESC",
    after: "AND (votes < ?6 OR (votes = ?6 AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))))",
  },
} as const;

export function createCommentStore(db: D1Database, onCommit?: CommitListener): CommentStore {
  return {
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
    async insert(c, { rateLimits, events }) {
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
            c.authorEmail,
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
        // Counts only a comment this batch really inserted, so a lost idempotency race changes nothing.
        db
          .prepare(
            `UPDATE threads SET comment_count = comment_count + 1
             WHERE site_id = ?1 AND key = ?2
               AND EXISTS (SELECT 1 FROM comments WHERE id = ?3 AND site_id = ?1 AND status = 'published')`,
          )
          .bind(c.siteId, c.threadKey, c.id),
        // The events exist only if the comment does (a refused or lost insert announces nothing).
        ...eventInserts(db, events, { sql: "EXISTS (SELECT 1 FROM comments WHERE site_id = ?7 AND id = ?8)", values: [c.siteId, c.id] }),
        ...gate.prune,
      ], onCommit);
      const counts = gate.hits.map((_, i) => (results[i].results[0] as { count: number } | undefined)?.count ?? 0);
      return { inserted: results[gate.hits.length + 1].meta.changes === 1, counts };
    },

    /** One page of top-level published comments, plus one extra row to tell whether more follow. */
    async listRoots(siteId: string, threadKey: string, page: PageQuery): Promise<CommentRecord[]> {
      const { cursor } = page;
      const query = ROOT_PAGE[page.sort];
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY ${query.index}
           WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL AND ${LISTED_ROOT}
             ${cursor ? query.after : "AND ?3 IS NULL AND ?4 IS NULL AND ?6 IS NULL"}
           ORDER BY ${query.order} LIMIT ?5`,
        )
        .bind(siteId, threadKey, cursor?.at ?? null, cursor?.id ?? null, page.limit + 1, cursor?.score ?? null)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** Pinned, published top-level comments of a thread: they lead the first page in every sort. */
    async listPinnedRoots(siteId: string, threadKey: string): Promise<CommentRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY comments_thread_pinned
           WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL AND status = 'published' AND pinned = 1
           ORDER BY created_at ASC, id ASC`,
        )
        .bind(siteId, threadKey)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** The given comments of one thread, for showing a reader their own pending or shadowed comments. */
    async listByIds(siteId: string, threadKey: string, ids: string[]): Promise<CommentRecord[]> {
      if (ids.length === 0) return [];
      const { results } = await db
        .prepare(`SELECT ${COLUMNS} FROM comments WHERE site_id = ?1 AND thread_key = ?2 AND id IN (SELECT value FROM json_each(?3))`)
        .bind(siteId, threadKey, JSON.stringify(ids))
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** Comments of a site by id (any thread), for moderation. */
    async getMany(siteId: string, ids: string[]): Promise<CommentRecord[]> {
      if (ids.length === 0) return [];
      const { results } = await db
        .prepare(`SELECT ${COLUMNS} FROM comments WHERE site_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
        .bind(siteId, JSON.stringify(ids))
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** Applies changes to comments and recounts the published comments of every affected thread, as one write. */
    applyChanges(siteId, changes, threadKeys) {
      const updates = changes.map((c) =>
        db
          .prepare(
            `UPDATE comments SET status = ?3, pinned = ?4, shadow = ?5, status_before_delete = ?6, body_source = ?7,
               body_tree = ?8, renderer_version = ?9, edited_by = ?10, updated_at = ?11, moderation_reason = ?12
             WHERE site_id = ?1 AND id = ?2`,
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
          ),
      );
      const recounts = [...new Set(threadKeys)].map((key) =>
        db
          .prepare(
            `UPDATE threads SET comment_count = (SELECT COUNT(*) FROM comments WHERE site_id = ?1 AND thread_key = ?2 AND status = 'published')
             WHERE site_id = ?1 AND key = ?2`,
          )
          .bind(siteId, key),
      );
      return toWrite(...updates, ...recounts);
    },

    /** Whether this reader (by keyed IP or email hash) posted the same text since `since`. */
    async hasRecentDuplicate(siteId: string, who: { ipHash: string | null; emailHash: string | null }, body: string, since: number): Promise<boolean> {
      if (!who.ipHash && !who.emailHash) return false;
      const row = await db
        .prepare(
          `SELECT 1 AS hit FROM comments
           WHERE site_id = ?1 AND created_at > ?2 AND body_source = ?3 AND status <> 'deleted'
             AND ((?4 IS NOT NULL AND ip_hash = ?4) OR (?5 IS NOT NULL AND email_hash = ?5))
           LIMIT 1`,
        )
        .bind(siteId, since, body, who.ipHash, who.emailHash)
        .first<{ hit: number }>();
      return row !== null;
    },

    /** Whether this author (by keyed email hash, else keyed IP hash) has a published comment on the site. */
    async hasPublished(siteId: string, who: { ipHash: string | null; emailHash: string | null }): Promise<boolean> {
      if (!who.ipHash && !who.emailHash) return false;
      const row = await db
        .prepare(
          `SELECT 1 AS hit FROM comments
           WHERE site_id = ?1 AND status = 'published' AND (CASE WHEN ?2 IS NOT NULL THEN email_hash = ?2 ELSE ip_hash = ?3 END)
           LIMIT 1`,
        )
        .bind(siteId, who.emailHash, who.ipHash)
        .first<{ hit: number }>();
      return row !== null;
    },

    /** Whether a form token's nonce was already spent on this site. */
    async isNonceUsed(siteId: string, nonce: string): Promise<boolean> {
      return (await db.prepare("SELECT 1 AS hit FROM comments WHERE site_id = ?1 AND form_nonce = ?2").bind(siteId, nonce).first()) !== null;
    },

    /** The moderation queue: newest first, filtered; returns limit + 1 rows. */
    async listQueue(siteId: string, filter: QueueFilter, cursor: Cursor | null, limit: number): Promise<CommentRecord[]> {
      const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments
           WHERE site_id = ?1
             AND (?2 IS NULL OR status = ?2)
             AND (?3 IS NULL OR thread_key = ?3)
             AND (?4 IS NULL OR lower(author_name) = lower(?4) OR lower(author_email) = lower(?4))
             AND (?5 IS NULL OR body_source LIKE ?5 ESCAPE '\\' OR author_name LIKE ?5 ESCAPE '\\')
             AND (?6 IS NULL OR created_at < ?6 OR (created_at = ?6 AND id < ?7))
           ORDER BY created_at DESC, id DESC LIMIT ?8`,
        )
        .bind(siteId, filter.status ?? null, filter.thread ?? null, filter.author ?? null, like, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** How many comments the site has in each status, in one query. */
    async countByStatus(siteId: string): Promise<Record<CommentStatus, number>> {
      const counts: Record<CommentStatus, number> = { pending: 0, published: 0, rejected: 0, spam: 0, deleted: 0 };
      const { results } = await db
        .prepare("SELECT status, COUNT(*) AS n FROM comments WHERE site_id = ?1 GROUP BY status")
        .bind(siteId)
        .all<{ status: CommentStatus; n: number }>();
      for (const row of results) counts[row.status] = row.n;
      return counts;
    },

    /** Every reply under the given top-level comments, oldest first; the service hides what readers may not see. */
    async listReplies(siteId: string, rootIds: string[], perRoot: number): Promise<Map<string, CommentRecord[]>> {
      const byRoot = new Map<string, CommentRecord[]>();
      if (rootIds.length === 0) return byRoot;
      // One bounded statement per root, all in one round trip: the rows read never grow with the thread.
      const results = await db.batch<CommentRow>(
        rootIds.map((rootId) => repliesStatement(db, siteId, rootId, null, perRoot + 1)),
      );
      rootIds.forEach((rootId, i) => byRoot.set(rootId, results[i].results.map(toRecord)));
      return byRoot;
    },

    /** The next replies of one top-level comment after a cursor, oldest first; returns limit + 1 rows. */
    async listMoreReplies(siteId: string, rootId: string, cursor: Cursor, limit: number): Promise<CommentRecord[]> {
      const { results } = await repliesStatement(db, siteId, rootId, cursor, limit + 1).all<CommentRow>();
      return results.map(toRecord);
    },
  };
}

