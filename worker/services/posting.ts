// Posting a comment: every control, cheapest first. Nothing costly (markdown, spam checks) runs before the
// attempt is metered and its form token spent; a replay of an idempotent post is answered only to whoever
// could have sent the original; a filled honeypot is answered like a success and stores nothing.
import { DAY_MS } from "../contract/dates";
import type { PostCommentInput } from "../contract/schemas";
import type { PublicComment } from "../contract/types";
import { keyedHash, newId, randomToken, sha256Hex, tokenMatchesHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import type { CommentRecord, SiteRecord } from "../storage/types";
import { checkQuota, checkRateCounts, meterAttempt, rateWindow, storedBytes, utcDay } from "./admission";
import { isClosed, toPublicComment, type OwnClaim } from "./comments";
import { aboutComment, newEvent, type DomainEvent } from "./events";
import type { ServiceDeps } from "./context";
import { fingerprint, maskEmail } from "./fingerprint";
import { checkFormToken } from "./form-token";
import { RENDERER_VERSION, renderCommentBody } from "./markdown";
import { checkDuplicate, floodChecks, isHoneypotFilled, judge } from "./spam";
import { checkTurnstile } from "./turnstile";

/** Request facts a post is judged by besides its body. */
export interface PostMeta {
  ip: string | null;
  /** The worker's own hostname: a Turnstile challenge solved on it counts as solved on the site. */
  host?: string | null;
  /** Comments the poster proves are theirs (X-Parley-Own): trust for "hold the first comment". */
  own?: OwnClaim[];
}

export interface PostResult {
  comment: PublicComment;
  editToken: string;
  replayed: boolean;
}

/** Idempotency keys are stored only as keyed hashes, per site. */
export const idempotencyHash = (deps: ServiceDeps, site: SiteRecord, key: string) => keyedHash(deps.secret, "idempotency", `${site.id}:${key}`);

/** Edit tokens of idempotent posts are derived from the key, so a retry can hand back the same token. */
async function editTokenFor(deps: ServiceDeps, site: SiteRecord, idempotencyKey: string | undefined): Promise<string> {
  return idempotencyKey ? `pe_${await keyedHash(deps.secret, "edit-token", `${site.id}:${idempotencyKey}`)}` : `pe_${randomToken(32)}`;
}

function sameSubmission(existing: CommentRecord, threadKey: string, input: PostCommentInput): boolean {
  return (
    existing.threadKey === threadKey &&
    existing.parentId === (input.parentId ?? null) &&
    existing.bodySource === input.body &&
    existing.authorName === input.authorName
  );
}

/**
 * Answers a retry with the comment its key made. The edit token goes only to a request that could have sent
 * the original: the same keyed IP (or, like the original, none), within a day. Anyone else who learns a key
 * gets 409, never a way to edit someone's comment.
 */
async function replay(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, existing: CommentRecord, ipHash: string | null) {
  if (!sameSubmission(existing, threadKey, input)) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different comment.");
  }
  if (existing.ipHash !== ipHash || deps.now() - existing.createdAt > DAY_MS) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used; send a new one to post again.");
  }
  return { comment: toPublicComment(existing, "author"), editToken: await editTokenFor(deps, site, input.idempotencyKey), replayed: true };
}

/**
 * What a bot that filled the honeypot is told: a comment like the one it would have got, that is never
 * stored or shown. The text stays plain (no markdown work is spent on it).
 */
function decoy(site: SiteRecord, input: PostCommentInput, now: number): PostResult {
  const comment: PublicComment = {
    id: newId(),
    parentId: input.parentId ?? null,
    authorName: input.authorName,
    body: [{ t: "p", c: [{ t: "text", v: input.body }] }],
    createdAt: new Date(now).toISOString(),
    editedAt: null,
    editedBy: null,
    status: site.settings.moderation === "pre" ? "pending" : "published",
    pinned: false,
    votes: 0,
    replies: [],
    moreReplies: null,
  };
  return { comment, editToken: `pe_${randomToken(32)}`, replayed: false };
}

/**
 * Whether the poster proved a published comment of theirs on this site: an edit token, or a published comment from
 * their keyed IP under the same name (an address alone is shared by an office or a mobile carrier's readers).
 */
