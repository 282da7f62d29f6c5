// The sanitized document tree that carries rich text (comments, articles) to readers.
// Only these node types exist; the widget renders them through Lit templates, never as HTML strings.

export type DocInline =
  | { t: "text"; v: string }
  | { t: "em"; c: DocInline[] }
  | { t: "strong"; c: DocInline[] }
  | { t: "del"; c: DocInline[] }
  | { t: "code"; v: string }
  | { t: "br" }
  | { t: "a"; href: string; c: DocInline[] }
  | { t: "img"; src: string; alt: string };

export type DocBlock =
  | { t: "p"; c: DocInline[] }
  | { t: "h"; level: 2 | 3 | 4; c: DocInline[] }
  | { t: "quote"; c: DocBlock[] }
  | { t: "ul"; items: DocBlock[][] }
  | { t: "ol"; start: number; items: DocBlock[][] }
  | { t: "pre"; v: string }
  | { t: "hr" }
  | DocTable;

/** A cell's alignment: its column's, from the delimiter row (`:--`, `:-:`, `--:`); "" as the reader's text runs. */
export type DocAlign = "" | "left" | "center" | "right";
/** The alignments a cell may name; renderers write only these ("" writes none). */
export const DOC_ALIGNS: ReadonlySet<unknown> = new Set(["left", "center", "right"]);

/**
 * A GFM table (articles only): the header row's cells, then each body row's, every row as many cells as the
 * header has (a short row is filled with empty cells, a long one cut), each cell a run of inlines.
 */
export interface DocTable {
  t: "table";
  align: DocAlign[];
  head: DocInline[][];
  rows: DocInline[][][];
}

export type Doc = DocBlock[];

/**
 * The deepest nesting (blocks plus inlines) a tree the worker makes can have. Renderers treat anything deeper
 * as text, so even a hand-made or corrupted tree cannot overflow their stack.
 */
export const DOC_MAX_DEPTH = 24;

/** The `rel` every link in user or article content carries. */
export const LINK_REL = "nofollow ugc noopener noreferrer";

/**
 * Calls `visit` on each node of a tree of any depth, in document order, until it returns something true, and
 * then returns true. An explicit stack, not recursion: each node is visited once (JSON has no cycles), so it ends
 * after as many steps as the tree has nodes. What is not an object (a shape the API never sends) is skipped.
 */
export function someNode(tree: unknown, visit: (n: any) => unknown): boolean {
  const stack = [tree];
  while (stack.length) {
    const n = stack.pop() as any;
    if (Array.isArray(n)) for (let i = n.length; i--; ) stack.push(n[i]);
    else if (n && typeof n == "object") {
      if (visit(n)) return true;
      stack.push(n.items, n.c, n.head, n.rows);
    }
  }
  return false;
}

/** All the text in a tree, its nodes' joined with spaces: how renderers show what is nested past DOC_MAX_DEPTH. */
export function docText(tree: unknown): string {
  const out: string[] = [];
  someNode(tree, (n) => void out.push(typeof n.v == "string" ? n.v : typeof n.alt == "string" ? n.alt : ""));
  return out.join(" ");
}

/** The first `n` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair (an emoji, say). */
export function cutBefore(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** The most nodes `leadText` walks to find its text. */
const EXCERPT_NODES = 400;

/** Nodes that end a run of text (blocks, line breaks): the next text in a lead starts after a space. */
const TEXT_BREAKS: ReadonlySet<unknown> = new Set(["p", "h", "quote", "ul", "ol", "pre", "hr", "table", "br"]);

/**
 * The start of a tree's text as one line of at most `max` characters, ending with "…" where there is more, found in a
 * walk of at most EXCERPT_NODES (400) nodes. Text in one paragraph is joined as it reads (`**tr**oll` is "troll");
 * paragraphs, items and line breaks are joined with a space.
 */
export function leadText(tree: unknown, max: number): string {
  let text = "";
  let gap = false;
  let nodes = 0;
  const more = someNode(tree, (n) => {
    if (TEXT_BREAKS.has(n.t)) gap = text !== "";
    // A text, code or image node's own text; a code block's, after its break.
    const raw = typeof n.v == "string" ? n.v : typeof n.alt == "string" ? n.alt : "";
    let words = raw.slice(0, max + 1).replace(/\s+/g, " ");
    if (gap && words && !words.startsWith(" ")) words = ` ${words}`;
    if (!text || text.endsWith(" ")) words = words.trimStart();
    text += words;
    if (words) gap = false;
    return text.trimEnd().length > max || ++nodes > EXCERPT_NODES;
  });
  text = text.trim();
  return more ? `${cutBefore(text, Math.min(text.length, max - 1))}…` : text;
}

/** A comment with more characters of text than this, or more lines, shows folded until the reader unfolds it. */
export const FOLD_CHARS = 1600;
export const FOLD_LINES = 14;

/**
 * Whether a comment is long enough to fold (to about ten lines, with "Show more" under it): more text, or more
 * lines (paragraphs, headings, code blocks, rules, line breaks), than a reader wants to scroll past. It is decided
 * from the tree, not from the laid-out height, so that the server's HTML and the widget fold the same comments
 * before anything is measured, and nothing moves when the widget takes over. The count stops once it is over.
 */
export function isLong(doc: unknown): boolean {
  let chars = 0;
  let lines = 0;
  return someNode(doc, (n) => (chars += n.v?.length ?? 0) > FOLD_CHARS || (/^(p|h|pre|hr|br)$/.test(n.t) && ++lines > FOLD_LINES));
}
