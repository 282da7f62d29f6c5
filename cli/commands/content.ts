// `parley articles …`, `parley comments …` and `parley bans …`: the owner's day-to-day commands.
import { basename, extname } from "node:path";
import { Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { ApiError, listAll, MAX_LISTED, paths, type Api } from "../api.ts";
import { contextOf, UsageError } from "../context.ts";
import { readTextFile } from "../files.ts";
import { readDateMs } from "../import/checks.ts";
import { typedThreadKey } from "../import/mapping.ts";
import { wholeNumber } from "../options.ts";
import { count, printJson, printList } from "../output.ts";
import { embedCode } from "../../worker/contract/embed.ts";

/**
 * The front matter's date as an ISO date-time: a YAML date, or text read as the importer reads dates (readDateMs:
 * without a zone it is UTC; a unix time in seconds or milliseconds). Anything else, a day not on the calendar
 * (2024-02-30) too, is a usage error.
 */
function publishedAt(file: string, date: unknown): string {
  const ms = date instanceof Date ? date.getTime() : typeof date === "string" || typeof date === "number" ? readDateMs(String(date)) : NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`${file}: the front matter's date ${JSON.stringify(String(date))} is not a date (write it as 2024-05-01, or 2024-05-01T10:00:00+02:00).`);
  }
  return new Date(ms).toISOString();
}

/** A front matter value that YAML may read as a number (`slug: 12345`, `title: 2024`), as the text it was written as. */
const textOf = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? String(value) : value);

/**
 * `--expires`: a plain date is the start of that day in UTC; a date-time goes as written, for the API to check
 * (one in the past, say). What is no date at all ("tomorrow", "30d") is a usage error here.
 */
function expiresAt(value: string): string {
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso) ?? [];
  // No date at all ("tomorrow", ""), or a day not on the calendar (2027-02-30, which Date rolls over to March 2).
  if (!y || Number.isNaN(Date.parse(iso)) || new Date(Date.UTC(+y, +m - 1, +d)).getUTCDate() !== +d) {
    throw new UsageError(`--expires takes a date (2027-01-31, the start of that day in UTC) or an ISO 8601 date-time, not "${value}".`);
  }
  return iso;
}

/** The front matter keys `articles put` reads; `draft` and `published` only say whether the file is a draft. */
const FRONT_MATTER_KEYS = ["title", "slug", "author", "date", "publishedAt", "image", "url", "links", "draft", "published"];

/**
 * What marks a file as a draft in its front matter, as it is written there (`draft: true`, Hugo's; `published: false`,
 * Jekyll's), or null for a file to publish.
 */
function draftMark(front: Record<string, unknown>): string | null {
  if (front.draft === true || /^(true|yes)$/i.test(String(front.draft ?? ""))) return `draft: ${String(front.draft)}`;
  if (front.published === false || /^(false|no)$/i.test(String(front.published ?? ""))) return `published: ${String(front.published)}`;
  return null;
}

/**
 * An article file: `---` YAML front matter (title, date, links…), then the markdown body; the slug is the front
 * matter's, else the file's name. `draft` is what marks it as a draft (null: publish it); `ignored` lists the front
 * matter's other keys (tags, categories…), which the article does not hold.
 */
export function readArticleFile(file: string): { slug: string; slugFromName: boolean; body: Record<string, unknown>; draft: string | null; ignored: string[] } {
  const text = readTextFile(file).replace(/^\uFEFF/, "");
  const match = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/);
  let meta: Record<string, unknown> | null;
  try {
    meta = (match ? parseYaml(match[1]) : {}) as Record<string, unknown> | null;
  } catch (err) {
    throw new UsageError(`${file}: the front matter is not valid YAML: ${(err as Error).message}`);
  }
  const front: Record<string, unknown> = { ...meta };
  for (const key of ["title", "slug", "author"]) if (key in front) front[key] = textOf(front[key]);
  const markdown = (match ? match[2] : text).trim();
  if (typeof front.title !== "string" || !front.title.trim()) throw new UsageError(`${file}: the front matter needs a title.`);
  const date = front.date ?? front.publishedAt;
  const slugFromName = typeof front.slug !== "string";
  const slug = slugFromName ? basename(file, extname(file)) : (front.slug as string);
  // A list the API would never see is a mistake said, not a field dropped.
  if (front.links !== undefined && !Array.isArray(front.links)) throw new UsageError(`${file}: links must be a list, each with a network and a url (see the README's Site settings).`);
  return {
    slug,
    slugFromName,
    draft: draftMark(front),
    ignored: Object.keys(front).filter((key) => !FRONT_MATTER_KEYS.includes(key)),
    body: {
      title: front.title,
      body: markdown,
      ...(typeof front.author === "string" ? { author: front.author } : {}),
      ...(date === undefined ? {} : { publishedAt: publishedAt(file, date) }),
      ...(typeof front.image === "string" ? { image: front.image } : {}),
      ...(typeof front.url === "string" ? { url: front.url } : {}),
      ...(Array.isArray(front.links) ? { links: front.links } : {}),
    },
  };
}

