// Loads a thread for <parley-comments>: the site's profile beside the first page, which becomes the thread's model
// (with the reader's own hidden comments merged in), and "load more". The lazy chunk adds what the reader does.
import type { PublicSite } from "../../worker/contract/types";
import { listComments } from "../api/comments";
import type { Sort } from "../api/local";
import type { ApiError } from "../api/request";
import { getSite } from "../api/sites";
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
      // The site's profile (Turnstile key, edit window, locale), unless the host already has it, arrives beside the
      // thread; the thread paints without waiting for it.
      if (host.siteInfo?.id != site) getSite(api, site, signal).then((info) => (host.siteInfo = info), () => {});
      return createThread(await listComments(api, site, thread, sort, null, true, signal));
    });
  }

  /** Appends the next page of top-level comments; resolves false when it could not. */
  async more() {
    const shown = this.value!;
    const [api, site, thread] = this._args() as Args;
    try {
      appendPage(shown, await listComments(api, site, thread, shown.sort, shown.nextCursor));
      this.host.requestUpdate();
      return true;
    } catch (e) {
      const err = e as ApiError;
      this.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
    }
  }
}
