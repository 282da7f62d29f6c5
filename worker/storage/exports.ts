// Reads for backups and data requests: every comment, thread, ban and article of a site in pages, one author's
// comments by keyed e-mail hash, the erasure of those comments, and the operator's list of sites.
import type { WebhookEvent, WebhookFormat } from "../contract/notifications";
import type { CommentStatus } from "../contract/types";
import type { Cursor } from "../lib/cursor";
import { afterCursor } from "./keyset";
import { spendLinks } from "./links";
import { tallied } from "./status-counts";
import { recountThreads } from "./threads";
import { eventInserts, runBatch, statementsOf, type CommitListener } from "./transaction";
import type { DomainEvent } from "../contract/events";
import type { Write } from "./types";

/** The moderation reason a GDPR erase leaves on each tombstone: the mark that the comment can never come back. */
export const ERASED_REASON = "erased";

/** The moderation reason a reader's delete of their own comment leaves: its text is gone, so it cannot be restored. */
export const WITHDRAWN_REASON = "withdrawn";

/** What a webhook delivery of an erased comment says instead of being sent. */
const ERASED_DELIVERY = "Not sent: the comment was erased by a GDPR request.";

/** A comment with every column an export keeps. */
export interface ExportRow {
  id: string;
  threadKey: string;
  parentId: string | null;
  authorName: string;
  emailHash: string | null;
  emailHint: string | null;
  ipHash: string | null;
  shadow: boolean;
  bodySource: string;
  status: CommentStatus;
  statusBeforeDelete: CommentStatus | null;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
  editedBy: "author" | "moderator" | null;
  votes: number;
  moderationReason: string | null;
  source: string | null;
  sourceId: string | null;
}

interface Row {
  id: string;
  thread_key: string;
  parent_id: string | null;
  author_name: string;
  email_hash: string | null;
  email_hint: string | null;
  ip_hash: string | null;
  shadow: number;
  body_source: string;
  status: CommentStatus;
  status_before_delete: CommentStatus | null;
  pinned: number;
  created_at: number;
  updated_at: number;
  edited_by: "author" | "moderator" | null;
  votes: number;
  moderation_reason: string | null;
  source: string | null;
  source_id: string | null;
}

const COLUMNS = `id, thread_key, parent_id, author_name, email_hash, email_hint, ip_hash, shadow, body_source, status, status_before_delete,
  pinned, created_at, updated_at, edited_by, votes, moderation_reason, source, source_id`;

function toExportRow(r: Row): ExportRow {
  return {
    id: r.id,
    threadKey: r.thread_key,
    parentId: r.parent_id,
    authorName: r.author_name,
    emailHash: r.email_hash,
    emailHint: r.email_hint,
    ipHash: r.ip_hash,
    shadow: r.shadow === 1,
    bodySource: r.body_source,
    status: r.status,
    statusBeforeDelete: r.status_before_delete,
    pinned: r.pinned === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedBy: r.edited_by,
    votes: r.votes,
    moderationReason: r.moderation_reason,
    source: r.source,
    sourceId: r.source_id,
  };
}

/** Where a page resumes after a key (a thread's, an article's slug), in the same way. */
function pastKey(after: string | null, column: string, param: string): string {
  return after === null ? `${param} IS NULL` : `${column} > ${param}`;
}

export interface SiteListRow {
  id: string;
  name: string;
  createdAt: number;
}

