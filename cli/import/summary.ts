// What an import did, counted as it runs (run.ts), and the lines `parley import` prints of it and of a restore.
import { cliCommand, count } from "../output.ts";
import { LIMITS } from "../../worker/contract/limits.ts";
import type { NotRestored, Restored } from "./parley.ts";
import type { Status } from "./types.ts";

export interface ImportSummary {
  format: string;
  file: string;
  site: string;
  dryRun: boolean;
  /**
   * The threads the import puts comments into, or locks while empty (a dry run: would): an open page without
   * comments makes none, so a WordPress export's pages, attachments and menu items are not counted.
   */
  threads: number;
  /** The file's closed threads that are locked after the import (a dry run: the locks it would send). */
  lockedThreads: number;
  /** Thread keys that the comments of several pages (query-string variants, duplicate threads) were merged into. */
  merges: { key: string; urls: string[] }[];
  /**
   * Those of the merges that joined pages on different hosts (a staging copy and the live site), by the hosts
   * joined: a key is a page's path whatever its host, so their comments now show on one page.
   */
  hostMerges: { hosts: string[]; threads: number; example: { key: string; urls: string[] } }[];
  /**
   * Threads whose keys differ only by a final slash (`/post` and `/post/`), each pair with the URLs of the pages that
   * went into the key without it: a page's address has one of the two, so the other's comments do not show on it.
   */
  slashTwins: { keys: [string, string]; urls: string[] }[];
  /** The `--map` URLs that no page of the file has (none when the import stopped before the file's end). */
  mapUnused: string[];
  /**
   * The file's pages keyed by the slug of the site's article published with that page's address as its `url`
   * (and no `--map` entry): `key` is the path they would have had.
   */
  articleJoins: { key: string; slug: string }[];
  read: number;
  /**
   * The comments in the site after the import (imported or already there), or on a dry run those it would send, by
   * the state the file gives them (one whose text shows nothing as the tombstone it is stored as); not those of
   * requests that failed (written or not) or not sent. One already there counts in the file's state, which is not
   * the site's when the owner has moderated it since: the worker does not answer a present comment's state.
   */
  byStatus: Record<Status, number>;
  imported: number;
  /** Of `imported`, the comments of a Parley export that kept their ids there (the others got new ones). */
  idsKept: number;
  present: number;
  skipped: Record<string, number>;
  /** `code` is the worker's, for the comments it failed (see ImportFailure); those failed here have none. */
  failed: { ref: string; reason: string; code?: string }[];
  /**
   * Replies sent as top-level comments, because their parent is not in the file (`orphans`), was skipped
   * (`parentsSkipped`: a pingback, a comment on a draft), is a comment on another page (`parentsElsewhere`: a reply
   * cannot cross threads), or their parents form a cycle (`cycles`: one comment
   * of each, its replies under it). These and `datesRepaired` count the comments the site holds after the import
   * (imported or already there), or on a dry run those it would send: not those that failed.
   */
  orphans: number;
  parentsSkipped: number;
  parentsElsewhere: number;
  cycles: number;
  datesRepaired: number;
  /**
   * Why the import stopped before the end of the file, or null: the file broke off (cut short, or not well-formed
   * from `line` on), the import was interrupted (Ctrl-C), or a request failed for good (the API's error `code`, in
   * `reason` with its message). What was read before is imported, except `heldBack` replies whose parent may come
   * later in the file; after a failed request, also except the `unanswered` comments of the requests that failed
   * (written or not: the next run finds out) and the `notSent` ones read but not sent yet.
   */
  stopped:
    | { cause: "brokenFile" | "interrupted"; reason: string; line: number | null; heldBack: number }
    | { cause: "apiError"; reason: string; line: null; heldBack: number; code: string; unanswered: number; notSent: number }
    | null;
  /**
   * Why the file's reader found no comment (and skipped none), as it can tell: nothing of its format in the file
   * (`wrongFile`: a feed for an export), or pages without comments. Null when it found some, or cannot tell.
   */
  empty: { reason: string; wrongFile: boolean } | null;
  seconds: number;
  peakMemoryMB: number;
}

/** The summary of an import that has read nothing yet. */
export function newSummary(options: { format: string; file: string; site: string; dryRun: boolean }): ImportSummary {
  return {
    format: options.format,
    file: options.file,
    site: options.site,
    dryRun: options.dryRun,
    threads: 0,
    lockedThreads: 0,
    merges: [],
    hostMerges: [],
    slashTwins: [],
    mapUnused: [],
    articleJoins: [],
    read: 0,
    byStatus: { published: 0, pending: 0, rejected: 0, spam: 0, deleted: 0 },
    imported: 0,
    idsKept: 0,
    present: 0,
    skipped: {},
    failed: [],
    orphans: 0,
    parentsSkipped: 0,
    parentsElsewhere: 0,
    cycles: 0,
    datesRepaired: 0,
    stopped: null,
    empty: null,
    seconds: 0,
    peakMemoryMB: 0,
  };
}

