// Loads a thread for <parley-comments>: the site's profile with the first page, which becomes the thread's model
// (with the reader's own hidden comments merged in), and "load more". The lazy chunk adds what the reader does.
import type { PublicSite } from "../../worker/contract/types";
import { getThreadView, listComments } from "../api/comments";
import { sortOf, type Sort } from "../api/local";
import type { ApiError } from "../api/request";
import { ParleyErrorEvent } from "../events";
import { appendPage, createThread, type Thread } from "../model/thread-model";
import { LoadController, type Host } from "./load-controller";

type Args = [api: string | undefined, site: string, thread: string, sort: Sort];

/** An element showing a thread; `siteInfo` is the site's profile, set by an enclosing element or loaded here. */
export interface ThreadHost extends Host {
  siteInfo?: PublicSite;
}

export class ThreadController extends LoadController<Args, Thread> {
  constructor(host: ThreadHost, args: () => Args | false) {
    super(host, args, async ([api, site, thread, sort], signal) => {
      let page;
      if (host.siteInfo?.id == site) page = await listComments(api, site, thread, sort, null, true, signal);
      else {
        // The site's profile (Turnstile key, edit window, locale) comes with the first page, in one request.
        const view = await getThreadView(api, site, thread, sort, signal);
        host.siteInfo = view.site;
        page = view.thread;
      }
      // The reader's order is remembered for the site once a page in it has come: not one that failed to load.
      sortOf(site, sort);
      return createThread(page);
    });
  }

  /** Settles when the thread shown is whole: a server-rendered copy waits for the reader's part (parley-comments). */
  ready: Promise<unknown> = Promise.resolve();
  /** The thread "Load more" was asked to grow. */
  private _grown?: Thread;
  /** The thread "Load more" last failed to grow, while it is shown: the element offers Retry by the button. */
  failedMore?: Thread;

  /** Whether "Load more" has grown the thread shown, or is growing it: a fresher first page must not replace it. */
  get grown() {
    return !!this.value && this._grown == this.value;
  }

  /**
   * Appends the next page of top-level comments, once the thread is `ready` or 3 s have passed (a stalled answer
   * must not stall "Load more"); resolves false when it could not. Pressed by the reader (`focus`), the last page
   * moves the focus from the vanished button to its first comment, as "Show more replies" does.
   */
  async more(focus?: boolean) {
    await Promise.race([this.ready, new Promise((r) => setTimeout(r, 3000))]);
    const shown = (this._grown = this.value!);
    const [api, site, thread] = this._args() as Args;
    this.failedMore = undefined;
    this.host.requestUpdate();
    try {
      const first = appendPage(shown, await listComments(api, site, thread, shown.sort, shown.nextCursor));
      this.host.requestUpdate();
      if (focus && first && !shown.nextCursor) {
        await this.host.updateComplete;
        const el = this.host.shadowRoot?.getElementById(`comment-${first}`);
        if (el) (el.tabIndex = -1), el.focus();
      }
      return true;
    } catch (e) {
      const err = e as ApiError;
      this.failedMore = shown;
      this.host.requestUpdate();
      this.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
    }
  }
}
