// `parley sites …` (the operator, admin token) and `parley site …` (the owner's settings).
import type { Command } from "commander";
import { ApiError, listAll, MAX_LISTED, paths } from "../api.ts";
import { contextOf, UsageError } from "../context.ts";
import { wholeNumber } from "../options.ts";
import { count, printJson, printList, printTable } from "../output.ts";

/**
 * The API names the fields it refused (`origins.1`); `sites create` says which of its own arguments that was
 * instead (`--origin "ftp://x"`, `--name`, the site id), as a usage error.
 */
function asFlagError(err: unknown, origins: string[]): unknown {
  if (!(err instanceof ApiError) || err.code !== "VALIDATION_FAILED" || !err.details.length) return err;
  const argument = (field: string) => {
    const origin = /^origins\.(\d+)$/.exec(field);
    if (origin) return `--origin ${JSON.stringify(origins[Number(origin[1])] ?? "")}`;
    return field === "name" ? "--name" : field === "id" ? "the site id" : field;
  };
  return new UsageError(err.details.map((d) => `${argument(d.field)}: ${d.message}`).join("\n  "));
}

interface SiteView {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/**
 * What `site set` may change: the fields of the API's PATCH (updateSiteSchema in worker/contract/schemas.ts; a
 * CLI test keeps the two the same). Checked here so that a typo is a usage error naming the valid ones.
 */
const SETTINGS = [
  "name",
  "origins",
  "moderation",
  "editWindowMinutes",
  "autoCloseDays",
  "blockedWords",
  "blockedWordsAction",
  "maxLinks",
  "holdFirstComment",
  "minFillSeconds",
  "rateLimits",
  "links",
  "locale",
  "turnstileSiteKey",
  "turnstileSecret",
];

/** The fields of the settings that are groups (rateLimitsSchema in the contract; the same CLI test keeps them so). */
const GROUPS: Record<string, string[]> = { rateLimits: ["readerPerMinute", "threadPerMinute", "sitePerMinute"] };

/** Settings whose value is a list: `origins=a,b` means two origins. */
const LIST_KEYS = new Set(["origins", "blockedWords"]);
/** Settings whose value is text: `name=2024` names the site "2024" (null still clears an optional one). */
const TEXT_KEYS = new Set(["name", "locale", "turnstileSiteKey", "turnstileSecret"]);

/** `key=value` to a settings patch. Values are JSON when they parse as JSON, else text; dotted keys set one field of an object. */
export function parseAssignments(pairs: string[], current: Record<string, unknown>): Record<string, unknown> {
  const unknown = pairs.map((p) => p.slice(0, Math.max(p.indexOf("="), 0)).trim().split(".")[0]).filter((k) => k && !SETTINGS.includes(k));
  // The storage quota is shown with the settings but only the operator sets it (`sites quota`, admin token).
  if (unknown.includes("quota")) throw new UsageError("quota is set by the operator, not by the site's owner: parley sites quota SITE --comments-per-day N --bytes-per-day N, with the admin token.");
  if (unknown.length > 0) {
    const names = [...new Set(unknown)].map((k) => `"${k}"`).join(", ");
    throw new UsageError(`No setting ${names}. The settings are: ${SETTINGS.join(", ")}.`);
  }
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`Expected KEY=VALUE, got "${pair}".`);
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    // An empty origin list lets the widget load nowhere: only the explicit JSON `origins=[]` asks for that.
    if (key === "origins" && raw.split(",").every((o) => !o.trim())) {
      throw new UsageError('origins= with no origin would let the widget load on no page. Name them (origins=https://a.example,https://b.example), or give origins=[] if that is what you mean.');
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    if (TEXT_KEYS.has(key) && (typeof value === "number" || typeof value === "boolean")) value = raw;
    if (LIST_KEYS.has(key) && !Array.isArray(value)) value = raw === "" ? [] : raw.split(",").map((v) => v.trim()).filter(Boolean);
    const [head, ...rest] = key.split(".");
    if (rest.length === 0) {
      patch[head] = value;
      continue;
    }
    if (rest.length > 1) throw new UsageError(`"${key}": only one level of nesting, such as rateLimits.readerPerMinute.`);
    const base = (patch[head] ?? current[head] ?? {}) as Record<string, unknown>;
    if (typeof base !== "object" || Array.isArray(base)) throw new UsageError(`"${head}" is not a group of settings.`);
    patch[head] = { ...base, [rest[0]]: value };
  }
  // A group's unknown field (rateLimits.bogus=1, or in its JSON) is a typo too, named with the group's fields.
  for (const [group, fields] of Object.entries(GROUPS)) {
    const value = patch[group];
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    const wrong = Object.keys(value).filter((k) => !fields.includes(k));
    if (wrong.length > 0) throw new UsageError(`No setting ${wrong.map((k) => `"${group}.${k}"`).join(", ")}. The ${group} settings are: ${fields.join(", ")}.`);
  }
  return patch;
}

/** A quota as typed: 0 (no limit) or more. */
const quotaNumber = wholeNumber({ min: 0, example: 5000 });