/** The merges of pages on different hosts, grouped by the hosts they joined (URLs that are paths have none). */
export function mergedHosts(merges: ImportSummary["merges"]): ImportSummary["hostMerges"] {
  const groups = new Map<string, ImportSummary["hostMerges"][number]>();
  for (const merge of merges) {
    const hosts = [...new Set(merge.urls.flatMap((url) => (URL.canParse(url) ? [new URL(url).host] : [])))].sort();
    if (hosts.length < 2) continue;
    const group = groups.get(hosts.join(" ")) ?? { hosts, threads: 0, example: merge };
    group.threads += 1;
    groups.set(hosts.join(" "), group);
  }
  return [...groups.values()];
}

/**
 * What the threads an import filled (each key with the URLs of the pages whose comments went into it) come to: how
 * many, those merged from several URLs, the merges across hosts, and the keys that differ only by a final slash.
 */
export function threadFacts(filled: Map<string, Set<string>>): Pick<ImportSummary, "threads" | "merges" | "hostMerges" | "slashTwins"> {
  const merges = [...filled].filter(([, urls]) => urls.size > 1).map(([key, urls]) => ({ key, urls: [...urls] }));
  const slashTwins = [...filled.keys()]
    .filter((key) => key.length > 1 && !key.endsWith("/") && filled.has(`${key}/`))
    .map((key) => ({ keys: [key, `${key}/`] as [string, string], urls: [...(filled.get(key) ?? [])] }));
  return { threads: filled.size, merges, hostMerges: mergedHosts(merges), slashTwins };
}

/**
 * The warning `parley import` gives on standard error when pages' paths differ only by a final slash (`/post` and
 * `/post/`): two threads, of which a page shows one; how to join them (`--map`, before importing). No lines when none.
 */
export function formatSlashWarning(s: ImportSummary): string[] {
  if (s.slashTwins.length === 0) return [];
  const [first] = s.slashTwins;
  const url = first.urls.find((u) => !u.includes(",")) ?? first.keys[0];
  const would = s.dryRun ? "would be" : s.slashTwins.length === 1 ? "was" : "were";
  return [
    `warning: ${count(s.slashTwins.length, "page")} ${would} split into two threads by a final slash, such as ${first.keys[0]} and ${first.keys[1]}: a page's address has one of the two, so the comments in the other do not show on it.`,
    ...s.slashTwins.slice(1, 10).map((t) => `  ${t.keys[0]} and ${t.keys[1]}`),
    ...(s.slashTwins.length > 10 ? [`  … and ${(s.slashTwins.length - 10).toLocaleString("en")} more (use --json for all)`] : []),
    `To join them, import with --map, a line per URL of the form without the slash, such as "${url},${first.keys[1]}"${s.dryRun ? "." : " (a dry run shows this before anything is written)."}`,
  ];
}

/** A host name that looks like a copy of a site rather than the site: a staging or test host, or a local address. */
const COPY_HOST = /(^|[.-])(staging|stage|stg|dev|test|preview|beta|qa|uat)([.-]|\d|$)|^localhost\b|^127\.|^\[?::1\]?\b/;

/**
 * The warning `parley import` gives on standard error when pages of several hosts were merged into one thread:
 * which hosts, into how many threads, and how to keep a host's pages apart (`--map`). No lines when none were.
 */
export function formatHostWarning(s: ImportSummary): string[] {
  if (s.hostMerges.length === 0) return [];
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : items[0]);
  const { hosts, example } = s.hostMerges[0];
  // The example keeps apart the host that looks like a copy (staging.…, a local address), else the longest name.
  const copy = hosts.find((h) => COPY_HOST.test(h)) ?? [...hosts].sort((a, b) => b.length - a.length)[0];
  const url = example.urls.find((u) => URL.canParse(u) && new URL(u).host === copy) ?? example.urls[0];
  return [
    `warning: pages on different hosts ${s.dryRun ? "would be" : "were"} merged into one thread: a thread key is the page's path, whatever its host, so their comments show on one page.`,
    ...s.hostMerges.slice(0, 10).map((m) => `  ${list(m.hosts)}: ${count(m.threads, "thread")}, such as ${m.example.key}`),
    ...(s.hostMerges.length > 10 ? [`  … and ${(s.hostMerges.length - 10).toLocaleString("en")} more sets of hosts (use --json for all)`] : []),
    "If these hosts are one site, that is what you want. To keep a host's pages apart (a staging copy), give them keys of",
    `their own with --map, a line per page such as "${url},/${copy}${example.key.startsWith("/") ? "" : "/"}${example.key}".`,
  ];
}

