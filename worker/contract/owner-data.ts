// The owner's data routes: import batches, the paged export, GDPR requests and the operator's site list.
import * as z from "zod/mini";
import { cleanText } from "./clean-text";
import { DAY_MS } from "./dates";
import { IMPORT_LIMITS } from "./import-limits";
import { LIMITS } from "./limits";
import type { WebhookEvent, WebhookFormat } from "./notifications";
import type { CommentStatus } from "./types";
import { pageLimit } from "./query-numbers";
import { isoDateTime } from "./iso-dates";
import { BAN_TYPES, COMMENT_STATUSES, emailAddressSchema, threadKeySchema } from "./schemas";

/** The version of the export document; `import parley` reads this version. */
export const EXPORT_VERSION = 1;

/** The import routes' limits live in a zod-free module the CLI can read. */
export { IMPORT_LIMITS };

const sourceSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Use a short lowercase source name such as disqus."));
const sourceIdSchema = z.string().check(z.minLength(1, "Must not be empty."), z.maxLength(256));
const isoDate = isoDateTime("Must be an ISO 8601 date-time.");
// A date from the future would lead "newest" orders for ever; a day of leeway covers clocks and zones.
// A value that is no date at all is only told that (NaN is not after anything).
const pastDate = isoDate.check(z.refine((v: string) => !(Date.parse(v) > Date.now() + DAY_MS), "Must not be in the future."));
const hashSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,100}$/, "Not a keyed hash from a Parley export."));
/** A field that may be null, and is null when left out. */
const orNull = <T extends z.ZodMiniType>(schema: T) => z._default(z.nullable(schema), null);
/** A string of at most `max` characters. */
const upTo = (max: number) => z.string().check(z.maxLength(max));
/** Text shown to the owner (a ban's hint and reason, why a comment was held): cleaned as every typed text is. */
const shownUpTo = (max: number) => z.pipe(upTo(max), z.transform(cleanText));

/** Where a comment came from: unique per site, so an import never inserts the same comment twice. */
export const sourceRefSchema = z.strictObject({ source: sourceSchema, sourceId: sourceIdSchema });

export const importCommentSchema = z.strictObject({
  source: sourceSchema,
  sourceId: sourceIdSchema,
  /** The parent's source reference; it must have been imported before (earlier in this batch or before). */
  parent: orNull(sourceRefSchema),
  thread: threadKeySchema,
  /** Markdown; rendered by the same sanitizing renderer as every comment. */
  body: z.string().check(z.maxLength(LIMITS.commentBodyChars, `Must be at most ${LIMITS.commentBodyChars} characters.`)),
  authorName: upTo(IMPORT_LIMITS.nameChars),
  /** A plain e-mail address: stored only as the keyed hash. */
  authorEmail: orNull(upTo(LIMITS.authorEmailChars)),
  /** A keyed hash taken over from a Parley export of the same deployment. */
  emailHash: orNull(hashSchema),
  /** The masked address the owner saw, taken over from a Parley export (made from `authorEmail` when that is given). */
  emailHint: orNull(shownUpTo(LIMITS.authorEmailChars)),
  ipHash: orNull(hashSchema),
  /** Posted by a shadow-banned author (a Parley export): shown to that author alone, as before. */
  shadow: z._default(z.boolean(), false),
  status: z.enum(COMMENT_STATUSES),
  statusBeforeDelete: orNull(z.enum(COMMENT_STATUSES)),
  pinned: z._default(z.boolean(), false),
  createdAt: pastDate,
  updatedAt: orNull(isoDate),
  editedBy: orNull(z.enum(["author", "moderator"])),
  votes: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000)), 0),
  moderationReason: orNull(shownUpTo(200)),
});
export type ImportComment = z.infer<typeof importCommentSchema>;

export const importThreadSchema = z.strictObject({
  key: threadKeySchema,
  locked: z._default(z.boolean(), false),
  /**
   * When the page was published in the old system. A thread is dated by the earliest of this and its imported
   * comments; without either (a lock alone), the time of the import.
   */
  createdAt: orNull(pastDate),
});

export const importBanSchema = z.strictObject({
  source: sourceSchema,
  sourceId: sourceIdSchema,
  type: z.enum(BAN_TYPES),
  /** Exactly as exported: the keyed hash (email, ip) or the normalized name. */
  value: z.string().check(z.minLength(1), z.maxLength(LIMITS.authorEmailChars)),
  hint: shownUpTo(300),
  mode: z.enum(["visible", "shadow"]),
  reason: orNull(shownUpTo(500)),
  expiresAt: orNull(isoDate),
  createdAt: isoDate,
});

export const importBatchSchema = z.strictObject({
  comments: z._default(
    z.array(importCommentSchema).check(z.maxLength(IMPORT_LIMITS.comments, `At most ${IMPORT_LIMITS.comments} comments per request.`)),
    [],
  ),
  threads: z._default(z.array(importThreadSchema).check(z.maxLength(IMPORT_LIMITS.threads)), []),
  bans: z._default(z.array(importBanSchema).check(z.maxLength(IMPORT_LIMITS.bans)), []),
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
  /**
   * Of `inserted`, the comments of a Parley export (source `parley`) that kept their id there: it was free in the
   * whole database. The others got a new id, as every other source's comments do.
   */
  idsKept: number;
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
  cursor: z.optional(upTo(4 * LIMITS.threadKeyChars)),
});

/** The address a GDPR request names, of the shape comments and imports keep the hash of (`josé@example.com`, `wp@intranet`). */
export const gdprSchema = z.strictObject({
  email: emailAddressSchema,
  cursor: z.optional(upTo(300)),
});

export const gdprEraseSchema = z.omit(gdprSchema, { cursor: true });

export const siteListQuerySchema = z.strictObject({
  limit: pageLimit(),
  cursor: z.optional(upTo(300)),
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
