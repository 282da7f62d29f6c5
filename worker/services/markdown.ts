// Markdown to the sanitized document tree, with its cost bounded before, while and after parsing:
// guard.ts escapes container markers past a per-line bound, parser.ts (markdown-it) spends a token budget
// and caps delimiter runs, nested labels and bare URL tries (linkify.ts), tree.ts keeps the allowlist, the depth bounds and the node budget.
// Anything past a bound stays as plain text: a comment is never refused for its shape.
import { treeShowsNothing } from "../contract/blank";
import type { Doc } from "../contract/doc";
import { addressBudget, LIMITS, MARKDOWN_LIMITS } from "../contract/limits";
import { invalidField } from "../lib/errors";
import { guardSource } from "./markdown/guard";
import { parseTokens } from "./markdown/parser";
import { TreeBuilder } from "./markdown/tree";

/**
 * Bump when the tree shape or the rules change; stored documents carry the version they were made with and
 * older ones are made again from their source on read. 2: markdown-it with bounded depth, runs and nodes.
 * 3: bare URLs (`https://…`, `www.…`) are links. 4: strikethrough (`~~wrong~~`). The bound on addresses
 * (MARKDOWN_LIMITS.addressCharsPerChar) came within 4: it changes only trees past it, which stay as they were stored
 * rather than every older comment being rendered again on each read.
 */
export const RENDERER_VERSION = 4;

/**
 * The same for articles, which have rules of their own: 5: GFM tables. An article stored before is made again from
 * its source when it is read (an article's view is cached), until it is next published.
 */
export const ARTICLE_RENDERER_VERSION = 5;

export interface RenderOptions {
  /** Article bodies (written by the owner) also allow headings and https images. */
  article: boolean;
}

/**
 * Where the parsed part of an article ends: after its first LIMITS.articleBodyChars characters (code points, as the
 * limit counts them), at the start of the line they end in. Only an article stored before the limit came down is
 * longer; when a newer renderer makes it again on read, the rest is kept as plain text, so that the read stays
 * within the CPU a request may spend.
 */
function parsedEnd(markdown: string, chars: number): number {
  if (markdown.length <= chars) return markdown.length;
  let i = 0;
  for (let n = 0; i < markdown.length && n < chars; i++, n++) {
    const c = markdown.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (markdown.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  if (i >= markdown.length) return markdown.length;
  const line = markdown.lastIndexOf("\n", i - 1);
  return line < 0 ? i : line + 1;
}

/** Converts markdown to a document tree that holds only allowlisted nodes and safe URLs, within the bounds. */
export function renderMarkdown(markdown: string, options: RenderOptions): Doc {
  const maxNodes = options.article ? MARKDOWN_LIMITS.articleNodes : MARKDOWN_LIMITS.commentNodes;
  const end = options.article ? parsedEnd(markdown, LIMITS.articleBodyChars) : markdown.length;
  const head = end < markdown.length ? markdown.slice(0, end) : markdown;
  const guarded = guardSource(head, options.article ? MARKDOWN_LIMITS.articleBlockWork : MARKDOWN_LIMITS.commentBlockWork);
  const tokens = parseTokens(guarded.source, {
    budget: maxNodes,
    labels: options.article ? MARKDOWN_LIMITS.articleLabels : MARKDOWN_LIMITS.commentLabels,
    urlTries: options.article ? MARKDOWN_LIMITS.articleUrlTries : MARKDOWN_LIMITS.commentUrlTries,
    tableCells: options.article ? MARKDOWN_LIMITS.articleTableCells : 0,
  });
  return new TreeBuilder({ article: options.article, maxNodes, addressChars: addressBudget(markdown.length, options.article) }).build(tokens, guarded.rest + markdown.slice(end));
}

/**
 * A comment's markdown as its tree, refused (VALIDATION_FAILED on `body`, as the request validation refuses text of
 * only spaces) when the tree shows nothing: only empty code blocks (a run of backticks or fences), rules, or links
 * without text.
 */
export function renderCommentBody(markdown: string): Doc {
  const tree = renderMarkdown(markdown, { article: false });
  if (treeShowsNothing(tree)) throw invalidField("body", "Must not be empty: it shows nothing.");
  return tree;
}