/**
 * The warning `parley import` gives when the worker failed comments as another blog's (ids the site has on other
 * pages) while the same run imported others: run again with the --id-prefix their reasons advise, the file's
 * comments this run imported would come in a second time, under the prefixed ids. No lines otherwise.
 */
export function formatPrefixWarning(s: ImportSummary, idPrefix: string | undefined): string[] {
  const clashes = s.failed.filter((f) => f.code === "ID_ON_ANOTHER_PAGE").length;
  if (idPrefix !== undefined || clashes === 0 || s.imported === 0 || s.dryRun) return [];
  return [
    `warning: ${count(clashes, "comment")} failed because the site has ${clashes === 1 ? "its id" : "their ids"} on other pages (another blog's file?), and this run imported ${count(s.imported, "other comment")}.`,
    `If you import the file again with --id-prefix, ${s.imported === 1 ? "that one comes" : `those ${s.imported.toLocaleString("en")} come`} in a second time under the prefixed ids. Delete them first, or`,
    "import the failed comments from a file that holds only them.",
  ];
}

/** The summary as the owner reads it. */
export function formatSummary(s: ImportSummary): string[] {
  const n = (v: number) => v.toLocaleString("en");
  const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const inSite = Object.values(s.byStatus).reduce((a, b) => a + b, 0);
  // The states of the comments that are in the site (or would be), then the rest of the comments read, so that they
  // add up (records that are not comments, skipped by the file's reader, are not read as comments).
  const duplicates = s.skipped["duplicate in file"] ?? 0;
  const rest = [
    ...(duplicates ? [`${n(duplicates)} ${duplicates === 1 ? "duplicate" : "duplicates"} in the file`] : []),
    ...(s.failed.length ? [`${n(s.failed.length)} failed`] : []),
    ...(s.stopped?.cause === "apiError" && s.stopped.unanswered ? [`${n(s.stopped.unanswered)} with no answer`] : []),
    ...(s.stopped?.cause === "apiError" && s.stopped.notSent ? [`${n(s.stopped.notSent)} not sent`] : []),
    ...(s.stopped?.heldBack ? [`${n(s.stopped.heldBack)} held back`] : []),
  ];
  const states = [
    Object.entries(s.byStatus)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(", "),
    rest.join(", "),
  ]
    .filter(Boolean)
    .join("; ");
  const upTo = !s.stopped ? "" : { interrupted: ", until interrupted", brokenFile: ", up to where the file breaks off", apiError: ", until a request failed" }[s.stopped.cause];
  const lines = [
    s.dryRun ? `Dry run: nothing was written. The plan for ${s.file} → site "${s.site}"${upTo}:` : `Imported ${s.file} (${s.format}) into site "${s.site}"${upTo}:`,
    `  threads           ${n(s.threads)}${s.lockedThreads ? ` (${n(s.lockedThreads)} locked)` : ""}${s.merges.length ? `, ${n(s.merges.length)} merged from several URLs` : ""}`,
    ...s.merges.slice(0, 10).map((m) => `    ${m.key} ← ${m.urls.join(", ")}`),
    ...(s.mapUnused.length ? [`  map unused        ${n(s.mapUnused.length)} (no page in the file has these URLs: check a trailing slash, the spelling)`] : []),
    ...s.mapUnused.slice(0, 10).map((url) => `    ${url}`),
    ...(s.mapUnused.length > 10 ? [`    … and ${n(s.mapUnused.length - 10)} more (use --json for all)`] : []),
    ...(s.articleJoins.length ? [`  article pages     ${n(s.articleJoins.length)} (keyed by the slug of the article whose url is the page)`] : []),
    ...s.articleJoins.slice(0, 10).map((j) => `    ${j.key} → ${j.slug}`),
    ...(s.articleJoins.length > 10 ? [`    … and ${n(s.articleJoins.length - 10)} more (use --json for all)`] : []),
    `  comments read     ${n(s.read)}${states ? ` (${states})` : ""}`,
  ];
  if (!s.dryRun) {
    // The worker answers how many comments were there already, not in which state: they count above as the file has them.
    const present = s.present ? " (counted above in the file's states; the site's may differ, moderated since)" : "";
    lines.push(`  imported          ${n(s.imported)}${keptIds(s)}`, `  skipped, present  ${n(s.present)}${present}`);
  } else {
    lines.push(`  would import      ${n(inSite)}${inSite ? " (any the site already has are skipped then)" : ""}`);
  }
  lines.push(
    `  skipped by rule   ${n(skipped)}${skipped ? ` (${Object.entries(s.skipped).map(([k, v]) => `${k} ${n(v)}`).join(", ")})` : ""}`,
    `  failed            ${n(s.failed.length)}`,
    ...s.failed.slice(0, 20).map((f) => `    ${f.ref}: ${f.reason}`),
    ...(s.failed.length > 20 ? [`    … and ${n(s.failed.length - 20)} more (use --json for all)`] : []),
  );
  if (s.orphans) lines.push(`  orphans           ${n(s.orphans)} (parent not in the file: top-level comments)`);
  if (s.parentsSkipped) lines.push(`  parent skipped    ${n(s.parentsSkipped)} (parent skipped by rule above: top-level comments)`);
  if (s.parentsElsewhere) lines.push(`  parent elsewhere  ${n(s.parentsElsewhere)} (parent on another page of the file: top-level comments)`);
  if (s.cycles) lines.push(`  parent cycles     ${n(s.cycles)} (replies whose parents form a cycle: one of each made top-level)`);
  if (s.datesRepaired) lines.push(`  dates repaired    ${n(s.datesRepaired)} (missing or unreadable: dated within their page, after its previous comment or its date)`);
  if (s.stopped?.heldBack) lines.push(`  held back         ${n(s.stopped.heldBack)} (replies whose parent may come later in the file)`);
  if (s.stopped?.cause === "apiError") {
    lines.push(
      `  no answer         ${n(s.stopped.unanswered)} (sent in the requests that failed: written or not, the next run finds out)`,
      `  not sent          ${n(s.stopped.notSent)} (read, waiting for the next request)`,
      `  stopped           a request failed: ${s.stopped.code} (run the same command again to resume)`,
    );
  } else if (s.stopped?.cause === "interrupted") lines.push("  stopped           interrupted (run the same command again to resume)");
  else if (s.stopped) lines.push(`  stopped           ${s.stopped.line ? `at line ${s.stopped.line}, ` : ""}where the file breaks off`);
  // A rate over less than a second says nothing (3 comments in 0.1 s are not 30 a second).
  const time = s.seconds < 0.1 ? "under 0.1 s" : s.seconds < 1 ? `${s.seconds} s` : `${s.seconds} s (${n(Math.round(s.read / s.seconds))} comments/s)`;
  lines.push(`  time              ${time}`, `  peak memory       ${s.peakMemoryMB} MB`);
  return lines;
}

