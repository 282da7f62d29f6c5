// Parley's own export document (see `parley export`): restores settings, articles and bans through the API,
// and yields its threads and comments to the import pipeline, each keyed by its original (source, sourceId)
// so that a later import of the same Disqus or WordPress file into the restored site still inserts nothing twice.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits.ts";
import { ApiError, paths, retrying, type Api } from "../api.ts";
import { UsageError } from "../context.ts";
import { exportProblem } from "./export-shape.ts";
import { parseJson } from "./json-export.ts";
import { gzipError, startsGzip } from "./open.ts";
import { sameArticle, sameValue, siteArticle, writtenSinceExport, type WrittenSince } from "./site-now.ts";
// Types only: the CLI runs on Node's type stripping, which cannot load the worker's modules.
import type { EXPORT_VERSION as CONTRACT_VERSION, ExportedArticle, ExportedBan, ExportedComment, ExportedThread, ExportedWebhook } from "../../worker/contract/owner-data.ts";
import type { Webhook } from "../../worker/contract/notifications.ts";
import type { Reader, SourceEvent, SourceRef } from "./types.ts";

/** The version this reads: the contract's (the type fails to check when the contract's version moves on). */
export const EXPORT_VERSION: typeof CONTRACT_VERSION = 1;

/** The export document `parley export` writes: its head, then each part the export route pages through. */
interface ExportDocument {
  version: number;
  exportedAt: string;
  site: { id: string; name: string; settings: Record<string, unknown> };
  articles: ExportedArticle[];
  threads: ExportedThread[];
  comments: ExportedComment[];
  bans: ExportedBan[];
  /** Absent from exports made before webhooks were exported. */
  webhooks?: ExportedWebhook[];
}

/** What `import parley` restored besides comments; on a dry run, what it would restore. */
export interface Restored {
  /** Whether the site's name, links, language and origins were taken from the export, or the site kept its own. */
  profile: "restored" | "kept";
  /** The id of the site the export was made of. */
  from: string;
  /** Whether the settings were restored (a dry run: would be), but for those in `keptSettings`. */
  settings: boolean;
  /**
   * Settings kept as the site has them: they differ from the export's and were changed on the site after the export
   * was made (its audit log says so). Empty on a dry run, which reads nothing.
   */
  keptSettings: string[];
  /** Articles the site now holds as the export has them: written, or already the same. */
  articles: number;
  /** Of `articles`, those the site already had the same, left as they were. */
  articlesPresent: number;
  /**
   * Slugs of the articles kept as the site has them: they differ from the export's and were published or edited on
   * the site after the export was made (`--overwrite-articles` replaces them). Empty on a dry run, which reads nothing.
   */
  keptArticles: string[];
  /** Bans the site now holds as the export has them: written, or already there (as for articles). */
  bans: number;
  /**
   * Of `bans`, those the worker found already there (a ban written by a request whose answer was lost, and which was
   * sent again, counts here too).
   */
  bansPresent: number;
  /**
   * Blocked words of the export left out of the settings restored: a list saved before new lists were bounded
   * (LIMITS.blockedWordsChars), which only the site that has it may keep. 0 when the list was restored.
   */
  blockedWordsLeft: number;
  webhooks: {
    /**
     * Re-created, each with a new secret (the old ones are never exported); on a dry run, those that would be, with
     * a null secret (one is made when the webhook is).
     */
    created: { url: string; format: string; events: string[]; secret: string | null }[];
    /** Already on the site with the same URL and format. */
    present: number;
    /** URLs of webhooks paused in the export: not re-created. */
    paused: string[];
    failed: { url: string; reason: string }[];
  };
  /**
   * Set when the restore stopped before its comments, which were not imported then: Ctrl-C stopped it (once the
   * request in flight was answered), or a request failed (the API's error `code`, in `reason` with its message).
   * `notRestored` is what of the export was not restored. Null when it ran to its end.
   */
  stopped:
    | { cause: "interrupted"; reason: string; notRestored: NotRestored }
    | { cause: "apiError"; reason: string; code: string; notRestored: NotRestored }
    | null;
}

/** What of an export a stopped restore left out (a request that failed is counted here: written or not, it is sent again). */
export interface NotRestored {
  settings: boolean;
  articles: number;
  bans: number;
  webhooks: number;
  comments: number;
}

