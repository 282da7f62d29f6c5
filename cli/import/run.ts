// The import pipeline shared by every format: thread keys from URLs (or --map), replies held back until their
// parent has gone (a parent may come later in the file), the checks each comment passes (checks.ts), batches sent
// (post.ts) while the next one is read, a file read up to where it breaks off (until-broken.ts), a progress bar,
// and the summary (summary.ts). A dry run sends nothing.
import { statSync } from "node:fs";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits.ts";
import { ApiError, type Api } from "../api.ts";
import { Batch, sizeOf } from "./batch.ts";
import { watchCtrlC } from "../interrupt.ts";
import { checkThreadKey, ClosedPages, commentAuthor, commentBody, commentDate, commentWithoutId, parseDate, statusProblem } from "./checks.ts";
import { detachedReplies, type Detached } from "./detached.ts";
import type { ThreadMap } from "./mapping.ts";
import { createProgressBar, SendMeter, type ProgressBar } from "./progress.ts";
import { datedWithinPages } from "./page-dates.ts";
import { postBatch, type WireComment, type WireThread } from "./post.ts";
import { newSummary, threadFacts, type ImportSummary } from "./summary.ts";
import type { BrokenFileError, Reader, SourceComment, SourceRef, Status } from "./types.ts";
import { untilBroken } from "./until-broken.ts";

/** Requests at once: batches without a parent in flight go in parallel with the ones before them. */
const IN_FLIGHT = 3;
/** Thread entries per request: as many as the import route takes (200 of the longest keys are 626 KB of JSON). */
const BATCH_THREADS = IMPORT_LIMITS.threads;

export interface ImportOptions {
  api: Api;
  site: string;
  format: string;
  file: string;
  reader: Reader;
  map: ThreadMap;
  dryRun: boolean;
  /** Draw the progress bar (on standard error). */
  progress: boolean;
  /** The progress total: the file's bytes by default. */
  total?: number;
  /**
   * Put before each comment's id in the file (and its parent's): a second blog's file, whose ids repeat the first's,
   * comes in as comments of its own. The same prefix on every run of that file.
   */
  idPrefix?: string;
}

const refOf = (r: SourceRef) => `${r.source}:${r.sourceId}`;
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const bar = createProgressBar(options.progress);
  // Ctrl-C stops the reading: the requests in flight are waited for and the summary says what was written.
  const ctrlC = watchCtrlC();
  // The bar's timer keeps Node running: it stops however the import ends, or a failed one would never exit.
  try {
    return await importFile(options, bar, () => ctrlC.pressed);
  } finally {
    bar?.stop();
    ctrlC.dispose();
  }
}