interface ModerationComment {
  id: string;
  threadKey: string;
  authorName: string;
  status: string;
  createdAt: string;
  source: string;
  pinned: boolean;
  held: { code: string; word?: string } | null;
}

const ACTIONS = ["approve", "reject", "spam", "delete", "pin", "unpin", "restore"] as const;

/** Why the worker refuses to approve a comment whose text shows nothing (an imported blank), and what to do. */
const BLANK = "its text shows nothing (an imported blank): edit it in the dashboard before approving it";
const BLANKS = "their text shows nothing (imported blanks): edit them in the dashboard before approving them";

async function bulk(api: Api, site: string, ids: string[], action: string) {
  const result = {
    updated: [] as { id: string; status: string }[],
    unchanged: [] as string[],
    notFound: [] as string[],
    invalid: [] as string[],
    erased: [] as string[],
    withdrawn: [] as string[],
    blank: [] as string[],
  };
  for (let i = 0; i < ids.length; i += 100) {
    const r = await api.send<typeof result>("POST", `${paths.moderation(site)}/bulk`, { ids: ids.slice(i, i + 100), action });
    result.updated.push(...r.updated);
    result.unchanged.push(...r.unchanged);
    result.notFound.push(...r.notFound);
    result.invalid.push(...r.invalid);
    result.erased.push(...r.erased);
    result.withdrawn.push(...(r.withdrawn ?? []));
    result.blank.push(...(r.blank ?? []));
  }
  return result;
}

