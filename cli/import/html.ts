// HTML comment bodies to Parley's markdown through unified: rehype-parse reads the HTML (entities decoded,
// scripts and styles dropped by rehype-remark), remark-stringify writes markdown. The worker then renders that
// markdown with the same sanitizing renderer as every comment, so nothing here has to be trusted.
// A comment's markdown is CommonMark with GFM's strikethrough (`<del>`, `<s>`, `<strike>` become `~~…~~`): what HTML has
// beyond it (tables, task checks, super- and subscripts, frames) becomes text or a link.
import type { Element, ElementContent, Root, RootContent as HastContent } from "hast";
import type { Delete, Emphasis, Nodes, Paragraph, PhrasingContent, Root as MdastRoot, RootContent, Strong } from "mdast";
import { gfmStrikethroughToMarkdown } from "mdast-util-gfm-strikethrough";
import rehypeParse from "rehype-parse";
import rehypeRemark, { type Options as ToMdastOptions } from "rehype-remark";
import remarkStringify from "remark-stringify";
import { type Processor, type Transformer, unified } from "unified";
import { textOfHtml } from "./html-text.ts";

/** Text made only of emoji: pictographs, skin tones, flags, joiners and variation selectors. */
const EMOJI_ONLY = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\uFE0F\u20E3]+$/u;
/** Classes commenting systems give their emoji pictures: Waline's wl-emoji, WordPress's wp-smiley, Artalk's emoticons. */
const EMOJI_CLASS = /emoji|emoticon|smiley/i;

/**
 * What an emoji picture says as text, or null when the element is not one. An alt that is emoji is itself; a
 * name (Waline's "weibo_smile") becomes a :shortcode:; other alts (":)") stay as written.
 */
function emojiText(node: Element): string | null {
  if (node.tagName !== "img") return null;
  const alt = String(node.properties.alt ?? "").trim();
  if (!alt || alt.length > 40) return null;
  if (EMOJI_ONLY.test(alt)) return alt;
  if (!EMOJI_CLASS.test([node.properties.className ?? []].flat().join(" "))) return null;
  return /^[\w-]+$/.test(alt) ? `:${alt}:` : alt;
}

/**
 * Emoji pictures become their text, in the markdown too: a comment shows no images, and `Great post 😀` reads
 * better in the moderation queue and an edit than `Great post ![😀](https://unpkg.com/…/1f600.png)`. Other
 * pictures stay markdown images (shown as their alt text). Walks the tree with an explicit stack.
 */
function emojiAsText() {
  return (tree: Root) => {
    const stack: (Root | Element)[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop() as Root | Element;
      for (const [i, child] of node.children.entries()) {
        if (child.type !== "element") continue;
        const text = emojiText(child);
        if (text === null) stack.push(child);
        else node.children[i] = { type: "text", value: text };
      }
    }
  };
}

/** Disqus's link redirector: `https://disq.us/url?url=…` (and the older `http://disq.us/?url=…`). */
const DISQUS_REDIRECT = /^https?:\/\/disq\.us\/(url)?\?/i;

/**
 * Where a link through Disqus's redirector goes: its `url` parameter, without the `:` and signature Disqus appends
 * (`https://example.com/:Yz…`); null when it is no such link or names no http address.
 */
function redirectTarget(href: string): string | null {
  if (!DISQUS_REDIRECT.test(href) || !URL.canParse(href)) return null;
  const target = (new URL(href).searchParams.get("url") ?? "").replace(/:[\w-]{16,}$/, "");
  return /^https?:\/\//i.test(target) && URL.canParse(target) ? target : null;
}

/**
 * A relative address (`/about/`, `img/a.png`, `//cdn.example/a.png`) against the comment's page; null if it is not
 * one. A protocol-relative one takes the page's scheme, or https when the page is unknown.
 */
function resolved(address: string, base: URL | null): string | null {
  const from = base ?? (address.startsWith("//") ? new URL("https://x.invalid/") : null);
  if (!from || !address || address.startsWith("#") || /^[a-z][a-z\d+.-]*:/i.test(address) || !URL.canParse(address, from.href)) return null;
  return new URL(address, from).href;
}

/**
 * Links a Disqus export routes through its redirector (every outbound link of a Disqus comment) point at their
 * address again: once Disqus is gone they would lead nowhere, and meanwhile they tell Disqus every click. Links and
 * pictures addressed relative to the comment's page (`/about/`, `../img/a.png`, the blog author's links to their
 * own posts) get its address (`file.data.page`, when it is a web address), or the worker, which keeps only whole
 * addresses, would show their words alone. Walks the tree with an explicit stack.
 */
