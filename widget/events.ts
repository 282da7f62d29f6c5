// The events Parley elements fire. They bubble and cross shadow roots, so a page can listen on `document`. Each
// carries what it is about in `detail`, and the same as typed properties on the event.
import type { ApiErrorCode } from "./api/request";
import type { ParleyCommentPostedEvent } from "./comment-posted-event";

export const open = { bubbles: true, composed: true };

/**
 * An element finished loading its data (a thread: its first page, again after a re-sort). `detail` is
 * `{ site, thread }`: the site id and the thread key (an article's is its slug).
 */
export class ParleyLoadedEvent extends CustomEvent<{ site: string; thread: string }> {
  constructor(
    readonly site: string,
    readonly thread: string,
  ) {
    super("parley-loaded", { ...open, detail: { site, thread } });
  }
}

/**
 * A load, post, edit, delete or vote failed. `detail` is `{ code, status }`: the API's error code (or
 * NETWORK_ERROR, BAD_RESPONSE) and the HTTP status (0 without an answer).
 */
export class ParleyErrorEvent extends CustomEvent<{ code: ApiErrorCode; status: number }> {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
  ) {
    super("parley-error", { ...open, detail: { code, status } });
  }
}

export type { ParleyCommentPostedEvent };

interface ParleyEventMap {
  "parley-comment-posted": ParleyCommentPostedEvent;
  "parley-loaded": ParleyLoadedEvent;
  "parley-error": ParleyErrorEvent;
}

// The events bubble out of shadow roots, so pages may also listen on document or window.
declare global {
  interface HTMLElementEventMap extends ParleyEventMap {}
  interface DocumentEventMap extends ParleyEventMap {}
  interface WindowEventMap extends ParleyEventMap {}
}
