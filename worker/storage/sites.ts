// Site rows: identity, the owner token's hash, and settings kept as one JSON document.
import { siteSettingsSchema } from "../contract/schemas";
import { toWrite } from "./transaction";
import type { SiteRecord, SiteStore } from "./types";

export type { SiteRecord };

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

export function createSiteStore(db: D1Database): SiteStore {
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

    // Each setting is set in the stored document by SQL, not the whole document written back as the request read
    // it: two PATCHes at once (the dashboard and the CLI) each wrote the settings they had read, and the later
    // one undid the other's change after both had answered 200. json_set takes a path and a value per setting:
    // 14 settings make 29 arguments, within D1's 32 per function.
    update(id, change, at) {
      const fields = Object.entries(change.settings);
      const settings = fields.length ? `json_set(settings${fields.map((_, i) => `, ?${4 + 2 * i}, json(?${5 + 2 * i})`).join("")})` : "settings";
      return toWrite(
        db
          .prepare(`UPDATE sites SET name = COALESCE(?2, name), settings = ${settings}, updated_at = ?3 WHERE id = ?1`)
          .bind(id, change.name ?? null, at, ...fields.flatMap(([key, value]) => [`$.${key}`, JSON.stringify(value)])),
      );
    },

    async findIdByOwnerTokenHash(hash) {
      return db.prepare("SELECT id FROM sites WHERE owner_token_hash = ?1").bind(hash).first<string>("id");
    },

    setOwnerTokenHash(id, hash, at) {
      return toWrite(db.prepare("UPDATE sites SET owner_token_hash = ?2, updated_at = ?3 WHERE id = ?1").bind(id, hash, at));
    },
  };
}
