// `parley render SITE SLUG`: the article and its first page of comments as HTML (the worker's /embed fragment), for a
// static-site build or a server-side include to put in the page; widget.js on that page hydrates it.
import { Command, Option } from "commander";
import { ApiError } from "../api.ts";
import { contextOf, UsageError } from "../context.ts";
import { write, writeWhole } from "../files.ts";

interface RenderOptions {
  out?: string;
  pageUrl?: string;
  theme?: string;
  headingLevel?: string;
  formPosition?: string;
  lang?: string;
}

/** The option each field of /embed's query comes from: its `url` is `--page-url` (`--url` names the worker). */
const FLAGS: Record<string, string> = { url: "--page-url", theme: "--theme", "heading-level": "--heading-level", "form-position": "--form-position", lang: "--lang" };

/** The API's refusal of an option's value (`--page-url not-a-url`) as a usage error naming the option, as typed. */
function asFlagError(err: unknown): unknown {
  if (!(err instanceof ApiError) || err.code !== "VALIDATION_FAILED" || !err.details.length || !err.details.every((d) => Object.hasOwn(FLAGS, d.field))) return err;
  return new UsageError(err.details.map((d) => `${FLAGS[d.field]}: ${d.message}`).join("\n  "));
}

export function registerRender(program: Command) {
  program
    .command("render")
    .description("Print an article with its first page of comments as HTML (Declarative Shadow DOM) to inline in a page")
    .argument("<site>", "the site id")
    .argument("<slug>", "the article's slug")
    .option("--out <file>", "write the fragment here instead of standard output")
    .option("--page-url <url>", "the address of the page the fragment goes in: share links and comment permalinks point there")
    .addOption(new Option("--theme <theme>", "the element's theme attribute").choices(["light", "dark", "auto"]))
    .addOption(new Option("--heading-level <n>", "the article title's heading level, 1 to 6").choices(["1", "2", "3", "4", "5", "6"]))
    .addOption(new Option("--form-position <where>", "where the comment form goes").choices(["above", "below"]))
    .option("--lang <tag>", "the interface language (dates are formatted in it)")
    .addHelpText(
      "after",
      `
The fragment is GET /embed/SITE/SLUG of the worker at --url (PARLEY_URL). Load widget.js on the page too:
  <script type="module" src="https://comments.example.com/widget.js"></script>

Examples:
  parley render blog hello-world --page-url https://blog.example.com/hello-world/ --out _includes/comments.html
  parley render blog hello-world --theme auto > fragment.html`,
    )
    .action(async (site: string, slug: string, opts: RenderOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const html = await ctx.api
        .text(`/embed/${encodeURIComponent(site)}/${encodeURIComponent(slug)}`, {
          url: opts.pageUrl,
          theme: opts.theme,
          "heading-level": opts.headingLevel,
          "form-position": opts.formPosition,
          lang: opts.lang,
        })
        .catch((err: unknown) => {
          throw asFlagError(err);
        });
      const text = `${html}\n`;
      await writeWhole(opts.out, (out) => write(out, text));
      if (opts.out) console.log(`Wrote ${slug} (${Buffer.byteLength(text)} bytes) to ${opts.out}.`);
    });
}
