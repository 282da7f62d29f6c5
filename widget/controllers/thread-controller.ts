// A comment thread's state for <parley-comments>: the first page, "load more", and comments posted in this session.
import type { PublicComment, ThreadPage } from "../../worker/contract/types";
import { listComments, type Sort } from "../api/comments";
import type { ApiError } from "../api/request";
import { ParleyErrorEvent } from "../events";
import { LoadController, type Host } from "./load-controller";

type Args = [api: string | undefined, site: string, thread: string, sort: Sort];

export class ThreadController extends LoadController<Args, ThreadPage> {
  constructor(host: Host, args: () => Args) {
    super(host, args, ([api, site, thread, sort], signal) => listComments(api, site, thread, sort, null, signal));
  }

  /** Appends the next page of top-level comments. */
  async more() {
    const page = this.value!;
    const [api, site, thread] = this._args();
    try {
      const next = await listComments(api, site, thread, page.sort, page.nextCursor);
      // Skip comments already shown: one posted here, or a whole page fetched twice by a double click.
      page.comments.push(...next.comments.filter((c) => !page.comments.some((d) => d.id == c.id)));
      page.nextCursor = next.nextCursor;
      this.host.requestUpdate();
    } catch (e) {
      const err = e as ApiError;
      this.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
    }
  }

  /** Form tokens are good for one comment: fetch a fresh one for the next. On failure the next post says why. */
  renewFormToken() {
    const [api, site, thread, sort] = this._args();
    listComments(api, site, thread, sort).then((next) => (this.value!.formToken = next.formToken), () => {});
  }

  /** Puts a freshly posted comment in place: under its parent, or last (oldest first) or first (newest first). */
  insert(comment: PublicComment) {
    const page = this.value!;
    const list = comment.parentId ? find(page.comments, comment.parentId)?.replies : page.comments;
    if (comment.parentId || page.sort == "oldest") list?.push(comment);
    else list!.unshift(comment);
    page.total++;
    this.host.requestUpdate();
  }
}

function find(list: PublicComment[], id: string): PublicComment | undefined {
  for (const c of list) {
    const hit = c.id == id ? c : find(c.replies, id);
    if (hit) return hit;
  }
}