/** Reads an export document, plain or gzipped (`parley export | gzip`); a usage error names the file and what is wrong. */
export function readExport(file: string): ExportDocument {
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = (startsGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (err) {
    throw gzipError(file, err) ?? err;
  }
  const doc = parseJson(file, text, "a Parley export") as ExportDocument | unknown[] | null;
  const not = `${file} is not a Parley export`;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    const found = Array.isArray(doc) ? "an array" : doc === null ? "null" : `a ${typeof doc}`;
    throw new UsageError(`${not}: it holds ${found}, not an export's {"version": ${EXPORT_VERSION}, …} object.`);
  }
  if (typeof doc.version !== "number") throw new UsageError(`${not}: it has no "version".`);
  if (doc.version !== EXPORT_VERSION) {
    throw new UsageError(`${file} is a Parley export of version ${doc.version}; this parley reads version ${EXPORT_VERSION} (a newer export needs a newer parley).`);
  }
  // Checked whole, so that an edited or damaged file is refused before anything is sent, on a dry run too.
  const wrong = exportProblem(doc as unknown as Record<string, unknown>);
  if (wrong) throw new UsageError(`${not}: ${wrong}.`);
  return doc;
}

/** What makes a site itself rather than how it is moderated: its name, its public profile and where it is embedded. */
const PROFILE = new Set(["name", "links", "locale", "origins"]);

/**
 * Settings a site may be given through PATCH: everything but the write-only secret, its marker and the quota;
 * without the profile unless `withProfile`.
 */
function restorableSettings(doc: ExportDocument, withProfile: boolean): Record<string, unknown> {
  // The storage quota is the operator's to set (at site creation), never the owner's: it is not restored.
  const { turnstileSecretSet: _set, turnstileSecret: _secret, turnstileSiteKey: _key, quota: _quota, ...settings } = doc.site.settings;
  const all: Record<string, unknown> = { name: doc.site.name, ...settings };
  return withProfile ? all : Object.fromEntries(Object.entries(all).filter(([key]) => !PROFILE.has(key)));
}

/**
 * Re-creates the export's webhooks that were not paused and are not on the site yet (same URL and format), so a
 * second restore adds none. Their secrets are new: the receivers must be given them. Counts into `result` as it
 * goes, so that the secrets already made are shown when a request then fails. Stops before the next one once
 * `interrupted()`.
 */
async function restoreWebhooks(
  api: Api,
  site: string,
  hooks: ExportedWebhook[],
  dryRun: boolean,
  interrupted: () => boolean,
  result: Restored["webhooks"] = { created: [], present: 0, paused: [], failed: [] },
): Promise<Restored["webhooks"]> {
  const active = hooks.filter((h) => {
    if (h.pausedAt) result.paused.push(h.url);
    return !h.pausedAt;
  });
  if (active.length === 0) return result;
  const existing = dryRun ? [] : (await api.get<{ webhooks: Webhook[] }>(`${paths.site(site)}/webhooks`)).webhooks;
  const have = new Set(existing.map((w) => `${w.format} ${w.url}`));
  for (const h of active) {
    if (have.has(`${h.format} ${h.url}`)) {
      result.present += 1;
      continue;
    }
    if (dryRun) {
      result.created.push({ url: h.url, format: h.format, events: h.events, secret: null });
      continue;
    }
    if (interrupted()) break;
    try {
      const { secret } = await api.send<{ webhook: Webhook; secret: string }>("POST", `${paths.site(site)}/webhooks`, { url: h.url, events: h.events, format: h.format });
      result.created.push({ url: h.url, format: h.format, events: h.events, secret });
      have.add(`${h.format} ${h.url}`);
    } catch (err) {
      // A URL this deployment does not accept, or the site's webhook limit: the rest of the restore goes on. A
      // worker that failed (5xx, 429, no answer) stops the restore, as at its other steps: the next run resumes.
      if (!(err instanceof ApiError) || err.status === 0 || err.status === 429 || err.status >= 500) throw err;
      result.failed.push({ url: h.url, reason: `${err.code}: ${err.message}` });
    }
  }
  return result;
}