export function registerContent(program: Command) {
  const articles = program.command("articles").description("Publish, list and delete articles (owner token)");
  articles
    .command("put")
    .description("Publish or update an article from a markdown file with front matter (title, slug, author, date, image, links, url: its address on the blog)")
    .argument("<file>", "a .md file")
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { slug, slugFromName, body, draft, ignored } = readArticleFile(file);
      // A draft is not published by mistake: the blog itself does not show it yet.
      if (draft) {
        console.error(`parley: ${file} is a draft (its front matter says ${draft}): not published. To publish it, remove ${draft} from its front matter.`);
        process.exitCode = 1;
        return;
      }
      if (ignored.length) {
        console.error(`warning: ${file}: front matter ${ignored.length === 1 ? "key" : "keys"} ${ignored.join(", ")} ignored (an article holds its title, slug, author, date, image, url and links).`);
      }
      const put = ctx.api.send<{ article: { slug: string; title: string } }>("PUT", paths.articles(ctx.site(), slug), body);
      const { article } = await put.catch((err: unknown) => {
        // A slug the API refuses, from the file's name or its front matter: the file is wrong, so it is a usage error
        // that says where the slug came from and how to give another.
        const refused = err instanceof ApiError && err.details.find((d) => d.field === "slug");
        if (!refused) throw err;
        const from = slugFromName ? "the file's name" : "its front matter";
        const fix = slugFromName ? "Give one in the front matter (slug: my-post)." : "Give another there (slug: my-post).";
        throw new UsageError(`${file}: its slug "${slug}" comes from ${from}, which the API refuses: ${refused.message} ${fix}`);
      });
      if (ctx.json) return printJson(article);
      console.log(`Published "${article.title}" as ${article.slug}.`);
      // What to paste into the article's own page: the page script (README "The page script").
      const { pageScript } = embedCode(ctx.origin, ctx.site(), article.slug);
      console.log(`To embed it on its page:\n${pageScript.replace(/^/gm, "  ")}`);
      // As the dashboard says under the same code: a page in another language than the site's must name it.
      const script = `${ctx.origin}/a/${ctx.site()}/${article.slug}.js`;
      console.log(`In the site's language: on a page whose <html lang> says another (en-GB, say), add it: ${script}?lang=en-GB`);
    });
  articles
    .command("list")
    .description("List articles, newest first")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all } = await listAll<Record<string, unknown>>(ctx.api, paths.articles(ctx.site()), "articles");
      printList(ctx.json, { articles: all }, all, ["slug", "title", "author", "publishedAt"]);
    });
  articles
    .command("delete")
    .description("Delete an article")
    .argument("<slug>")
    .action(async (slug: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.send("DELETE", paths.articles(ctx.site(), slug));
      if (ctx.json) printJson({ deleted: slug });
      else console.log(`Deleted ${slug}.`);
    });

  const comments = program.command("comments").description("List and moderate comments (owner token)");
  comments
    .command("list")
    .description("List comments, newest first (the moderation queue)")
    .addOption(new Option("--status <status>", "only this state").choices(["pending", "published", "rejected", "spam", "deleted"]))
    .option("--thread <key>", "only this thread")
    .option("--author <name or e-mail>", "only this author's (their exact name, or an e-mail address as they gave it)")
    .option("--search <text>", "only those whose text or name holds this")
    .option("--limit <n>", "at most this many (1-1000000)", wholeNumber({ min: 1, max: MAX_LISTED, example: 100 }), 100)
    .action(async (opts: { status?: string; thread?: string; author?: string; search?: string; limit: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all, last } = await listAll<ModerationComment>(ctx.api, `${paths.moderation(ctx.site())}/comments`, "comments", {
        max: opts.limit,
        // A path typed as the browser shows it (`/blog/ä/`) names the thread the widget keys `/blog/%C3%A4/`.
        query: { status: opts.status, thread: opts.thread === undefined ? undefined : typedThreadKey(opts.thread), author: opts.author, q: opts.search },
      });
      const counts = last?.counts ?? null;
      // Why the worker held it: its code, and the blocked word that did ("blocked-word: casino"). A comment since
      // published or deleted shows none: what held it is over (--json keeps it).
      const heldFor = ({ held, status }: ModerationComment) =>
        held && status !== "published" && status !== "deleted" ? (held.word ? `${held.code}: ${held.word}` : held.code) : "";
      const rows = all.map((c) => ({ ...c, held: heldFor(c), text: c.source }));
      printList(ctx.json, { comments: all, counts }, rows, ["id", "status", "threadKey", "authorName", "createdAt", "held", "text"]);
    });
  for (const action of ACTIONS) {
    const sub = comments
      .command(action)
      .description(`${action[0].toUpperCase()}${action.slice(1)} comments by id${action === "approve" ? " (or every pending one with --all-pending)" : ""}`)
      .argument(action === "approve" ? "[ids...]" : "<ids...>", "comment ids");
    if (action === "approve") sub.option("--all-pending", "approve every comment awaiting moderation");
    sub.action(async (ids: string[], opts: { allPending?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const site = ctx.site();
      let targets = ids;
      if (opts.allPending) {
        if (ids.length) throw new UsageError("Give ids or --all-pending, not both.");
        let approved = 0;
        const blank: string[] = [];
        // The queue as it is now, page by page (newest first; the cursor is a place in that order, so approving a
        // page moves nothing after it): a comment whose text shows nothing stays pending (see BLANK), and the pages
        // after it are approved all the same. Bounded by the queue's size at 100 per round.
        let cursor: string | undefined;
        for (let round = 0; round < 100_000; round++) {
          const page = await ctx.api.get<{ comments: ModerationComment[]; nextCursor: string | null }>(`${paths.moderation(site)}/comments`, {
            status: "pending",
            limit: 100,
            cursor,
          });
          if (page.comments.length) {
            const r = await bulk(ctx.api, site, page.comments.map((c) => c.id), "approve");
            approved += r.updated.length;
            blank.push(...r.blank);
          }
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        if (ctx.json) printJson({ approved, blank });
        else {
          console.log(`Approved ${count(approved, "pending comment")}.`);
          if (blank.length) console.error(`${count(blank.length, "comment")} left pending: ${blank.length === 1 ? BLANK : BLANKS}.`);
        }
        return;
      }
      if (targets.length === 0) throw new UsageError("Name at least one comment id.");
      targets = [...new Set(targets)];
      const r = await bulk(ctx.api, site, targets, action);
      if (ctx.json) printJson(r);
      else {
        console.log(`${action}: ${r.updated.length} changed, ${r.unchanged.length} already so.`);
        // A restore brings each comment back to the state it had (a blank that was published: pending), so say which.
        if (action === "restore") for (const c of r.updated) console.log(`  ${c.id}: ${c.status}`);
        for (const id of r.notFound) console.error(`  ${id}: no such comment`);
        for (const id of r.invalid) {
          const why = r.erased.includes(id)
            ? "erased by a GDPR request, it stays a tombstone"
            : r.withdrawn.includes(id)
              ? "deleted by its author, with its text: it stays deleted"
              : r.blank.includes(id)
              ? BLANK
              : `cannot ${action} a comment in its current state`;
          console.error(`  ${id}: ${why}`);
        }
      }
      if (r.notFound.length) throw new ApiError(404, "COMMENT_NOT_FOUND", r.notFound.length == 1 ? "1 of the comments does not exist." : `${r.notFound.length} of the comments do not exist.`);
      if (r.invalid.length && r.erased.length === r.invalid.length) {
        const were = r.erased.length == 1 ? "1 of the comments was" : `${r.erased.length} of the comments were`;
        throw new ApiError(409, "COMMENT_ERASED", `${were} erased by a GDPR request and cannot be changed.`);
      }
      if (r.invalid.length && r.blank.length === r.invalid.length) {
        const show = r.blank.length == 1 ? "1 of the comments shows" : `${r.blank.length} of the comments show`;
        throw new ApiError(409, "COMMENT_BLANK", `${show} no text, and approving would publish a blank.`);
      }
      if (r.invalid.length) throw new ApiError(409, "INVALID_STATE", `${r.invalid.length} of the comments cannot be changed that way.`);
    });
  }

  const bans = program.command("bans").description("Ban authors by e-mail, IP or name (owner token)");
  bans
    .command("add")
    .description("Add a ban: by a value, or the author of a comment (--comment)")
    .addOption(new Option("--type <type>", "what to match").choices(["email", "ip", "name"]).makeOptionMandatory())
    .option("--value <value>", "the e-mail, IP address or name")
    .option("--comment <id>", "ban the author of this comment instead")
    .addOption(new Option("--mode <mode>", "visible: told they are banned; shadow: their comments only show to them").choices(["visible", "shadow"]).default("visible"))
    .option("--reason <text>", "why (kept for the owner)")
    .option("--expires <date>", "when the ban ends: a date (2027-01-31, the start of that day in UTC) or an ISO 8601 date-time")
    .action(async (opts: { type: string; value?: string; comment?: string; mode: string; reason?: string; expires?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      if ((opts.value === undefined) === (opts.comment === undefined)) throw new UsageError("Give either --value or --comment.");
      const { status, body } = await ctx.api.sendWithStatus<{ ban: Record<string, unknown> }>("POST", paths.bans(ctx.site()), {
        type: opts.type,
        ...(opts.value !== undefined ? { value: opts.value } : { commentId: opts.comment }),
        mode: opts.mode,
        ...(opts.reason ? { reason: opts.reason } : {}),
        ...(opts.expires === undefined ? {} : { expiresAt: expiresAt(opts.expires) }),
      });
      const ban = body.ban;
      // 200: the same ban was already in force, and the API added none; 201: a new ban.
      const created = status === 201;
      if (ctx.json) return printJson({ ...ban, created });
      console.log(`${created ? "Banned" : "Already banned"} (${ban.type}, ${ban.mode}): ${ban.hint} — id ${ban.id}`);
    });
  bans
    .command("list")
    .description("List bans, newest first")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all } = await listAll<Record<string, unknown>>(ctx.api, paths.bans(ctx.site()), "bans");
      printList(ctx.json, { bans: all }, all, ["id", "type", "hint", "mode", "active", "expiresAt", "reason"]);
    });
  bans
    .command("remove")
    .description("Remove a ban")
    .argument("<id>")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.send("DELETE", paths.bans(ctx.site(), id));
      if (ctx.json) printJson({ removed: id });
      else console.log(`Removed ban ${id}.`);
    });
}
