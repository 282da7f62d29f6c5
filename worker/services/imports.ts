// Imports: one batch of comments (with their threads and bans) from another system or a Parley export, checked
// item by item, rendered by the same sanitizing renderer as every comment, written in one transaction. Each
// comment's id is derived from (site, source, sourceId), so a second run, or a resumed one, inserts nothing twice;
// a Parley comment or ban restored into the site it was made on is itself, and one restored elsewhere keeps its id
// when that is free (see ownId).
import { cleanAddress, cleanText, showsNothing } from "../contract/clean-text";
import { treeShowsNothing } from "../contract/blank";
import type { Doc } from "../contract/doc";
import { type ImportBatch, type ImportFailure, type ImportResult } from "../contract/owner-data";
import { IMPORT_LIMITS } from "../contract/import-limits";
import { EMAIL_ADDRESS } from "../contract/schemas";
import { LIMITS, charCount, headUnits } from "../contract/limits";
import { keyedHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { ERASED_REASON } from "../storage/exports";
import type { FoundIds, ImportBanRow, ImportRow, ImportThreadRow, StoredPlace } from "../storage/imports";
import type { SiteRecord } from "../storage/sites";
import { scopes } from "./cache";
import type { ServiceDeps } from "./context";
import { storedName } from "./fold";
import { hashEmail, maskEmail } from "./fingerprint";
import { RENDERER_VERSION, renderMarkdown } from "./markdown";

/** The id an imported comment gets on this site: the same on every run of the same import. */
export async function importedId(deps: ServiceDeps, siteId: string, source: string, sourceId: string): Promise<string> {
  if (!deps.secret) throw new AppError("MISCONFIGURED", "The worker has no PARLEY_SECRET; see the README's deploy steps.");
  return `i${(await keyedHash(deps.secret, "import-id", `${siteId}:${source}:${sourceId}`)).slice(0, 23)}`;
}

/**
 * Source "parley" names a comment or ban of a Parley export by its id there. Ids are unique across sites, so when
 * this site holds one with that id, it was made here (or kept by an earlier restore) and the item is that one
 * (found present), not a copy. Anywhere else it keeps that id when no site holds it, so that a backup restored on a
 * new deployment keeps its permalinks (`#comment-ID`), the links of the e-mails already sent and readers' edit
 * links; when another site of this database holds it (a copy of a blog into a staging site), or the id is not of a
 * shape Parley makes (a hostile file could name any text), the id is derived as for every source. Without the first
 * rule, restoring an export into its own site doubled everything posted through Parley.
 */
const OWN_SOURCE = "parley";

/**
 * The ids Parley makes: a posted comment's or a ban's (newId: 16 URL-safe characters, which before 2026-12-01 could
 * start with "-" or "_") and an imported comment's (importedId: "i" and 23 more).
 */
const PARLEY_ID = /^(?:[A-Za-z0-9_-]{16}|i[A-Za-z0-9_-]{23})$/;

/** What a lookup found of the ids a batch may take: the site's own, and those another site holds. */
interface Found {
  here: { has(id: string): boolean };
  elsewhere: Set<string>;
}

/**
 * The id an item gets on this site (see OWN_SOURCE). A restore that found the id taken gave it the derived id,
 * which it keeps when the id is free again: present under either, it is found by the lookup of both.
 */
function ownId(ref: { source: string; sourceId: string }, found: Found, derived: string): string {
  if (ref.source !== OWN_SOURCE) return derived;
  if (found.here.has(ref.sourceId)) return ref.sourceId;
  if (found.here.has(derived) || found.elsewhere.has(ref.sourceId) || !PARLEY_ID.test(ref.sourceId)) return derived;
  return ref.sourceId;
}

/** Whether an item resolved to `id` keeps its export's id (rather than a derived one). */
const keepsId = (ref: { source: string; sourceId: string }, id: string) => ref.source === OWN_SOURCE && id === ref.sourceId;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * A display name from another system: one clean line of at most LIMITS.authorNameChars characters (code points, as
 * the API counts them), cut between whole characters (an emoji, a flag, a family of joined emoji or a letter with its
 * marks is kept or left out whole); "Anonymous" when empty. One character longer than the whole bound (a chain of
 * joined emoji) is cut between its code points, without a joiner at its end. Reads IMPORT_LIMITS.nameChars at most.
 */
export function importedName(raw: string): string {
  const line = cleanText(headUnits(raw, IMPORT_LIMITS.nameChars)).replace(/\s+/g, " ");
  let name = "";
  let chars = 0;
  for (const { segment } of graphemes.segment(line)) {
    const more = charCount(segment);
    if (chars + more > LIMITS.authorNameChars) {
      if (chars === 0) name = [...segment].slice(0, LIMITS.authorNameChars).join("").replace(/\u200D+$/, "");
      break;
    }
    name += segment;
    chars += more;
  }
  return name.trim() || "Anonymous";
}

/**
 * 413 PAYLOAD_TOO_LARGE when the batch's comment bodies together pass IMPORT_LIMITS.bodyChars: rendering them would
 * take more CPU than a request may spend. Checked before anything is read or written, so the same comments sent
 * again in smaller requests import as they would have.
 */
function checkBodyChars(batch: ImportBatch): void {
  let chars = 0;
  for (const c of batch.comments) chars += charCount(c.body);
  if (chars <= IMPORT_LIMITS.bodyChars) return;
  const bound = IMPORT_LIMITS.bodyChars.toLocaleString("en-US");
  const message = `The comments' bodies together are ${chars.toLocaleString("en-US")} characters; one import request takes at most ${bound}. Send fewer comments per request.`;
  throw new AppError("PAYLOAD_TOO_LARGE", message, [{ field: "comments", message: `Bodies together must be at most ${bound} characters.` }]);
}

/** Applies one import batch: every comment that is valid and not yet there is written, in one transaction. */
export async function importBatch(deps: ServiceDeps, site: SiteRecord, batch: ImportBatch): Promise<ImportResult> {
  checkBodyChars(batch);
  const items = batch.comments;
  const derived = await Promise.all(items.map((i) => importedId(deps, site.id, i.source, i.sourceId)));
  const parentDerived = await Promise.all(items.map((i) => (i.parent ? importedId(deps, site.id, i.parent.source, i.parent.sourceId) : null)));
  const own = [...items, ...items.flatMap((i) => (i.parent ? [i.parent] : []))].filter((r) => r.source === OWN_SOURCE).map((r) => r.sourceId);
  const stored = await deps.stores.imports.findPlaces(site.id, [
    ...new Set([...derived, ...parentDerived.filter((p): p is string => p !== null), ...own]),
  ]);
  const banDerived = await Promise.all(batch.bans.map((b) => importedId(deps, site.id, `ban-${b.source}`, b.sourceId)));
  const ownBans = batch.bans.filter((b) => b.source === OWN_SOURCE).map((b) => b.sourceId);
  const storedBans = await deps.stores.imports.findBanIds(site.id, [...new Set([...ownBans, ...banDerived])]);
  const trees = new Map<number, Doc>();

  // Once for most batches; again when another site took an id this one would keep between the lookup and the
  // write (see ImportStore.write), with that id derived. Each time fewer ids are kept, so it ends.
  for (;;) {
    const plan = await planComments(deps, batch, stored, derived, parentDerived, trees);
    const { rows, threads } = plan;
    const bans: ImportBanRow[] = batch.bans.map((b, i) => ({
      id: ownId(b, storedBans, banDerived[i]),
      type: b.type,
      // A name ban exported before may be longer than bans now compare, or hold small capitals (see ./fold).
      value: b.type === "name" ? storedName(b.value) : b.value,
      hint: b.hint,
      mode: b.mode,
      reason: b.reason,
      expiresAt: b.expiresAt ? Date.parse(b.expiresAt) : null,
      createdAt: Date.parse(b.createdAt),
    }));
    const bansPresent = new Set(bans.filter((b) => storedBans.here.has(b.id)).map((b) => b.id)).size;
    if (rows.length === 0 && threads.size === 0 && bans.length === bansPresent) {
      const { present, failed, blank } = plan;
      return { inserted: 0, present, idsKept: 0, failed, blank, bans: { inserted: 0, present: bansPresent }, threads: { locked: [] } };
    }
    const kept = {
      comments: rows.filter((r) => keepsId(r, r.id)).map((r) => r.id),
      bans: bans.filter((b, i) => keepsId(batch.bans[i], b.id) && !storedBans.here.has(b.id)).map((b) => b.id),
    };
    const written = await deps.stores.imports.write(site.id, deps.now(), [...threads.values()], rows, bans, kept);
    if ("taken" in written) {
      const known = stored.elsewhere.size + storedBans.elsewhere.size;
      for (const id of written.taken.comments) stored.elsewhere.add(id);
      for (const id of written.taken.bans) storedBans.elsewhere.add(id);
      // Only ids this plan kept can be taken, and they were not known to be: a store that says otherwise is broken.
      if (stored.elsewhere.size + storedBans.elsewhere.size === known) throw new Error("The import store reported no new id taken.");
      continue;
    }
    // Imports announce no events (no webhook or e-mail for old comments): only the cached documents go stale.
    await deps.cache.bump(scopes.comments(site.id), ...[...threads.keys()].map((k) => scopes.thread(site.id, k)));
    return {
      inserted: written.comments,
      // A concurrent run of the same import may have written some of these between the check and the write.
      present: plan.present + rows.length - written.comments,
      idsKept: kept.comments.length,
      failed: plan.failed,
      blank: plan.blank,
      bans: { inserted: written.bans, present: bans.length - written.bans },
      threads: { locked: written.locked },
    };
  }
}

/** What a batch's comments come to: the rows to write, their threads, and what is present, blank or failed. */
interface CommentPlan {
  rows: ImportRow[];
  threads: Map<string, ImportThreadRow>;
  present: number;
  failed: ImportFailure[];
  blank: ImportResult["blank"];
}

/**
 * Places each comment of the batch, given what the lookup found (`stored`) and each comment's and parent's derived
 * id. Renders each body once into `trees`, kept for a second plan of the same batch.
 */
async function planComments(
  deps: ServiceDeps,
  batch: ImportBatch,
  stored: FoundIds<StoredPlace>,
  derived: string[],
  parentDerived: (string | null)[],
  trees: Map<number, Doc>,
): Promise<CommentPlan> {
  const items = batch.comments;
  const ids = items.map((item, i) => ownId(item, stored, derived[i]));
  const parentIds = items.map((item, i) => (item.parent ? ownId(item.parent, stored, parentDerived[i] as string) : null));
  const render = (i: number, body: string) => {
    const tree = trees.get(i) ?? renderMarkdown(body, { article: false });
    trees.set(i, tree);
    return tree;
  };
  const failed: ImportFailure[] = [];
  let present = 0;
  /** Ids of this batch found to be another page's comment under the same id (see below). */
  const conflicted = new Set<string>();
  const blank: ImportResult["blank"] = {};
  const placed = new Map<string, StoredPlace>();
  const rows: ImportRow[] = [];
  const threads = new Map<string, ImportThreadRow>();
  const touch = (key: string, at: number | null, locked = false, createdAt: number | null = null) => {
    const t = threads.get(key) ?? { key, locked: 0, openedAt: null, createdAt: null };
    if (locked) t.locked = 1;
    if (at !== null) t.openedAt = t.openedAt === null ? at : Math.min(t.openedAt, at);
    if (createdAt !== null) t.createdAt = t.createdAt === null ? createdAt : Math.min(t.createdAt, createdAt);
    threads.set(key, t);
  };
  for (const t of batch.threads) touch(t.key, null, t.locked, t.createdAt ? Date.parse(t.createdAt) : null);

  for (const [i, item] of items.entries()) {
    const id = ids[i];
    const parentId = parentIds[i];
    const body = cleanText(item.body);
    // A comment whose text shows nothing would show readers a blank: it comes in deleted, a tombstone that keeps
    // its replies in place (and its earlier state, for a restore). So does markdown that shows nothing (a picture
    // without words, only link reference definitions), told once it is rendered below.
    let blanked = item.status !== "deleted" && showsNothing(body);
    const here = stored.here.get(id) ?? placed.get(id);
    // A reply to another blog's comment whose id the site has (found so below, or by an earlier request: a reply
    // often comes in a later batch than its parent, and its parent is then the site's comment on another page) is
    // the other blog's too: found present it would be skipped, and new it would answer the site's comment. A reply
    // names its parent's page (the CLI sends it with the page it sent its parent with, whatever page the file files
    // the reply under), so a parent the site has on that page is its own, in any request or run.
    const storedParent = parentId !== null && !placed.has(parentId) ? stored.here.get(parentId) : undefined;
    if (parentId !== null && (conflicted.has(parentId) || (storedParent && storedParent.thread !== item.thread))) {
      conflicted.add(id);
      failed.push({
        source: item.source,
        sourceId: item.sourceId,
        code: "ID_ON_ANOTHER_PAGE",
        reason: `it answers ${item.parent?.source}:${item.parent?.sourceId}, which the site has as a comment of another page: is the file another blog's, whose ids repeat? Import it with --id-prefix NAME.`,
      });
      continue;
    }
    // The same source and id on another page is another comment: two blogs' WordPress ids (post:comment) repeat,
    // as isso's and Artalk's numbers do. Found present, it would be skipped without a word. (A reply names its
    // parent's page: see above.)
    if (here && here.thread !== item.thread) {
      conflicted.add(id);
      failed.push({
        source: item.source,
        sourceId: item.sourceId,
        code: "ID_ON_ANOTHER_PAGE",
        reason: `the site has a comment of another page (${here.thread}) under this ${item.source} id: is the file another blog's, whose ids repeat? Import it with --id-prefix NAME. (A --map that moves a page after its comments came in moves nothing.)`,
      });
      continue;
    }
    if (here) {
      present += 1;
      // Counted as the run that stored it counted it: markdown that shows nothing came in as a tombstone too.
      blanked ||= item.status !== "deleted" && treeShowsNothing(render(i, body));
      if (blanked) blank[item.status] = (blank[item.status] ?? 0) + 1;
      continue;
    }
    const parent = parentId ? (placed.get(parentId) ?? stored.here.get(parentId)) : null;
    if (parentId && !parent) {
      failed.push({ source: item.source, sourceId: item.sourceId, code: "PARENT_NOT_IMPORTED", reason: `parent ${item.parent?.source}:${item.parent?.sourceId} was not imported` });
      continue;
    }
    const createdAt = Date.parse(item.createdAt);
    const tree = render(i, body);
    blanked ||= item.status !== "deleted" && treeShowsNothing(tree);
    if (blanked) blank[item.status] = (blank[item.status] ?? 0) + 1;
    const status = blanked ? "deleted" : item.status;
    // A reply lives in its parent's thread, whatever thread the source named.
    const thread = parent ? parent.thread : item.thread;
    const cleaned = item.authorEmail ? cleanAddress(item.authorEmail) : "";
    const address = EMAIL_ADDRESS.test(cleaned) ? cleaned : null;
    const emailHash = address ? await hashEmail(deps, address) : item.emailHash;
    const row: ImportRow = {
      id,
      thread,
      parentId: parent ? parent.id : null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      // An erased comment (a Parley export's GDPR tombstone) keeps no name; any other comment without one, deleted or
      // not, is "Anonymous", so that a restore shows it as such.
      authorName: item.moderationReason === ERASED_REASON ? "" : importedName(item.authorName),
      bodySource: body,
      bodyTree: JSON.stringify(tree),
      rendererVersion: RENDERER_VERSION,
      status,
      createdAt,
      updatedAt: item.updatedAt ? Date.parse(item.updatedAt) : createdAt,
      // A deleted comment keeps its pin for a restore, as moderation leaves it.
      pinned: item.pinned && (status === "published" || status === "deleted") ? 1 : 0,
      editedBy: item.editedBy,
      statusBeforeDelete: blanked ? item.status : status === "deleted" ? item.statusBeforeDelete : null,
      ipHash: item.ipHash,
      emailHash,
      emailHint: address ? maskEmail(address) : emailHash ? item.emailHint : null,
      shadow: item.shadow ? 1 : 0,
      moderationReason: item.moderationReason,
      votes: item.votes,
      source: item.source,
      sourceId: item.sourceId,
    };
    rows.push(row);
    placed.set(id, { id, thread, rootId: row.rootId, depth: row.depth });
    touch(thread, createdAt);
  }
  // A page sent with comments of which none came in (all failed) makes no thread, closed or not: its lock was sent
  // with them (README). One sent without comments (a closed page that has none) still does.
  const failedRefs = new Set(failed.map((f) => `${f.source}:${f.sourceId}`));
  const reached = new Set(rows.map((r) => r.thread));
  for (const item of items) if (!failedRefs.has(`${item.source}:${item.sourceId}`)) reached.add(item.thread);
  for (const item of items) if (!reached.has(item.thread)) threads.delete(item.thread);
  return { rows, threads, present, failed, blank };
}
