// Sites: creation with a one-time owner token, settings changes, token rotation, and the public view.
import type { ErrorDetail } from "../contract/errors";
import { LIMITS } from "../contract/limits";
import { summarize } from "../contract/messages";
import type { CreateSiteInput, SiteSettings, UpdateSiteInput } from "../contract/schemas";
import { siteSettingsSchema } from "../contract/schemas";
import type { PublicSite } from "../contract/types";
import { randomToken, sha256Hex, tokenMatchesHash } from "../lib/crypto";
import { AppError, invalidField } from "../lib/errors";
import type { SiteRecord } from "../storage/types";
import { auditEntry } from "./audit";
import { foldWords } from "./fold";
import { cached, scopes } from "./cache";
import type { ServiceDeps } from "./context";
import { newEvent, ownerActor } from "./events";

/** Owner tokens carry a recognisable prefix so that leaked ones are easy to spot in logs and scanners. */
export const newOwnerToken = () => `pt_own_${randomToken(32)}`;

/** Settings as the owner sees them: the Turnstile secret is write-only, so only whether it is set shows. */
export type SettingsView = Omit<SiteSettings, "turnstileSecret"> & { turnstileSecretSet: boolean };

export interface SiteView {
  id: string;
  name: string;
  settings: SettingsView;
  createdAt: string;
  updatedAt: string;
}

function redact<T extends { turnstileSecret?: string | null }>(settings: T) {
  const { turnstileSecret, ...rest } = settings;
  return turnstileSecret === undefined ? rest : { ...rest, turnstileSecretSet: turnstileSecret !== null };
}

export function toSiteView(site: SiteRecord): SiteView {
  return {
    id: site.id,
    name: site.name,
    settings: redact(site.settings) as SettingsView,
    createdAt: new Date(site.createdAt).toISOString(),
    updatedAt: new Date(site.updatedAt).toISOString(),
  };
}

/**
 * Stands in for the Turnstile secret in a site record read through the cache: says "a secret is set"
 * without holding it. Writes load the site fresh, so nothing ever verifies with this.
 */
export const WITHHELD_SECRET = "withheld-from-cache";

/** A site's public face; `replyEmails` says whether the worker can send reader e-mails at all. */
export function toPublicSite(site: SiteRecord, replyEmails: boolean): PublicSite {
  const { links, locale, turnstileSiteKey, turnstileSecret, editWindowMinutes } = site.settings;
  return {
    id: site.id,
    name: site.name,
    links,
    locale,
    // The challenge only makes sense when the worker can verify it.
    turnstileSiteKey: turnstileSecret ? turnstileSiteKey : null,
    editWindowMinutes,
    replyEmails,
  };
}

export async function loadSite(deps: ServiceDeps, siteId: string): Promise<SiteRecord> {
  const site = await deps.stores.sites.get(siteId);
  if (!site) throw new AppError("SITE_NOT_FOUND", `No site "${siteId}".`);
  return site;
}

/** What of a site record may sit in a cache: public fields, origins and settings, never the token hash or the Turnstile secret. */
function cacheableSite(site: SiteRecord): SiteRecord {
  return {
    ...site,
    ownerTokenHash: "",
    settings: { ...site.settings, turnstileSecret: site.settings.turnstileSecret === null ? null : WITHHELD_SECRET },
  };
}

/** The site for public reads, through the cache (without its secrets); writes and token checks use `loadSite`. */
export async function loadSiteForReading(deps: ServiceDeps, siteId: string): Promise<SiteRecord> {
  const key = `site/${siteId}/${await deps.cache.version(scopes.settings(siteId))}`;
  return cached(deps.cache, key, async () => cacheableSite(await loadSite(deps, siteId)));
}

/** Creates a site. `ownerToken` is only passed by the local demo seed; otherwise a fresh one is made. */
/** Settings that only make sense together: a Turnstile secret needs its site key, or nobody could post. */
function checkCoherent(settings: SiteSettings): void {
  if (settings.turnstileSecret && !settings.turnstileSiteKey) {
    throw invalidField("turnstileSiteKey", "Set the Turnstile site key together with its secret.");
  }
}

/** Why a blocked word folds to nothing, under its place in the list (`blockedWords.1`). */
const MATCHES_NOTHING = "Matches nothing: matching sets accents and other marks aside, and nothing else is left of it.";

/**
 * Every problem of a new list of blocked words at once: each word that matches nothing (one of accents or other
 * marks alone folds to nothing), named by its place in the list as the schema names a word too long, so that a form
 * says which lines; and a list longer than LIMITS.blockedWordsChars (see worker/services/blocked-words.ts). `words`
 * may be a body the schema refused (its problems are added to the schema's): only its strings are looked at. A
 * list saved before is left alone, and sending it back unchanged (as a settings form does) is no change.
 */