async function isTrusted(deps: ServiceDeps, site: SiteRecord, ipHash: string | null, authorName: string, own: OwnClaim[]): Promise<boolean> {
  if (ipHash && (await deps.stores.comments.hasPublishedFromIp(site.id, ipHash, authorName))) return true;
  const claimed = await deps.stores.comments.getMany(site.id, own.map((c) => c.id));
  for (const row of claimed) {
    const token = own.find((c) => c.id === row.id)?.token ?? "";
    if (row.status === "published" && (await tokenMatchesHash(token, row.editTokenHash))) return true;
  }
  return false;
}

/**
 * Posts a comment. The controls run in this order: form token (signature, age, fill time: no storage),
 * metering (one batch: the reader's rate counter, the token's nonce spent, the site's usage today), idempotent
 * replay, rate limit, spent token, honeypot, quota, Turnstile, bans, thread state, parent, duplicates; then
 * the markdown is rendered, the holds decide the status, and one D1 batch writes the comment, its thread's
 * count, the thread and site flood counters and the site's usage.
 */
export async function postComment(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, meta: PostMeta): Promise<PostResult> {
  const who = await fingerprint(deps, { ip: meta.ip, email: input.authorEmail, name: input.authorName });
  const formNonce = await checkFormToken(deps, site, threadKey, input.formToken);
  const keyHash = input.idempotencyKey ? await idempotencyHash(deps, site, input.idempotencyKey) : null;
  const [metered, existing] = await Promise.all([
    meterAttempt(deps, site, "post", who.ipHash, formNonce && { ...formNonce, key: keyHash }).then(
      (admission) => ({ admission }),
      (refusal: unknown) => ({ refusal }),
    ),
    keyHash ? deps.stores.comments.findByIdempotencyKey(site.id, keyHash) : null,
  ]);
  // A retry whose first attempt got through is answered even when this one was over the limit.
  if (existing) return replay(deps, site, threadKey, input, existing, who.ipHash);
  if ("refusal" in metered) throw metered.refusal;
  const { admission } = metered;
  // A token spent by an attempt with the same idempotency key is this post's own first attempt, still running (or
  // refused): the retry goes on, and the key lets at most one of them store the comment.
  const retry = !!formNonce && !admission.nonceFresh;
  if (retry && (keyHash === null || admission.nonceSpentBy !== keyHash)) {
    throw new AppError("FORM_TOKEN_INVALID", "This form was already used: reload the page to comment again.");
  }
  try {
    return await postAdmitted(deps, site, threadKey, input, meta, { who, formNonce, keyHash, usage: admission.usage });
  } catch (err) {
    // Refused for what its own first attempt did meanwhile (the same text posted, a Turnstile token spent), or for
    // what that attempt would be refused for: the comment the key stored, once that attempt is done, answers it.
    const raced = keyHash && err instanceof AppError && (retry || err.code === "DUPLICATE_COMMENT");
    const winner = raced ? await storedBy(deps, site, keyHash, retry ? FIRST_ATTEMPT_WAITS_MS : [0]) : null;
    if (winner) return replay(deps, site, threadKey, input, winner, who.ipHash);
    throw err;
  }
}

/**
 * How long a retry refused while its first attempt runs waits, in turn, for that attempt's comment: about the
 * longest a post takes (a Turnstile verification included), in a few reads.
 */
const FIRST_ATTEMPT_WAITS_MS = [0, 100, 300, 600, 1000];

/** The comment stored under this idempotency key, looked for after each wait in turn; null if none by the last. */
async function storedBy(deps: ServiceDeps, site: SiteRecord, keyHash: string, waits: number[]): Promise<CommentRecord | null> {
  for (const ms of waits) {
    if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
    const found = await deps.stores.comments.findByIdempotencyKey(site.id, keyHash);
    if (found) return found;
  }
  return null;
}

/** What postComment has learnt of a post before its admitted part: who sent it, its token's nonce, key and the site's usage. */
interface Admitted {
  who: Awaited<ReturnType<typeof fingerprint>>;
  formNonce: Awaited<ReturnType<typeof checkFormToken>>;
  keyHash: string | null;
  usage: { comments: number; bytes: number };
}