/**
 * What `parley import` says on standard error when it stopped early: why (where the file broke off, the failed
 * request's error), what was kept, and how to go on: `command`, the one to run again.
 */
export function formatStopped(s: ImportSummary, command: string): string {
  const comments = (v: number) => count(v, "comment");
  const were = (v: number) => `${v.toLocaleString("en")} ${v === 1 ? "was" : "were"}`;
  // An error's message may end without a full stop (a proxy's "error code: 1102"): the sentences after it need one.
  const reason = (s.stopped?.reason ?? "").replace(/(?<![.?!])$/, ".");
  if (s.dryRun) return `${reason} A dry run read ${comments(s.read)} before it and wrote nothing.`;
  const file = s.stopped?.cause === "brokenFile" ? " on the repaired or complete file" : "";
  const unanswered =
    s.stopped?.cause === "apiError" && s.stopped.unanswered > 0
      ? ` ${were(s.stopped.unanswered)} sent in the requests that failed and may or may not be written.`
      : "";
  return `${reason} ${comments(s.imported)} ${s.imported === 1 ? "was" : "were"} imported before it (${were(s.present)} there already).${unanswered} What was written is kept: run the same command again${file} to import the rest; nothing is written twice:\n  ${command}`;
}

/**
 * What a restore (`import parley`) did besides comments, or on a dry run what it would do: printed after the
 * comments' summary, or alone, headed by the file and site, when Ctrl-C or a failed request stopped the restore
 * before the comments.
 */
