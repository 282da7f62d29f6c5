// Every store as an interface over domain types only: no statement, table or KV key shows here. D1 and KV
// (storage/*.ts) are one implementation; a Durable Object or an in-memory store can stand in without a
// service changing. Writes that must commit together are `Write`s handed to `Stores.commit()`.
import type { Doc } from "../contract/doc";
import type { DomainEvent } from "../contract/events";
import type { SiteSettings } from "../contract/schemas";
import type { CommentStatus, SocialLink } from "../contract/types";
import type { Cursor } from "../lib/cursor";

declare const write: unique symbol;

/**
 * One pending write, made by a store method and committed with others by `Stores.commit()`. Opaque to
 * services: only the store that made it knows what it holds.
 */
export interface Write {
  readonly [write]: true;
}

/** A comment changed between the read a write was decided on and the write; nothing was written. */
export class StaleWriteError extends Error {
  constructor() {
    super("A comment changed since it was read; nothing was written.");
    this.name = "StaleWriteError";
  }
}

// ---- records ----

export interface SiteRecord {
  id: string;
  name: string;
  ownerTokenHash: string;
  settings: SiteSettings;
  createdAt: number;
  updatedAt: number;
}

export interface ThreadRecord {
  key: string;
  commentCount: number;
  /** Top-level comments a page may list, pinned ones apart (hidden ones with replies included): a first page's LIMIT. */
  listedRoots: number;
  /** Pinned, published top-level comments. */
  pinnedRoots: number;
  locked: boolean;
  /** When the thread opened: its article's date, else its first comment. Null while it has neither. */
  openedAt: number | null;
}

export interface CommentRecord {
  id: string;
  siteId: string;
  threadKey: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  /** What the owner sees of the e-mail address ("a***@example.com"); the address itself is not kept here. */
  emailHint: string | null;
  bodySource: string;
  bodyTree: Doc;
  rendererVersion: number;
  status: CommentStatus;
  editTokenHash: string;
  /** A keyed hash of the idempotency key the post carried, never the key. */
  idempotencyKey: string | null;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  editedBy: "author" | "moderator" | null;
  /** Spam because the author is shadow-banned: the author still sees it as published. */
  shadow: boolean;
  statusBeforeDelete: CommentStatus | null;
  ipHash: string | null;
  emailHash: string | null;
  /** The nonce of the form token it was posted with; each is good for one comment. */
  formNonce: string | null;
  moderationReason: string | null;
  /** Readers' upvotes (denormalized from the votes table). */
  votes: number;
  /**
   * Size of the stored document tree (JSON) when read from D1, as a rendered view's <script> element holds it
   * (each `<` escaped as six characters): what a thread page budgets by.
   */
  treeBytes?: number;
  /** Replies of any status under a top-level comment, when read for a thread page (kept by triggers). */
  replyCount?: number;
}

/**
 * The columns a moderation action or an edit may change, and `basedOn`: the comment as read when the change was
 * decided (its text's time and its state). The change is written only while the comment is still so.
 */
export type CommentChange = { basedOn: CommentBasis } & Pick<
  CommentRecord,
  | "id"
  | "status"
  | "pinned"
  | "shadow"
  | "statusBeforeDelete"
  | "bodySource"
  | "bodyTree"
  | "rendererVersion"
  | "editedBy"
  | "updatedAt"
  | "moderationReason"
>;

/** What a change to a comment is decided on: an edit changes `updatedAt`, a moderation action the rest. */
export type CommentBasis = Pick<CommentRecord, "updatedAt" | "status" | "pinned" | "shadow">;

export interface QueueFilter {
  status?: CommentStatus;
  thread?: string;
  /** An author's name, or (with `authorEmailHash`, its keyed hash) their e-mail address. */
  author?: string;
  authorEmailHash?: string | null;
  q?: string;
}

/**
 * A page of the moderation queue: its rows (limit + 1 at most, the last telling there is more), and, for a search
 * that walked its bound without filling the page, where the walk stopped: the next page resumes after it.
 */
export interface QueuePage {
  rows: CommentRecord[];
  searchedTo: Cursor | null;
}

export interface PageQuery {
  sort: "oldest" | "newest" | "top";
  cursor: Cursor | null;
  limit: number;
}

export interface ArticleRecord {
  slug: string;
  title: string;
  author: string | null;
  publishedAt: number;
  image: string | null;
  links: SocialLink[];
  /** The article's address on the blog (see putArticleSchema); absent on articles stored before 2026-12-03. */
  url?: string | null;
  source: string;
  tree: Doc;
  rendererVersion: number;
  updatedAt: number;
}

export type ArticleSummaryRecord = Pick<ArticleRecord, "slug" | "title" | "author" | "publishedAt" | "image">;

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