/**
 * Restores what is not comments: settings, articles (as markdown source, with their dates), bans and webhooks.
 * The site's name, links, language and origins are restored only into the site the export was made of, or when
 * `withProfile` asks: a copy of another site's data must not rename this one or move where it is embedded.
 * Ctrl-C (`interrupted()`) stops it before its next request, and so does a request that fails after the first
 * (the settings) was answered; `stopped` then says what was not restored. A refusal of the first request (a wrong
 * token, an unknown site) is thrown, as the import does: nothing was restored. Every step is idempotent, so
 * running the same restore again completes it.
 */
export async function restoreSite(
  api: Api,
  site: string,
  doc: ExportDocument,
  options: { dryRun: boolean; withProfile: boolean; overwriteArticles: boolean; interrupted: () => boolean },
): Promise<Restored> {
  const withProfile = options.withProfile || doc.site.id === site;
  const restored: Restored = {
    profile: withProfile ? "restored" : "kept",
    from: doc.site.id,
    settings: false,
    keptSettings: [],
    articles: 0,
    keptArticles: [],
    articlesPresent: 0,
    bans: 0,
    bansPresent: 0,
    blockedWordsLeft: 0,
    webhooks: { created: [], present: 0, paused: [], failed: [] },
    stopped: null,
  };
  if (options.dryRun) {
    const webhooks = await restoreWebhooks(api, site, doc.webhooks ?? [], true, () => false);
    return { ...restored, settings: true, articles: doc.articles.length, bans: doc.bans.length, webhooks };
  }
  const activeHooks = (doc.webhooks ?? []).filter((h) => !h.pausedAt).length;
  const notRestored = (): NotRestored => {
    const w = restored.webhooks;
    return {
      settings: !restored.settings,
      articles: doc.articles.length - restored.articles - restored.keptArticles.length,
      bans: doc.bans.length - restored.bans,
      webhooks: activeHooks - w.created.length - w.present - w.failed.length,
      comments: doc.comments.length,
    };
  };
  const stopped = () => {
    if (!options.interrupted()) return false;
    restored.stopped = { cause: "interrupted", reason: "Interrupted.", notRestored: notRestored() };
    return true;
  };
  try {
    await restoreSteps(api, site, doc, { withProfile, overwriteArticles: options.overwriteArticles }, restored, stopped, options.interrupted);
  } catch (err) {
    if (!(err instanceof ApiError) || !restored.settings) throw err;
    const details = err.details.map((d) => `${d.field}: ${d.message}`).join("; ");
    restored.stopped = { cause: "apiError", reason: `${err.code}: ${err.message}${details ? ` (${details})` : ""}`, code: err.code, notRestored: notRestored() };
  }
  return restored;
}

/**
 * PATCHes the export's settings into the site and returns how many blocked words were left out. A list saved before
 * new lists were bounded is refused for any site but the one that has it; the rest of the settings are restored
 * without it then, rather than the whole restore stopping at its first request.
 */
async function restoreSettings(api: Api, site: string, settings: Record<string, unknown>): Promise<number> {
  try {
    await api.send("PATCH", paths.site(site), settings);
    return 0;
  } catch (err) {
    const { blockedWords, ...rest } = settings;
    const refused = err instanceof ApiError && err.code === "VALIDATION_FAILED" && err.details.some((d) => d.field === "blockedWords");
    if (!refused || !Array.isArray(blockedWords) || err.details.length > 1) throw err;
    if (Object.keys(rest).length > 0) await api.send("PATCH", paths.site(site), rest);
    return blockedWords.length;
  }
}

