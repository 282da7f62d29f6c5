// CommonMark parsing (markdown-it, which runs cmark's pathological-input suite and resolves emphasis in
// linear time), with GFM's strikethrough, and Parley's bounds applied while it parses: a token budget per
// document, long delimiter runs as text, a cap on labels nested in labels, and bare URLs linked (./linkify)
// within a budget of URL tries. Nothing here recurses on user-controlled depth.
import MarkdownIt from "markdown-it";
import type { StateBlock, StateCore, StateInline, Token } from "markdown-it";
import { MARKDOWN_LIMITS } from "../../contract/limits";
import { enableLinkify, urlTriesLeft, withUrlTries } from "./linkify";
import { useFastStates } from "./states";

/** Per-document parse state, carried in markdown-it's `env`. */
interface ParseEnv {
  /** Inline tokens still allowed; once spent, the rest of every paragraph is text. */
  budget: number;
  /** Image labels being parsed one inside another (each one parses its label in a fresh inline state). */
  imageDepth: number;
  /** Links and images still allowed to be tried; once spent, brackets are text. */
  labels: number;
  /** GFM table cells still allowed (none in a comment); once spent, what would be a table is text. */
  tableCells: number;
}

type InlineRule = (state: StateInline, silent: boolean) => boolean;

// Block nesting costs two levels per list (list and item); the guard keeps lines far below this, and the
// parser's own cap (which drops the rest of a document) only backs it up.
const BLOCK_NESTING = 4 * MARKDOWN_LIMITS.linePrefixDepth + 8;

// Raw HTML is recognized as CommonMark defines it so that it can be kept as literal text, never markup.
const md = new MarkdownIt("commonmark", { html: true, maxNesting: BLOCK_NESTING });
// `~~wrong~~`, as GFM and the rivals' markdown have it (its delimiters are balanced with emphasis's, in linear time).
md.enable("strikethrough");
enableLinkify(md);
useFastStates(md);
// URLs are judged (and normalized by the URL parser) in the tree's allowlist, which keeps the text of a
// refused link instead of its markup; markdown-it's own normalizing costs microseconds per link.
md.validateLink = () => true;
md.normalizeLink = (url) => url;
md.normalizeLinkText = (url) => url;

function asEnv(env: unknown): ParseEnv {
  return env as ParseEnv;
}

/** Consumes `length` characters as plain text. */
function asText(state: StateInline, length: number, silent: boolean): true {
  if (!silent) state.pending += state.src.slice(state.pos, state.pos + length);
  state.pos += length;
  return true;
}

// Characters that stop markdown-it's text rule but that no enabled inline rule acts on (no typographer;
// `www.` is linked after parsing): a run of them is text in one step instead of one trip through every rule
// per character. `:` is the inline linkify rule's, and `~` strikethrough's, both handled apart.
const INERT = new Set([..."#$%+-=>@^{}"].map((ch) => ch.charCodeAt(0)));
const COLON = 0x3a;
const SLASH = 0x2f;
const TILDE = 0x7e;

/** Runs first at every inline position: applies the budget and the run and nesting caps. */
const bounds: InlineRule = (state, silent) => {
  const env = asEnv(state.env);
  if (state.tokens.length >= env.budget) return asText(state, state.posMax - state.pos, silent);
  const c = state.src.charCodeAt(state.pos);
  // Outside a label search a `]` closes nothing (a link's own `]` lies past posMax): a run of them is text.
  // A `://` is for the linkify rule to try while the document's URL tries last; any other run of colons is text.
  if (c === COLON && state.src.charCodeAt(state.pos + 1) === SLASH && state.src.charCodeAt(state.pos + 2) === SLASH && urlTriesLeft()) return false;
  if (INERT.has(c) || c === COLON || (c === 0x5d /* ] */ && !silent)) {
    let end = state.pos + 1;
    while (end < state.posMax && state.src.charCodeAt(end) === c) end++;
    return asText(state, end - state.pos, silent);
  }
  if (c === 0x2a /* * */ || c === 0x5f /* _ */ || c === TILDE) {
    let end = state.pos + 1;
    while (end < state.posMax && state.src.charCodeAt(end) === c) end++;
    // Only a run of exactly two tildes strikes through (as GFM has it): one, three or more are text.
    const text = c === TILDE ? end - state.pos !== 2 : end - state.pos > MARKDOWN_LIMITS.delimiterRun;
    return text ? asText(state, end - state.pos, silent) : false;
  }
  const label = c === 0x5b /* [ */ ? 1 : c === 0x21 /* ! */ && state.src.charCodeAt(state.pos + 1) === 0x5b ? 2 : 0;
  if (!label) return false;
  // A label needs a `]` after it: without one, the bracket is text at once instead of a scan to the end.
  const scanned = state as StateInline & { lastClose?: number };
  scanned.lastClose ??= state.src.lastIndexOf("]");
  if (scanned.lastClose < state.pos || env.labels <= 0) return asText(state, label, silent);
  if (state.level + env.imageDepth < MARKDOWN_LIMITS.labelNesting) {
    // Each try scans a label and a destination (up to 32 nested parentheses), so tries are counted.
    if (!silent) env.labels -= 1;
    return false;
  }
  // Too deep: while a label's end is being searched (silent), give up on it at once, as markdown-it does at
  // its own nesting cap, so each `[` costs a bounded scan; while tokenizing, the bracket is text.
  return silent ? asText(state, state.posMax - state.pos, true) : asText(state, label, false);
};

