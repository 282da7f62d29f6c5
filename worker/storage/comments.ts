// Comment rows and the queries that page through a thread. All SQL about comments lives here.
import type { Doc } from "../contract/doc";
import type { CommentStatus } from "../contract/types";
import type { Cursor } from "../lib/cursor";

export interface CommentRecord {
  id: string;
  siteId: string;
  threadKey: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  authorEmail: string | null;
  bodySource: string;
  bodyTree: Doc;
  rendererVersion: number;
  status: CommentStatus;
  editTokenHash: string;
  idempotencyKey: string | null;
  createdAt: number;
  updatedAt: number;
}

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
}

const COLUMNS = `id, site_id, thread_key, parent_id, root_id, depth, author_name, author_email, body_source, body_tree,
  renderer_version, status, edit_token_hash, idempotency_key, created_at, updated_at`;

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
    bodyTree: JSON.parse(row.body_tree) as Doc,
    rendererVersion: row.renderer_version,
    status: row.status,
    editTokenHash: row.edit_token_hash,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface PageQuery {
  sort: "oldest" | "newest";
  cursor: Cursor | null;
  limit: number;
}

export function createCommentStore(db: D1Database) {
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
     * Inserts a comment and bumps its thread's published count in one transaction.
     * Returns false when the idempotency key was already used (nothing is written then).
     */
    async insert(c: CommentRecord): Promise<boolean> {
      const [, inserted] = await db.batch([
        db
          .prepare("INSERT INTO threads (site_id, key, comment_count, locked, created_at) VALUES (?1, ?2, 0, 0, ?3) ON CONFLICT (site_id, key) DO NOTHING")
          .bind(c.siteId, c.threadKey, c.createdAt),
        db
          .prepare(
            `INSERT INTO comments (${COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (site_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
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
          ),
        // Counts only a comment this batch really inserted, so a lost idempotency race changes nothing.
        db
          .prepare(
            `UPDATE threads SET comment_count = comment_count + 1
             WHERE site_id = ?1 AND key = ?2
               AND EXISTS (SELECT 1 FROM comments WHERE id = ?3 AND site_id = ?1 AND status = 'published')`,
          )
          .bind(c.siteId, c.threadKey, c.id),
      ]);
      return inserted.meta.changes === 1;
    },

    /** One page of top-level published comments, plus one extra row to tell whether more follow. */
    async listRoots(siteId: string, threadKey: string, page: PageQuery): Promise<CommentRecord[]> {
      const newest = page.sort === "newest";
      const after = page.cursor
        ? newest
          ? "AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))"
          : "AND (created_at > ?3 OR (created_at = ?3 AND id > ?4))"
        : "AND ?3 IS NULL AND ?4 IS NULL";
      const order = newest ? "created_at DESC, id DESC" : "created_at ASC, id ASC";
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY comments_thread_roots
           WHERE site_id = ?1 AND thread_key = ?2 AND parent_id IS NULL AND status = 'published' ${after}
           ORDER BY ${order} LIMIT ?5`,
        )
        .bind(siteId, threadKey, page.cursor?.at ?? null, page.cursor?.id ?? null, page.limit + 1)
        .all<CommentRow>();
      return results.map(toRecord);
    },

    /** Every published reply under the given top-level comments, oldest first. */
    async listReplies(siteId: string, rootIds: string[]): Promise<CommentRecord[]> {
      if (rootIds.length === 0) return [];
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY comments_replies_by_root
           WHERE site_id = ?1 AND root_id IN (SELECT value FROM json_each(?2)) AND status = 'published'
           ORDER BY created_at ASC, id ASC`,
        )
        .bind(siteId, JSON.stringify(rootIds))
        .all<CommentRow>();
      return results.map(toRecord);
    },
  };
}

export type CommentStore = ReturnType<typeof createCommentStore>;
