// Domain events: what a committed write announces. Each has a stable, versioned JSON shape; these are the
// payloads subscribers receive (cache invalidation today, webhooks and e-mails next). Never an e-mail
// address, an IP address, a hash or a token. A plain module (no zod): the dashboard imports the lists too.
import type { CommentStatus } from "./types";

/** How a webhook's delivery stands (`held`: kept while the webhook is paused, sent on Resume). */
export const DELIVERY_STATUSES = ["pending", "retrying", "held", "delivered", "failed"] as const;

/** The comment events: what a webhook can subscribe to. */
export const COMMENT_EVENT_TYPES = [
  "comment.created",
  "comment.pending",
  "comment.approved",
  "comment.rejected",
  "comment.spam",
  "comment.deleted",
  "comment.restored",
  "comment.edited",
  "comment.pinned",
] as const;

export type CommentEventType = (typeof COMMENT_EVENT_TYPES)[number];

/** Every event type, in the order the README lists them. */
export const EVENT_TYPES = [
  ...COMMENT_EVENT_TYPES,
  "thread.locked",
  "article.published",
  "article.deleted",
  "site.updated",
  "ban.created",
  "ban.deleted",
  "vote.changed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Who caused an event: the comment's author (edit token), a reader, the site owner (a token id), or the worker. */
export type EventActor = { kind: "author" } | { kind: "reader" } | { kind: "owner"; id: string } | { kind: "system" };

/** A comment as subscribers see it: what a notification or webhook needs, nothing private. */
export interface CommentSnapshot {
  id: string;
  thread: string;
  parentId: string | null;
  authorName: string;
  /** The author's markdown exactly as written; never render it as HTML. */
  text: string;
  status: CommentStatus;
  pinned: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Why the worker held or filtered it (e.g. "links", "pre-moderation"), when it did. */
  reason: string | null;
}

interface Envelope<T extends EventType, D> {
  /** Unique per event; a subscriber that must not act twice (a webhook delivery) keys on it. */
  id: string;
  type: T;
  /** The shape's version: a breaking change to `data` makes a new version, never a silent change. */
  version: 1;
  site: string;
  occurredAt: string;
  actor: EventActor;
  data: D;
}

type CommentEvent<T extends EventType, D = unknown> = Envelope<T, { thread: string; commentId: string; comment: CommentSnapshot } & D>;

export type DomainEvent =
  /** A comment was posted and is published. */
  | CommentEvent<"comment.created">
  /** A comment was posted (or edited) and is held for moderation. */
  | CommentEvent<"comment.pending">
  | CommentEvent<"comment.approved", { previousStatus: CommentStatus }>
  | CommentEvent<"comment.rejected", { previousStatus: CommentStatus }>
  /** Filtered as spam when posted, or marked as spam by the owner. */
  | CommentEvent<"comment.spam", { previousStatus: CommentStatus | null }>
  | CommentEvent<"comment.deleted", { previousStatus: CommentStatus }>
  | CommentEvent<"comment.restored", { previousStatus: CommentStatus }>
  | CommentEvent<"comment.edited", { by: "author" | "moderator" }>
  | CommentEvent<"comment.pinned", { pinned: boolean }>
  | Envelope<"thread.locked", { thread: string; locked: boolean }>
  | Envelope<"article.published", { thread: string; slug: string; title: string; publishedAt: string; created: boolean }>
  | Envelope<"article.deleted", { thread: string; slug: string }>
  /** Settings changed (`fields` names them) or the owner token was rotated (`fields: ["ownerToken"]`). */
  | Envelope<"site.updated", { fields: string[] }>
  | Envelope<"ban.created", { banId: string; type: "email" | "ip" | "name"; mode: "visible" | "shadow"; expiresAt: string | null }>
  | Envelope<"ban.deleted", { banId: string }>
  | Envelope<"vote.changed", { thread: string; commentId: string; up: boolean }>;

/** The event of one type. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