export function registerSites(program: Command) {
  const sites = program.command("sites").description("Create and list sites (operator; needs the admin token)");

  sites
    .command("create")
    .description("Create a site; prints its owner token once")
    .argument("<id>", "site id: 1-64 lowercase letters, digits and dashes")
    .requiredOption("--name <name>", "the site's name")
    .option("--origin <url...>", "allowed origin(s), e.g. https://blog.example.com")
    .action(async (id: string, opts: { name: string; origin?: string[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const result = await ctx.api
        .send<{ site: SiteView; ownerToken: string }>("POST", "/sites", { id, name: opts.name, origins: opts.origin ?? [] })
        .catch((err: unknown) => Promise.reject(asFlagError(err, opts.origin ?? [])));
      // On standard error, so that it does not disturb --json's standard output.
      if (!opts.origin?.length) {
        console.error(
          `warning: no --origin: the widget loads on no page until the site names its blog's origin, e.g.\n  parley --site ${result.site.id} site set origins=https://blog.example.com`,
        );
      }
      if (ctx.json) return printJson(result);
      console.log(`Created site "${result.site.id}" (${result.site.name}).`);
      console.log(`Owner token (shown once; keep it secret): ${result.ownerToken}`);
    });

  sites
    .command("list")
    .description("List every site")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all } = await listAll<Record<string, unknown>>(ctx.api, "/sites", "sites");
      printList(ctx.json, { sites: all }, all, ["id", "name", "createdAt"]);
    });

  sites
    .command("quota")
    .description("Set a site's storage quota per UTC day (0 turns one off); audited")
    .argument("<id>", "the site's id")
    .requiredOption("--comments-per-day <n>", "comments the site may store per UTC day", quotaNumber)
    .requiredOption("--bytes-per-day <n>", "bytes of text and names the site may store per UTC day", quotaNumber)
    .action(async (id: string, opts: { commentsPerDay: number; bytesPerDay: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const quota = { commentsPerDay: opts.commentsPerDay, bytesPerDay: opts.bytesPerDay };
      const { site: view } = await ctx.api.send<{ site: SiteView }>("PUT", `${paths.site(id)}/quota`, quota);
      if (ctx.json) return printJson(view);
      const per = (n: number, noun: string) => (n === 0 ? `no limit on ${noun}s` : count(n, noun));
      console.log(`Site "${view.id}" may now store ${per(quota.commentsPerDay, "comment")} and ${per(quota.bytesPerDay, "byte")} a day.`);
    });

  const site = program.command("site").description("Show and change one site's settings (owner token)");

  site
    .command("show")
    .description("Show the site's settings (secrets are never shown, only whether they are set)")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { site: view } = await ctx.api.get<{ site: SiteView }>(`${paths.site(ctx.site())}/settings`);
      if (ctx.json) return printJson(view);
      printTable(
        [{ setting: "id", value: view.id }, { setting: "name", value: view.name }, ...Object.entries(view.settings).map(([setting, value]) => ({ setting, value }))],
        ["setting", "value"],
      );
    });

  site
    .command("set")
    .description("Change settings: KEY=VALUE … (JSON values; lists by commas; e.g. moderation=pre origins=https://a.example,https://b.example rateLimits.readerPerMinute=10)")
    .argument("<assignments...>", "KEY=VALUE pairs")
    .action(async (assignments: string[], _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      // The settings before, to say which of the keys sent changed (the API writes only those) and which already held.
      const { site: before } = await ctx.api.get<{ site: SiteView }>(`${paths.site(ctx.site())}/settings`);
      const patch = parseAssignments(assignments, before.settings);
      const { site: view } = await ctx.api.send<{ site: SiteView }>("PATCH", paths.site(ctx.site()), patch);
      if (ctx.json) return printJson(view);
      const valueOf = (site: SiteView, key: string) => JSON.stringify(key == "name" ? site.name : (site.settings as Record<string, unknown>)[key]);
      const keys = Object.keys(patch);
      // A secret (turnstileSecret) is never shown, so whether it changed cannot be told: it counts as sent.
      const changed = keys.filter((k) => (k != "name" && !(k in view.settings)) || valueOf(before, k) !== valueOf(view, k));
      const held = keys.filter((k) => !changed.includes(k));
      const already = held.length ? `${held.join(", ")} already ${held.length == 1 ? "was" : "were"} so` : "";
      if (!changed.length) return console.log(`Nothing changed on site "${view.id}": ${already}.`);
      console.log(`Updated ${changed.join(", ")} on site "${view.id}"${already && ` (${already})`}.`);
    });

  site
    .command("rotate-token")
    .description("Replace the owner token: the new one is shown once; the old one, and moderation links already sent, stop working")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { ownerToken } = await ctx.api.send<{ ownerToken: string }>("POST", `${paths.site(ctx.site())}/token`);
      if (ctx.json) return printJson({ ownerToken });
      console.log(`Owner token of site "${ctx.site()}" (shown once; keep it secret): ${ownerToken}`);
      console.error("The old token no longer works: set PARLEY_TOKEN to this one.");
    });

  site
    .command("stats")
    .description("Comments received per UTC day for the last 30 days, and how many wait for moderation")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const stats = await ctx.api.get<{ days: { date: string; comments: number }[]; queue: number }>(`${paths.site(ctx.site())}/stats`);
      if (ctx.json) return printJson(stats);
      printTable(stats.days, ["date", "comments"]);
      const total = stats.days.reduce((n, d) => n + d.comments, 0);
      console.log(`${count(total, "comment")} in ${count(stats.days.length, "day")}; ${stats.queue} awaiting moderation.`);
    });

  site
    .command("audit")
    .description("The audit log, newest first: who changed what (moderation, bans, settings, tokens, data requests)")
    .option("--limit <n>", "at most this many entries (1-1000000)", wholeNumber({ min: 1, max: MAX_LISTED, example: 50 }), 50)
    .action(async (opts: { limit: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all } = await listAll<Record<string, unknown>>(ctx.api, `${paths.site(ctx.site())}/audit`, "entries", { max: opts.limit });
      printList(ctx.json, { entries: all }, all, ["createdAt", "actor", "action", "targetType", "targetId"]);
    });
}
