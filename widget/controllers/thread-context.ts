// What <parley-comments> and the controllers of its lazy chunk know of each other: the element hands the chunk a
// ThreadContext, the chunk hands back ThreadExtras for the element to render. Types only, so that neither side
// imports the other, and the controllers change the thread only through its model.
import type { ReactiveControllerHost } from "lit";
import type { PublicSite } from "../../worker/contract/types";
import type { ShownComment, Thread } from "../model/thread-model";

/** The element as its lazy controllers see it. */
export interface ThreadContext {
  /**
   * The element: it takes controllers, renders, fires events and holds the shadow root the forms are in; its
   * public `api`, `site` and `siteInfo` (the site's profile: Turnstile key, edit window) once that has arrived.
   */
  readonly host: ReactiveControllerHost &
    HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment; api?: string; site: string; siteInfo?: PublicSite };
  /** The thread's key. */
  thread(): string;
  /** The thread shown, read-only: it changes through the model's functions. The lazy chunk loads once there is one. */
  model(): Thread;
  /** Appends the next page of top-level comments; resolves true when it could. */
  more(): Promise<boolean | undefined>;
  /** The address of a comment on the host page: what its date links to. */
  link(id: string): string;
}

/** What the lazy chunk adds to the thread; each part renders nothing when it has nothing to show. */
export interface ThreadExtras {
  /** Comments whose replies the reader hid. */
  readonly folded: ReadonlySet<string>;
  /** Long comments (isLong) the reader unfolded; the others show folded. */
  readonly unfolded: ReadonlySet<string>;
  /** A comment's edit form while it is being edited; undefined shows its text. */
  body(c: ShownComment, l: string): unknown;
  /** Under a comment: Show more or less of a long one, vote, Reply, hide or show replies, Edit and Delete, and its reply form. */
  tools(c: ShownComment, l: string): unknown;
  /** After a top-level comment's replies: "Show more replies" when its chain goes on. */
  after(c: ShownComment, l: string): unknown;
  /** For a reply too deep to indent: which comment it answers. */
  inReplyTo(parent: ShownComment, l: string): unknown;
  /** The new-comment form, and the polite live region that tells how the reader's posts, edits and deletes went. */
  form(l: string): unknown;
}
