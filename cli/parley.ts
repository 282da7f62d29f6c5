#!/usr/bin/env -S node --max-semi-space-size=4
// `parley`: the site owner's and operator's command line, over Parley's HTTP API.
// Exit codes: 0 success, 1 the API refused (its code and message are printed), 2 a usage error, 130 an import stopped by Ctrl-C.
// A small young generation (--max-semi-space-size=4, in the line above and in `npm run parley`): an import
// makes garbage fast, and V8 would otherwise grow to ~190 MB of heap to hold 20 MB of live data.
import { Command, CommanderError, Option } from "commander";
import { ApiError } from "./api.ts";
import { registerContent } from "./commands/content.ts";
import { registerData } from "./commands/data.ts";
import { registerNotify } from "./commands/notify.ts";
import { registerRender } from "./commands/render.ts";
import { registerSites } from "./commands/sites.ts";
import { registerThreads } from "./commands/threads.ts";
import { DEFAULT_URL, UsageError } from "./context.ts";
import { cliCommand } from "./output.ts";

export function createProgram(): Command {
  const program = new Command("parley")
    .description("Manage Parley sites: settings, articles, moderation, threads, bans, webhooks and e-mail, imports, exports and GDPR requests; render articles as HTML.")
    .version("0.1.0")
    .addOption(new Option("--url <url>", "the worker's address").env("PARLEY_URL").default(DEFAULT_URL))
    .addOption(new Option("--token <token>", "owner token of the site (admin token for `sites`)").env("PARLEY_TOKEN"))
    .addOption(new Option("--site <id>", "the site to act on").env("PARLEY_SITE"))
    .option("--json", "print JSON instead of tables")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .addHelpText(
      "after",
      `
Environment: PARLEY_URL (default ${DEFAULT_URL}), PARLEY_TOKEN, PARLEY_SITE.
Exit codes: 0 success, 1 the API refused (its code and message are printed), 2 usage error, 130 import interrupted (Ctrl-C).

Examples:
  PARLEY_TOKEN=dev-admin-token parley sites create blog --name "My blog" --origin https://blog.example.com
  PARLEY_TOKEN=dev-owner-token parley --site demo comments list --status pending
  parley --site blog webhooks add https://hooks.slack.com/services/… --format slack
  parley --site blog threads lock hello-world
  parley --site blog import disqus export.xml --dry-run
  parley --site blog export --out blog.json
  parley render blog hello-world --page-url https://blog.example.com/hello-world/ --out comments.html`,
    );
  // Subcommands inherit exit handling and help formatting.
  program.configureHelp({ showGlobalOptions: true });
  registerSites(program);
  registerContent(program);
  registerThreads(program);
  registerNotify(program);
  registerData(program);
  registerRender(program);
  for (const cmd of allCommands(program)) cmd.exitOverride().showHelpAfterError("(run with --help for usage)");
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  let ran: Command | undefined;
  program.hook("preAction", (_program, action) => {
    ran = action;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with code 0; every other parse error is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      console.error(`parley: ${err.message}`);
      return 2;
    }
    if (err instanceof ApiError) {
      // Sent without a token: a mistake in how the CLI was called, told as one, not the API's Authorization header.
      if (err.code === "UNAUTHORIZED" && !(program.opts<{ token?: string }>().token ?? process.env.PARLEY_TOKEN)) {
        console.error("parley: Give the site's owner token with --token TOKEN (or set PARLEY_TOKEN); `sites` takes the admin token.");
        return 2;
      }
      console.error(`parley: ${err.code}: ${err.message}`);
      // An owner token where the operator's is needed (or the other way round): say which token the command takes.
      if (err.code === "UNAUTHORIZED" && ran?.parent?.name() === "sites") console.error(`  ${cliCommand("sites …")} takes the admin token (the worker's ADMIN_TOKEN), not a site's owner token.`);
      // The API's message names its details already (VALIDATION_FAILED's "field: message; …"): each once.
      for (const d of err.details) if (!err.message.includes(`${d.field}: ${d.message}`)) console.error(`  ${d.field}: ${d.message}`);
      return 1;
    }
    console.error(`parley: ${(err as Error).stack ?? err}`);
    return 1;
  }
}

// When what reads the output stops early (`parley … | head`), the pipe closes: stop quietly, as other Unix tools do,
// rather than crash on the next write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(0);
  });
}

// `npm run parley -- …` runs in the project's folder: file names given (`export --out backup.json`, `articles put
// post.md`) are the folder's where the command was typed, which npm names in INIT_CWD.
if (process.env.npm_lifecycle_event === "parley" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

process.exitCode = await main(process.argv.slice(2));
