// E-mail state: reply subscribers (addresses sealed), what they watch, replies waiting to be sent, the owner's
// settings, the daily budget and the local development outbox. All SQL about mail lives here and in
// ./reply-notices (the replies waiting to be sent).

import { auditInsert } from "./audit";
import { createReplyNoticeStore } from "./reply-notices";
import type { AuditRecord } from "./types";

export type SubscriberStatus = "pending" | "confirmed" | "unsubscribed";

export interface SubscriberRecord {
  id: string;
  siteId: string;
  emailHash: string;
  emailSealed: string;
  status: SubscriberStatus;
  origin: string;
  confirmSentAt: number | null;
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  createdAt: number;
}

interface SubscriberRow {
  id: string;
  site_id: string;
  email_hash: string;
  email_sealed: string;
  status: SubscriberStatus;
  origin: string;
  confirm_sent_at: number | null;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  created_at: number;
}

const SUBSCRIBER_COLUMNS = "id, site_id, email_hash, email_sealed, status, origin, confirm_sent_at, confirmed_at, unsubscribed_at, created_at";

const toSubscriber = (r: SubscriberRow): SubscriberRecord => ({
  id: r.id,
  siteId: r.site_id,
  emailHash: r.email_hash,
  emailSealed: r.email_sealed,
  status: r.status,
  origin: r.origin,
  confirmSentAt: r.confirm_sent_at,
  confirmedAt: r.confirmed_at,
  unsubscribedAt: r.unsubscribed_at,
  createdAt: r.created_at,
});

export interface OwnerMailRecord {
  siteId: string;
  emailSealed: string | null;
  emailHint: string | null;
  digest: boolean;
  origin: string;
  lastDigestAt: number | null;
  /** When the address now set was confirmed through the link e-mailed to it; null while it waits (or with none). */
  emailConfirmedAt: number | null;
  /** When the last confirmation e-mail went to the address now set. */
  confirmSentAt: number | null;
  /**
   * The UTC day (YYYY-MM-DD) of the last confirmation e-mail to any of the site's addresses, and how many went out
   * that day: read with the rest, so the daily cap needs no read of its own. Counted by claimOwnerConfirmation only;
   * putOwnerMail leaves them as they are in D1, so a write made from an older read never undoes a count.
   */
  confirmDay: string | null;
  confirmsThatDay: number;
}

/** The columns putOwnerMail writes; reads add the confirmation counts. */
const OWNER_MAIL_COLUMNS = "site_id, email_sealed, email_hint, digest, origin, last_digest_at, email_confirmed_at, confirm_sent_at";
const OWNER_MAIL_READ = `${OWNER_MAIL_COLUMNS}, confirm_day, confirms_that_day`;

interface OwnerMailRow {
  site_id: string;
  email_sealed: string | null;
  email_hint: string | null;
  digest: number;
  origin: string;
  last_digest_at: number | null;
  email_confirmed_at: number | null;
  confirm_sent_at: number | null;
  confirm_day: string | null;
  confirms_that_day: number;
}

const toOwnerMail = (r: OwnerMailRow): OwnerMailRecord => ({
  siteId: r.site_id,
  emailSealed: r.email_sealed,
  emailHint: r.email_hint,
  digest: r.digest === 1,
  origin: r.origin,
  lastDigestAt: r.last_digest_at,
  emailConfirmedAt: r.email_confirmed_at,
  confirmSentAt: r.confirm_sent_at,
  confirmDay: r.confirm_day,
  confirmsThatDay: r.confirms_that_day,
});

export interface DevMailRecord {
  id: string;
  siteId: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
  createdAt: number;
}

