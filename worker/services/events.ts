// Building domain events: services describe what changed, storage commits the events with the change.
import type { CommentSnapshot, DomainEvent, EventActor, EventOf, EventType } from "../contract/events";
import { randomToken } from "../lib/crypto";
import type { CommentRecord, SiteRecord } from "../storage/types";
import type { ServiceDeps } from "./context";
import { reasonCode } from "./held-reason";

/** One event of `type` on `site`, now. */
export function newEvent<T extends EventType>(
  deps: ServiceDeps,
  site: SiteRecord | string,
  type: T,
  actor: EventActor,
  data: EventOf<T>["data"],
): EventOf<T> {
  return {
    id: `ev_${randomToken(16)}`,
    type,
    version: 1,
    site: typeof site === "string" ? site : site.id,
    occurredAt: new Date(deps.now()).toISOString(),
    actor,
    data,
  } as EventOf<T>;
}

/** A comment as events carry it: never the e-mail, hashes or tokens. */
export function commentSnapshot(c: CommentRecord): CommentSnapshot {
  return {
    id: c.id,
    thread: c.threadKey,
    parentId: c.parentId,
    authorName: c.authorName,
    text: c.bodySource,
    status: c.status,
    pinned: c.pinned,
    createdAt: new Date(c.createdAt).toISOString(),
    editedAt: c.editedBy ? new Date(c.updatedAt).toISOString() : null,
    reason: reasonCode(c.moderationReason),
  };
}

/** The common part of a comment event's data. */
export const aboutComment = (c: CommentRecord) => ({ thread: c.threadKey, commentId: c.id, comment: commentSnapshot(c) });

/** An owner acting through their token (the audit log's token id). */
export const ownerActor = (actor: string): EventActor => ({ kind: "owner", id: actor });

export type { DomainEvent };
