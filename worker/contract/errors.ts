// Stable error codes and their HTTP statuses: the widget and API clients branch on `code`, never on text.

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  FORM_TOKEN_INVALID: 400,
  TOO_FAST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  BANNED: 403,
  TURNSTILE_FAILED: 403,
  EDIT_WINDOW_CLOSED: 403,
  NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  ARTICLE_NOT_FOUND: 404,
  COMMENT_NOT_FOUND: 404,
  PARENT_NOT_FOUND: 404,
  BAN_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  SITE_EXISTS: 409,
  /** A create-only publish (`If-None-Match: *`) of a slug the site has: the article there is left as it was. */
  ARTICLE_EXISTS: 409,
  /** The site already has a webhook for that URL: a second one would deliver every event twice. */
  WEBHOOK_EXISTS: 409,
  THREAD_LOCKED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_STATE: 409,
  /** A GDPR-erased comment: its text and author are gone for good, so it cannot be restored, approved or edited. */
  COMMENT_ERASED: 409,
  /** Approving a comment whose text shows nothing (an imported blank) would publish a blank: edit its text first. */
  COMMENT_BLANK: 409,
  /**
   * A moderation action or edit sent with the comment's `version` (what the moderator saw), and the comment changed
   * since: it was edited, or its status changed. Nothing was done; the answer's `comment` is the comment as it is now.
   */
  COMMENT_CHANGED: 409,
  /**
   * A one-click moderation link whose comment no longer waits for moderation (approved, rejected, marked as spam or
   * deleted, by this link or any other path): the link does nothing more. Its page says what happened and when.
   */
  ALREADY_MODERATED: 409,
  DUPLICATE_COMMENT: 409,
  ALREADY_VOTED: 409,
  /** A route that exists, asked with a method it does not take: the answer's Allow header lists those it does. */
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  /** The operator has not configured the worker (e.g. PARLEY_SECRET missing or too short). */
  MISCONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one input field; `field` is a dotted path such as `body` or `links.0.url`. */
export interface ErrorDetail {
  field: string;
  message: string;
  /** On RATE_LIMITED, QUOTA_EXCEEDED and TOO_FAST (field `retryAfterSeconds`): how long to wait; the response's Retry-After says the same. */
  retryAfterSeconds?: number;
}

/** The single error shape every non-2xx response carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}
