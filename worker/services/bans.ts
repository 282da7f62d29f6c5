// Bans: by email or IP (stored as keyed hashes) or by author name; from a value or from a comment's author.
import { cleanAddress, cleanText } from "../contract/clean-text";
import { EMAIL_ADDRESS, type CreateBanInput } from "../contract/schemas";
import type { Ban } from "../contract/types";
import { newId } from "../lib/crypto";
import { byCreation, decodeCursor, pageOf } from "../lib/cursor";
import { AppError, invalidField } from "../lib/errors";
import type { BanRecord, SiteRecord } from "../storage/types";
import { auditEntry, auditRecord } from "./audit";
import type { ServiceDeps } from "./context";
import { newEvent, ownerActor } from "./events";
import { hashEmail, hashIp, maskEmail, normalizeIp, normalizeName } from "./fingerprint";

function toBan(b: BanRecord, now: number): Ban {
  return {
    id: b.id,
    type: b.type,
    hint: b.hint,
    mode: b.mode,
    reason: b.reason,
    expiresAt: b.expiresAt === null ? null : new Date(b.expiresAt).toISOString(),
    createdAt: new Date(b.createdAt).toISOString(),
    active: b.expiresAt === null || b.expiresAt > now,
  };
}

const invalid = (message: string) => invalidField("value", message);

/** What a ban matches: a keyed hash for email and IP, the normalized name for names, plus a hint for the owner. */
async function banTarget(deps: ServiceDeps, site: SiteRecord, input: CreateBanInput): Promise<{ value: string; hint: string }> {
  if (input.commentId) {
    const comment = await deps.stores.comments.get(site.id, input.commentId);
    if (!comment) throw new AppError("COMMENT_NOT_FOUND", `No comment "${input.commentId}" on this site.`);
    if (input.type === "name") return { value: normalizeName(comment.authorName), hint: comment.authorName };
    // Who it was, as the owner saw them: the comment's author by name (an erased comment keeps none).
    const who = comment.authorName ? `“${comment.authorName}”` : "the author";
    const from = `${input.type === "ip" ? "IP address" : "e-mail address"} of ${who}, who wrote comment ${comment.id}`;
    const value = input.type === "ip" ? comment.ipHash : comment.emailHash;
    if (!value) throw invalid(`That comment has no ${input.type === "ip" ? "IP address" : "email"} on record.`);
    return { value, hint: input.type === "email" && comment.emailHint ? comment.emailHint : from };
  }
  const raw = (input.value ?? "").trim();
  switch (input.type) {
    case "email": {
      const address = cleanAddress(raw);
      if (!EMAIL_ADDRESS.test(address)) throw invalid("Must be an email address.");
      return { value: await hashEmail(deps, address), hint: maskEmail(address) };
    }
    case "ip":
      if (!normalizeIp(raw)) throw invalid("Must be an IPv4 or IPv6 address.");
      return {
        value: await hashIp(deps, raw),
        hint: raw.includes(":") ? "IPv6 network /64 (stored as a keyed hash)" : "IP address (stored as a keyed hash)",
      };
    case "name":
      if (!normalizeName(raw)) throw invalid("Must not be empty.");
      // The hint as a comment's name is kept: no direction overrides or invisible characters to reverse or hide
      // the text around it where the owner reads it.
      return { value: normalizeName(raw), hint: cleanText(raw) };
  }
}

/**
 * Adds a ban; `created` is false when an identical one is already in force (same target, mode, reason and expiry):
 * that one is returned and nothing is written, so adding the same ban twice, even at the same moment, makes one row.
 */
export async function createBan(deps: ServiceDeps, site: SiteRecord, actor: string, input: CreateBanInput): Promise<{ ban: Ban; created: boolean }> {
  const { value, hint } = await banTarget(deps, site, input);
  const now = deps.now();
  const record: BanRecord = {
    id: newId(),
    type: input.type,
    value,
    hint,
    mode: input.mode,
    reason: input.reason ?? null,
    expiresAt: input.expiresAt ? Date.parse(input.expiresAt) : null,
    createdAt: now,
  };
  const ban = toBan(record, now);
  const added = await deps.stores.bans.add(site.id, record, {
    now,
    audit: auditRecord(deps, { actor, action: "ban.create", targetType: "ban", targetId: record.id, before: null, after: ban }),
    events: [newEvent(deps, site, "ban.created", ownerActor(actor), { banId: record.id, type: ban.type, mode: ban.mode, expiresAt: ban.expiresAt })],
  });
  return { ban: toBan(added.ban, now), created: added.created };
}

export async function listBans(deps: ServiceDeps, site: SiteRecord, query: { limit: number; cursor?: string }) {
  const rows = await deps.stores.bans.list(site.id, decodeCursor(query.cursor), query.limit);
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  const now = deps.now();
  return { bans: page.map((b) => toBan(b, now)), nextCursor };
}

export async function deleteBan(deps: ServiceDeps, site: SiteRecord, actor: string, id: string): Promise<void> {
  const ban = await deps.stores.bans.get(site.id, id);
  if (!ban) throw new AppError("BAN_NOT_FOUND", `No ban "${id}" on this site.`);
  await deps.stores.commit(
    [
      deps.stores.bans.delete(site.id, id),
      auditEntry(deps, site, { actor, action: "ban.delete", targetType: "ban", targetId: id, before: toBan(ban, deps.now()), after: null }),
    ],
    [newEvent(deps, site, "ban.deleted", ownerActor(actor), { banId: id })],
  );
}
