// `parley import …`, `parley export` and `parley gdpr …`: moving a site's data in and out.
import { statSync } from "node:fs";
import type { Writable } from "node:stream";
import { Command, Argument } from "commander";
import { ApiError, paths, type Api } from "../api.ts";
import { contextOf, UsageError } from "../context.ts";
import { watchCtrlC } from "../interrupt.ts";
import { requireFile, write, writeWhole } from "../files.ts";
import { count, printJson, startedAs } from "../output.ts";
import { readArtalk } from "../import/artalk.ts";
import { readCommento } from "../import/commento.ts";
import { readDisqus } from "../import/disqus.ts";
import { readIsso } from "../import/isso.ts";
import { articlePages } from "../import/article-pages.ts";
import { loadMap } from "../import/mapping.ts";
import { parleyReader, readExport, restoreSite, type Restored } from "../import/parley.ts";
import { readRemark42 } from "../import/remark42.ts";
import { runImport } from "../import/run.ts";
import { formatHostWarning, formatPrefixWarning, formatSlashWarning, formatRestored, formatRestoreStopped, formatStopped, formatSummary } from "../import/summary.ts";
import type { Reader } from "../import/types.ts";
import { readWaline } from "../import/waline.ts";
import { readWordPress } from "../import/wordpress.ts";

const READERS: Record<string, Reader> = {
  disqus: readDisqus,
  wordpress: readWordPress,
  remark42: readRemark42,
  isso: readIsso,
  commento: readCommento,
  waline: readWaline,
  artalk: readArtalk,
};

