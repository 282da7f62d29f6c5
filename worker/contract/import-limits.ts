// What the import and export routes take and give per request. A module of plain constants with no imports, so
// that the CLI (on Node's type stripping) can read it; owner-data.ts re-exports it for the worker. Not in
// limits.ts: the widget bundles that one, and these numbers are of no use to readers.

export const IMPORT_LIMITS = {
  /**
   * Comments per import request. Rendering one comment's markdown took 0.4-0.7 ms on a busy 2-CPU machine, so
   * 50 stay under 50 ms of CPU; the CLI sends 50.
   */
  comments: 50,
  threads: 200,
  bans: 200,
  /** Import requests carry many comments at once. */
  requestBytes: 2 * 1024 * 1024,
  /** Rows per export page. */
  exportPage: 500,
  /** Comments one GDPR request exports or erases before it hands back a cursor. */
  gdprPage: 200,
} as const;
