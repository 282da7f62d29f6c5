// Comments: posting (validated, idempotent, one transaction) and reading a thread page as a reply tree.
import type { PostCommentInput, ThreadQuery } from "../contract/schemas";
import type { PublicComment, ThreadPage } from "../contract/types";
import { hmac, randomToken, sha256Hex } from "../lib/crypto";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { AppError } from "../lib/errors";
import type { CommentRecord } from "../storage/comments";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";
import { RENDERER_VERSION, renderMarkdown } from "./markdown";

/** The public view of a comment: never the email, the token hash or the idempotency key. */
export function toPublicComment(c: CommentRecord): PublicComment {
  return {
    id: c.id,
    parentId: c.parentId,
    authorName: c.authorName,
    body: c.bodyTree,
    createdAt: new Date(c.createdAt).toISOString(),
    editedAt: c.updatedAt > c.createdAt ? new Date(c.updatedAt).toISOString() : null,
    status: c.status,
    replies: [],
  };
}

/** Nests replies under their parents; a reply whose parent is not visible hangs under its top-level comment. */
function buildTree(roots: CommentRecord[], replies: CommentRecord[]): PublicComment[] {
  const byId = new Map<string, PublicComment>();
  const top = roots.map((r) => {
    const view = toPublicComment(r);
    byId.set(r.id, view);
    return view;
  });
  for (const reply of replies) {
    const view = toPublicComment(reply);
    byId.set(reply.id, view);
    const parent = byId.get(reply.parentId ?? "") ?? byId.get(reply.rootId ?? "");
    parent?.replies.push(view);
  }
  return top;
}

export async function listThread(deps: ServiceDeps, site: SiteRecord, threadKey: string, query: ThreadQuery): Promise<ThreadPage> {
  const cursor = decodeCursor(query.cursor);
  const [thread, rows] = await Promise.all([
    deps.stores.threads.get(site.id, threadKey),
    deps.stores.comments.listRoots(site.id, threadKey, { sort: query.sort, cursor, limit: query.limit }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const replies = await deps.stores.comments.listReplies(
    site.id,
    page.map((r) => r.id),
  );
  return {
    thread: { key: threadKey, locked: thread.locked },
    sort: query.sort,
    comments: buildTree(page, replies),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    total: thread.commentCount,
  };
}

/** Edit tokens of idempotent posts are derived from the key, so a retry can hand back the same token. */
async function editTokenFor(deps: ServiceDeps, site: SiteRecord, idempotencyKey: string | undefined): Promise<string> {
  return idempotencyKey ? `pe_${await hmac(deps.secret, `edit:${site.id}:${idempotencyKey}`)}` : `pe_${randomToken(32)}`;
}

function sameSubmission(existing: CommentRecord, threadKey: string, input: PostCommentInput): boolean {
  return (
    existing.threadKey === threadKey &&
    existing.parentId === (input.parentId ?? null) &&
    existing.bodySource === input.body &&
    existing.authorName === input.authorName
  );
}

async function replay(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, existing: CommentRecord) {
  if (!sameSubmission(existing, threadKey, input)) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different comment.");
  }
  return { comment: toPublicComment(existing), editToken: await editTokenFor(deps, site, input.idempotencyKey), replayed: true };
}

export async function postComment(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput) {
  const { comments, threads } = deps.stores;
  if (input.idempotencyKey) {
    const existing = await comments.findByIdempotencyKey(site.id, input.idempotencyKey);
    if (existing) return replay(deps, site, threadKey, input, existing);
  }

  const [thread, parent] = await Promise.all([
    threads.get(site.id, threadKey),
    input.parentId ? comments.get(site.id, input.parentId) : null,
  ]);
  if (thread.locked) throw new AppError("THREAD_LOCKED", "This thread is closed for new comments.");
  if (input.parentId && (!parent || parent.threadKey !== threadKey || parent.status !== "published")) {
    throw new AppError("PARENT_NOT_FOUND", "The comment you are replying to does not exist in this thread.", [
      { field: "parentId", message: "No such comment in this thread." },
    ]);
  }

  const now = deps.now();
  const editToken = await editTokenFor(deps, site, input.idempotencyKey);
  const record: CommentRecord = {
    id: randomToken(12),
    siteId: site.id,
    threadKey,
    parentId: parent?.id ?? null,
    rootId: parent ? (parent.rootId ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    authorName: input.authorName,
    authorEmail: input.authorEmail ?? null,
    bodySource: input.body,
    bodyTree: renderMarkdown(input.body, { article: false }),
    rendererVersion: RENDERER_VERSION,
    status: site.settings.moderation === "pre" ? "pending" : "published",
    editTokenHash: await sha256Hex(editToken),
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
    updatedAt: now,
  };

  if (!(await comments.insert(record))) {
    // Lost a race with a concurrent request carrying the same key: answer with the winner's comment.
    const winner = input.idempotencyKey ? await comments.findByIdempotencyKey(site.id, input.idempotencyKey) : null;
    if (!winner) throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key is in use; retry the request.");
    return replay(deps, site, threadKey, input, winner);
  }
  return { comment: toPublicComment(record), editToken, replayed: false };
}

export function countThreads(deps: ServiceDeps, site: SiteRecord, keys: string[]) {
  return deps.stores.threads.counts(site.id, keys);
}
