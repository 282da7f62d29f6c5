// Backups and data requests: the site's data in pages (for `parley export`), one author's comments (GDPR export)
// and their erasure (tombstones keep the replies in place), and the operator's site list.
import {
  EXPORT_VERSION,
  IMPORT_LIMITS,
  type ExportPage,
  type ExportPart,
  type ExportedArticle,
  type ExportedBan,
  type ExportedComment,
  type ExportedThread,
  type ExportedWebhook,
} from "../contract/owner-data";
import { NOTIFY_LIMITS } from "../contract/notifications";
import { byCreation, decodeCursor, pageOf } from "../lib/cursor";
import { decodeOpaque, encodeOpaque } from "../lib/crypto";
import type { ExportRow } from "../storage/exports";
import type { SiteRecord } from "../storage/sites";
import { auditEntry } from "./audit";
import { aboutComment, newEvent, ownerActor } from "./events";
import { scopes } from "./cache";
import type { ServiceDeps } from "./context";
import { hashEmail } from "./fingerprint";
import { emailLookupHash } from "./notify/seal";
import { reasonCode } from "./held-reason";
import { toSiteView } from "./sites";

const iso = (ms: number) => new Date(ms).toISOString();

function toExportedComment(r: ExportRow): ExportedComment {
  return {
    id: r.id,
    thread: r.threadKey,
    parentId: r.parentId,
    authorName: r.authorName,
    emailHash: r.emailHash,
    emailHint: r.emailHint,
    ipHash: r.ipHash,
    shadow: r.shadow,
    body: r.bodySource,
    status: r.status,
    statusBeforeDelete: r.statusBeforeDelete,
    pinned: r.pinned,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    editedBy: r.editedBy,
    votes: r.votes,
    moderationReason: r.moderationReason,
    source: r.source,
    sourceId: r.sourceId,
  };
}

/** A cursor over a text key (thread keys, slugs): opaque like every other cursor. */
const keyCursor = (key: string | undefined) => (key ? encodeOpaque(key) : null);
const afterKey = (cursor: string | undefined) => (cursor ? decodeOpaque(cursor) : null);

/** The head of the export document: its version, the site and its settings (the Turnstile secret never leaves). */
export function exportHead(site: SiteRecord, now: number) {
  return { version: EXPORT_VERSION, exportedAt: iso(now), site: toSiteView(site) };
}

/** One page of one part of the export. */
export async function exportPage(deps: ServiceDeps, site: SiteRecord, part: Exclude<ExportPart, "site">, cursor?: string): Promise<ExportPage<unknown>> {
  const { exports, articles } = deps.stores;
  const limit = IMPORT_LIMITS.exportPage;
  switch (part) {
    case "comments": {
      const rows = await exports.listComments(site.id, decodeCursor(cursor), limit);
      const { page, nextCursor } = pageOf(rows, limit, byCreation);
      return { items: page.map(toExportedComment), nextCursor };
    }
    case "threads": {
      const rows = await exports.listThreads(site.id, afterKey(cursor), limit);
      const page: ExportedThread[] = rows.slice(0, limit).map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() }));
      return { items: page, nextCursor: rows.length > limit ? keyCursor(page[page.length - 1]?.key) : null };
    }
    case "bans": {
      const rows = await exports.listBans(site.id, decodeCursor(cursor), limit);
      const { page, nextCursor } = pageOf(rows, limit, byCreation);
      const items: ExportedBan[] = page.map((b) => ({
        id: b.id,
        type: b.type,
        value: b.value,
        hint: b.hint,
        mode: b.mode,
        reason: b.reason,
        expiresAt: b.expiresAt === null ? null : iso(b.expiresAt),
        createdAt: iso(b.createdAt),
      }));
      return { items, nextCursor };
    }
    case "webhooks": {
      // A site has at most NOTIFY_LIMITS.webhooksPerSite: one page. Their secrets never leave.
      const rows = await exports.listWebhooks(site.id, NOTIFY_LIMITS.webhooksPerSite);
      const items: ExportedWebhook[] = rows.map((w) => ({
        ...w,
        pausedAt: w.pausedAt === null ? null : iso(w.pausedAt),
        createdAt: iso(w.createdAt),
      }));
      return { items, nextCursor: null };
    }
    case "articles": {
      // Whole article sources are large: a smaller page keeps the response bounded.
      const small = 20;
      const slugs = await exports.listArticleSlugs(site.id, afterKey(cursor), small);
      const page = slugs.slice(0, small);
      const docs = await Promise.all(page.map((slug) => articles.get(site.id, slug)));
      const items: ExportedArticle[] = docs.flatMap((a) =>
        a
          ? [{ slug: a.slug, title: a.title, author: a.author, publishedAt: iso(a.publishedAt), image: a.image, links: a.links, url: a.url ?? null, body: a.source }]
          : [],
      );
      return { items, nextCursor: slugs.length > small ? keyCursor(page[page.length - 1]) : null };
    }
  }
}