export function formatRestored(r: Restored, options: { dryRun?: boolean; stoppedIn?: { file: string; site: string } } = {}): string[] {
  const w = r.webhooks;
  const { dryRun = false, stoppedIn } = options;
  const until = r.stopped?.cause === "apiError" ? "until a request failed" : "until interrupted";
  const lines = stoppedIn ? [`Restored ${stoppedIn.file} (parley) into site "${stoppedIn.site}", ${until}:`] : [];
  // "2 bans (already there)", "3 articles (1 already there)": what a second restore of the same export finds.
  const held = (n: number, present: number, noun: string) =>
    `${count(n, noun)}${present ? ` (${present === n ? "" : `${present.toLocaleString("en")} `}already there)` : ""}`;
  const done = [...(r.settings ? ["settings"] : []), held(r.articles, r.articlesPresent, "article"), held(r.bans, r.bansPresent, "ban"), count(w.created.length, "webhook")];
  lines.push(`  ${dryRun ? "would restore    " : "restored         "} ${done.join(", ")}`);
  if (r.stopped) lines.push(`  not restored      ${notRestored(r.stopped.notRestored)}`);
  // Changed on the site after the export was made: the owner's newer choice is not undone unasked.
  if (r.keptSettings.length) lines.push(`  settings          kept ${r.keptSettings.join(", ")} (changed since the export)`);
  // Published or edited on the site after the export was made: the owner's newer text is not replaced unasked.
  for (const slug of r.keptArticles.slice(0, 20)) lines.push(`  article           ${slug}: kept (changed since the export; --overwrite-articles replaces it)`);
  if (r.keptArticles.length > 20) lines.push(`  … and ${(r.keptArticles.length - 20).toLocaleString("en")} more articles kept (use --json for all)`);
  if (r.blockedWordsLeft) {
    lines.push(
      `  blocked words     not restored: the export's ${count(r.blockedWordsLeft, "word")} take more than the ${LIMITS.blockedWordsChars.toLocaleString("en")} characters a new list may have; set a shorter one with ${cliCommand("site set blockedWords=[…]")}`,
    );
  }
  if (r.profile === "kept") {
    const keep = dryRun ? "would keep" : "kept";
    lines.push(`  site profile      ${keep} this site's name, links, language and origins (the export is of site "${r.from}"; --with-profile takes them from it)`);
  }
  // The old secrets are never exported: each re-created webhook signs with a new one, shown this once.
  for (const hook of w.created) {
    const what = dryRun ? "would be re-created, with a new secret shown when it is" : `new secret ${hook.secret}`;
    lines.push(`  webhook           ${hook.url} (${hook.format}): ${what}`);
  }
  if (w.present) lines.push(`  webhooks present  ${w.present} (same URL and format; left as they are)`);
  for (const hook of w.paused) lines.push(`  webhook paused    ${hook} was paused in the export: ${dryRun ? "would not be" : "not"} re-created`);
  for (const f of w.failed) lines.push(`  webhook failed    ${f.url}: ${f.reason}`);
  if (r.stopped?.cause === "apiError") lines.push(`  stopped           a request failed: ${r.stopped.code} (run the same command again to resume)`);
  else if (r.stopped) lines.push("  stopped           interrupted (run the same command again to resume)");
  return lines;
}


/** What of an export a stopped restore left out: "the settings, 2 articles, 1 ban and 33 comments". */
function notRestored(n: NotRestored): string {
  const parts = [
    ...(n.settings ? ["the settings"] : []),
    ...(n.articles ? [count(n.articles, "article")] : []),
    ...(n.bans ? [count(n.bans, "ban")] : []),
    ...(n.webhooks ? [count(n.webhooks, "webhook")] : []),
    count(n.comments, "comment"),
  ];
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
}

/**
 * What `parley import parley` says on standard error when Ctrl-C or a failed request stopped its restore: why (the
 * error's code and message), what was left out, how to go on: `command`, the one to run again.
 */
export function formatRestoreStopped(r: Restored, command: string): string {
  const left = r.stopped ? notRestored(r.stopped.notRestored) : "";
  // An error's message may end without a full stop (a proxy's "error code: 1102"): the sentences after it need one.
  const reason = (r.stopped?.reason ?? "").replace(/(?<![.?!])$/, ".");
  return `${reason} Not restored: ${left}. What was written is kept: run the same command again to restore the rest; nothing is written twice:\n  ${command}`;
}

/**
 * For a restore, whether the comments it imported kept the ids they had in the export (their permalinks): those whose
 * id another site of the deployment has, or that came into the exported site from another system, get new ones.
 */
function keptIds(s: ImportSummary): string {
  if (s.format !== "parley" || s.imported === 0) return "";
  const fresh = s.imported - s.idsKept;
  if (fresh === 0) return " (with the ids they had)";
  const n = (v: number) => v.toLocaleString("en");
  return s.idsKept === 0 ? " (with new ids)" : ` (${n(s.idsKept)} with the ids they had, ${n(fresh)} with new ids)`;
}
