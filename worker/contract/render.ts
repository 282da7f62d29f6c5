// The vocabulary of the server-rendered article and thread (/embed, /p): the query the fragment takes, and its
// English words, the same as the widget's English strings for what shows before any script runs, so that a
// hydrated element paints the same text.
import * as z from "zod";
import { EN } from "./labels";
import type { Network } from "./types";

/** What /embed takes: the host page's address, and the attributes passed through to <parley-article>. */
export const embedQuerySchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: "Give the host page's http(s) address." })
    .max(2048)
    .optional()
    .describe("The host page's address: share links and comment permalinks point there. Default: the page at /p/{site}/{slug}."),
  theme: z.enum(["light", "dark", "auto"]).optional().describe("Passed through as the element's theme attribute."),
  "heading-level": z.coerce.number().int().min(1).max(6).optional().describe("The article title's heading level; 1 by default."),
  "form-position": z.enum(["above", "below"]).optional().describe("Where the comment form goes: below the comments (default) or above."),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/, "A language tag such as en or pt-BR.")
    .optional()
    .describe("The interface language; dates are formatted in it (labels are English until the widget loads)."),
  api: z
    .url({ protocol: /^https?$/, error: "Give the worker's http(s) origin." })
    .max(200)
    .optional()
    .describe("Passed through as the element's api attribute (the worker's origin), for pages that load widget.js elsewhere."),
});
export type EmbedQuery = z.infer<typeof embedQuerySchema>;

/** Labels by key: the widget's English words (the `en` table), and the notice only the server shows. */
export const SERVER_LABELS = {
  ...EN,
  closed: EN.THREAD_LOCKED,
  needsScript: "Posting a comment needs JavaScript.",
} as const;

/** "1 comment", "3 comments". */
export const commentsLabel = (n: number) => (n === 1 ? EN.comments.one : EN.comments.other).replace("{n}", String(n));

/** "Share on X". */
export const shareOnLabel = (network: string) => EN.shareOn.replace("{name}", network);

/** The networks' names, for link labels. */
export const NETWORK_LABELS: Record<Network, string> = EN;

/** The parts <parley-article> exports from its <parley-comments> (the thread's own `body` as `comment-body`). */
export const THREAD_EXPORTPARTS = "heading,sort,comment,author,permalink,body:comment-body,badge,vote,replies,closed,form,input,button,error";
