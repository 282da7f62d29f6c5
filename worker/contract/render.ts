// The vocabulary of the server-rendered article and thread (/embed, /p): the query the fragment takes, and its
// words in each language, the same as the widget's strings for what shows before any script runs, so that a
// hydrated element paints the same text.
import * as z from "zod/mini";
import { queryInt } from "./query-numbers";
import { commentIdSchema, threadQuerySchema } from "./schemas";
import { kept } from "./dates";
import { EN, type FirstPaintLabels, type Plural } from "./labels";
import { AR } from "./labels/ar";
import { DE } from "./labels/de";
import { ES } from "./labels/es";
import { FR } from "./labels/fr";
import { JA } from "./labels/ja";
import { PT } from "./labels/pt";
import { ZH } from "./labels/zh";
import type { Network } from "./types";

/** `schema` with its description in the OpenAPI document. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** What /embed takes: the host page's address, and the attributes passed through to <parley-article>. */
export const embedQuerySchema = z.strictObject({
  url: described(
    z.optional(z.url({ protocol: /^https?$/, error: "Give the host page's http(s) address." }).check(z.maxLength(2048))),
    "The host page's address: share links and comment permalinks point there. Default: the page at /p/{site}/{slug}.",
  ),
  theme: described(z.optional(z.enum(["light", "dark", "auto"])), "Passed through as the element's theme attribute."),
  "heading-level": described(z.optional(queryInt(1, 6)), "The article title's heading level; 1 by default."),
  "form-position": described(z.optional(z.enum(["above", "below"])), "Where the comment form goes: below the comments (default) or above."),
  lang: described(
    z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/, "A language tag such as en or pt-BR."))),
    "The interface language: the labels and dates are in it (English for a language Parley does not speak).",
  ),
  api: described(
    z.optional(z.url({ protocol: /^https?$/, error: "Give the worker's http(s) origin." }).check(z.maxLength(200))),
    "Passed through as the element's api attribute (the worker's origin), for pages that load widget.js elsewhere.",
  ),
});
export type EmbedQuery = z.infer<typeof embedQuerySchema>;

/** What widget.js asks for when it fills a <parley-article> (GET …/articles/{slug}/rendered): the sort and the element's attributes. */
export const renderedQuerySchema = z.strictObject({
  sort: threadQuerySchema.shape.sort,
  "heading-level": embedQuerySchema.shape["heading-level"],
  "form-position": embedQuerySchema.shape["form-position"],
  // Whatever the page says, as widget.js sends it: pages say "en_US" too. The widget reads a tag that is not BCP 47
  // as English, and so does the render (localeOf); refusing it would cost such a page its first paint.
  lang: described(
    z.optional(z.string().check(z.maxLength(64))),
    "The element's `lang`, else the page's: the labels and dates are in it (English for a language Parley does not speak, or for a tag that is not BCP 47, such as `en_US`, as the widget reads it).",
  ),
});

/** The same for a <parley-comments> alone (GET …/threads/{thread}/rendered), which has no heading level. */
export const renderedThreadQuerySchema = z.omit(renderedQuerySchema, { "heading-level": true });

/** The page scripts' queries (/a/{site}/{slug}.js, /c/{site}/{thread}.js): the element's attributes, without the sort. */
export const articleScriptQuerySchema = z.omit(renderedQuerySchema, { sort: true });
export const threadScriptQuerySchema = z.omit(renderedThreadQuerySchema, { sort: true });

/** What the hosted page (/p/{site}/{slug}) takes; any other parameter (a campaign's, say) is ignored. */
export const hostedPageQuerySchema = z.object({
  cursor: described(
    threadQuerySchema.shape.cursor,
    "A later page of comments: the cursor its \"Load more\" link carries; with `replies`, the cursor of its \"Show more replies\" link.",
  ),
  replies: described(
    z.optional(commentIdSchema),
    "A top-level comment whose long reply chain to show (\"Show more replies\"): it and its replies after `cursor`, oldest first.",
  ),
  whole: described(z.optional(commentIdSchema), "A comment to show whole where the page shows only the start of long ones (\"Read the whole comment\")."),
});

/** The server-rendered HTML's words in each language Parley speaks besides English. */
const LANGUAGES: Record<string, FirstPaintLabels> = { ar: AR, de: DE, es: ES, fr: FR, ja: JA, pt: PT, zh: ZH };

/**
 * The server-rendered HTML's words in `locale`, found as the widget's t() finds them (the exact tag, else its
 * language; English for a language Parley does not speak), so that a hydrated element paints the same text.
 */
export function serverLabels(locale: string) {
  const own = [locale, locale.split("-")[0]].map((l) => (Object.hasOwn(LANGUAGES, l) ? LANGUAGES[l] : undefined)).find(Boolean);
  const words = own ? { ...EN, ...own } : { ...EN, needsScript: "Posting a comment needs JavaScript.", codeFailed: "The comment form could not be loaded. Reload the page to try again.", wholeComment: "Read the whole comment" };
  const forms: Plural = words.comments;
  // Plural rules of the language whose words these are, as t() picks them.
  const rules = own ? locale : "en";
  return {
    ...words,
    closed: words.THREAD_LOCKED,
    /** "1 comment", "3 comments", in the language's plural forms. */
    commentsLabel: (n: number) =>
      (forms[kept(`p${rules}`, () => new Intl.PluralRules(rules)).select(n)] ?? forms.other).replace("{n}", String(n)),
    /** "Share on X". */
    shareOnLabel: (name: string) => words.shareOn.replace("{name}", name),
  };
}

/** The parts <parley-article> exports from its <parley-comments> (the thread's own `body` as `comment-body`). */
export const THREAD_EXPORTPARTS = "heading,sort,comment,author,permalink,body:comment-body,badge,vote,replies,closed,form,input,button,error";
