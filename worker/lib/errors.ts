// The one error type the worker throws; `onError` turns it into the shared error body.
import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from "../contract/errors";
import { summarize } from "../contract/messages";

export class AppError extends Error {
  readonly status: (typeof ERROR_STATUS)[ErrorCode];

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field problems, or a wait (`retryAfterSeconds`, which onError also sends as Retry-After). */
    readonly details?: ErrorDetail[],
    /** Fields sent next to `error` in the body, e.g. the comment as it is now on COMMENT_CHANGED. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/**
 * VALIDATION_FAILED for one field that a service checks beyond its schema, worded as the request validation words
 * its own failures (`summarize`): "url must be an https:// URL.", with the field's message in `details`.
 */
export function invalidField(field: string, message: string): AppError {
  const details = [{ field, message }];
  return new AppError("VALIDATION_FAILED", summarize(details), details);
}

/** Text a request sent, as an error message repeats it: cut to `max` characters, so that a huge one is not sent back. */
export const asSent = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
