// The D1 side of a unit of work: a `Write` holds statements, and one batch (a D1 transaction) runs the
// writes together with their outbox inserts, then reports which events committed.
import type { DomainEvent } from "../contract/events";
import type { Write } from "./types";

/** After its change committed, the dispatcher holds an event this long before the cron handler may take it. */
export const DISPATCH_LEASE_MS = 30_000;

const STATEMENTS = Symbol("statements");

const STALE = Symbol("stale");

interface D1Write {
  [STATEMENTS]: D1PreparedStatement[];
  /** For a write made only while what it was decided on is unchanged: whether that changed. */
  [STALE]?: () => Promise<boolean>;
}

/** Wraps statements as an opaque Write. */
export function toWrite(...statements: D1PreparedStatement[]): Write {
  return { [STATEMENTS]: statements } as unknown as Write;
}

/**
 * A Write whose statements abort the batch when what it was decided on has changed (see abortUnlessOneRow);
 * `isStale` tells, after a failed batch, whether that was why.
 */
export function toGuardedWrite(statements: D1PreparedStatement[], isStale: () => Promise<boolean>): Write {
  return { [STATEMENTS]: statements, [STALE]: isStale } as unknown as Write;
}

/** Whether a guarded write among `writes` failed because what it was decided on changed. */
export async function anyStale(writes: Write[]): Promise<boolean> {
  for (const w of writes) if (await (w as unknown as D1Write)[STALE]?.()) return true;
  return false;
}

/**
 * A statement that fails, and so rolls the whole batch back, unless the statement just before it changed exactly
 * one row (changes() counts that statement's own rows, not its triggers'). SQLite's raise() works only in
 * triggers; json() of text that is not JSON is an error, and its argument depends on changes(), so it is never
 * evaluated ahead as a constant.
 */
export const abortUnlessOneRow = (db: D1Database) => db.prepare("SELECT json(CASE WHEN changes() = 1 THEN '1' ELSE 'stale write' END)");

export function statementsOf(w: Write): D1PreparedStatement[] {
  return (w as unknown as D1Write)[STATEMENTS];
}

/** One outbox insert inside a batch; it writes its row only while `condition` holds. */
export interface EventInsert {
  event: DomainEvent;
  statement: D1PreparedStatement;
}

/**
 * The inserts for events, each written only when the SQL `condition` (with bind values numbered from ?7)
 * is true when it runs; no condition writes them unconditionally.
 */
export function eventInserts(db: D1Database, events: DomainEvent[], condition?: { sql: string; values: unknown[] }): EventInsert[] {
  return events.map((event) => {
    const at = Date.parse(event.occurredAt);
    return {
      event,
      statement: db
        .prepare(
          `INSERT INTO outbox (id, site_id, type, payload, created_at, next_attempt_at, comment_id)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, json_extract(?4, '$.data.commentId') WHERE ${condition?.sql ?? "1"}`,
        )
        .bind(event.id, event.site, event.type, JSON.stringify(event), at, at + DISPATCH_LEASE_MS, ...(condition?.values ?? [])),
    };
  });
}

export type BatchPart = D1PreparedStatement | EventInsert;

/** Told about every event that committed, so the dispatcher can run its subscribers. */
export type CommitListener = (events: DomainEvent[]) => void;

/**
 * Runs the parts as one D1 batch (one transaction) and tells `onCommit` which events were written.
 * Returns each part's result, in order.
 */
export async function runBatch<T = unknown>(db: D1Database, parts: BatchPart[], onCommit?: CommitListener): Promise<D1Result<T>[]> {
  if (parts.length === 0) return [];
  const results = await db.batch<T>(parts.map((p) => ("event" in p ? p.statement : p)));
  const committed = parts.flatMap((p, i) => ("event" in p && results[i].meta.changes === 1 ? [p.event] : []));
  if (committed.length > 0) onCommit?.(committed);
  return results;
}
