// Response shapes of the public API. The widget imports these with `import type` only.
import type { HeldReason } from "./dashboard";
import type { Doc } from "./doc";
import type { NETWORKS } from "./schemas";

export type Network = (typeof NETWORKS)[number];

export interface SocialLink {
  network: Network;
  url: string;
  label?: string;
}

export interface PublicSite {
  id: string;
  name: string;
  links: SocialLink[];
  locale: string;
  /** Set when the site requires a Cloudflare Turnstile challenge for posting. */
  turnstileSiteKey: string | null;
  /** Minutes a reader may edit or delete their own comment. */
  editWindowMinutes: number;
  /**
   * Whether readers can ask for reply e-mails: the worker has an e-mail provider (in development, the /dev/mail
   * outbox). The widget shows its "notify me of replies" box only then.
   */
  replyEmails: boolean;
}

export type CommentStatus = "published" | "pending" | "rejected" | "spam" | "deleted";

/**
 * A comment as readers see it. A deleted comment that still has replies is a tombstone:
 * `status: "deleted"`, empty `authorName` and `body`.
 */
export interface PublicComment {
  id: string;
  parentId: string | null;
  authorName: string;
  body: Doc;
  createdAt: string;
  editedAt: string | null;
  editedBy: "author" | "moderator" | null;
  status: CommentStatus;
  pinned: boolean;
  /** Readers' upvotes. */
  votes: number;
  replies: PublicComment[];
  /**
   * On a top-level comment with more replies than one page shows: the cursor for
   * `GET …/threads/{thread}/comments/{id}/replies?cursor=`. Null otherwise.
   */
  moreReplies: string | null;
}

export interface RepliesPage {
  /** Replies in time order, flat: each names its `parentId`. */
  replies: PublicComment[];
  nextCursor: string | null;
}

/** A comment as the site owner sees it in the moderation queue. */
export interface ModerationComment extends Omit<PublicComment, "replies"> {
  threadKey: string;
  authorEmail: string | null;
  /** The author's text exactly as written; never render it as HTML. */
  source: string;
  shadow: boolean;
  /**
   * Why the worker held or filtered it, e.g. "links", "blocked-word", "first-comment", "pre-moderation", "shadow-ban";
   * "erased" on a tombstone a GDPR erase left (it cannot be restored).
   */
  reason: string | null;
  /** The same as a stable code and a sentence for the dashboard; null when the worker did not hold it. */
  held: HeldReason | null;
  /**
   * Opaque; changes when the comment is edited or its status changes. Send it back with an action or an edit
   * (`?version=`, or `versions` in a bulk action) to have it refused if the comment changed since you saw it.
   */
  version: string;
}

export interface ModerationQueue {
  comments: ModerationComment[];
  nextCursor: string | null;
  counts: Record<CommentStatus, number>;
}

export interface Ban {
  id: string;
  type: "email" | "ip" | "name";
  /** What can be shown of the value: the name, a masked email, or which comment an IP ban came from. */
  hint: string;
  mode: "visible" | "shadow";
  reason: string | null;
  expiresAt: string | null;
  createdAt: string;
  active: boolean;
}

export interface AuditEntry {
  id: string;
  /** A token id such as `owner:3f2a9c1b7d4e`, never the token. */
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/**
 * One vocabulary for a thread's state, the same in the thread page, the article and the owner's lock answer:
 * `locked` is what a moderator set (PUT …/threads/{thread}); `closed` is whether it takes new comments at all: true
 * when locked, or when it is older than the site's `autoCloseDays` (counted from its article's date, else from its
 * first comment).
 */
export interface ThreadState {
  key: string;
  locked: boolean;
  closed: boolean;
}

export interface ThreadPage {
  thread: ThreadState;
  sort: "oldest" | "newest" | "top";
  comments: PublicComment[];
  nextCursor: string | null;
  total: number;
  /**
   * The reader's own comments that others do not see (awaiting moderation), proven by their edit tokens
   * in the `X-Parley-Own` request header. The widget places them in the tree.
   */
  own: PublicComment[];
  /** Signed, expiring token the comment POST sends back (minimum fill time, replay protection). */
  formToken: string;
}

export interface PostCommentResult {
  comment: PublicComment;
  editToken: string;
  /** A form token for the reader's next post to the thread (each post spends its own). */
  formToken: string;
  /**
   * Only when the post asked for reply e-mails (`notify: true`): `confirm` when the reader must confirm their
   * address first (an e-mail is on its way, or was sent recently), `on` when they already did, `off` when none can
   * be sent: no address was given, the worker sends no e-mail (no provider), or the comment cannot subscribe (held
   * as spam).
   */
  notify?: ReplyEmails;
}

export type ReplyEmails = "confirm" | "on" | "off";

export interface ArticleSummary {
  slug: string;
  title: string;
  author: string | null;
  publishedAt: string;
  image: string | null;
}

export interface Article extends ArticleSummary {
  body: Doc;
  links: SocialLink[];
  /** The article's address on the blog, as its owner gave it; null when none was given. */
  url: string | null;
  commentCount: number;
  /** Locked by a moderator; see ThreadState. */
  locked: boolean;
  /** Takes no new comments: locked, or past the site's autoCloseDays; see ThreadState. */
  closed: boolean;
}

/**
 * Everything a reader's view of an article needs in one answer: the site's public profile, the article, and the
 * first page of its thread (keyed by the slug) with a fresh form token. The widget paints from it alone.
 */
/** `GET …/threads/{thread}/view`: what `<parley-comments>` paints, in one request. */
export interface ThreadView {
  site: PublicSite;
  thread: ThreadPage;
  /** The thread page's tag: what a copy of this view sends to `GET …/threads/{thread}/reader` to learn if it is stale. */
  tag: string;
}

/** `GET …/articles/{slug}/view`: what `<parley-article>` paints, in one request. */
export interface ArticleView extends ThreadView {
  article: Article;
}

/**
 * The reader's part of a thread page that a shared copy (server-rendered HTML) leaves out: a fresh form token and
 * their own held comments; and `thread`, the page itself, only when it changed since the copy's `tag`.
 */
export interface ReaderState {
  formToken: string;
  own: PublicComment[];
  tag: string;
  thread: ThreadPage | null;
}

export interface ArticleList {
  articles: ArticleSummary[];
  nextCursor: string | null;
}

export interface Counts {
  counts: Record<string, number>;
}
