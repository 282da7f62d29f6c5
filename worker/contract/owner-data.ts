// The owner's data routes: import batches, the paged export, GDPR requests and the operator's site list.
import * as z from "zod";
import { DAY_MS } from "./dates";
import { IMPORT_LIMITS } from "./import-limits";
import { LIMITS } from "./limits";
import type { WebhookEvent, WebhookFormat } from "./notifications";
import type { CommentStatus } from "./types";
import { pageLimit } from "./query-numbers";
import { BAN_TYPES, COMMENT_STATUSES, threadKeySchema } from "./schemas";

/** The version of the export document; `import parley` reads this version. */
export const EXPORT_VERSION = 1;

/** The import routes' limits live in a zod-free module the CLI can read. */
export { IMPORT_LIMITS };

const sourceSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Use a short lowercase source name such as disqus.");
const sourceIdSchema = z.string().min(1, "Must not be empty.").max(256);
const isoDate = z.iso.datetime({ offset: true, message: "Must be an ISO 8601 date-time." });
// A date from the future would lead "newest" orders for ever; a day of leeway covers clocks and zones.
// A value that is no date at all is only told that (NaN is not after anything).
const pastDate = isoDate.refine((v) => !(Date.parse(v) > Date.now() + DAY_MS), "Must not be in the future.");
const hashSchema = z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, "Not a keyed hash from a Parley export.");

/** Where a comment came from: unique per site, so an import never inserts the same comment twice. */
export const sourceRefSchema = z.strictObject({ source: sourceSchema, sourceId: sourceIdSchema });

export const importCommentSchema = z.strictObject({
  source: sourceSchema,
  sourceId: sourceIdSchema,
  /** The parent's source reference; it must have been imported before (earlier in this batch or before). */
  parent: sourceRefSchema.nullable().default(null),
  thread: threadKeySchema,
  /** Markdown; rendered by the same sanitizing renderer as every comment. */
  body: z.string().max(LIMITS.commentBodyChars, `Must be at most ${LIMITS.commentBodyChars} characters.`),
  authorName: z.string().max(1000),
  /** A plain e-mail address: stored only as the keyed hash. */
  authorEmail: z.string().max(LIMITS.authorEmailChars).nullable().default(null),
  /** A keyed hash taken over from a Parley export of the same deployment. */
  emailHash: hashSchema.nullable().default(null),
  /** The masked address the owner saw, taken over from a Parley export (made from `authorEmail` when that is given). */
  emailHint: z.string().max(LIMITS.authorEmailChars).nullable().default(null),
  ipHash: hashSchema.nullable().default(null),
  /** Posted by a shadow-banned author (a Parley export): shown to that author alone, as before. */
  shadow: z.boolean().default(false),
  status: z.enum(COMMENT_STATUSES),
  statusBeforeDelete: z.enum(COMMENT_STATUSES).nullable().default(null),
  pinned: z.boolean().default(false),
  createdAt: pastDate,
  updatedAt: isoDate.nullable().default(null),
  editedBy: z.enum(["author", "moderator"]).nullable().default(null),
  votes: z.number().int().min(0).max(1_000_000_000).default(0),
  moderationReason: z.string().max(200).nullable().default(null),
});
export type ImportComment = z.infer<typeof importCommentSchema>;

export const importThreadSchema = z.strictObject({
  key: threadKeySchema,
  locked: z.boolean().default(false),
  /**
   * When the page was published in the old system. A thread is dated by the earliest of this and its imported
   * comments; without either (a lock alone), the time of the import.
   */
  createdAt: pastDate.nullable().default(null),
});

export const importBanSchema = z.strictObject({
  source: sourceSchema,
  sourceId: sourceIdSchema,
  type: z.enum(BAN_TYPES),
  /** Exactly as exported: the keyed hash (email, ip) or the normalized name. */
  value: z.string().min(1).max(LIMITS.authorEmailChars),
  hint: z.string().max(300),
  mode: z.enum(["visible", "shadow"]),
  reason: z.string().max(500).nullable().default(null),
  expiresAt: isoDate.nullable().default(null),
  createdAt: isoDate,
});

