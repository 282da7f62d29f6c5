// The events Parley elements fire. They bubble and cross shadow roots, so a page can listen on `document`.
import type { ApiErrorCode } from "./api/request";
import type { ParleyCommentPostedEvent } from "./comment-posted-event";

export const open = { bubbles: true, composed: true };

/** An element finished loading its data (a thread: its first page, again after a re-sort). */
export class ParleyLoadedEvent extends Event {
  constructor() {
    super("parley-loaded", open);
  }
}

/** A load, post, edit, delete or vote failed; `code` is the API's error code (or NETWORK_ERROR, BAD_RESPONSE). */
export class ParleyErrorEvent extends Event {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
  ) {
    super("parley-error", open);
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
