// Bans by email (keyed hash), IP (keyed hash) or author name, each visible or shadow, with an optional expiry.
import type { Cursor } from "../lib/cursor";

export type BanType = "email" | "ip" | "name";
export type BanMode = "visible" | "shadow";

export interface BanRecord {
  id: string;
  type: BanType;
  /** Keyed hash for email and ip; the normalized name for name. */
  value: string;
  hint: string;
  mode: BanMode;
  reason: string | null;
  expiresAt: number | null;
  createdAt: number;
}

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

export interface Fingerprint {
  emailHash: string | null;
  ipHash: string | null;
  name: string;
}

export function createBanStore(db: D1Database) {
  return {
    /** Inserts a ban with extra statements (the audit entry) in the same batch. */
    async insert(siteId: string, ban: BanRecord, also: D1PreparedStatement[] = []): Promise<void> {
      await db.batch([
        db
          .prepare(`INSERT INTO bans (site_id, ${COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`)
          .bind(siteId, ban.id, ban.type, ban.value, ban.hint, ban.mode, ban.reason, ban.expiresAt, ban.createdAt),
        ...also,
      ]);
    },

    async delete(siteId: string, id: string, also: D1PreparedStatement[] = []): Promise<void> {
      await db.batch([db.prepare("DELETE FROM bans WHERE site_id = ?1 AND id = ?2").bind(siteId, id), ...also]);
    },

    async get(siteId: string, id: string): Promise<BanRecord | null> {
      const row = await db.prepare(`SELECT ${COLUMNS} FROM bans WHERE site_id = ?1 AND id = ?2`).bind(siteId, id).first<BanRow>();
      return row ? toRecord(row) : null;
    },

    /** The strongest unexpired ban matching a poster: a visible ban wins over a shadow one. */
    async findActive(siteId: string, who: Fingerprint, now: number): Promise<BanRecord | null> {
      const row = await db
        .prepare(
          `SELECT ${COLUMNS} FROM bans INDEXED BY bans_lookup
           WHERE site_id = ?1
             AND ((type = 'email' AND value = ?2) OR (type = 'ip' AND value = ?3) OR (type = 'name' AND value = ?4))
             AND (expires_at IS NULL OR expires_at > ?5)
           ORDER BY CASE mode WHEN 'visible' THEN 0 ELSE 1 END LIMIT 1`,
        )
        .bind(siteId, who.emailHash, who.ipHash, who.name, now)
        .first<BanRow>();
      return row ? toRecord(row) : null;
    },

    /** Newest first; returns limit + 1 rows. Expired bans are listed too (they are history). */
    async list(siteId: string, cursor: Cursor | null, limit: number): Promise<BanRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${COLUMNS} FROM bans WHERE site_id = ?1 AND (?2 IS NULL OR created_at < ?2 OR (created_at = ?2 AND id < ?3))
           ORDER BY created_at DESC, id DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<BanRow>();
      return results.map(toRecord);
    },
  };
}

export type BanStore = ReturnType<typeof createBanStore>;