const image = md.inline.ruler.__rules__.find((r) => r.name === "image")?.fn;
if (!image) throw new Error("markdown-it has no image rule");
/** The image rule, counting how deep image labels are parsed inside one another. */
const countedImage: InlineRule = (state, silent) => {
  const env = asEnv(state.env);
  env.imageDepth += 1;
  try {
    return image(state, silent);
  } finally {
    env.imageDepth -= 1;
  }
};

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token("text", "", 0);
  token.content = content;
  return token;
}

/** Parses each paragraph's inlines while the budget lasts; after that, paragraphs stay plain text. */
function boundedInline(state: StateCore): void {
  const env = asEnv(state.env);
  for (const token of state.tokens) {
    if (token.type !== "inline") continue;
    const children: Token[] = (token.children = []);
    if (env.budget <= 0) {
      children.push(textToken(state, token.content));
      continue;
    }
    state.md.inline.parse(token.content, state.md, state.env, children);
    env.budget -= children.length;
  }
}

md.inline.ruler.before("text", "parley_bounds", bounds);
md.inline.ruler.at("image", countedImage);
md.core.ruler.at("inline", boundedInline);

// GFM tables, in articles only: a comment's `|` lines stay text, as they always were.
md.enable("table");
const table = md.block.ruler.__rules__.find((r) => r.name === "table")?.fn;
if (!table) throw new Error("markdown-it has no table rule");

/** The columns a delimiter row (`|---|:-:|`) names: its `|`-separated parts, the empty ones at its ends aside. */
function delimiterColumns(state: StateBlock, line: number): number {
  const parts = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]).split("|");
  return parts.length - (parts[0].trim() ? 0 : 1) - (parts.length > 1 && !parts[parts.length - 1].trim() ? 1 : 0);
}

/**
 * The table rule within the document's cells: a table of more columns than MARKDOWN_LIMITS.tableColumns, or once
 * the cells are spent, is not one; its rows past the cells left end it (they are read as what they would be
 * without it). Asked only whether a table starts here (`silent`, to end a paragraph), it answers as markdown-it
 * does, in a document that may have tables.
 */
function boundedTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const env = asEnv(state.env);
  if (env.tableCells <= 0) return false;
  if (silent) return table!(state, startLine, endLine, true);
  if (startLine + 2 > endLine || !table!(state, startLine, endLine, true)) return false;
  const columns = delimiterColumns(state, startLine + 1);
  const rows = Math.floor(env.tableCells / columns);
  if (columns < 1 || columns > MARKDOWN_LIMITS.tableColumns || rows < 1) return false;
  // The header and the delimiter row, then as many body rows as the cells left allow.
  if (!table!(state, startLine, Math.min(endLine, startLine + 1 + rows), false)) return false;
  env.tableCells -= columns * (state.line - startLine - 1);
  return true;
}
md.block.ruler.at("table", boundedTable, { alt: ["paragraph", "reference"] });

/** What one document may spend while it is parsed. */
export interface ParseBounds {
  /** Inline tokens made, about. */
  budget: number;
  /** Links and images tried. */
  labels: number;
  /** Bare URL matches tried. */
  urlTries: number;
  /** GFM table cells (0: no tables). */
  tableCells: number;
}

/** The token stream for a guarded source, within its bounds. */
export function parseTokens(source: string, bounds: ParseBounds): Token[] {
  const env: ParseEnv = { budget: bounds.budget, imageDepth: 0, labels: bounds.labels, tableCells: bounds.tableCells };
  return withUrlTries(bounds.urlTries, () => md.parse(source, env as unknown as Record<string, unknown>));
}
