// The forms' messages: which form they are for, by field, and what each API error code means to the reader.
import { html, nothing } from "lit";
import type { ApiError } from "../api/request";
import { hasString, t } from "../i18n/index";

/** The fields a message can sit next to; any other message goes in the form's alert. */
const FIELDS: Record<string, 1> = { body: 1, authorName: 1, authorEmail: 1 };

/** Messages of one form at a time (forms are told apart by key), with Retry after a network error. */
export class FormErrors {
  /** Messages by field (`body`, `authorName`, `authorEmail`, or `alert` for the rest), for the form `_for`. */
  private _byField: Record<string, string> = {};
  private _for = "";
  /** Sends the form that failed for want of a network again (with the same idempotency key: never twice). */
  retry?: () => void;

  /** Shows `errors` on form `key`, in place of any form's earlier messages; answers the first field named. */
  set(key: string, errors: Record<string, string>): string | undefined {
    this._byField = errors;
    this._for = key;
    return Object.keys(errors)[0];
  }

  /** The message for `field` of form `key`, if there is one. */
  of(key: string, field: string): string | undefined {
    return this._for == key ? this._byField[field] : undefined;
  }

  /** For aria-describedby: the id of the message for `field` of form `key`, when there is one. */
  describedBy(key: string, field: string) {
    return this.of(key, field) ? `${key}-${field}-e` : nothing;
  }

  /**
   * Shows why a request failed: next to the fields the API names, or else in the form's alert. `errors` holds
   * what the form's own checks found. A code with no words of its own shows the API's (English) message.
   */
  fail(err: ApiError, l: string, key: string, errors: Record<string, string> = {}) {
    const code = err.code;
    // Seconds to wait, from the API's retryAfterSeconds or Retry-After (never read out of its message); a wait is
    // not a field problem.
    const n = err.retryAfter;
    const details = err.details?.filter((d) => !d.retryAfterSeconds);
    const rest = details?.filter((d) => !(d.field in FIELDS && (errors[d.field] ??= d.message)));
    errors.alert = rest?.length
      ? rest.map((d) => d.message).join(" ")
      : details?.length
        ? ""
        : !hasString(code)
          ? err.message
          : t(l, (code == "TOO_FAST" || code == "RATE_LIMITED") && !n ? "wait" : code, { n });
    this.set(key, errors);
  }

  /** The message for `field` of form `key`, with the id its control's aria-describedby points at. */
  render(l: string, key: string, field: string) {
    const message = this.of(key, field);
    return message
      ? html`<p id="${key}-${field}-e" class="err" part="error" role="alert">
          ${message}
          ${field == "alert" && this.retry
            ? html`<button type="button" class="link" part="button" @click=${this.retry}>${t(l, "retry")}</button>`
            : nothing}
        </p>`
      : nothing;
  }
}
