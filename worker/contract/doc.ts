// The sanitized document tree that carries rich text (comments, articles) to readers.
// Only these node types exist; the widget renders them through Lit templates, never as HTML strings.

export type DocInline =
  | { t: "text"; v: string }
  | { t: "em"; c: DocInline[] }
  | { t: "strong"; c: DocInline[] }
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
  | { t: "hr" };

export type Doc = DocBlock[];

/**
 * The deepest nesting (blocks plus inlines) a tree the worker makes can have. Renderers treat anything deeper
 * as text, so even a hand-made or corrupted tree cannot overflow their stack.
 */
export const DOC_MAX_DEPTH = 24;

/** The `rel` every link in user or article content carries. */
export const LINK_REL = "nofollow ugc noopener noreferrer";