async function importFile(options: ImportOptions, bar: ProgressBar | null, interrupted: () => boolean): Promise<ImportSummary> {
  const started = performance.now();
  const summary = newSummary(options);
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);
  const fail = (ref: string, reason: string, code?: string) => summary.failed.push(code ? { ref, reason, code } : { ref, reason });
  // Comments that failed before they were sent, each with the failure its chain of parents began with. A reply to
  // one fails too: imported top-level, it would stay there when a later run brings the fixed parent. A later copy
  // of one is a duplicate, as it is of a comment sent.
  const failedHere = new Map<string, { ref: string; reason: string }>();
  const failHere = (ref: string, reason: string, cause = { ref, reason }) => {
    fail(ref, reason);
    failedHere.set(ref, cause);
  };

  // What the summary counts of a comment sent (its date repaired, sent top-level), until the worker answers: one it
  // fails is then taken out of the counts, which count what the site holds. Bounded by the requests in flight.
  const noted = new Map<string, (Detached | "datesRepaired")[]>();
  const note = (ref: string, counts: (Detached | "datesRepaired")[]) => {
    for (const k of counts) summary[k] += 1;
    if (counts.length && !options.dryRun) noted.set(ref, counts);
  };

  // Pages: thread ref → key; thread ref → its URL; keys to lock; key → the earliest page date the file gives.
  const threadKeys = new Map<string, string | null>();
  const pageUrls = new Map<string, string>();
  const closedPages = new ClosedPages();
  const threadDates = new Map<string, string>();
  // What the worker has been told: locks, and the date each thread was sent with; the closed threads it says are
  // locked (a thread the owner opened after an earlier run stays open), or on a dry run the locks it would be sent.
  const sentLocks = new Set<string>();
  const lockedNow = new Set<string>();
  const sentDates = new Map<string, string>();
  // The threads that get comments or an empty lock, each with the URLs of the pages whose comments went into it
  // (only top-level comments say which: a reply goes into its parent's thread). An open page without comments
  // makes no thread and merges with none, nor does one whose every comment the worker failed: a thread is filled
  // once the worker has one of its comments. Until its answer, the page of each top-level comment sent.
  const threadsFilled = new Map<string, Set<string>>();
  const pageOf = new Map<string, { key: string; url: string }>();
  /** Counts the threads of the top-level comments of a batch the worker answered, but those it failed. */
  const landed = (comments: WireComment[], failed = new Set<string>()) => {
    for (const ref of comments.filter((c) => c.parent === null).map(refOf)) {
      const page = pageOf.get(ref);
      pageOf.delete(ref);
      if (page && !failed.has(ref)) threadsFilled.set(page.key, (threadsFilled.get(page.key) ?? new Set()).add(page.url));
    }
  };
  // Ordering: refs already sent, each with the thread it was sent in, and replies waiting for their parent.
  const emitted = new Map<string, string>();
  const waiting = new Map<string, SourceComment[]>();
  // The comments the reader left out (a pingback, a comment on a draft): a reply to one is no orphan.
  const skippedRefs = new Set<string>();

  const meter = new SendMeter(bar, options.total, options.total ?? statSync(options.file).size, () => summary.read);
  const tick = (bytes?: number) => meter.tick(bytes);

  const batch = new Batch();
  // Requests in flight, each with the refs it writes: a batch waits only for the requests holding its parents.
  const inflight: { done: Promise<void>; refs: Set<string> }[] = [];
  let requestError: unknown = null;
  // For the summary of an import a failed request stopped: whether any request was answered, the comments put into
  // requests, and those in requests that failed (written or not: no answer says which).
  let answered = false;
  let sent = 0;
  let unanswered = 0;

  /**
   * What the worker is to learn about this batch's threads: page dates not sent yet (only threads that get comments
   * are dated here), and every lock, sent again with each batch that holds the thread's comments. The worker takes a
   * lock only while a thread has no comments, and batches in flight may land in any order: whichever lands first
   * for a thread brings the lock. A batch of at most BATCH_COMMENTS (batch.ts) names fewer threads than one request takes.
   */
  function threadUpdates(comments: WireComment[]): WireThread[] {
    // A reply is stored in its parent's thread, whatever page it names, and its top-level comment was sent before
    // it: only top-level comments say which threads get comments (a page named only by replies gets no thread).
    const keys = [...new Set(comments.filter((c) => c.parent === null).map((c) => c.thread))].filter(
      (key) => closedPages.locked.has(key) || (threadDates.has(key) && sentDates.get(key) !== threadDates.get(key)),
    );
    const updates = keys.map((key) => ({ key, locked: closedPages.locked.has(key), createdAt: threadDates.get(key) ?? null }));
    for (const t of updates) {
      if (t.locked) sentLocks.add(t.key);
      if (t.createdAt) sentDates.set(t.key, t.createdAt);
    }
    return updates;
  }

  async function settle(entry: { done: Promise<void> }) {
    await entry.done;
    if (requestError) throw requestError;
  }

  /** Sends the batch, with its threads' updates and the given locks of threads that have no comments. */
  async function flush(emptyLocks: WireThread[] = []) {
    if (requestError) throw requestError;
    const comments = batch.take();
    const threads = [...threadUpdates(comments), ...emptyLocks];
    if (comments.length === 0 && threads.length === 0) return;
    if (options.dryRun) {
      for (const c of comments) summary.byStatus[c.status] += 1;
      landed(comments);
      meter.done += comments.length;
      for (const t of threads) if (t.locked) lockedNow.add(t.key);
      tick();
      return;
    }
    // A reply must not reach the worker before its parent is written: wait for the requests that hold parents.
    const parents = new Set(comments.flatMap((c) => (c.parent ? [refOf(c.parent)] : [])));
    for (const entry of [...inflight]) {
      if ([...parents].some((p) => entry.refs.has(p))) await settle(entry);
    }
    if (inflight.length >= IN_FLIGHT) await settle(inflight[0]);
    sent += comments.length;
    const entry = {
      refs: new Set(comments.map(refOf)),
      done: postBatch(options.api, options.site, { comments, threads }).then(
        (result) => {
          summary.imported += result.inserted;
          summary.present += result.present;
          summary.idsKept += result.idsKept ?? 0;
          // The file's states of the comments the worker answered for (not those of a request that failed, written or
          // not, nor those never sent), less those it failed: it answers how many were present, not their states now.
          for (const c of comments) summary.byStatus[c.status] += 1;
          const statusOf = result.failed.length ? new Map(comments.map((c) => [`${c.source}:${c.sourceId}`, c.status])) : null;
          const failedRefs = new Set(result.failed.map((f) => `${f.source}:${f.sourceId}`));
          landed(comments, failedRefs);
          for (const c of comments) {
            const counts = noted.get(refOf(c));
            noted.delete(refOf(c));
            if (counts && failedRefs.has(refOf(c))) for (const k of counts) summary[k] -= 1;
          }
          for (const f of result.failed) {
            fail(`${f.source}:${f.sourceId}`, f.reason, f.code);
            const status = statusOf?.get(`${f.source}:${f.sourceId}`);
            if (status) summary.byStatus[status] -= 1;
          }
          for (const key of result.threads.locked) lockedNow.add(key);
          // Counted as sent, stored as tombstones: the summary counts what was stored.
          for (const [status, n] of Object.entries(result.blank ?? {}) as [Status, number][]) {
            summary.byStatus[status] -= n;
            summary.byStatus.deleted += n;
          }
          meter.done += comments.length;
          answered = true;
          tick();
        },
        (err) => {
          requestError ??= err;
          unanswered += comments.length;
        },
      ),
    };
    entry.done = entry.done.finally(() => inflight.splice(inflight.indexOf(entry), 1));
    inflight.push(entry);
  }

  /** The comment as it is sent, or null when it fails here (its replies then fail with it). */
  function send(c: SourceComment, parent: SourceRef | null, detached?: Detached): WireComment | null {
    const ref = refOf(c);
    const failedParent = parent && failedHere.get(refOf(parent));
    if (parent && failedParent) {
      const above = failedParent.ref === refOf(parent) ? "" : `, because ${failedParent.ref} above it failed`;
      failHere(ref, `its parent ${refOf(parent)} failed${above}: ${failedParent.reason}`, failedParent);
      return null;
    }
    // A reply is sent with the thread its parent was sent with, whatever page the file files it under (Disqus keeps a
    // reply's own page; Waline the address its page had when it was written): the worker stores it there, and fails
    // it only when the site has its parent on another page than that, a file of another blog whose ids repeat. Sent
    // with its own page, a reply to a parent stored by an earlier request or run was failed as such.
    const parentThread = parent && emitted.get(refOf(parent));
    const thread = parentThread ? { key: parentThread } : checkThreadKey(threadKeys.get(c.threadRef), c.threadRef);
    if ("reason" in thread) {
      failHere(ref, thread.reason);
      return null;
    }
    const status = statusProblem(c);
    if (status) {
      failHere(ref, status);
      return null;
    }
    const date = commentDate(c);
    const body = commentBody(c, pageUrls.get(c.threadRef));
    if ("reason" in body) {
      failHere(ref, body.reason);
      return null;
    }
    note(ref, [...(date.repaired ? ["datesRepaired" as const] : []), ...(detached ? [detached] : [])]);
    if (!parent) pageOf.set(ref, { key: thread.key, url: pageUrls.get(c.threadRef) ?? c.threadRef });
    const wire: WireComment = {
      source: c.source,
      sourceId: c.sourceId,
      parent,
      thread: thread.key,
      body: body.body,
      ...commentAuthor(c),
      status: c.status,
      createdAt: date.createdAt,
      ...(c.extra ?? {}),
    };
    emitted.set(ref, thread.key);
    return wire;
  }

  /** Puts a comment into the batch, sent first if the comment does not fit beside what it holds. */
  async function add(wire: WireComment) {
    const size = sizeOf(wire);
    if (!batch.fits(size)) await flush();
    batch.add(wire, size);
  }

  /** Sends a comment whose parent has gone or failed (or that has none), then every reply that waited for it, depth first. */
  async function release(first: SourceComment, parent: SourceRef | null, detached?: Detached) {
    const stack: [SourceComment, SourceRef | null][] = [[first, parent]];
    // Bounded: each comment is pushed once, when its parent is sent or fails.
    while (stack.length > 0) {
      const [c, p] = stack.pop() as [SourceComment, SourceRef | null];
      const wire = send(c, p, c === first ? detached : undefined);
      if (wire) await add(wire);
      if (batch.full()) await flush();
      const ref = refOf(c);
      const children = waiting.get(ref);
      if (children) {
        waiting.delete(ref);
        for (const child of children.reverse()) stack.push([child, child.parent]);
      }
    }
  }

  const heldBack = () => [...waiting.values()].reduce((n, list) => n + list.length, 0);
  const brokenOff = (err: BrokenFileError) => (summary.stopped = { cause: "brokenFile", reason: err.message, line: err.line, heldBack: heldBack() });
  // Odd dates are repaired within their thread (page-dates.ts); a page without a key is a thread of its own there.
  const threadOf = (ref: string) => {
    const key = threadKeys.get(ref) ?? `\n${ref}`;
    return { key, date: threadDates.get(key) };
  };
  const events = datedWithinPages(untilBroken(options.file, options.reader(options.file, tick), brokenOff), threadOf);
  /** Reads the file to its end (or where it stops) and sends everything; throws the first failed request's error. */
  async function importEvents() {
    for await (const event of events) {
      if (interrupted()) {
        summary.stopped = { cause: "interrupted", reason: "Interrupted.", line: null, heldBack: heldBack() };
        break;
      }
      if (event.type === "skip") {
        skip(event.reason);
        if (event.ref) skippedRefs.add(refOf(options.idPrefix ? { ...event.ref, sourceId: `${options.idPrefix}:${event.ref.sourceId}` } : event.ref));
        continue;
      }
      if (event.type === "empty") {
        summary.empty = { reason: event.reason, wrongFile: event.wrongFile };
        continue;
      }
      if (event.type === "thread") {
        const t = event.thread;
        const key = t.key ?? options.map.keyFor(t.url);
        threadKeys.set(t.ref, key);
        const checked = checkThreadKey(key, t.ref);
        if ("key" in checked) {
          pageUrls.set(t.ref, t.url || t.ref);
          closedPages.note(checked.key, t.closed);
          const date = parseDate(t.date ?? null);
          const known = threadDates.get(checked.key);
          if (date && (!known || date < known)) threadDates.set(checked.key, date);
        }
        continue;
      }
      const c = event.comment;
      if (options.idPrefix && c.sourceId) {
        c.sourceId = `${options.idPrefix}:${c.sourceId}`;
        if (c.parent) c.parent = { ...c.parent, sourceId: `${options.idPrefix}:${c.parent.sourceId}` };
      }
      summary.read += 1;
      const ref = refOf(c);
      if (!c.sourceId) {
        fail(commentWithoutId(c, pageUrls.get(c.threadRef)), "no id in the file");
        continue;
      }
      // The first copy of an id wins, also when it failed: a second one would stand in for it under its id.
      if (emitted.has(ref) || failedHere.has(ref)) {
        skip("duplicate in file");
        continue;
      }
      if (c.parent && !emitted.has(refOf(c.parent)) && !failedHere.has(refOf(c.parent))) {
        const list = waiting.get(refOf(c.parent)) ?? [];
        list.push(c);
        waiting.set(refOf(c.parent), list);
        continue;
      }
      await release(c, c.parent);
    }
    // A file read to its end: the comments in it are known. One that broke off or was interrupted holds more.
    if (!summary.stopped) meter.knownTotal = emitted.size + heldBack();
    tick();
    // Replies whose parent never came (or is on another page, or in a cycle of parents): kept, as top-level comments
    // of their thread (detached.ts). When the file broke off (or the import was interrupted), their parent may be
    // further on: they are held back (sent now, they would stay top-level for good), and so are the locks of pages
    // without comments; a run on the whole file sends them.
    if (!summary.stopped) for (const [c, why] of detachedReplies(waiting, [emitted.keys(), failedHere.keys()], skippedRefs)) await release(c, null, why);
    await flush();
    for (const entry of [...inflight]) await settle(entry);
    // Closed pages without comments, once every comment is in: each makes an empty locked thread, so that the page
    // stays closed when the widget is placed on it. Bounded: BATCH_THREADS locks a request.
    // A file with nothing of its format (a feed for an export) locks nothing either: it is refused as a whole.
    const emptyLocks = summary.stopped || summary.empty?.wrongFile ? [] : [...closedPages.locked].filter((key) => !sentLocks.has(key)).map((key) => ({ key, locked: true, createdAt: threadDates.get(key) ?? null }));
    for (const t of emptyLocks) threadsFilled.set(t.key, new Set());
    for (let i = 0; i < emptyLocks.length; i += BATCH_THREADS) await flush(emptyLocks.slice(i, i + BATCH_THREADS));
    for (const entry of [...inflight]) await settle(entry);
    if (requestError) throw requestError;
  }

  try {
    await importEvents();
  } catch (err) {
    if (err !== requestError || !(err instanceof ApiError)) throw err;
    // The requests still in flight are waited for, so that the summary counts what they wrote.
    await Promise.all([...inflight].map((entry) => entry.done));
    // Refused before any answer (a wrong token, an unknown site): the error alone, as for a file that breaks off
    // before its first record.
    if (!answered) throw err;
    const details = err.details.map((d) => `${d.field}: ${d.message}`).join("; ");
    summary.stopped = {
      cause: "apiError",
      reason: `${err.code}: ${err.message}${details ? ` (${details})` : ""}`,
      line: null,
      heldBack: heldBack(),
      code: err.code,
      unanswered,
      notSent: emitted.size - sent,
    };
  }
  meter.finish(!summary.stopped);

  Object.assign(summary, threadFacts(threadsFilled));
  summary.lockedThreads = lockedNow.size;
  // Pages after the point where the import stopped were never asked about.
  [summary.mapUnused, summary.articleJoins] = [summary.stopped ? [] : options.map.unused(), options.map.joined()];
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  summary.peakMemoryMB = peakMB();
  return summary;
}