function fixAddresses(): Transformer<Root> {
  return (tree, file) => {
    const { page: address } = file.data as { page?: string };
    const page = address && /^https?:\/\//i.test(address) && URL.canParse(address) ? new URL(address) : null;
    const stack: (Root | Element)[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop() as Root | Element;
      for (const child of node.children) {
        if (child.type !== "element") continue;
        const name = child.tagName === "a" ? "href" : child.tagName === "img" || child.tagName === "iframe" ? "src" : null;
        const address = name ? String(child.properties[name] ?? "").trim() : "";
        const target = name === "href" ? (redirectTarget(address) ?? resolved(address, page)) : resolved(address, page);
        if (name && target) child.properties[name] = target;
        stack.push(child);
      }
    }
  };
}

type Handle = NonNullable<NonNullable<ToMdastOptions["handlers"]>[string]>;
type State = Parameters<Handle>[0];

/** Pushes items so that they pop in their order; a loop, as a spread of a long list would overflow the stack. */
function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
}

/** Block node types whose content a table cell keeps as inline content, a line break between blocks. */
const CELL_BLOCKS = new Set(["paragraph", "heading", "blockquote", "list", "listItem"]);
const BOUNDARY = Symbol("block boundary");

/** A cell's content as inline content: blocks (a nested table's rows too) become lines; an explicit stack. */
function cellInlines(nodes: RootContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  const stack: (Nodes | typeof BOUNDARY)[] = [];
  pushReversed(stack, nodes);
  let lineEnded = false;
  while (stack.length > 0) {
    const node = stack.pop() as Nodes | typeof BOUNDARY;
    if (node === BOUNDARY || node.type === "thematicBreak") lineEnded = true;
    else if (CELL_BLOCKS.has(node.type) && "children" in node) {
      stack.push(BOUNDARY);
      pushReversed<Nodes | typeof BOUNDARY>(stack, node.children);
      stack.push(BOUNDARY);
    } else {
      if (lineEnded && out.length > 0) out.push({ type: "break" });
      lineEnded = false;
      out.push(node.type === "code" ? { type: "inlineCode", value: node.value } : (node as PhrasingContent));
    }
  }
  return out;
}

/** One table row as a paragraph, its cells joined by " | "; null when every cell is empty. */
function rowParagraph(state: State, cells: Element[]): Paragraph | null {
  const children: PhrasingContent[] = [];
  let empty = true;
  for (const [i, cell] of cells.entries()) {
    const content = cellInlines(state.all(cell));
    if (content.length > 0) empty = false;
    if (i > 0) children.push({ type: "text", value: " | " });
    for (const node of content) children.push(node);
  }
  return empty ? null : { type: "paragraph", children };
}

const isElement = (node: ElementContent): node is Element => node.type === "element";
const cellsOf = (row: Element) => row.children.filter(isElement).filter((el) => el.tagName === "td" || el.tagName === "th");

/**
 * Rows past which a table is one paragraph, a line per row: rehype-remark spreads a handler's list of nodes
 * onto the call stack. A body of 10,000 characters holds fewer rows, so such a table fails on its length.
 */
const TABLE_ROWS_MAX = 5_000;

/**
 * A table as readable text (a comment's markdown has no tables): its caption, then a paragraph per row in document
 * order (header, body and footer rows alike), the cells joined by " | ". A table nested in a cell comes out the
 * same way, its rows as lines in that cell. Walks the row groups with an explicit stack.
 */
const table: Handle = (state, node) => {
  const rows: Paragraph[] = [];
  const stack: Element[] = [node];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    const row = el.tagName === "tr" ? rowParagraph(state, cellsOf(el)) : el.tagName === "caption" ? rowParagraph(state, [el]) : undefined;
    if (row === undefined) pushReversed(stack, el.children.filter(isElement));
    else if (row) rows.push(row);
  }
  if (rows.length <= TABLE_ROWS_MAX) return rows;
  return { type: "paragraph", children: cellInlines(rows) };
};

/** Rows and cells outside any table (HTML parsers keep them in a fragment) read as a table's do. */
const strayRow: Handle = (state, node) => rowParagraph(state, cellsOf(node)) ?? undefined;
const strayCell: Handle = (state, node) => rowParagraph(state, [node]) ?? undefined;

/** All the text under an element; an explicit stack. */
function elementText(node: Element): string {
  const parts: string[] = [];
  const stack: ElementContent[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as ElementContent;
    if (n.type === "text") parts.push(n.value);
    else if (n.type === "element") pushReversed(stack, n.children);
  }
  return parts.join("").trim();
}

/** A formula (MathML) as its TeX source when it carries one, else as its text: rehype-remark would drop it. */
const math: Handle = (_state, node) => {
  const stack: Element[] = [node];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (el.tagName === "annotation" && el.properties.encoding === "application/x-tex") return { type: "inlineCode", value: elementText(el) };
    pushReversed(stack, el.children.filter(isElement));
  }
  const value = elementText(node);
  return value ? { type: "text", value } : undefined;
};

