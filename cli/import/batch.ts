// One import request's comments: as many as the route takes, within its bound on the bodies' characters together
// (the worker renders each, within 10 ms of CPU a request) and on its bytes.
import { IMPORT_LIMITS } from "../../worker/contract/import-limits.ts";
import { LIMITS, charCount } from "../../worker/contract/limits.ts";
import type { WireComment } from "./post.ts";

/** Comments per request. */
export const BATCH_COMMENTS = IMPORT_LIMITS.comments;
const BATCH_BODY_CHARS = IMPORT_LIMITS.bodyChars;
/**
 * UTF-8 bytes of the comments' JSON per request: the import route's bound less room for the threads of its comments
 * (one a comment at most, of the longest key in 3-byte characters).
 */
const BATCH_BYTES = IMPORT_LIMITS.requestBytes - BATCH_COMMENTS * (3 * LIMITS.threadKeyChars + 100);

/** What a comment adds to a batch. */
export interface CommentSize {
  chars: number;
  bytes: number;
}

export const sizeOf = (wire: WireComment): CommentSize => ({ chars: charCount(wire.body), bytes: Buffer.byteLength(JSON.stringify(wire)) });

/** The comments of the next request, as they are put in. */
export class Batch {
  comments: WireComment[] = [];
  private chars = 0;
  private bytes = 0;

  /**
   * Whether a comment of this size fits beside those in the batch. One comment alone always does: its fields are
   * bounded (the longest is 60 KB of JSON), its body by the characters one request takes.
   */
  fits(size: CommentSize): boolean {
    return this.comments.length === 0 || (this.chars + size.chars <= BATCH_BODY_CHARS && this.bytes + size.bytes <= BATCH_BYTES);
  }

  add(wire: WireComment, size: CommentSize) {
    this.comments.push(wire);
    this.chars += size.chars;
    this.bytes += size.bytes;
  }

  /** Whether nothing more can go in: as many comments as a request takes, or all the characters. */
  full(): boolean {
    return this.comments.length >= BATCH_COMMENTS || this.chars >= BATCH_BODY_CHARS;
  }

  /** The comments put in so far, leaving the batch empty. */
  take(): WireComment[] {
    const comments = this.comments;
    this.comments = [];
    this.chars = 0;
    this.bytes = 0;
    return comments;
  }
}
