// What the import and export routes take and give per request. A module of plain constants with no imports, so
// that the CLI (on Node's type stripping) can read it; owner-data.ts re-exports it for the worker. Not in
// limits.ts: the widget bundles that one, and these numbers are of no use to readers.

export const IMPORT_LIMITS = {
  /** Comments per import request, at most; the CLI sends up to 50, fewer when their bodies reach bodyChars. */
  comments: 50,
  /**
   * Characters of the comments' bodies in one import request, together (code points, as the API counts them). The
   * worker renders every body, and markdown costs CPU by its length and shape: at this bound the costliest shapes
   * stay within the 10 ms a request may spend (`npm run bench -- cpu`, "import POST"). Three comments of the longest
   * kind fit, and fifty of the usual few hundred characters. A request over it is refused with 413
   * PAYLOAD_TOO_LARGE before anything is written; the CLI packs its requests within it.
   */
  bodyChars: 30_000,
  threads: 200,
  bans: 200,
  /**
   * UTF-16 units of an imported name the route takes; it keeps LIMITS.authorNameChars characters of it, cut between
   * whole characters. The CLI cuts a longer one (a spam bot's of megabytes) to this before it sends it.
   */
  nameChars: 1_000,
  /**
   * Bytes of an import request, as of an article's PUT. The CLI's largest request is a batch of 50 comments with
   * every field at its longest in 3-byte characters, bodies of 4-byte ones, and their threads: 776 KiB; it packs
   * comments within BATCH_BYTES (cli/import/run.ts). Twice as much cost twice the CPU to decode and parse, for nothing.
   */
  requestBytes: 1024 * 1024,
  /** Rows per export page. */
  exportPage: 500,
  /** Comments one GDPR request exports or erases before it hands back a cursor. */
  gdprPage: 200,
} as const;