/** Who is posting, as the worker may remember it: keyed hashes and a normalized name. */
export interface Fingerprint {
  emailHash: string | null;
  ipHash: string | null;
  /** The name folded as name bans store it. */
  name: string;
  /** The name folded as name bans made before 2026-12-02 stored it (accents kept): those are looked up by it. */
  nameWithAccents: string;
  /** The name folded as it looks rather than as it is spelled ("TroII" as "troll"; see lookAlikeReading). */
  nameLookAlike: string;
}

export interface AuditRecord {
  id: string;
  actor: string;
  action: string;
  targetType: "comment" | "site" | "thread" | "ban" | "token" | "article" | "webhook" | "mail";
  targetId: string;
  before: unknown;
  after: unknown;
  createdAt: number;
}

/** One per-minute counter a post counts against; `key` names the counter (reader, thread, site). */
export interface RateCheck {
  key: string;
  limit: number;
}

/** The counters a write counts against, in one fixed window. */
export interface RateLimitRequest {
  checks: RateCheck[];
  window: number;
}

/** An event as the outbox holds it, with what the dispatcher knows of its delivery. */
export interface StoredEvent {
  event: DomainEvent;
  /** Subscribers that already handled it. */
  handled: string[];
  attempts: number;
  lastError: string | null;
  doneAt: number | null;
}

/** Comments per UTC day and the size of the moderation queue (the dashboard's stats). */
export interface DailyCounts {
  /** Comments created per UTC day number (ms since the epoch / one day), only days that have some. */
  perDay: Map<number, number>;
  /** Comments with status pending. */
  pending: number;
}

/** A thread as the owner's thread list shows it. */
export interface ThreadRow extends Omit<ThreadRecord, "listedRoots" | "pinnedRoots"> {
  createdAt: number;
  /** Its comments waiting in the moderation queue. */
  pendingCount: number;
  /** The row's position among threads created in the same millisecond: the cursor's tie-breaker (keys may hold any text). */
  rowId: number;
}

// ---- stores ----

export interface SiteStore {
  get(id: string): Promise<SiteRecord | null>;
  /** Inserts a new site; false when the id is taken. */
  insert(site: SiteRecord): Promise<boolean>;
  /**
   * Changes the name (when given) and the given settings, each field on its own: the settings of a change sent at the
   * same moment stay as that change left them.
   */
  update(id: string, change: { name?: string; settings: Partial<SiteSettings> }, at: number): Write;
  setOwnerTokenHash(id: string, hash: string, at: number): Write;
  /** Which site, if any, an owner token hash belongs to; used only to answer 403 rather than 401. */
  findIdByOwnerTokenHash(hash: string): Promise<string | null>;
}

export interface ThreadStore {
  get(siteId: string, key: string): Promise<ThreadRecord>;
  /** Published-comment counts for many threads in one query; unknown threads count 0. */
  counts(siteId: string, keys: string[]): Promise<Record<string, number>>;
  /** Locks or unlocks a thread, creating its row if needed. */
  setLocked(siteId: string, key: string, locked: boolean, at: number): Write;
}

export interface CommentStore {
  get(siteId: string, id: string): Promise<CommentRecord | null>;
  getMany(siteId: string, ids: string[]): Promise<CommentRecord[]>;
  findByIdempotencyKey(siteId: string, key: string): Promise<CommentRecord | null>;
  /**
   * Counts the post against its rate limits, inserts it unless a limit is passed (or its idempotency key or
   * form nonce was already used), bumps its thread's count, and writes its events only when it was inserted:
   * one transaction. Returns the counters after this hit, in the checks' order.
   */
  insert(
    comment: CommentRecord,
    options: { rateLimits?: RateLimitRequest; events: DomainEvent[]; also?: Write[] },
  ): Promise<{ inserted: boolean; counts: number[] }>;
  /**
   * Applies changes and recounts the published comments of the given threads; a comment that leaves pending spends
   * its moderation links, as of `at`.
   */
  applyChanges(siteId: string, changes: CommentChange[], threadKeys: string[], at: number): Write;
  /** One page of listed top-level comments; returns limit + 1 rows. */
  listRoots(siteId: string, threadKey: string, page: PageQuery): Promise<CommentRecord[]>;
  listPinnedRoots(siteId: string, threadKey: string, limit: number): Promise<CommentRecord[]>;
  listByIds(siteId: string, threadKey: string, ids: string[]): Promise<CommentRecord[]>;
  listReplies(siteId: string, roots: Pick<CommentRecord, "id" | "replyCount">[], perRoot: number): Promise<Map<string, CommentRecord[]>>;
  listMoreReplies(siteId: string, rootId: string, cursor: Cursor, limit: number): Promise<CommentRecord[]>;
  listQueue(siteId: string, filter: QueueFilter, cursor: Cursor | null, limit: number): Promise<QueuePage>;
  countByStatus(siteId: string): Promise<Record<CommentStatus, number>>;
  hasRecentDuplicate(siteId: string, who: Pick<Fingerprint, "ipHash" | "emailHash">, body: string, since: number): Promise<boolean>;
  /** Whether a published comment on the site came from this keyed IP hash under this name (among its last 50). */
  hasPublishedFromIp(siteId: string, ipHash: string, authorName: string): Promise<boolean>;
  /** Removes the e-mail's hash and hint (a reader's own delete). */
  scrubEmail(siteId: string, id: string): Write;
}