export function createExportStore(db: D1Database, onCommit?: CommitListener) {
  return {
    /** Every comment of a site in time order, one page after the cursor; returns limit + 1 rows. */
    async listComments(siteId: string, cursor: Cursor | null, limit: number): Promise<ExportRow[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY comments_export
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3")}
           ORDER BY created_at ASC, id ASC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<Row>();
      return results.map(toExportRow);
    },

    /** The threads of a site by key, after `after`; returns limit + 1 rows. */
    async listThreads(siteId: string, after: string | null, limit: number) {
      const { results } = await db
        .prepare(
          `SELECT key, locked, comment_count, created_at FROM threads WHERE site_id = ?1 AND ${pastKey(after, "key", "?2")}
           ORDER BY key ASC LIMIT ?3`,
        )
        .bind(siteId, after, limit + 1)
        .all<{ key: string; locked: number; comment_count: number; created_at: number }>();
      return results.map((r) => ({ key: r.key, locked: r.locked === 1, commentCount: r.comment_count, createdAt: r.created_at }));
    },

    /** The article slugs of a site, after `after`; returns limit + 1 slugs. */
    async listArticleSlugs(siteId: string, after: string | null, limit: number): Promise<string[]> {
      const { results } = await db
        .prepare(`SELECT slug FROM articles WHERE site_id = ?1 AND ${pastKey(after, "slug", "?2")} ORDER BY slug ASC LIMIT ?3`)
        .bind(siteId, after, limit + 1)
        .all<{ slug: string }>();
      return results.map((r) => r.slug);
    },

    /** Every ban of a site, oldest first; returns limit + 1 rows. */
    async listBans(siteId: string, cursor: Cursor | null, limit: number) {
      const { results } = await db
        .prepare(
          `SELECT id, type, value, hint, mode, reason, expires_at, created_at FROM bans INDEXED BY bans_by_created
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3")}
           ORDER BY created_at ASC, id ASC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<{
          id: string;
          type: "email" | "ip" | "name";
          value: string;
          hint: string;
          mode: "visible" | "shadow";
          reason: string | null;
          expires_at: number | null;
          created_at: number;
        }>();
      return results.map((r) => ({ ...r, expiresAt: r.expires_at, createdAt: r.created_at }));
    },

    /**
     * One author's comments (by keyed e-mail hash), oldest first; returns limit + 1 rows. The index ends at
     * created_at, so a page seeks to the cursor's time and passes over only the comments of that same millisecond.
     */
    async listByEmailHash(siteId: string, emailHash: string, cursor: Cursor | null, limit: number): Promise<ExportRow[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM comments INDEXED BY comments_by_reader_email
           WHERE site_id = ?1 AND email_hash = ?2 AND ${afterCursor(cursor, "?3", "?4")}
           ORDER BY created_at ASC, id ASC LIMIT ?5`,
        )
        .bind(siteId, emailHash, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<Row>();
      return results.map(toExportRow);
    },

    /**
     * Erases up to `limit` comments of one author: text, name, e-mail (its hint too) and fingerprints go, each comment
     * becomes a tombstone (deleted, nothing to restore), the threads touched are recounted, the text of moderators'
     * edits of them leaves the audit log (the entries stay, without before and after), and webhook bodies and outbox
     * events about them lose it too. The reply-mail subscriber found by `subscriberHash` goes with what it watched, on
     * every call. All with `audit`, and the events `announce` makes of the ids found (their tombstones' deletion),
     * in one transaction. Returns the ids and threads erased.
     */
    async eraseByEmailHash(
      siteId: string,
      emailHash: string,
      subscriberHash: string,
      at: number,
      limit: number,
      audit: Write[],
      announce: (ids: string[]) => Promise<DomainEvent[]> = async () => [],
    ) {
      const subscriber = "SELECT id FROM mail_subscribers WHERE site_id = ?1 AND email_hash = ?2";
      const also = [
        ...audit.flatMap(statementsOf),
        db.prepare(`DELETE FROM reply_notices WHERE site_id = ?1 AND subscriber_id IN (${subscriber})`).bind(siteId, subscriberHash),
        db.prepare(`DELETE FROM reply_watches WHERE site_id = ?1 AND subscriber_id IN (${subscriber})`).bind(siteId, subscriberHash),
        db.prepare("DELETE FROM mail_subscribers WHERE site_id = ?1 AND email_hash = ?2").bind(siteId, subscriberHash),
      ];
      const { results } = await db
        .prepare(
          `SELECT id, thread_key FROM comments INDEXED BY comments_by_reader_email
           WHERE site_id = ?1 AND email_hash = ?2 ORDER BY created_at ASC, id ASC LIMIT ?3`,
        )
        .bind(siteId, emailHash, limit)
        .all<{ id: string; thread_key: string }>();
      if (results.length === 0) {
        await db.batch(also);
        return { ids: [], threads: [] };
      }
      const ids = results.map((r) => r.id);
      const threads = [...new Set(results.map((r) => r.thread_key))];
      const events = await announce(ids);
      // The update looks its comments up by id (the unary plus keeps SQLite from walking the site's comments instead).
      await runBatch(db, [
        ...tallied(db, siteId, ids, [
          db
            .prepare(
              `UPDATE comments SET author_name = '', author_email = NULL, email_hash = NULL, email_hint = NULL, email_sealed = NULL,
                 ip_hash = NULL, body_source = '', body_tree = '[]', status = 'deleted', status_before_delete = NULL, pinned = 0,
                 moderation_reason = ?4, updated_at = ?2
               WHERE +site_id = ?1 AND id IN (SELECT value FROM json_each(?3))`,
            )
            .bind(siteId, at, JSON.stringify(ids), ERASED_REASON),
        ]),
        recountThreads(db, siteId, threads),
        // Their one-click moderation links act no more (those of a comment that was pending say it was deleted).
        ...spendLinks(db, siteId, ids, "deleted", at),
        db
          .prepare(
            `UPDATE audit_log SET before = NULL, after = NULL
             WHERE site_id = ?1 AND target_type = 'comment' AND action = 'comment.edit' AND target_id IN (SELECT value FROM json_each(?2))`,
          )
          .bind(siteId, JSON.stringify(ids)),
        // What was sent, or waits to be sent, about them: webhook bodies kept for retries (one not yet delivered is
        // never sent) and the events still in the outbox.
        db
          .prepare(
            `UPDATE webhook_deliveries SET body = '', updated_at = ?2,
               last_error = CASE WHEN status = 'delivered' THEN last_error ELSE ?4 END,
               next_attempt_at = CASE WHEN status = 'delivered' THEN next_attempt_at END,
               status = CASE WHEN status = 'delivered' THEN status ELSE 'failed' END
             WHERE site_id = ?1 AND comment_id IN (SELECT value FROM json_each(?3))`,
          )
          .bind(siteId, at, JSON.stringify(ids), ERASED_DELIVERY),
        db
          .prepare(
            `UPDATE outbox SET payload = json_set(payload, '$.data.comment.text', '', '$.data.comment.authorName', '')
             WHERE site_id = ?1 AND comment_id IN (SELECT value FROM json_each(?2))`,
          )
          .bind(siteId, JSON.stringify(ids)),
        ...also,
        // After the scrub above, which they need not: they carry no text.
        ...eventInserts(db, events),
      ], onCommit);
      return { ids, threads };
    },

    /** A site's webhooks, oldest first, without their secrets' salts: what an export may show. */
    async listWebhooks(siteId: string, limit: number) {
      const { results } = await db
        .prepare(
          `SELECT id, url, events, format, paused_at, paused_reason, created_at FROM webhooks
           WHERE site_id = ?1 ORDER BY created_at ASC, id ASC LIMIT ?2`,
        )
        .bind(siteId, limit)
        .all<{ id: string; url: string; events: string; format: WebhookFormat; paused_at: number | null; paused_reason: string | null; created_at: number }>();
      return results.map((r) => ({
        id: r.id,
        url: r.url,
        events: JSON.parse(r.events) as WebhookEvent[],
        format: r.format,
        pausedAt: r.paused_at,
        pausedReason: r.paused_reason,
        createdAt: r.created_at,
      }));
    },

    /** The operator's sites, oldest first; returns limit + 1 rows. */
    async listSites(cursor: Cursor | null, limit: number): Promise<SiteListRow[]> {
      const { results } = await db
        .prepare(
          `SELECT id, name, created_at FROM sites INDEXED BY sites_by_created
           WHERE ${afterCursor(cursor, "?1", "?2")}
           ORDER BY created_at ASC, id ASC LIMIT ?3`,
        )
        .bind(cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<{ id: string; name: string; created_at: number }>();
      return results.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
    },
  };
}

export type ExportStore = ReturnType<typeof createExportStore>;
