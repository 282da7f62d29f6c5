// A long reply chain: a top-level comment's replies after the ones its thread page shows (REPLIES_PER_ROOT), for
// the widget's "Show more replies" (flat, oldest first) and the hosted page of them readers without JavaScript and
// crawlers follow (as a thread shows them).
import type { PublicComment, RepliesPage } from "../contract/types";
import { byCreation, decodeCursor, pageOf } from "../lib/cursor";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/types";
import { toPublicComment } from "./comments";
import type { ServiceDeps } from "./context";

/** The next replies of a long reply chain, flat and oldest first. */
export async function listMoreReplies(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  rootId: string,
  query: { cursor?: string; limit: number },
): Promise<RepliesPage> {
  const { replies, nextCursor } = await replyChain(deps, site, threadKey, rootId, query);
  return { replies, nextCursor };
}

/** The same with the top-level comment they answer (for readers, a tombstone if it is not published). */
export async function replyChain(
  deps: ServiceDeps,
  site: SiteRecord,
  threadKey: string,
  rootId: string,
  query: { cursor?: string; limit: number },
): Promise<RepliesPage & { root: PublicComment }> {
  const root = await deps.stores.comments.get(site.id, rootId);
  if (!root || root.threadKey !== threadKey || root.parentId !== null) {
    throw new AppError("COMMENT_NOT_FOUND", `No top-level comment "${rootId}" in this thread.`);
  }
  const cursor = decodeCursor(query.cursor) ?? { at: 0, id: "" };
  const rows = await deps.stores.comments.listMoreReplies(site.id, rootId, cursor, query.limit);
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  // A reply that is not published shows as a tombstone here too (the client drops empty ones).
  return { root: toPublicComment(root), replies: page.map((r) => toPublicComment(r)), nextCursor };
}

/**
 * A page of a reply chain as a thread shows it: each reply under the one it answers when that is on the page (they
 * come oldest first, so after it), else under the top-level comment, with the chain's next cursor on it. A hidden
 * reply that no reply shown here answers is left out, as the widget leaves it out.
 */
export function chainAsThread({ root, replies, nextCursor }: Awaited<ReturnType<typeof replyChain>>): PublicComment {
  const top: PublicComment = { ...root, replies: [], moreReplies: nextCursor };
  const kept = new Set<string>();
  for (const r of replies.toReversed()) {
    if (r.status == "deleted" && !kept.has(r.id)) continue;
    kept.add(r.id);
    if (r.parentId) kept.add(r.parentId);
  }
  const placed = new Map([[root.id, top]]);
  for (const r of replies) {
    if (!kept.has(r.id)) continue;
    const node = { ...r, replies: [] };
    placed.set(r.id, node);
    (placed.get(r.parentId ?? root.id) ?? top).replies.push(node);
  }
  return top;
}