export interface ArticleStore {
  get(siteId: string, slug: string): Promise<ArticleRecord | null>;
  /** Saves the document, then its listing row and the thread's opening time with the writes and events, in one transaction. */
  put(siteId: string, article: ArticleRecord, writes: Write[], events: DomainEvent[]): Promise<void>;
  /** Removes the listing row (with the writes and events, in one transaction), then the document. */
  delete(siteId: string, slug: string, writes: Write[], events: DomainEvent[]): Promise<void>;
  /** Newest first; returns limit + 1 rows. */
  list(siteId: string, cursor: Cursor | null, limit: number): Promise<ArticleSummaryRecord[]>;
}

export interface BanStore {
  /**
   * Adds a ban with its audit entry and events, in one transaction, unless an unexpired ban with the same type,
   * value, mode, reason and expiry is there: then nothing is written and that ban is returned.
   */
  add(
    siteId: string,
    ban: BanRecord,
    options: { now: number; audit: AuditRecord; events: DomainEvent[] },
  ): Promise<{ ban: BanRecord; created: boolean }>;
  delete(siteId: string, id: string): Write;
  get(siteId: string, id: string): Promise<BanRecord | null>;
  /** The strongest unexpired ban matching a poster: a visible ban wins over a shadow one. */
  findActive(siteId: string, who: Fingerprint, now: number): Promise<BanRecord | null>;
  list(siteId: string, cursor: Cursor | null, limit: number): Promise<BanRecord[]>;
}

export interface AuditStore {
  /** One entry, to commit with the change it records. */
  add(siteId: string, entry: AuditRecord): Write;
  list(siteId: string, cursor: Cursor | null, limit: number): Promise<AuditRecord[]>;
}

export interface VoteStore {
  /**
   * Adds or removes one reader's vote and moves the comment's count; the events are written only when the vote
   * really changed. An upvote with `maxFromIp` changes nothing once that many votes came from its IP hash.
   * Returns the new count, and whether the reader's vote is there now.
   */
  set(
    siteId: string,
    vote: { commentId: string; readerHash: string; ipHash: string | null; up: boolean; at: number; maxFromIp?: number },
    events: DomainEvent[],
  ): Promise<{ votes: number; voted: boolean; changed: boolean }>;
}

export interface OutboxStore {
  /**
   * Claims up to `limit` undone events that are due at `now`, leasing each until `leaseUntil` so that a
   * concurrent run does not take them too. Oldest first.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Records an attempt at each event, in one batch: the subscribers that handled it, and done, or the error and the
   * next try.
   */
  record(attempts: { siteId: string; id: string; handled: string[]; doneAt: number | null; error: string | null; nextAttemptAt: number }[]): Promise<void>;
  /** A site's events, oldest first (for tools and tests). */
  listBySite(siteId: string, limit: number): Promise<StoredEvent[]>;
  /** Deletes up to `limit` events done before `before`. */
  pruneDone(before: number, limit: number): Promise<number>;
}

export interface DashboardStore {
  /** Comments per UTC day since `since`, and the size of the queue, in one query. */
  dailyCounts(siteId: string, since: number): Promise<DailyCounts>;
  /** Threads newest first (limit + 1 rows), after the cursor. */
  listThreads(siteId: string, cursor: Cursor | null, limit: number, waiting: boolean): Promise<ThreadRow[]>;
}

/** Metering before costly work (see storage/admission.ts). */
export interface AdmissionStore {
  admit(siteId: string, req: import("./admission").AdmissionRequest): Promise<import("./admission").Admission>;
  /** Counts a stored comment and its bytes into the site's usage of the day, if the same transaction inserted it. */
  usage(siteId: string, day: number, bytes: number, commentId: string): Write;
}

export interface Stores {
  sites: SiteStore;
  threads: ThreadStore;
  comments: CommentStore;
  articles: ArticleStore;
  bans: BanStore;
  audit: AuditStore;
  votes: VoteStore;
  outbox: OutboxStore;
  dashboard: DashboardStore;
  admission: AdmissionStore;
  /** Import batches (storage/imports.ts). */
  imports: import("./imports").ImportStore;
  /** Backups, data requests and the site list (storage/exports.ts). */
  exports: import("./exports").ExportStore;
  /**
   * Commits the writes and the events together, in one transaction; the events exist only if the writes do.
   * Throws StaleWriteError, having written nothing, when a comment that a change was decided on changed since.
   */
  commit(writes: Write[], events: DomainEvent[]): Promise<void>;
}