/** Streams the site's export document: the head, then each part page by page, one item per line. */
export async function exportSite(api: Api, site: string, out: Writable) {
  const base = `${paths.site(site)}/export`;
  const head = await api.get<Record<string, unknown>>(base, { part: "site" });
  await write(out, `{"version":${JSON.stringify(head.version)},"exportedAt":${JSON.stringify(head.exportedAt)},"site":${JSON.stringify(head.site)}`);
  const counts: Record<string, number> = {};
  for (const part of ["articles", "threads", "comments", "bans", "webhooks"]) {
    await write(out, `,\n"${part}":[`);
    let cursor: string | undefined;
    let n = 0;
    for (let i = 0; i < 10_000_000; i++) {
      const page = await api.get<{ items: unknown[]; nextCursor: string | null }>(base, { part, cursor });
      for (const item of page.items) await write(out, `${n++ === 0 ? "" : ","}\n${JSON.stringify(item)}`);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    counts[part] = n;
    await write(out, "\n]");
  }
  await write(out, "}\n");
  return counts;
}

/** A word as a POSIX shell reads it: as is when it holds only plain characters, else in single quotes. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/**
 * The command that resumes a stopped import, to be printed with its summary: started as this one was (startedAs),
 * the same format, file, site and options, and the worker's address when the command line gave it. The token is
 * never printed: given with --token, it shows as TOKEN; from PARLEY_TOKEN, the command finds it there again.
 */
function resumeCommand(cmd: Command, format: string, file: string): string {
  const opts = cmd.optsWithGlobals<{ url: string; site: string; json?: boolean; map?: string; idPrefix?: string; progress: boolean; withProfile?: boolean; overwriteArticles?: boolean }>();
  const given = (key: string) => cmd.getOptionValueSourceWithGlobals(key) === "cli";
  const words = [
    ...startedAs(),
    ...(given("url") ? ["--url", opts.url] : []),
    ...(given("token") ? ["--token", "TOKEN"] : []),
    "--site",
    contextOf(cmd).site(),
    ...(opts.json ? ["--json"] : []),
    "import",
    format,
    file,
    ...(opts.map ? ["--map", opts.map] : []),
    ...(opts.idPrefix ? ["--id-prefix", opts.idPrefix] : []),
    ...(opts.progress ? [] : ["--no-progress"]),
    ...(opts.withProfile ? ["--with-profile"] : []),
    ...(opts.overwriteArticles ? ["--overwrite-articles"] : []),
  ];
  return words.map(shellWord).join(" ");
}

export function registerData(program: Command) {
  program
    .command("import")
    .description("Import comments from another system or a Parley export; idempotent (a second run inserts nothing) and resumable")
    .addArgument(
      new Argument("<format>", "the file's format").choices([...Object.keys(READERS), "parley"]),
    )
    .argument(
      "<file>",
      "the export file, plain or gzipped (Remark42: JSON lines; isso: its SQLite database; Commento, Waline, Artalk: JSON, up to 128 MiB)",
    )
    .option("--map <csv>", "CSV of old-url,thread-key overriding the default key (the page URL's path)")
    .option("--id-prefix <name>", "put NAME: before every comment id of the file, so that a second blog's comments (whose ids repeat the first's) come in as their own; give it on every run of that file")
    .option("--dry-run", "read everything and print the plan (threads, merges, comments per state); write nothing")
    .option("--no-progress", "no progress bar")
    .option("--with-profile", "import parley: also take the exported site's name, links, language and origins (a restore into the site the export was made of always does)")
    .option("--overwrite-articles", "import parley: also replace articles published or edited on the site since the export was made (kept by default)")
    .addHelpText(
      "after",
      `
Thread keys: by default the path of each page's URL (https://blog.example.com/2021/06/my-post/?utm=x
becomes /2021/06/my-post/), so <parley-comments> on that page finds them with no attribute. Query-string
variants of one page merge into one thread, and so do pages of one path on different hosts (a staging copy):
a warning names those hosts. A page that is an article's on the site (its url) is keyed by the article's slug.
--map overrides keys (for moved posts, article slugs, or to keep a host apart).
Ids: a comment's id in the file makes it the same comment on every run. Two blogs' files repeat ids (WordPress's,
isso's, Artalk's): a comment of another page under an id already imported fails, and --id-prefix NAME imports such
a file as comments of their own.

Examples:
  parley import disqus disqus-export.xml --site blog --dry-run
  parley import wordpress wordpress.xml --site blog --map moved.csv
  parley import remark42 backup-blog-20240101.gz --site blog
  parley import isso /var/lib/isso/comments.db --site blog
  parley import commento commento-export.json.gz --site blog
  parley import waline waline.json --site blog
  parley import artalk backup.artrans --site blog
  parley import parley blog-export.json --site blog-restored`,
    )
    .action(async (format: string, file: string, opts: { map?: string; idPrefix?: string; dryRun?: boolean; progress: boolean; withProfile?: boolean; overwriteArticles?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const site = ctx.site();
      if (opts.withProfile && format !== "parley") throw new UsageError("--with-profile is for `import parley` only.");
      if (opts.overwriteArticles && format !== "parley") throw new UsageError("--overwrite-articles is for `import parley` only.");
      if (opts.idPrefix !== undefined && format === "parley") throw new UsageError("--id-prefix is not for `import parley`: a Parley export's ids are its own.");
      if (opts.idPrefix !== undefined && !/^[\w.-]{1,40}$/.test(opts.idPrefix)) throw new UsageError("--id-prefix takes 1 to 40 letters, digits, dots, dashes or underscores.");
      requireFile(file);
      if (statSync(file).size === 0) throw new UsageError(`${file} is empty.`);
      let map;
      try {
        map = loadMap(opts.map);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      // A page whose comments belong to an article published with that page's address go to the article's thread.
      if (format !== "parley") map.joinArticles(await articlePages(ctx.api, site));
      let reader = READERS[format];
      let total: number | undefined;
      let restored: Restored | null = null;
      if (format === "parley") {
        let doc;
        try {
          doc = readExport(file);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        // Ctrl-C or a failed request stops the restore before its next step, and the comments are not imported then.
        const ctrlC = watchCtrlC();
        try {
          restored = await restoreSite(ctx.api, site, doc, {
            dryRun: opts.dryRun === true,
            withProfile: opts.withProfile === true,
            overwriteArticles: opts.overwriteArticles === true,
            interrupted: () => ctrlC.pressed,
          });
        } finally {
          ctrlC.dispose();
        }
        if (restored.stopped) {
          if (ctx.json) printJson({ restored });
          else for (const line of formatRestored(restored, { stoppedIn: { file, site } })) console.log(line);
          console.error(`parley: ${formatRestoreStopped(restored, resumeCommand(cmd, format, file))}`);
          // 130 is what a shell reports for a command stopped by Ctrl-C; 1, the API's error.
          process.exitCode = restored.stopped.cause === "interrupted" ? 130 : 1;
          return;
        }
        reader = parleyReader(doc);
        total = doc.comments.length;
      }
      let summary;
      try {
        summary = await runImport({
          api: ctx.api,
          site,
          format,
          file,
          reader,
          map,
          dryRun: opts.dryRun === true,
          progress: opts.progress && !ctx.json,
          total,
          idPrefix: opts.idPrefix,
        });
      } catch (err) {
        // Thrown only before anything was written (a failure part way is summed up instead): the API's refusals keep
        // their code (exit 1); anything else stopped the reading of the file at its start.
        if (err instanceof ApiError || err instanceof UsageError) throw err;
        throw new UsageError(`${file} could not be read as a ${format} file: ${(err as Error).message}`);
      }
      // A file with nothing of its format in it (a blog's feed for its export) is the wrong file: refused, as a
      // usage error. One that has pages but no comments imports nothing, and says so.
      if (summary.empty?.wrongFile) throw new UsageError(`found no comments in ${file}: ${summary.empty.reason}`);
      // A dry run restored nothing: its plan is "wouldRestore".
      if (ctx.json) printJson({ ...summary, ...(restored ? { [summary.dryRun ? "wouldRestore" : "restored"]: restored } : {}) });
      else {
        for (const line of formatSummary(summary)) console.log(line);
        if (restored) for (const line of formatRestored(restored, { dryRun: summary.dryRun })) console.log(line);
      }
      for (const warning of [formatHostWarning(summary), formatSlashWarning(summary)]) {
        for (const [i, line] of warning.entries()) console.error(i === 0 ? `parley: ${line}` : line);
      }
      for (const [i, line] of formatPrefixWarning(summary, opts.idPrefix).entries()) console.error(i === 0 ? `parley: ${line}` : line);
      if (summary.read === 0 && Object.keys(summary.skipped).length === 0 && !summary.stopped && format !== "parley") {
        console.error(`parley: warning: found no comments in ${file}: ${summary.empty?.reason ?? "it holds none that parley reads as comments."}`);
      }
      if (summary.stopped) {
        console.error(`parley: ${formatStopped(summary, resumeCommand(cmd, format, file))}`);
        // 130 is what a shell reports for a command stopped by Ctrl-C; 1, the API's error; 2, the file's.
        process.exitCode = { interrupted: 130, apiError: 1, brokenFile: 2 }[summary.stopped.cause];
      } else if (summary.failed.length > 0 || (restored?.webhooks.failed.length ?? 0) > 0) {
        // A comment left out, or a restore's webhook that could not be made (listed as failed), is a 1.
        process.exitCode = 1;
      }
    });

  program
    .command("export")
    .description("Export the whole site as one versioned JSON document (settings without secrets, articles, threads, every comment, bans, webhooks without their secrets)")
    .option("--out <file>", "write here instead of standard output")
    .action(async (opts: { out?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const site = ctx.site();
      const counts = await writeWhole(opts.out, (out) => exportSite(ctx.api, site, out));
      // The parts are plural nouns (articles, bans): each count takes the singular for one.
      // With --out, standard output is free: --json puts the counts there, for a script that keeps backups.
      if (opts.out && ctx.json) printJson({ out: opts.out, counts });
      else if (opts.out) console.error(`Exported site "${site}" to ${opts.out}: ${Object.entries(counts).map(([part, n]) => count(n, part.slice(0, -1))).join(", ")}.`);
    });

  const gdpr = program.command("gdpr").description("Data requests from one author, found by e-mail address (owner token; audited)");
  gdpr
    .command("export")
    .description("Every comment by this e-mail on the site, in every state, as JSON")
    .requiredOption("--email <address>", "the author's e-mail address")
    .option("--out <file>", "write here instead of standard output")
    .action(async (opts: { email: string; out?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const site = ctx.site();
      const comments: unknown[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 1_000_000; i++) {
        const page = await ctx.api.send<{ comments: unknown[]; nextCursor: string | null }>("POST", `${paths.site(site)}/gdpr/export`, {
          email: opts.email,
          ...(cursor ? { cursor } : {}),
        });
        comments.push(...page.comments);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const doc = { site, email: opts.email, exportedAt: new Date().toISOString(), comments };
      await writeWhole(opts.out, (out) => write(out, `${JSON.stringify(doc, null, 2)}\n`));
      if (opts.out && ctx.json) printJson({ out: opts.out, comments: comments.length });
      else if (opts.out) console.error(`Wrote ${count(comments.length, "comment")} by ${opts.email} to ${opts.out}.`);
    });
  gdpr
    .command("erase")
    .description("Erase this author's comments: text, name and e-mail go; each becomes a tombstone so replies stay in place")
    .requiredOption("--email <address>", "the author's e-mail address")
    .action(async (opts: { email: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const site = ctx.site();
      let erased = 0;
      for (let i = 0; i < 1_000_000; i++) {
        const r = await ctx.api.send<{ erased: number; more: boolean }>("POST", `${paths.site(site)}/gdpr/erase`, { email: opts.email });
        erased += r.erased;
        if (!r.more) break;
      }
      if (ctx.json) printJson({ erased });
      else console.log(`Erased ${count(erased, "comment")} by ${opts.email} on site "${site}".`);
    });
}