/** The restore's requests, one step after another, counted into `restored`; returns early once `stopped()`. */
async function restoreSteps(
  plain: Api,
  site: string,
  doc: ExportDocument,
  options: { withProfile: boolean; overwriteArticles: boolean },
  restored: Restored,
  stopped: () => boolean,
  interrupted: () => boolean,
): Promise<void> {
  if (stopped()) return;
  // Every step but a webhook's creation writes the same thing when sent twice: sent again while the worker is busy.
  const api = retrying(plain);
  // Read once, when a setting or an article first differs from the export's.
  let writtenSince: WrittenSince | null = null;
  const since = async () => (writtenSince ??= await writtenSinceExport(api, site, doc.exportedAt));
  const { site: current } = await api.get<{ site: { name: string; settings: Record<string, unknown> } }>(`${paths.site(site)}/settings`);
  const now: Record<string, unknown> = { name: current.name, ...current.settings };
  // Only what differs is sent; a setting changed on the site after the export was made is the site's newer choice.
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(restorableSettings(doc, options.withProfile))) {
    if (sameValue(now[key], value)) continue;
    if ((await since()).settings.has(key)) restored.keptSettings.push(key);
    else settings[key] = value;
  }
  if (Object.keys(settings).length > 0) restored.blockedWordsLeft = await restoreSettings(api, site, settings);
  restored.settings = true;
  for (const a of doc.articles) {
    if (stopped()) return;
    const current = await siteArticle(api, site, a.slug);
    if (current && sameArticle(current, a)) {
      restored.articles += 1;
      restored.articlesPresent += 1;
      continue;
    }
    if (current && !options.overwriteArticles) {
      if ((await since()).articles.has(a.slug)) {
        restored.keptArticles.push(a.slug);
        continue;
      }
    }
    await api.send("PUT", paths.articles(site, a.slug), {
      title: a.title,
      body: a.body,
      publishedAt: a.publishedAt,
      ...(a.author ? { author: a.author } : {}),
      ...(a.image ? { image: a.image } : {}),
      ...(a.url ? { url: a.url } : {}),
      links: a.links,
    });
    restored.articles += 1;
  }
  // An article's PUT makes its thread, dated now; a thread keeps the earliest date it is given, so sending the
  // export's puts it back (one with comments would get it with them, but an empty one is sent nothing else).
  const slugs = new Set(doc.articles.map((a) => a.slug));
  const dates = doc.threads.filter((t) => slugs.has(t.key) && t.createdAt).map((t) => ({ key: t.key, createdAt: t.createdAt }));
  for (let i = 0; i < dates.length; i += IMPORT_LIMITS.threads) {
    await api.send("POST", `${paths.site(site)}/import`, { threads: dates.slice(i, i + IMPORT_LIMITS.threads) });
  }
  for (let i = 0; i < doc.bans.length; i += 100) {
    if (stopped()) return;
    const bans = doc.bans.slice(i, i + 100).map(({ id, ...b }) => ({ source: "parley", sourceId: id, ...b }));
    const answer = await api.send<{ bans?: { present: number } }>("POST", `${paths.site(site)}/import`, { bans });
    restored.bans += bans.length;
    restored.bansPresent += answer?.bans?.present ?? 0;
  }
  if (stopped()) return;
  await restoreWebhooks(plain, site, doc.webhooks ?? [], false, interrupted, restored.webhooks);
  stopped();
}

export function parleyReader(doc: ExportDocument): Reader {
  return async function* (_file, progress): AsyncGenerator<SourceEvent> {
    const refs = new Map<string, SourceRef>(doc.comments.map((c) => [c.id, { source: c.source ?? "parley", sourceId: c.sourceId ?? c.id }]));
    const known = new Set<string>();
    for (const t of doc.threads) {
      known.add(t.key);
      // Exports made before threads carried their date have none: the earliest comment's is taken.
      yield { type: "thread", thread: { ref: t.key, key: t.key, url: t.key, closed: t.locked, date: t.createdAt ?? null } };
    }
    for (const [i, c] of doc.comments.entries()) {
      if (i % 500 === 0) progress(i);
      if (!known.has(c.thread)) {
        known.add(c.thread);
        yield { type: "thread", thread: { ref: c.thread, key: c.thread, url: c.thread, closed: false } };
      }
      const ref = refs.get(c.id) as SourceRef;
      yield {
        type: "comment",
        comment: {
          ...ref,
          parent: c.parentId ? (refs.get(c.parentId) ?? { source: "parley", sourceId: c.parentId }) : null,
          threadRef: c.thread,
          authorName: c.authorName,
          authorEmail: null,
          date: c.createdAt,
          status: c.status,
          markdown: c.body,
          extra: {
            statusBeforeDelete: c.statusBeforeDelete,
            pinned: c.pinned,
            updatedAt: c.updatedAt,
            editedBy: c.editedBy,
            votes: c.votes,
            moderationReason: c.moderationReason,
            emailHash: c.emailHash,
            // Exports made before these fields existed have neither.
            emailHint: c.emailHint ?? null,
            ipHash: c.ipHash,
            shadow: c.shadow ?? false,
          },
        },
      };
    }
    progress(doc.comments.length);
  };
}