/** The rest of a post, once it is admitted: every other control, then the write. */
async function postAdmitted(deps: ServiceDeps, site: SiteRecord, threadKey: string, input: PostCommentInput, meta: PostMeta, a: Admitted): Promise<PostResult> {
  const { comments, threads, bans } = deps.stores;
  const { who, formNonce, keyHash } = a;
  const now = deps.now();
  if (isHoneypotFilled(input.website)) return decoy(site, input, now);
  const bytes = storedBytes(input.body, input.authorName);
  checkQuota(site, a.usage, bytes, now);
  await checkTurnstile(deps, site, input.turnstileToken, meta);

  const [thread, parent, ban] = await Promise.all([
    threads.get(site.id, threadKey),
    input.parentId ? comments.get(site.id, input.parentId) : null,
    bans.findActive(site.id, who, now),
  ]);
  if (ban?.mode === "visible") throw new AppError("BANNED", "You can no longer comment on this site.");
  if (isClosed(site, thread, now)) throw new AppError("THREAD_LOCKED", "This thread is closed for new comments.");
  // A shadow-banned author may answer their own comments, which only they see; the answer is shadowed too.
  const shadowParent = parent?.status === "spam" && parent.shadow && (ban?.mode === "shadow" || (who.ipHash !== null && parent.ipHash === who.ipHash));
  if (input.parentId && (!parent || parent.threadKey !== threadKey || (parent.status !== "published" && !shadowParent))) {
    throw new AppError("PARENT_NOT_FOUND", "The comment you are replying to does not exist in this thread.", [
      { field: "parentId", message: "No such comment in this thread." },
    ]);
  }
  await checkDuplicate(deps, site, who, input.body);

  const tree = renderCommentBody(input.body);
  const verdict = await judge(site, {
    body: input.body,
    tree,
    authorName: input.authorName,
    shadowBanned: ban?.mode === "shadow" || shadowParent,
    isEdit: false,
    trusted: () => isTrusted(deps, site, who.ipHash, input.authorName, meta.own ?? []),
  });
  const editToken = await editTokenFor(deps, site, input.idempotencyKey);
  const record: CommentRecord = {
    id: newId(),
    siteId: site.id,
    threadKey,
    parentId: parent?.id ?? null,
    rootId: parent ? (parent.rootId ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    authorName: input.authorName,
    emailHint: input.authorEmail ? maskEmail(input.authorEmail) : null,
    bodySource: input.body,
    bodyTree: tree,
    rendererVersion: RENDERER_VERSION,
    status: verdict.status,
    editTokenHash: await sha256Hex(editToken),
    idempotencyKey: keyHash,
    createdAt: now,
    updatedAt: now,
    pinned: false,
    editedBy: null,
    shadow: verdict.shadow,
    statusBeforeDelete: null,
    ipHash: who.ipHash,
    emailHash: who.emailHash,
    formNonce: formNonce?.value ?? null,
    moderationReason: verdict.reason,
    votes: 0,
  };

  // The thread and site flood counters count only stored comments (an IP pool's failed attempts lock nobody out).
  const checks = floodChecks(site, threadKey);
  const { inserted, counts } = await comments.insert(record, {
    rateLimits: { checks, window: rateWindow(now) },
    events: [postedEvent(deps, site, record)],
    also: [deps.stores.admission.usage(site.id, utcDay(now), bytes, record.id)],
  });
  if (!inserted) {
    // Lost a race with a concurrent request carrying the same key: answer with the winner's comment.
    const winner = keyHash ? await comments.findByIdempotencyKey(site.id, keyHash) : null;
    if (winner) return replay(deps, site, threadKey, input, winner, who.ipHash);
    checkRateCounts(checks, counts, now);
    throw new AppError("FORM_TOKEN_INVALID", "This form was already used: reload the page to comment again.");
  }
  return { comment: toPublicComment(record, "author"), editToken, replayed: false };
}

/** What a new comment announces: published, held for moderation, or filtered as spam. */
function postedEvent(deps: ServiceDeps, site: SiteRecord, c: CommentRecord): DomainEvent {
  const author = { kind: "author" } as const;
  if (c.status === "pending") return newEvent(deps, site, "comment.pending", author, aboutComment(c));
  if (c.status === "spam") return newEvent(deps, site, "comment.spam", author, { ...aboutComment(c), previousStatus: null });
  return newEvent(deps, site, "comment.created", author, aboutComment(c));
}