export const importBatchSchema = z.strictObject({
  comments: z.array(importCommentSchema).max(IMPORT_LIMITS.comments, `At most ${IMPORT_LIMITS.comments} comments per request.`).default([]),
  threads: z.array(importThreadSchema).max(IMPORT_LIMITS.threads).default([]),
  bans: z.array(importBanSchema).max(IMPORT_LIMITS.bans).default([]),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;

export interface ImportFailure {
  source: string | null;
  sourceId: string | null;
  /**
   * `ID_ON_ANOTHER_PAGE`: the site has a comment of another page under this id, or the comment answers one (another
   * blog's file, whose ids repeat: `--id-prefix` imports it); `PARENT_NOT_IMPORTED`: its parent is not in the site.
   */
  code: "ID_ON_ANOTHER_PAGE" | "PARENT_NOT_IMPORTED";
  reason: string;
}

export interface ImportResult {
  /** Comments written by this request. */
  inserted: number;
  /** Comments that were already there (an earlier run of the same import). */
  present: number;
  failed: ImportFailure[];
  /**
   * Comments sent in another state whose text shows nothing, by that state: stored as deleted tombstones (those
   * found present were stored so by an earlier run), so that a summary counts the states as stored.
   */
  blank: Partial<Record<CommentStatus, number>>;
  bans: { inserted: number; present: number };
  /**
   * The threads sent with `locked: true` that are locked after this request. A thread takes a lock only while it
   * has no published comments, so one the owner opened after an earlier run of the import is not among them.
   */
  threads: { locked: string[] };
}

export const EXPORT_PARTS = ["site", "articles", "threads", "comments", "bans", "webhooks"] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];

export const exportQuerySchema = z.strictObject({
  part: z.enum(EXPORT_PARTS),
  // The threads part's cursor is the last thread key (base64url of up to three UTF-8 bytes per character).
  cursor: z.string().max(4 * LIMITS.threadKeyChars).optional(),
});

export const gdprSchema = z.strictObject({
  email: z.email("Must be an email address.").max(LIMITS.authorEmailChars),
  cursor: z.string().max(300).optional(),
});

export const gdprEraseSchema = gdprSchema.omit({ cursor: true });

export const siteListQuerySchema = z.strictObject({
  limit: pageLimit(),
  cursor: z.string().max(300).optional(),
});

/** One comment in an export or a GDPR answer: everything Parley keeps, except raw e-mails it never keeps. */
export interface ExportedComment {
  id: string;
  thread: string;
  parentId: string | null;
  authorName: string;
  emailHash: string | null;
  /** The masked address the owner sees, never the address. */
  emailHint: string | null;
  ipHash: string | null;
  /** Posted by a shadow-banned author. */
  shadow: boolean;
  body: string;
  status: (typeof COMMENT_STATUSES)[number];
  statusBeforeDelete: (typeof COMMENT_STATUSES)[number] | null;
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  editedBy: "author" | "moderator" | null;
  votes: number;
  moderationReason: string | null;
  /** Where an imported comment came from; null for comments posted through Parley. */
  source: string | null;
  sourceId: string | null;
}

export interface ExportedThread {
  key: string;
  locked: boolean;
  commentCount: number;
  createdAt: string;
}

export interface ExportedBan {
  id: string;
  type: (typeof BAN_TYPES)[number];
  value: string;
  hint: string;
  mode: "visible" | "shadow";
  reason: string | null;
  expiresAt: string | null;
  createdAt: string;
}

/** A webhook as exported: where it sends what, and whether it is paused. Never its secret. */
export interface ExportedWebhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  pausedAt: string | null;
  pausedReason: string | null;
  createdAt: string;
}

export interface ExportedArticle {
  slug: string;
  title: string;
  author: string | null;
  publishedAt: string;
  image: string | null;
  links: { network: string; url: string; label?: string }[];
  /** The article's address on the blog; absent from exports made before 2026-12-03. */
  url?: string | null;
  /** The markdown source. */
  body: string;
}

export interface ExportPage<T> {
  items: T[];
  nextCursor: string | null;
}
