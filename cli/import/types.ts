// What every importer reads out of its file: threads, comments and skips, in file order. The pipeline
// (run.ts) maps threads to keys, orders replies after their parents, converts bodies and sends batches.
import { UsageError } from "../context.ts";

export type Status = "published" | "pending" | "rejected" | "spam" | "deleted";

export interface SourceRef {
  source: string;
  sourceId: string;
}

export interface SourceThread {
  /** The thread's id in the file (Disqus dsq:id, WordPress post id, the URL for Remark42). */
  ref: string;
  /** The page's URL; its path is the default thread key. */
  url: string;
  /** An explicit thread key (Parley's own export), used as is. */
  key?: string;
  closed: boolean;
  /** When the page was published, as the file spells it (Disqus, WordPress and Parley exports have it). */
  date?: string | null;
}

export interface SourceComment extends SourceRef {
  parent: SourceRef | null;
  threadRef: string;
  authorName: string;
  authorEmail: string | null;
  /** The date as the file spells it; odd or missing dates are repaired by the pipeline. */
  date: string | null;
  /** The date the pipeline gives a comment whose `date` is odd or missing (page-dates.ts). */
  repairedDate?: string;
  status: Status;
  /** The body as HTML (converted to markdown) or as markdown (taken as is). */
  html?: string;
  markdown?: string;
  /** Fields only Parley's own export carries. */
  extra?: {
    statusBeforeDelete: Status | null;
    pinned: boolean;
    updatedAt: string | null;
    editedBy: "author" | "moderator" | null;
    votes: number;
    moderationReason: string | null;
    emailHash: string | null;
    emailHint?: string | null;
    ipHash: string | null;
    shadow?: boolean;
  };
}

export type SourceEvent =
  | { type: "thread"; thread: SourceThread }
  | { type: "comment"; comment: SourceComment }
  /**
   * Something the import leaves out on purpose (pingbacks, trackbacks), counted by reason; `ref` names a comment
   * left out, so that its replies are told apart from those whose parent is not in the file.
   */
  | { type: "skip"; reason: string; ref?: SourceRef }
  /**
   * Sent last by a reader that found no comment to read or skip: why, as the owner reads it ("none of its 3 posts
   * has a comment"). `wrongFile` when nothing in the file is the format's (a feed instead of an export): a usage error.
   */
  | { type: "empty"; reason: string; wrongFile: boolean };

/**
 * A file that breaks off part way: cut short, or not well-formed from some line on. A reader throws it after the
 * events before that point, which the pipeline imports; it then reports where the file broke off.
 */
export class BrokenFileError extends UsageError {
  /** The line of the file where reading stopped, when the reader knows it. */
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(message);
    this.line = line;
  }
}

/** Reads one file as a stream of events; `progress` receives the bytes read so far. */
export type Reader = (file: string, progress: (bytes: number) => void) => AsyncIterable<SourceEvent>;

/**
 * For files that name a page only on its comments: the thread event for a page the first time one of its
 * comments shows up, and nothing after that. `yield* announce(thread)` in a reader.
 */
export function threadAnnouncer(): (thread: SourceThread) => SourceEvent[] {
  const seen = new Set<string>();
  return (thread) => (seen.has(thread.ref) ? [] : (seen.add(thread.ref), [{ type: "thread", thread }]));
}
