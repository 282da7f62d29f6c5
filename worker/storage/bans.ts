// Bans by email (keyed hash), IP (keyed hash) or author name, each visible or shadow, with an optional expiry.
import { auditInsert } from "./audit";
import { afterCursor } from "./keyset";
import { eventInserts, runBatch, toWrite, type CommitListener } from "./transaction";
import type { BanMode, BanRecord, BanStore, BanType, Fingerprint } from "./types";

export type { BanMode, BanRecord, BanType, Fingerprint };

interface BanRow {
  id: string;
  type: BanType;
  value: string;
  hint: string;
  mode: BanMode;
  reason: string | null;
  expires_at: number | null;
  created_at: number;
}

const COLUMNS = "id, type, value, hint, mode, reason, expires_at, created_at";

/** An unexpired ban like the one bound as ?1 (site), ?3 to ?8 (its columns) and ?10 (now). */
const SAME = `site_id = ?1 AND type = ?3 AND value = ?4 AND mode = ?6 AND reason IS ?7 AND expires_at IS ?8
  AND (expires_at IS NULL OR expires_at > ?10)`;

function toRecord(row: BanRow): BanRecord {
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    hint: row.hint,
    mode: row.mode,
    reason: row.reason,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export function createBanStore(db: D1Database, onCommit?: CommitListener): BanStore {
  return {
    /**
     * One batch, so that identical bans sent at once make one row: the insert checks for the same ban in
     * force itself, its audit entry and events exist only if the row does, and the last statement reads the
     * ban in force (the one added or the one already there).
     */
    async add(siteId, ban, { now, audit, events }) {
      const params = [siteId, ban.id, ban.type, ban.value, ban.hint, ban.mode, ban.reason, ban.expiresAt, ban.createdAt, now];
      const inserted = { sql: "EXISTS (SELECT 1 FROM bans WHERE site_id = ?10 AND id = ?11)", values: [siteId, ban.id] };
      const results = await runBatch<BanRow>(
        db,
        [
          db
            .prepare(
              `INSERT INTO bans (site_id, ${COLUMNS}) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
               WHERE NOT EXISTS (SELECT 1 FROM bans INDEXED BY bans_lookup WHERE ${SAME})`,
            )
            .bind(...params),
          auditInsert(db, siteId, audit, inserted),
          ...eventInserts(db, events, { sql: "EXISTS (SELECT 1 FROM bans WHERE site_id = ?7 AND id = ?8)", values: [siteId, ban.id] }),
          db.prepare(`SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE ${SAME} ORDER BY created_at ASC LIMIT 1`).bind(...params),
        ],
        onCommit,
      );
      if (results[0].meta.changes === 1) return { ban, created: true };
      return { ban: toRecord(results[results.length - 1].results[0]), created: false };
    },

    delete(siteId, id) {
      return toWrite(db.prepare("DELETE FROM bans WHERE site_id = ?1 AND id = ?2").bind(siteId, id));
    },

    async get(siteId, id) {
      const row = await db.prepare(`SELECT ${COLUMNS} FROM bans WHERE site_id = ?1 AND id = ?2`).bind(siteId, id).first<BanRow>();
      return row ? toRecord(row) : null;
    },

    /**
     * The ban on this reader, a visible one first. One SELECT per value, each seeking its (site_id, type, value) in
     * bans_lookup: as one OR of the three kinds, SQLite walked every ban of the site on every post (400 rows with 400
     * bans). The names are three equalities, not `value IN (…)`, whose list D1 counts as a row read on every post.
     */
    async findActive(siteId, who, now) {
      const row = await db
        .prepare(
          `SELECT ${COLUMNS} FROM (
             SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE site_id = ?1 AND type = 'email' AND value = ?2
             UNION ALL
             SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE site_id = ?1 AND type = 'ip' AND value = ?3
             UNION ALL
             SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE site_id = ?1 AND type = 'name' AND value = ?4
             UNION ALL
             SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE site_id = ?1 AND type = 'name' AND value = ?6
             UNION ALL
             SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup WHERE site_id = ?1 AND type = 'name' AND value = ?7)
           WHERE expires_at IS NULL OR expires_at > ?5
           ORDER BY CASE mode WHEN 'visible' THEN 0 ELSE 1 END LIMIT 1`,
        )
        .bind(siteId, who.emailHash, who.ipHash, who.name, now, who.nameWithAccents, who.nameLookAlike)
        .first<BanRow>();
      return row ? toRecord(row) : null;
    },

    /**
     * Newest first; returns limit + 1 rows. Expired bans are listed too (they are history). The cursor is a row value
     * so that a page seeks to it (`?2 IS NULL OR …` re-read every ban before it).
     */
    async list(siteId, cursor, limit) {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM bans INDEXED BY bans_by_created
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3", { newestFirst: true })}
           ORDER BY created_at DESC, id DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<BanRow>();
      return results.map(toRecord);
    },
  };
}
