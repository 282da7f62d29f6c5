// Site rows: identity, the owner token's hash, and settings kept as one JSON document.
import { siteSettingsSchema, type SiteSettings } from "../contract/schemas";

export interface SiteRecord {
  id: string;
  name: string;
  ownerTokenHash: string;
  settings: SiteSettings;
  createdAt: number;
  updatedAt: number;
}

interface SiteRow {
  id: string;
  name: string;
  owner_token_hash: string;
  settings: string;
  created_at: number;
  updated_at: number;
}

function toRecord(row: SiteRow): SiteRecord {
  return {
    id: row.id,
    name: row.name,
    ownerTokenHash: row.owner_token_hash,
    // Parsing fills defaults for settings added after the row was written.
    settings: siteSettingsSchema.parse(JSON.parse(row.settings)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createSiteStore(db: D1Database) {
  return {
    async get(id: string): Promise<SiteRecord | null> {
      const row = await db
        .prepare("SELECT id, name, owner_token_hash, settings, created_at, updated_at FROM sites WHERE id = ?1")
        .bind(id)
        .first<SiteRow>();
      return row ? toRecord(row) : null;
    },

    /** Inserts a new site; returns false when the id is taken. */
    async insert(site: SiteRecord): Promise<boolean> {
      const result = await db
        .prepare(
          `INSERT INTO sites (id, name, owner_token_hash, settings, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING`,
        )
        .bind(site.id, site.name, site.ownerTokenHash, JSON.stringify(site.settings), site.createdAt, site.updatedAt)
        .run();
      return result.meta.changes === 1;
    },

    /** Saves name and settings, with extra statements (the audit entry) in the same batch. */
    async update(site: Pick<SiteRecord, "id" | "name" | "settings" | "updatedAt">, also: D1PreparedStatement[] = []): Promise<void> {
      await db.batch([
        db
          .prepare("UPDATE sites SET name = ?2, settings = ?3, updated_at = ?4 WHERE id = ?1")
          .bind(site.id, site.name, JSON.stringify(site.settings), site.updatedAt),
        ...also,
      ]);
    },

    /** Which site, if any, an owner token hash belongs to; used only to answer 403 rather than 401. */
    async findIdByOwnerTokenHash(hash: string): Promise<string | null> {
      return db.prepare("SELECT id FROM sites WHERE owner_token_hash = ?1").bind(hash).first<string>("id");
    },

    async setOwnerTokenHash(id: string, hash: string, at: number, also: D1PreparedStatement[] = []): Promise<void> {
      await db.batch([
        db.prepare("UPDATE sites SET owner_token_hash = ?2, updated_at = ?3 WHERE id = ?1").bind(id, hash, at),
        ...also,
      ]);
    },
  };
}

export type SiteStore = ReturnType<typeof createSiteStore>;
