// Building audit entries and reading the log. Actors are token ids, never tokens.
import type { AuditEntry } from "../contract/types";
import { randomToken, sha256Hex } from "../lib/crypto";
import { byCreation, decodeCursor, pageOf } from "../lib/cursor";
import type { OwnerMailRecord } from "../storage/mail";
import type { AuditRecord, SiteRecord, Write } from "../storage/types";
import type { ServiceDeps } from "./context";

/** A stable, non-secret id for a token: its role and the first 12 hex digits of its SHA-256. */
export async function actorId(role: "owner" | "admin", token: string): Promise<string> {
  return `${role}:${(await sha256Hex(token)).slice(0, 12)}`;
}

/** An audit entry with its id and time, for a store that writes it only if its change happens. */
export function auditRecord(deps: Pick<ServiceDeps, "now">, entry: Omit<AuditRecord, "id" | "createdAt">): AuditRecord {
  return { ...entry, id: randomToken(12), createdAt: deps.now() };
}

/**
 * One audit entry, to commit in the same transaction as the write it records. (Audit entries are writes, not
 * subscribers: a subscriber runs after the commit, and an entry must exist exactly when its change does.)
 */
export function auditEntry(deps: ServiceDeps, site: SiteRecord, entry: Omit<AuditRecord, "id" | "createdAt">): Write {
  return deps.stores.audit.add(site.id, auditRecord(deps, entry));
}

/** The entry for a change to the owner's e-mail settings: the masked address and the digest switch, before and after. */
export function ownerMailAudit(deps: Pick<ServiceDeps, "now">, actor: string, before: OwnerMailRecord | null, after: OwnerMailRecord): AuditRecord {
  const view = (r: OwnerMailRecord | null) => (r ? { email: r.emailHint, digest: r.digest } : null);
  return auditRecord(deps, { actor, action: "mail.update", targetType: "mail", targetId: after.siteId, before: view(before), after: view(after) });
}

/** The entry for the owner's address confirmed through the link e-mailed to it (actor `link:confirm`): the masked address. */
export function ownerMailConfirmAudit(deps: Pick<ServiceDeps, "now">, owner: OwnerMailRecord): AuditRecord {
  const view = (confirmed: boolean) => ({ email: owner.emailHint, confirmed });
  return auditRecord(deps, { actor: "link:confirm", action: "mail.confirm", targetType: "mail", targetId: owner.siteId, before: view(false), after: view(true) });
}

export async function listAudit(deps: ServiceDeps, site: SiteRecord, query: { limit: number; cursor?: string }) {
  const rows = await deps.stores.audit.list(site.id, decodeCursor(query.cursor), query.limit);
  const { page, nextCursor } = pageOf(rows, query.limit, byCreation);
  const entries: AuditEntry[] = page.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  return { entries, nextCursor };
}
