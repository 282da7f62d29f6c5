// The event fired when a reader's comment is accepted. Its own module: only the thread's lazy chunk fires it.
import type { PublicComment } from "../worker/contract/types";

/**
 * A reader's comment was accepted by the API and is shown (it may still be awaiting moderation). `detail` is
 * the comment, as are `comment`, `site` and `thread` for convenience.
 */
export class ParleyCommentPostedEvent extends CustomEvent<PublicComment> {
  constructor(
    readonly comment: PublicComment,
    readonly site: string,
    readonly thread: string,
  ) {
    super("parley-comment-posted", { bubbles: true, composed: true, detail: comment });
  }
}