export function blockedWordProblems(words: unknown, saved: readonly string[] = []): ErrorDetail[] {
  if (!Array.isArray(words) || JSON.stringify(words) === JSON.stringify(saved)) return [];
  const folded = foldWords(words.map((w) => (typeof w === "string" ? w : "")));
  const problems = folded.flatMap((w, i) => (typeof words[i] === "string" && !w ? [{ field: `blockedWords.${i}`, message: MATCHES_NOTHING }] : []));
  const length = folded.reduce((n, w) => n + w.length, 0);
  if (length > LIMITS.blockedWordsChars) {
    problems.push({
      field: "blockedWords",
      message: `At most ${LIMITS.blockedWordsChars.toLocaleString("en")} characters of blocked words in all (these take ${length.toLocaleString("en")}, counted as matching reads them: ﬃ is three).`,
    });
  }
  return problems;
}

/** The `blockedWords` of a request body the schema refused, for blockedWordProblems; undefined when it has none. */
export const blockedWordsOf = (body: unknown): unknown => (typeof body === "object" && body !== null && "blockedWords" in body ? body.blockedWords : undefined);

/** Refuses a new list of blocked words with every one of its problems (blockedWordProblems). */
function checkBlockedWords(words: string[] | undefined, saved: string[] = []): void {
  const details = blockedWordProblems(words, saved);
  if (details.length) throw new AppError("VALIDATION_FAILED", summarize(details), details);
}

export async function createSite(
  deps: ServiceDeps,
  input: CreateSiteInput,
  ownerToken = newOwnerToken(),
): Promise<{ site: SiteView; ownerToken: string }> {
  const { id, name, ...settings } = input;
  const now = deps.now();
  const record: SiteRecord = {
    id,
    name,
    ownerTokenHash: await sha256Hex(ownerToken),
    settings: siteSettingsSchema.parse(settings),
    createdAt: now,
    updatedAt: now,
  };
  checkCoherent(record.settings);
  checkBlockedWords(record.settings.blockedWords);
  if (!(await deps.stores.sites.insert(record))) throw new AppError("SITE_EXISTS", `A site with id "${id}" already exists.`);
  return { site: toSiteView(record), ownerToken };
}

/** A setting's value as JSON with its objects' keys in order, so that equal values compare equal (`rateLimits`). */
const settled = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (v && typeof v == "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

/**
 * Changes the site's name and settings: what the owner's PATCH names, or the storage quota the operator sets (the
 * routes' schemas decide who may send which). Audited, with a `site.updated` event naming the fields. Only fields
 * whose value changes count: a PATCH that changes nothing writes nothing (no audit entry, no event), as a thread's or
 * an article's does not.
 */
export async function updateSite(deps: ServiceDeps, site: SiteRecord, sent: UpdateSiteInput & { quota?: SiteSettings["quota"] }, actor: string): Promise<SiteView> {
  const current: Record<string, unknown> = { name: site.name, ...site.settings };
  const patch = Object.fromEntries(Object.entries(sent).filter(([k, v]) => v !== undefined && settled(v) !== settled(current[k]))) as typeof sent;
  if (Object.keys(patch).length == 0) return toSiteView(site);
  const { name, ...settings } = patch;
  const updated: SiteRecord = {
    ...site,
    name: name ?? site.name,
    settings: { ...site.settings, ...settings },
    updatedAt: deps.now(),
  };
  checkCoherent(updated.settings);
  checkBlockedWords(settings.blockedWords, site.settings.blockedWords);
  const before = redact(Object.fromEntries(Object.keys(patch).map((k) => [k, current[k]])));
  await deps.stores.commit(
    [
      deps.stores.sites.update(site.id, { name, settings }, updated.updatedAt),
      auditEntry(deps, site, { actor, action: "site.update", targetType: "site", targetId: site.id, before, after: redact(patch) }),
    ],
    [newEvent(deps, site, "site.updated", ownerActor(actor), { fields: Object.keys(patch) })],
  );
  return toSiteView(updated);
}

/**
 * Replaces the owner token; the old one stops working with this write, and so do the one-click moderation links
 * already sent (a token is rotated when it may have leaked, and the links act as the owner).
 */
export async function rotateOwnerToken(deps: ServiceDeps, site: SiteRecord, actor: string): Promise<string> {
  const token = newOwnerToken();
  const links = deps.notify?.stores.links;
  await deps.stores.commit(
    [
      deps.stores.sites.setOwnerTokenHash(site.id, await sha256Hex(token), deps.now()),
      ...(links ? [links.expireUnused(site.id, deps.now())] : []),
      auditEntry(deps, site, { actor, action: "token.rotate", targetType: "token", targetId: site.id, before: null, after: null }),
    ],
    [newEvent(deps, site, "site.updated", ownerActor(actor), { fields: ["ownerToken"] })],
  );
  return token;
}

export function isOwnerToken(site: SiteRecord, token: string): Promise<boolean> {
  return tokenMatchesHash(token, site.ownerTokenHash);
}

/** An origin may write to a site when it is the worker's own origin or in the site's allowed list. */
export function isOriginAllowed(site: SiteRecord, origin: string, selfOrigin: string): boolean {
  return origin === selfOrigin || site.settings.origins.includes(origin);
}
