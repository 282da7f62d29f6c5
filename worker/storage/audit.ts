// The audit log: every moderation action and settings change, who did it (a token id), before and after.
import { afterCursor } from "./keyset";
import { toWrite } from "./transaction";
import type { AuditRecord, AuditStore } from "./types";

export type { AuditRecord };

interface AuditRow {
  id: string;
  actor: string;
  action: string;
  target_type: AuditRecord["targetType"];
  target_id: string;
  before: string | null;
  after: string | null;
  created_at: number;
}

/**
 * The insert of one entry, written only when the SQL `condition` (with bind values numbered from ?10) is true
 * when it runs; no condition writes it unconditionally.
 */
export function auditInsert(db: D1Database, siteId: string, entry: AuditRecord, condition?: { sql: string; values: unknown[] }): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, site_id, actor, action, target_type, target_id, before, after, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ${condition?.sql ?? "1"}`,
    )
    .bind(
      entry.id,
      siteId,
      entry.actor,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.createdAt,
      ...(condition?.values ?? []),
    );
}

export function createAuditStore(db: D1Database): AuditStore {
  return {
    add(siteId, entry) {
      return toWrite(auditInsert(db, siteId, entry));
    },

    /** Newest first; returns limit + 1 rows. The cursor is a row value so that a page seeks to it in audit_by_created. */
    async list(siteId, cursor, limit) {
      const { results } = await db
        .prepare(
          `SELECT id, actor, action, target_type, target_id, before, after, created_at FROM audit_log INDEXED BY audit_by_created
           WHERE site_id = ?1 AND ${afterCursor(cursor, "?2", "?3", { newestFirst: true })}
           ORDER BY created_at DESC, id DESC LIMIT ?4`,
        )
        .bind(siteId, cursor?.at ?? null, cursor?.id ?? null, limit + 1)
        .all<AuditRow>();
      return results.map((r) => ({
        id: r.id,
        actor: r.actor,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
        createdAt: r.created_at,
      }));
    },
  };
}