/** Unicode's superscript and subscript forms of the characters that have them (digits, signs, brackets; n, i). */
const SUPERSCRIPT: Record<string, string> = Object.fromEntries([..."0123456789+-−=()ni"].map((c, i) => [c, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ"[i]]));
const SUBSCRIPT: Record<string, string> = Object.fromEntries([..."0123456789+-−=()"].map((c, i) => [c, "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"[i]]));

/**
 * A superscript or subscript, which markdown has not: as text it would run into the word before it (`x2`). Text
 * that Unicode has the forms of takes them (`x²`, `H₂O`, `10⁻³`); anything else is marked `^(…)` or `_(…)`
 * (`1^(st)`, `a_(i,j)`), its links and emphasis kept inside.
 */
function script(forms: Record<string, string>, mark: string): Handle {
  return (state, node) => {
    const children = state.all(node) as PhrasingContent[];
    if (!elementText(node)) return children;
    const only = children.length === 1 && children[0].type === "text" ? children[0].value.trim() : null;
    if (only !== null && [...only].every((c) => c in forms)) return { type: "text", value: [...only].map((c) => forms[c]).join("") };
    return [{ type: "text", value: `${mark}(` }, ...children, { type: "text", value: ")" }];
  };
}

/**
 * An embedded frame (a YouTube video in an old WordPress or Disqus comment) as a link to its address, so that the
 * reader can still reach what it showed: its title, or the address, as the words. Only http and https addresses
 * (fixAddresses has made a relative one whole, `//www.youtube.com/embed/…` https where the page is unknown).
 */
const iframe: Handle = (_state, node, parent) => {
  const src = String(node.properties.src ?? "").trim();
  const url = URL.canParse(src) ? new URL(src) : null;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return undefined;
  const title = String(node.properties.title ?? "").replace(/\s+/g, " ").trim();
  const link: PhrasingContent = { type: "link", url: url.href, title: null, children: [{ type: "text", value: title || url.href }] };
  // A space where it would run into the words around it (a frame stands apart on the page).
  const siblings = parent?.children ?? [];
  const at = siblings.indexOf(node);
  const runsInto = (sibling: Root["children"][number] | undefined, edge: (text: string) => string) =>
    sibling !== undefined && (sibling.type !== "text" || /\S/.test(edge(sibling.value)));
  return [
    ...(runsInto(siblings[at - 1], (t) => t.slice(-1)) ? [{ type: "text" as const, value: " " }] : []),
    link,
    ...(runsInto(siblings[at + 1], (t) => t.slice(0, 1)) ? [{ type: "text" as const, value: " " }] : []),
  ];
};

const toMdastOptions: ToMdastOptions = {
  handlers: {
    ...{ table, tr: strayRow, td: strayCell, th: strayCell, math },
    ...{ sup: script(SUPERSCRIPT, "^"), sub: script(SUBSCRIPT, "_"), iframe },
  },
  // An HTML comment is hidden in the page; as markdown it would show as text.
  nodeHandlers: { comment: () => undefined },
};

/** The node types Parley's markdown has: CommonMark's, and GFM's strikethrough (`delete`, written with its extension). */
const COMMONMARK = new Set([
  ..."root paragraph heading thematicBreak blockquote list listItem html code definition".split(" "),
  ..."text emphasis strong delete inlineCode break link image linkReference imageReference".split(" "),
]);

/** A node's text (its values and images' alts, space-separated); an explicit stack. */
function textOf(node: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if ("value" in n) parts.push(n.value);
    else if (n.type === "image") parts.push(n.alt ?? "");
    else if ("children" in n) pushReversed<Nodes>(stack, n.children);
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** The marks a node lies within: emphasis, strong, strikethrough. */
type Marks = Partial<Record<Mark["type"], boolean>>;
type Mark = Emphasis | Strong | Delete;
const isMark = (node: Nodes): node is Mark => node.type === "emphasis" || node.type === "strong" || node.type === "delete";

/**
 * Keeps the tree to what Parley's markdown can write, so that no construct fails a comment: a node of any other type
 * (one a later rehype-remark makes, say) becomes its text, a task's check becomes "[x]" or "[ ]" before it, a
 * link without words (an <audio> without fallback) shows its address, and emphasis, strong and strikethrough are
 * never written as runs of markers that read as something else. Walks the tree with an explicit stack.
 */
function commonmarkOnly() {
  return (tree: MdastRoot) => {
    const stack: [Nodes, Marks][] = [[tree, {}]];
    while (stack.length > 0) {
      const [node, marks] = stack.pop()!;
      if (!("children" in node)) continue;
      if (node.type === "listItem" && typeof node.checked === "boolean") {
        const check: PhrasingContent = { type: "text", value: node.checked ? "[x] " : "[ ] " };
        const first = node.children[0];
        if (first?.type === "paragraph") first.children.unshift(check);
        else node.children.unshift({ type: "paragraph", children: [check] });
        node.checked = null;
      }
      if (node.type === "link" && node.children.length === 0) node.children.push({ type: "text", value: node.url });
      // A mark within one of its kind is its content (`<i><i>a</i></i>` is italic, as the page showed it; `__a__`
      // would be bold, and six levels `______a______` bold three times), and one right after another joins it:
      // `~~~~`, `****` and `__` between two are text, not marks.
      const pending: Nodes[] = [];
      pushReversed(pending, node.children as Nodes[]);
      const kept: Nodes[] = [];
      while (pending.length > 0) {
        const child = pending.pop()!;
        const last = kept[kept.length - 1];
        const mark = isMark(child) ? child : null;
        if (mark && marks[mark.type]) pushReversed<Nodes>(pending, mark.children);
        else if (mark && last?.type === mark.type) for (const c of mark.children) last.children.push(c);
        else if (!COMMONMARK.has(child.type)) kept.push({ type: "text", value: textOf(child) });
        else {
          kept.push(child);
          stack.push([child, mark ? { ...marks, [mark.type]: true } : marks]);
        }
      }
      node.children = kept as typeof node.children;
    }
  };
}

/** Elements rehype-remark makes emphasis, strong or strikethrough of. */
const EMPHASIS = new Set(["b", "strong", "i", "em", "u", "mark", "cite", "dfn", "var", "del", "s", "strike"]);
/**
 * How deep emphasis may nest, as the worker's markdown keeps it (MARKDOWN_LIMITS.inlineDepth): deeper emphasis
 * elements give their content without themselves. Writing markdown for emphasis nested hundreds deep (an unclosed
 * `<i>` repeated, as spam and broken editors leave it) cost time growing with the fourth power of the depth: 13 s
 * for 200.
 */
const EMPHASIS_DEPTH = 6;
/** How deep elements may nest; deeper ones become their text, as the worker flattens markdown past its bounds. */
const ELEMENT_DEPTH = 48;

/**
 * Bounds the tree's nesting before anything walks it recursively (rehype-remark and remark-stringify do): emphasis
 * past EMPHASIS_DEPTH is unwrapped, elements past ELEMENT_DEPTH become their text. An explicit stack, each node
 * visited once.
 */
function boundNesting() {
  return (tree: Root) => {
    const stack: [Root | Element, number, number][] = [[tree, 0, 0]];
    while (stack.length > 0) {
      const [node, depth, emphasis] = stack.pop()!;
      const pending: HastContent[] = [...node.children].reverse();
      const kept: HastContent[] = [];
      while (pending.length > 0) {
        const child = pending.pop()!;
        if (child.type === "element" && EMPHASIS.has(child.tagName) && emphasis >= EMPHASIS_DEPTH) {
          for (let i = child.children.length; i--; ) pending.push(child.children[i]);
        } else if (child.type === "element" && depth >= ELEMENT_DEPTH) {
          kept.push({ type: "text", value: elementText(child) });
        } else {
          kept.push(child);
          if (child.type === "element") stack.push([child, depth + 1, emphasis + (EMPHASIS.has(child.tagName) ? 1 : 0)]);
        }
      }
      node.children = kept as Element["children"];
    }
  };
}

/** Has remark-stringify write `delete` as `~~…~~` and escape tildes that would strike text through (remark-gfm's way). */
function writeStrikethrough(this: Processor) {
  const data = this.data();
  (data.toMarkdownExtensions ??= []).push(gfmStrikethroughToMarkdown());
}

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(boundNesting)
  .use(emojiAsText)
  .use(fixAddresses)
  .use(rehypeRemark, toMdastOptions)
  .use(commonmarkOnly)
  .use(writeStrikethrough)
  .use(remarkStringify, { bullet: "-", emphasis: "_", fences: true, rule: "-" })
  .freeze();

/**
 * HTML to markdown; text without tags stays text (with its paragraphs). `page` is the address of the comment's page,
 * which relative links are resolved against.
 */
export function htmlToMarkdown(html: string, page?: string): string {
  let tree: Root;
  try {
    tree = processor.parse(html);
  } catch (err) {
    // Reading HTML into a tree recurses once per level (hast-util-from-parse5): thousands of unclosed tags
    // overflow the stack before boundNesting can flatten them. Such a comment comes in as its text.
    if (err instanceof RangeError) return textOfHtml(html);
    throw err;
  }
  return String(processor.stringify(processor.runSync(tree, { data: { page } }))).trim();
}
