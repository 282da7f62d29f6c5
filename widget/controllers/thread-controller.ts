// A comment thread's state for <parley-comments>: the site's profile, the first page with the reader's own
// hidden comments merged in, and "load more". The lazy chunk adds what the reader does to it.
import type { PublicComment, PublicSite, ThreadPage } from "../../worker/contract/types";
import { firstPage, listComments, type Sort } from "../api/comments";
import type { ApiError } from "../api/request";
import { getSite } from "../api/sites";
import { ParleyErrorEvent } from "../events";
import { LoadController, type Host } from "./load-controller";

type Args = [api: string | undefined, site: string, thread: string, sort: Sort];

/** An element showing a thread; `siteInfo` is the site's profile, set by an enclosing element or loaded here. */
export interface ThreadHost extends Host {
  siteInfo?: PublicSite;
}

export class ThreadController extends LoadController<Args, ThreadPage> {
  constructor(host: ThreadHost, args: () => Args | false) {
    super(host, args, async ([api, site, thread, sort], signal) => {
      // The site's profile (Turnstile key, edit window, locale), unless the host already has it, arrives beside the
      // thread; the thread paints without waiting for it.
      if (host.siteInfo?.id != site) getSite(api, site, signal).then((info) => (host.siteInfo = info), () => {});
      const page = await firstPage(api, site, thread, sort, signal);
      for (const c of page.own) if (!find(page.comments, c.id)) place(page, c);
      return page;
    });
  }

  /** Appends the next page of top-level comments; resolves false when it could not. */
  async more() {
    const page = this.value!;
    const [api, site, thread] = this._args() as Args;
    try {
      const next = await listComments(api, site, thread, page.sort, page.nextCursor);
      // A comment already shown (one posted here, or a page fetched twice by a double click) moves to where
      // the server's order puts it.
      const ids = new Set(next.comments.map((c) => c.id));
      page.comments = [...page.comments.filter((c) => !ids.has(c.id)), ...next.comments];
      page.nextCursor = next.nextCursor;
      this.host.requestUpdate();
      return true;
    } catch (e) {
      const err = e as ApiError;
      this.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
    }
  }
}

/**
 * Puts a comment under its parent, or at the top level if the parent is not shown, after the pinned ones and
 * in the page's order by date; replies are always oldest first. Only a published comment adds to the count.
 */
export function place(page: ThreadPage, c: PublicComment) {
  const top = page.comments;
  const list = (c.parentId && find(top, c.parentId)?.replies) || top;
  const newest = list == top && page.sort != "oldest";
  const at = list.findIndex((d) => !d.pinned && (newest ? d.createdAt < c.createdAt : d.createdAt > c.createdAt));
  list.splice(at < 0 ? list.length : at, 0, c);
  if (c.status == "published") page.total++;
}

/** The comment with this id anywhere in the tree. */
export function find(list: PublicComment[], id: string): PublicComment | undefined {
  for (const c of list) {
    const hit = c.id == id ? c : find(c.replies, id);
    if (hit) return hit;
  }
}
