// The vocabulary of notifications: webhook inputs and views, delivery states, queue messages and owner mail settings.
import * as z from "zod/mini";
import { COMMENT_EVENT_TYPES, DELIVERY_STATUSES, type CommentEventType } from "./events";
import { pageLimit } from "./query-numbers";

export { DELIVERY_STATUSES };
import type { CommentStatus, ModerationComment } from "./types";

/** The comment events a webhook can subscribe to (the outbox's `comment.*` events). */
export const WEBHOOK_EVENTS = COMMENT_EVENT_TYPES;
export type WebhookEvent = CommentEventType;

export const WEBHOOK_FORMATS = ["json", "slack", "discord", "telegram"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const NOTIFY_LIMITS = {
  webhooksPerSite: 10,
  webhookUrlChars: 2048,
  /** Retries after the first attempt, in seconds: about 1 min, 5 min, 30 min, 2 h, 6 h. */
  retryDelaysSeconds: [60, 300, 1800, 7200, 21600],
  /**
   * Deliveries a paused webhook keeps for Resume; each event past this is recorded as `failed`, not kept.
   * (A webhook pauses only when one delivery used up every retry with no attempt succeeding meanwhile.)
   */
  heldPerWebhook: 1000,
  /** How long one delivery attempt may take before it counts as failed. */
  deliveryTimeoutMs: 10_000,
  /** One-click moderation links expire after this long. */
  moderationLinkSeconds: 7 * 24 * 3600,
  /** At most one reply e-mail per reader and thread in this window. */
  replyMailWindowMs: 10 * 60_000,
  /** At most one owner digest in this window. */
  digestWindowMs: 60 * 60_000,
  /** A confirmation e-mail to the owner's digest address goes out again at most this often. */
  ownerConfirmResendMs: 5 * 60_000,
  /** Confirmation e-mails one site's digest addresses (all of them together) may get per UTC day. */
  ownerConfirmsPerDay: 5,
  /** E-mails one site may send per UTC day (all kinds together). */
  dailyMailBudget: 200,
  /** Replies listed in one e-mail; pending comments listed in one digest. */
  repliesPerMail: 20,
  commentsPerDigest: 20,
  /** Characters of a comment quoted in chat messages and e-mails. */
  excerptChars: 280,
} as const;

const webhookUrl = z.string().check(
  z.maxLength(NOTIFY_LIMITS.webhookUrlChars),
  z.refine((value: string) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "Must be a web address (https://…)."),
);

export const createWebhookSchema = z.strictObject({
  url: webhookUrl,
  events: z.array(z.enum(WEBHOOK_EVENTS)).check(z.minLength(1, "Name at least one event."), z.maxLength(WEBHOOK_EVENTS.length)),
  format: z._default(z.enum(WEBHOOK_FORMATS), "json"),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const webhookParamSchema = z.object({ id: z.string().check(z.regex(/^wh_[A-Za-z0-9_-]{8,40}$/, "Not a webhook id.")) });

export const deliveryParamSchema = z.extend(webhookParamSchema, {
  deliveryId: z.string().check(z.regex(/^dl_[A-Za-z0-9_-]{8,40}$/, "Not a delivery id.")),
});

export const deliveriesQuerySchema = z.strictObject({
  limit: pageLimit(100, 20),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  /** Only the deliveries of this status (`failed`: those that gave up). */
  status: z.optional(z.enum(DELIVERY_STATUSES)),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

export const ownerMailSchema = z.strictObject({
  /** Where the digest of comments waiting for moderation goes; null stops it. */
  email: z.optional(z.nullable(z.email("Must be an email address.").check(z.maxLength(254)))),
  /** On (`true`) only with an address, given here or set before. */
  digest: z.optional(z.boolean()),
});
export type OwnerMailInput = z.infer<typeof ownerMailSchema>;

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  createdAt: string;
  /** Set when no attempt succeeded for the whole retry schedule; `pausedReason` says why. */
  pausedAt: string | null;
  pausedReason: string | null;
  /** Deliveries kept while paused (at most NOTIFY_LIMITS.heldPerWebhook); Resume sends them, oldest first. */
  held: number;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
}

/** `held`: kept while the webhook is paused, sent on Resume. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  /** The `Parley-Delivery` header: the same on every attempt. */
  id: string;
  eventId: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  /** Its comment was erased by a GDPR request since: nothing is left to send, and Retry refuses it (409 COMMENT_ERASED). */
  erased: boolean;
}

/** The moderation links of a pending comment: each opens a confirmation page whose button acts once. */
export interface ModerationLinks {
  approve: string;
  spam: string;
  delete: string;
  expiresAt: string;
}

/** `data` of a comment event: the comment as its owner sees it, without the author's e-mail (nor the queue's `version`). */
export interface CommentEventData {
  comment: Omit<ModerationComment, "authorEmail" | "version">;
  threadKey: string;
  article: { slug: string; title: string } | null;
  pageUrl: string | null;
  links: { comment: string | null; moderate: ModerationLinks | null };
  /** The status before the event, for comment.approved, rejected, spam, deleted and restored. */
  previousStatus?: CommentStatus | null;
}

/** The JSON body of a delivery (format `json`). */
export interface WebhookPayload {
  id: string;
  type: string;
  createdAt: string;
  site: { id: string; name: string };
  data: CommentEventData;
}

/** What travels on the notifications queue. */
export type NotifyMessage =
  // `releasedAt`: set when Resume sent the delivery (an older message for it is then ignored); `requeuedAt` likewise
  // when the cron queued it again.
  /** `webhookId`: the consumer's lane (each webhook's deliveries in order); messages queued before it had none. */
  | { kind: "webhook"; siteId: string; deliveryId: string; webhookId?: string; releasedAt?: number; requeuedAt?: number }
  | { kind: "replies"; siteId: string; subscriberId: string; threadKey: string }
  | { kind: "digest"; siteId: string }
  | { kind: "confirm"; siteId: string; subscriberId: string }
  // The confirmation e-mail of the owner's digest address; `claimedAt`: its `confirm_sent_at`, so that a message for
  // an address replaced since (or a resend overtaken by a newer one) sends nothing.
  | { kind: "confirm-owner"; siteId: string; claimedAt: number };

export interface MailStatus {
  /** The provider e-mails go through, or null when none is configured (then nothing is sent). */
  provider: "resend" | "dev-outbox" | null;
  sending: boolean;
  message: string;
  /** The owner's address, masked (`o***@example.com`), or null when none is set. */
  ownerEmail: string | null;
  /** The digest switch: on only while an address is set. Digests go out while it is on and the address is confirmed. */
  digest: boolean;
  /**
   * Whether the owner's address is confirmed: a new address gets an e-mail with a link, and no digest goes to it
   * until that link's page is confirmed. False while it waits, and with no address.
   */
  ownerEmailConfirmed: boolean;
  /** When the last confirmation e-mail went to the address waiting for confirmation; null once confirmed, or with none. */
  confirmationSentAt: string | null;
  dailyBudget: number;
  sentToday: number;
}
