// The events Parley elements fire. They bubble and cross shadow roots, so a page can listen on `document`.
import type { PublicComment } from "../worker/contract/types";
import type { ApiErrorCode } from "./api/request";

const open = { bubbles: true, composed: true };

/** A reader's comment was accepted by the API (it may still be awaiting moderation). */
export class ParleyCommentPostedEvent extends Event {
  constructor(
    readonly comment: PublicComment,
    readonly site: string,
    readonly thread: string,
  ) {
    super("parley-comment-posted", open);
  }
}

/** An element finished loading its data. */
export class ParleyLoadedEvent extends Event {
  constructor() {
    super("parley-loaded", open);
  }
}

/** A load or a post failed; `code` is the API's error code. */
export class ParleyErrorEvent extends Event {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
  ) {
    super("parley-error", open);
  }
}

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
