// Comment rows as D1 stores them: the column lists each kind of read selects, and the one mapping from a row
// to a record.
import type { CommentStatus } from "../contract/types";
import type { CommentBasis, CommentChange, CommentRecord } from "./types";

export interface CommentRow {
  id: string;
  site_id: string;
  thread_key: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  author_name: string;
  email_hint: string | null;
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
  reply_count: number;
  /** How many `<` the tree's JSON holds (counted by D1, in PUBLIC_COLUMNS): see CommentRecord.treeBytes. */
  tree_escapes: number;
}

export const COLUMNS = `id, site_id, thread_key, parent_id, root_id, depth, author_name, email_hint, body_source, body_tree,
  renderer_version, status, edit_token_hash, idempotency_key, created_at, updated_at, pinned, edited_by, shadow,
  status_before_delete, ip_hash, email_hash, form_nonce, moderation_reason, votes`;

/**
 * What readers' pages need: no hashes, hints, keys or nonces, and how many characters the tree gains inside HTML
 * (`tree_escapes`, counted by D1 rather than the worker). Own comments add the edit token's hash, to check the
 * reader's claim; the moderation queue adds the e-mail hint and the state before a delete.
 */
export const PUBLIC_COLUMNS = `id, site_id, thread_key, parent_id, root_id, depth, author_name, body_source, body_tree, renderer_version,
  status, created_at, updated_at, pinned, edited_by, shadow, moderation_reason, votes,
  length(body_tree) - length(replace(body_tree, '<', '')) AS tree_escapes`;
export const OWN_COLUMNS = `${PUBLIC_COLUMNS}, edit_token_hash`;
export const MODERATION_COLUMNS = `${PUBLIC_COLUMNS}, email_hint, status_before_delete`;
/** A thread page's top-level comments add how many replies they hold, to ask for exactly those. */
export const ROOT_COLUMNS = `${PUBLIC_COLUMNS}, reply_count`;

/** What JSON inside a <script> element writes for each `<` beyond the character itself (`\u003c`: see jsonTextForScript). */
const SCRIPT_ESCAPE_EXTRA = 5;

/** Maps a row to a record; columns a narrow read did not select come back empty (null, "" or false). */
export function toRecord(row: Partial<CommentRow> & Pick<CommentRow, "id" | "site_id" | "thread_key" | "body_tree">): CommentRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    threadKey: row.thread_key,
    parentId: row.parent_id ?? null,
    rootId: row.root_id ?? null,
    depth: row.depth ?? 0,
    authorName: row.author_name ?? "",
    emailHint: row.email_hint ?? null,
    bodySource: row.body_source ?? "",
    bodyTree: JSON.parse(row.body_tree) as CommentRecord["bodyTree"],
    rendererVersion: row.renderer_version ?? 0,
    status: row.status ?? "deleted",
    editTokenHash: row.edit_token_hash ?? "",
    idempotencyKey: row.idempotency_key ?? null,
    createdAt: row.created_at ?? 0,
    updatedAt: row.updated_at ?? 0,
    pinned: row.pinned === 1,
    editedBy: row.edited_by ?? null,
    shadow: row.shadow === 1,
    statusBeforeDelete: row.status_before_delete ?? null,
    ipHash: row.ip_hash ?? null,
    emailHash: row.email_hash ?? null,
    formNonce: row.form_nonce ?? null,
    moderationReason: row.moderation_reason ?? null,
    votes: row.votes ?? 0,
    treeBytes: row.body_tree.length + SCRIPT_ESCAPE_EXTRA * (row.tree_escapes ?? 0),
    ...(row.reply_count === undefined ? {} : { replyCount: row.reply_count }),
  };
}

/** What a change to the comment is decided on: a change's `basedOn`. */
export const basisOf = (c: CommentRecord): CommentBasis => ({ updatedAt: c.updatedAt, status: c.status, pinned: c.pinned, shadow: c.shadow });

/** The changeable columns of a comment as they are now: the base every change starts from. */
export function changeOf(c: CommentRecord): CommentChange {
  return {
    basedOn: basisOf(c),
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