/** One author's comments on this site, in every state, oldest first, in pages. Audited: it reveals personal data. */
export async function gdprExport(deps: ServiceDeps, site: SiteRecord, actor: string, email: string, cursor?: string) {
  const emailHash = await hashEmail(deps, email);
  const limit = IMPORT_LIMITS.gdprPage;
  const rows = await deps.stores.exports.listByEmailHash(site.id, emailHash, decodeCursor(cursor), limit);
  const { page, nextCursor } = pageOf(rows, limit, byCreation);
  if (!cursor) {
    await deps.stores.commit(
      [
        auditEntry(deps, site, {
          actor,
          action: "gdpr.export",
          targetType: "site",
          targetId: site.id,
          before: null,
          after: { author: emailHash.slice(0, 12), comments: page.length },
        }),
      ],
      [],
    );
  }
  // The reason keeps its codes, not the blocked word that held a comment: the site's list stays the owner's.
  return { comments: page.map((r) => ({ ...toExportedComment(r), moderationReason: reasonCode(r.moderationReason) })), nextCursor };
}

/**
 * Erases one author's comments: their text, name, e-mail and fingerprints are gone (from the audit log's record of
 * moderators' edits too), and each becomes a tombstone, so replies stay in place; the address kept for reply
 * e-mails is forgotten. Works through at most one page per request; `more` says to call again.
 */
export async function gdprErase(deps: ServiceDeps, site: SiteRecord, actor: string, email: string) {
  const emailHash = await hashEmail(deps, email);
  const limit = IMPORT_LIMITS.gdprPage;
  const audit = auditEntry(deps, site, {
    actor,
    action: "gdpr.erase",
    targetType: "site",
    targetId: site.id,
    before: null,
    after: { author: emailHash.slice(0, 12) },
  });
  const subscriberHash = await emailLookupHash(deps.secret, email);
  // Each erased comment is announced as deleted (webhooks' comment.deleted), without its text or name, so that a
  // receiver that kept a copy knows to remove it. One already deleted is announced again: its copy may hold text.
  const announce = async (ids: string[]) =>
    (await deps.stores.comments.getMany(site.id, ids)).map((c) => {
      const tombstone = { ...c, authorName: "", bodySource: "", bodyTree: [], status: "deleted" as const, pinned: false };
      return newEvent(deps, site, "comment.deleted", ownerActor(actor), { ...aboutComment(tombstone), previousStatus: c.status });
    });
  const { ids, threads } = await deps.stores.exports.eraseByEmailHash(site.id, emailHash, subscriberHash, deps.now(), limit, [audit], announce);
  if (threads.length > 0) await deps.cache.bump(scopes.comments(site.id), ...threads.map((t) => scopes.thread(site.id, t)));
  return { erased: ids.length, ids, more: ids.length === limit };
}

/** The operator's sites, oldest first. */
export async function listSites(deps: ServiceDeps, query: { limit: number; cursor?: string }) {
  const rows = await deps.stores.exports.listSites(decodeCursor(query.cursor), query.limit);
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  return { sites: page.map((s) => ({ id: s.id, name: s.name, createdAt: iso(s.createdAt) })), nextCursor };
}