export function createMailStore(db: D1Database) {
  return {
    ...createReplyNoticeStore(db),
    async getSubscriber(siteId: string, id: string): Promise<SubscriberRecord | null> {
      const row = await db
        .prepare(`SELECT ${SUBSCRIBER_COLUMNS} FROM mail_subscribers WHERE site_id = ?1 AND id = ?2`)
        .bind(siteId, id)
        .first<SubscriberRow>();
      return row ? toSubscriber(row) : null;
    },

    async findSubscriber(siteId: string, emailHash: string): Promise<SubscriberRecord | null> {
      const row = await db
        .prepare(`SELECT ${SUBSCRIBER_COLUMNS} FROM mail_subscribers WHERE site_id = ?1 AND email_hash = ?2`)
        .bind(siteId, emailHash)
        .first<SubscriberRow>();
      return row ? toSubscriber(row) : null;
    },

    /**
     * Creates the subscriber (or keeps the existing one) and watches a comment for replies, in one batch. The watch
     * is confirmed at once only when one of `proofIds` (comments whose edit tokens the poster holds) is a confirmed
     * watch of the same subscriber; otherwise it waits for the e-mailed link. Returns the subscriber and whether
     * the watch is confirmed.
     */
    async watch(s: SubscriberRecord, commentId: string, now: number, proofIds: string[]): Promise<{ subscriber: SubscriberRecord; confirmed: boolean }> {
      const results = await db.batch([
        db
          .prepare(`INSERT INTO mail_subscribers (${SUBSCRIBER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL, NULL, ?7) ON CONFLICT DO NOTHING`)
          .bind(s.id, s.siteId, s.emailHash, s.emailSealed, s.status, s.origin, s.createdAt),
        db
          .prepare(
            `INSERT INTO reply_watches (site_id, comment_id, subscriber_id, created_at, confirmed_at)
             SELECT ?1, ?2, s.id, ?4, CASE WHEN EXISTS (
               SELECT 1 FROM reply_watches p WHERE p.site_id = ?1 AND p.subscriber_id = s.id AND p.confirmed_at IS NOT NULL
                 AND p.comment_id IN (SELECT value FROM json_each(?5))
             ) THEN ?4 END
             FROM mail_subscribers s WHERE s.site_id = ?1 AND s.email_hash = ?3 ON CONFLICT DO NOTHING`,
          )
          .bind(s.siteId, commentId, s.emailHash, now, JSON.stringify(proofIds)),
        db.prepare(`SELECT ${SUBSCRIBER_COLUMNS} FROM mail_subscribers WHERE site_id = ?1 AND email_hash = ?2`).bind(s.siteId, s.emailHash),
        db.prepare(`SELECT confirmed_at FROM reply_watches WHERE site_id = ?1 AND comment_id = ?2`).bind(s.siteId, commentId),
      ]);
      const watch = results[3].results[0] as { confirmed_at: number | null } | undefined;
      return { subscriber: toSubscriber(results[2].results[0] as SubscriberRow), confirmed: watch?.confirmed_at != null };
    },

    /** How many of a subscriber's watches made up to `madeBy` wait for their confirmation. */
    async waitingWatches(siteId: string, subscriberId: string, madeBy: number): Promise<number> {
      const row = await db
        .prepare(`SELECT COUNT(*) AS n FROM reply_watches WHERE site_id = ?1 AND subscriber_id = ?2 AND confirmed_at IS NULL AND created_at <= ?3`)
        .bind(siteId, subscriberId, madeBy)
        .first<{ n: number }>();
      return row?.n ?? 0;
    },

    /** Confirms a subscriber's address and its watches made up to `madeBy` (when its link was sent), in one batch. */
    async confirm(siteId: string, subscriberId: string, madeBy: number, now: number): Promise<void> {
      await db.batch([
        db
          .prepare(`UPDATE mail_subscribers SET status = 'confirmed', confirmed_at = ?3 WHERE site_id = ?1 AND id = ?2 AND status != 'confirmed'`)
          .bind(siteId, subscriberId, now),
        db
          .prepare(`UPDATE reply_watches SET confirmed_at = ?4 WHERE site_id = ?1 AND subscriber_id = ?2 AND confirmed_at IS NULL AND created_at <= ?3`)
          .bind(siteId, subscriberId, madeBy, now),
      ]);
    },

    /** A confirmation e-mail that could not be sent does not count as sent: the reader may ask again at once. */
    async releaseConfirmation(siteId: string, id: string, sentAt: number): Promise<void> {
      await db.prepare("UPDATE mail_subscribers SET confirm_sent_at = NULL WHERE site_id = ?1 AND id = ?2 AND confirm_sent_at = ?3").bind(siteId, id, sentAt).run();
    },

    /** Marks that a confirmation e-mail went out now; false when one went out after `notBefore` (no resend). */
    async claimConfirmation(siteId: string, id: string, now: number, notBefore: number): Promise<boolean> {
      const res = await db
        .prepare(
          `UPDATE mail_subscribers SET confirm_sent_at = ?3, status = CASE WHEN status = 'unsubscribed' THEN 'pending' ELSE status END
           WHERE site_id = ?1 AND id = ?2 AND (confirm_sent_at IS NULL OR confirm_sent_at < ?4)`,
        )
        .bind(siteId, id, now, notBefore)
        .run();
      return res.meta.changes > 0;
    },

    async setStatus(siteId: string, id: string, status: SubscriberStatus, now: number): Promise<void> {
      const column = status === "confirmed" ? "confirmed_at" : status === "unsubscribed" ? "unsubscribed_at" : "created_at";
      await db.prepare(`UPDATE mail_subscribers SET status = ?3, ${column} = ?4 WHERE site_id = ?1 AND id = ?2`).bind(siteId, id, status, now).run();
    },

    /** The confirmed subscriber watching a comment, if any. */
    /** The confirmed subscriber watching each of `commentIds` (those nobody watches are not in the map), in one read. */
    async watchersOf(siteId: string, commentIds: string[]): Promise<Map<string, SubscriberRecord>> {
      if (commentIds.length === 0) return new Map();
      const { results } = await db
        .prepare(
          `SELECT w.comment_id AS watched, ${SUBSCRIBER_COLUMNS.split(", ").map((c) => `s.${c}`).join(", ")} FROM reply_watches w
           JOIN mail_subscribers s ON s.id = w.subscriber_id AND s.site_id = w.site_id
           WHERE w.site_id = ?1 AND w.comment_id IN (SELECT value FROM json_each(?2)) AND w.confirmed_at IS NOT NULL AND s.status = 'confirmed'`,
        )
        .bind(siteId, JSON.stringify(commentIds))
        .all<SubscriberRow & { watched: string }>();
      const watchers = new Map<string, SubscriberRecord>();
      for (const row of results) if (!watchers.has(row.watched)) watchers.set(row.watched, toSubscriber(row));
      return watchers;
    },

    async getOwnerMail(siteId: string): Promise<OwnerMailRecord | null> {
      const row = await db.prepare(`SELECT ${OWNER_MAIL_READ} FROM owner_mail WHERE site_id = ?1`).bind(siteId).first<OwnerMailRow>();
      return row ? toOwnerMail(row) : null;
    },

    /** Writes the owner's e-mail settings with `audit`, in one transaction. */
    async putOwnerMail(r: OwnerMailRecord, now: number, audit: AuditRecord): Promise<void> {
      await db.batch([
        db
          .prepare(
            `INSERT INTO owner_mail (${OWNER_MAIL_COLUMNS}, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (site_id) DO UPDATE SET email_sealed = ?2, email_hint = ?3, digest = ?4, origin = ?5, email_confirmed_at = ?7,
               confirm_sent_at = ?8, updated_at = ?9`,
          )
          .bind(r.siteId, r.emailSealed, r.emailHint, r.digest ? 1 : 0, r.origin, r.lastDigestAt, r.emailConfirmedAt, r.confirmSentAt, now),
        auditInsert(db, r.siteId, audit),
      ]);
    },

    /**
     * Marks that a confirmation e-mail goes to the address `emailSealed` now, counted on `day`; false when that
     * address is no longer the one set, is confirmed, or had one after `notBefore` (no resend), or when the site's
     * addresses had `perDay` that day.
     */
    async claimOwnerConfirmation(siteId: string, emailSealed: string, now: number, notBefore: number, day: string, perDay: number): Promise<boolean> {
      const res = await db
        .prepare(
          `UPDATE owner_mail SET confirm_sent_at = ?3, confirm_day = ?5,
             confirms_that_day = CASE WHEN confirm_day = ?5 THEN confirms_that_day + 1 ELSE 1 END
           WHERE site_id = ?1 AND email_sealed = ?2 AND email_confirmed_at IS NULL AND (confirm_sent_at IS NULL OR confirm_sent_at < ?4)
             AND (confirm_day IS NOT ?5 OR confirms_that_day < ?6)`,
        )
        .bind(siteId, emailSealed, now, notBefore, day, perDay)
        .run();
      return res.meta.changes > 0;
    },

    /**
     * Confirms the address `emailSealed` (the one the link was made for) if it is still the one set and waiting, with
     * `audit` written only then, in one statement each of one transaction. Returns whether it was confirmed now.
     */
    async confirmOwnerMail(siteId: string, emailSealed: string, now: number, audit: AuditRecord): Promise<boolean> {
      const [, res] = await db.batch([
        auditInsert(db, siteId, audit, {
          sql: "EXISTS (SELECT 1 FROM owner_mail WHERE site_id = ?2 AND email_sealed = ?10 AND email_confirmed_at IS NULL)",
          values: [emailSealed],
        }),
        db
          .prepare("UPDATE owner_mail SET email_confirmed_at = ?3 WHERE site_id = ?1 AND email_sealed = ?2 AND email_confirmed_at IS NULL")
          .bind(siteId, emailSealed, now),
      ]);
      return res.meta.changes > 0;
    },

    /** Takes the digest slot: true when no digest went out after `windowStart`. */
    async claimDigest(siteId: string, now: number, windowStart: number): Promise<boolean> {
      const res = await db
        .prepare("UPDATE owner_mail SET last_digest_at = ?2 WHERE site_id = ?1 AND (last_digest_at IS NULL OR last_digest_at <= ?3)")
        .bind(siteId, now, windowStart)
        .run();
      return res.meta.changes > 0;
    },

    /** Gives the digest slot back (the digest could not be sent); what was owed stays owed, from when it was. */
    async releaseDigest(siteId: string, previous: number | null): Promise<void> {
      await db.prepare("UPDATE owner_mail SET last_digest_at = ?2 WHERE site_id = ?1").bind(siteId, previous).run();
    },

    /**
     * The digest claimed at `claimedAt` went out (or found nothing waiting): what was owed until then is paid. A
     * comment that started waiting after the claim owes the next digest, when the window after this one opens
     * (`nextWindow`): it may have found that time owed already, and left it as it was.
     */
    async settleDigest(siteId: string, claimedAt: number, nextWindow: number): Promise<void> {
      await db
        .prepare(
          `UPDATE owner_mail SET digest_due_at = CASE WHEN EXISTS (
             SELECT 1 FROM comments INDEXED BY comments_moderation_queue WHERE site_id = ?1 AND status = 'pending' AND created_at > ?2
           ) THEN ?3 ELSE NULL END
           WHERE site_id = ?1 AND digest_due_at <= ?2`,
        )
        .bind(siteId, claimedAt, nextWindow)
        .run();
    },

    /** Notes that a digest is owed from `dueAt` (the earlier time, when one was owed already). */
    async markDigestDue(siteId: string, dueAt: number): Promise<void> {
      await db
        .prepare("UPDATE owner_mail SET digest_due_at = ?2 WHERE site_id = ?1 AND (digest_due_at IS NULL OR digest_due_at > ?2)")
        .bind(siteId, dueAt)
        .run();
    },

    /** Notes that no digest is owed (none goes: switched off, or no confirmed address). */
    async clearDigestDue(siteId: string): Promise<void> {
      await db.prepare("UPDATE owner_mail SET digest_due_at = NULL WHERE site_id = ?1 AND digest_due_at IS NOT NULL").bind(siteId).run();
    },

    /**
     * The sites (at most `limit`, the longest overdue first) whose digest was owed at or before `before`, each now
     * owed from `now` again, in one statement: the next run takes a site again only as long after as this one did.
     */
    async takeOverdueDigests(before: number, now: number, limit: number): Promise<string[]> {
      const { results } = await db
        .prepare(
          `UPDATE owner_mail SET digest_due_at = ?2 WHERE site_id IN (
             SELECT site_id FROM owner_mail INDEXED BY owner_mail_digest_due WHERE digest_due_at <= ?1 ORDER BY digest_due_at LIMIT ?3
           ) RETURNING site_id`,
        )
        .bind(before, now, limit)
        .all<{ site_id: string }>();
      return results.map((r) => r.site_id);
    },

    /** Counts one e-mail against today's budget; false (and nothing counted) when the budget is spent. */
    async spendBudget(siteId: string, day: string, budget: number): Promise<boolean> {
      const row = await db
        .prepare(
          `INSERT INTO mail_budget (site_id, day, sent) VALUES (?1, ?2, 1)
           ON CONFLICT (site_id, day) DO UPDATE SET sent = sent + 1 WHERE sent < ?3
           RETURNING sent`,
        )
        .bind(siteId, day, budget)
        .first<number>("sent");
      return row !== null && budget > 0;
    },

    /** Gives back one e-mail of the day's budget (a send the provider refused). */
    async refundBudget(siteId: string, day: string): Promise<void> {
      await db.prepare("UPDATE mail_budget SET sent = sent - 1 WHERE site_id = ?1 AND day = ?2 AND sent > 0").bind(siteId, day).run();
    },

    async sentOn(siteId: string, day: string): Promise<number> {
      return (await db.prepare("SELECT sent FROM mail_budget WHERE site_id = ?1 AND day = ?2").bind(siteId, day).first<number>("sent")) ?? 0;
    },

    async insertDevMail(m: DevMailRecord): Promise<void> {
      await db
        .prepare(
          `INSERT INTO dev_mail (id, site_id, to_address, subject, headers, text_part, html_part, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
        )
        .bind(m.id, m.siteId, m.to, m.subject, JSON.stringify(m.headers), m.text, m.html, m.createdAt)
        .run();
    },

    /** The newest messages of the development outbox (all sites: it is one developer's machine). */
    async listDevMail(limit: number): Promise<DevMailRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT id, site_id, to_address, subject, headers, text_part, html_part, created_at FROM dev_mail
           ORDER BY created_at DESC, id DESC LIMIT ?1`,
        )
        .bind(limit)
        .all<{ id: string; site_id: string; to_address: string; subject: string; headers: string; text_part: string; html_part: string; created_at: number }>();
      return results.map((r) => ({
        id: r.id,
        siteId: r.site_id,
        to: r.to_address,
        subject: r.subject,
        headers: JSON.parse(r.headers) as Record<string, string>,
        text: r.text_part,
        html: r.html_part,
        createdAt: r.created_at,
      }));
    },
  };
}

export type MailStore = ReturnType<typeof createMailStore>;
