// GET …/threads/{thread}/comments/{id}/replies: the next replies of a long reply chain. Only the lazy chunk uses it.
import type { RepliesPage } from "../../worker/contract/types";
import { threadUrl } from "./comments";
import { request } from "./request";

/** The replies under top-level comment `rootId` after `cursor` (its `moreReplies`), flat and oldest first. */
export const listReplies = (api: string | undefined, site: string, thread: string, rootId: string, cursor: string) =>
  request<RepliesPage>(
    `${threadUrl(api, site, thread)}/${encodeURIComponent(rootId)}/replies?${new URLSearchParams({ cursor, limit: "50" })}`,
  );
