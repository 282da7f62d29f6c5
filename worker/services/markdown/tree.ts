// markdown-it's flat token stream to the sanitized document tree, with explicit stacks (never recursion on
// user depth): containers past the depth bound are flattened into the deepest kept one, inlines past theirs
// into their text, and past the node budget the rest of the document is one plain paragraph.
import type { Token } from "markdown-it";
import { DOC_ALIGNS, type Doc, type DocAlign, type DocBlock, type DocInline, type DocTable } from "../../contract/doc";
import { MARKDOWN_LIMITS } from "../../contract/limits";
import { stripHidden } from "../../contract/clean-text";

export interface TreeOptions {
  /** Article bodies (written by the owner) also allow headings and https images. */
  article: boolean;
  /** Nodes the tree may hold before the rest becomes plain text. */
  maxNodes: number;
  /**
   * Characters of link and image addresses the tree may hold; a link past it keeps its text, unlinked. A thousand
   * links to one long address defined once (`[a]: https://…`, then `[a] [a] …`) would otherwise make a tree a
   * thousand times that address: megabytes stored, sent and searched for a comment of 10,000 characters.
   */
  addressChars: number;
}

const SAFE_LINK = new Set(["http:", "https:", "mailto:"]);
const SAFE_IMAGE = new Set(["https:"]);

function safeUrl(raw: string | null, allowed: Set<string>): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return allowed.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}

function pushText(out: DocInline[], v: string): boolean {
  if (!v) return false;
  const last = out[out.length - 1];
  if (last?.t === "text") {
    last.v += v;
    return false;
  }
  out.push({ t: "text", v });
  return true;
}

/** A table cell's alignment from markdown-it's `style="text-align:…"`, the only attribute it gives one. */
function alignOf(style: string | null): DocAlign {
  const align = style?.slice("text-align:".length);
  return DOC_ALIGNS.has(align) ? (align as DocAlign) : "";
}

/** The text a reader would see in a run of inline tokens, images' labels included; an explicit stack. */
export function inlineText(tokens: Token[]): string {
  const parts: string[] = [];
  const stack: Token[][] = [tokens];
  const index: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const list = stack[top];
    if (index[top] >= list.length) {
      stack.pop();
      index.pop();
      continue;
    }
    const token = list[index[top]++];
    if (token.type === "text" || token.type === "code_inline") parts.push(token.content);
    else if (token.type === "softbreak" || token.type === "hardbreak") parts.push("\n");
    else if (token.type === "image" && token.children) {
      stack.push(token.children);
      index.push(0);
    }
  }
  return parts.join("");
}

/** Builds a document from tokens within the node budget and the depth bounds. */
export class TreeBuilder {
  private nodes = 0;
  private readonly overflow: string[] = [];
  constructor(private readonly options: TreeOptions) {
    this.addressesLeft = options.addressChars;
  }

  /** Counts one node; false once the budget is spent (the caller keeps the content as overflow text). */
  private take(): boolean {
    if (this.nodes >= this.options.maxNodes) return false;
    this.nodes += 1;
    return true;
  }

  /**
   * The safe form of an address, its cost spent; null when it is not safe or past the budget (the link then keeps
   * only its text), which costs no parsing when the address as written is. The cost is the address as written, or
   * a third of its percent-encoded form when that is more: `中` is `%E4%B8%AD`, nine characters, so a comment's links
   * in any script fit about as those in English do, while what a tree stores stays within three times the budget.
   */
  private address(raw: string | null, allowed: Set<string>): string | null {
    if (!raw || raw.length > this.addressesLeft) return null;
    // Parsed once each: a thousand links may name one address (`[a] [a] …`), and each distinct one is in the source.
    // One map per allowlist (an address allowed for a link, `http:`, is not for an image), keyed by the very string
    // the parser gives every link that names a reference, whose hash the engine keeps.
    const parsed = allowed == SAFE_IMAGE ? this.parsedImages : this.parsedLinks;
    let url = parsed.get(raw);
    if (url === undefined) parsed.set(raw, (url = safeUrl(raw, allowed)));
    const cost = url ? Math.max(raw.length, Math.ceil(url.length / 3)) : 0;
    if (!url || cost > this.addressesLeft) return null;
    this.addressesLeft -= cost;
    return url;
  }

  private addressesLeft: number;
  private readonly parsedLinks = new Map<string, string | null>();
  private readonly parsedImages = new Map<string, string | null>();

  private get spent(): boolean {
    return this.nodes >= this.options.maxNodes;
  }

  /** The inline children of one paragraph or heading. */
  inlines(tokens: Token[], depth: number): DocInline[] {
    const root: DocInline[] = [];
    if (this.spent) {
      this.overflow.push(inlineText(tokens));
      return root;
    }
    // Each open em, strong, del or link pushes where its children go; one flattened past the bound pushes its parent's.
    // `link`: the children go inside a link, where no other link may be.
    const stack: { out: DocInline[]; depth: number; link?: true }[] = [{ out: root, depth }];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const frame = stack[stack.length - 1];
      if (token.nesting === -1) {
        if (stack.length > 1) stack.pop();
        continue;
      }
      if (this.spent) {
        this.overflow.push(inlineText(tokens.slice(i)));
        break;
      }
      const nested = frame.depth < MARKDOWN_LIMITS.inlineDepth;
      switch (token.type) {
        case "text":
        case "html_inline":
          // A character reference can spell what cleaning took out of the text as typed (`&#x202E;` turns it around).
          if (pushText(frame.out, stripHidden(token.content))) this.nodes += 1;
          break;
        case "softbreak":
          if (pushText(frame.out, "\n")) this.nodes += 1;
          break;
        case "hardbreak":
          if (this.take()) frame.out.push({ t: "br" });
          break;
        case "code_inline":
          if (this.take()) frame.out.push({ t: "code", v: token.content });
          else this.overflow.push(token.content);
          break;
        case "em_open":
        case "strong_open":
        case "s_open": {
          const node: { t: "em" | "strong" | "del"; c: DocInline[] } = { t: token.type === "em_open" ? "em" : token.type === "s_open" ? "del" : "strong", c: [] };
          if (nested && this.take()) {
            frame.out.push(node);
            stack.push({ out: node.c, depth: frame.depth + 1, link: frame.link });
          } else stack.push(frame);
          break;
        }
        case "link_open": {
          const href = nested ? this.address(attr(token, "href"), SAFE_LINK) : null;
          if (href && this.take()) {
            const node: { t: "a"; href: string; c: DocInline[] } = { t: "a", href, c: [] };
            frame.out.push(node);
            stack.push({ out: node.c, depth: frame.depth + 1, link: true });
          } else stack.push(frame);
          break;
        }
        case "image": {
          const alt = inlineText(token.children ?? []);
          const src = this.options.article ? this.address(attr(token, "src"), SAFE_IMAGE) : null;
          if (src && this.take()) frame.out.push({ t: "img", src, alt });
          else if (alt.trim() || frame.link || !nested) {
            if (pushText(frame.out, alt)) this.nodes += 1;
          } else {
            // An image not shown (a comment's, or not over https) that has no description would show nothing: a
            // link to its address, as its address, instead.
            const href = this.address(attr(token, "src"), SAFE_LINK);
            if (href && this.take() && this.take()) frame.out.push({ t: "a", href, c: [{ t: "text", v: href }] });
          }
          break;
        }
        default:
          if (token.nesting === 1) stack.push(frame);
      }
    }
    return root;
  }

  /** The whole document; `rest` is source text that was not parsed and ends it as plain text. */
  build(tokens: Token[], rest = ""): Doc {
    const root: DocBlock[] = [];
    type Frame = { out: DocBlock[]; list: DocBlock[][] | null; depth: number };
    const stack: Frame[] = [{ out: root, list: null, depth: 0 }];
    // The block an inline token fills: a paragraph, a heading, or a comment's heading as a bold paragraph.
    let pending: { kind: "p" } | { kind: "h"; level: number } | null = null;
    // The table being filled (its cells' inline tokens fill its last row), or null, also for one not kept.
    let table: DocTable | null = null;
    let row: DocInline[][] | null = null;
    for (const token of tokens) {
      const frame = stack[stack.length - 1];
      const nested = frame.depth < MARKDOWN_LIMITS.containerDepth;
      switch (token.type) {
        case "paragraph_open":
          pending = { kind: "p" };
          break;
        case "heading_open":
          pending = { kind: "h", level: Number(token.tag.slice(1)) || 1 };
          break;
        case "inline":
          if (row) row.push(this.cell(token.children ?? []));
          else this.inline(frame.out, pending, token.children ?? []);
          pending = null;
          break;
        case "table_open":
          table = nested && this.take() ? { t: "table", align: [], head: [], rows: [] } : null;
          if (table) frame.out.push(table);
          break;
        case "tr_open":
          row = table ? [] : null;
          if (row && table) table.head.length ? table.rows.push(row) : (table.head = row);
          break;
        case "th_open":
          table?.align.push(alignOf(attr(token, "style")));
          break;
        case "table_close":
          table = row = null;
          break;
        case "thead_open":
        case "thead_close":
        case "tbody_open":
        case "tbody_close":
        case "tr_close":
        case "th_close":
        case "td_open":
        case "td_close":
          break;
        case "blockquote_open": {
          const node: DocBlock = { t: "quote", c: [] };
          if (nested && this.take()) {
            frame.out.push(node);
            stack.push({ out: node.c, list: null, depth: frame.depth + 1 });
          } else stack.push({ ...frame, list: null });
          break;
        }
        case "bullet_list_open":
        case "ordered_list_open": {
          const node: DocBlock =
            token.type === "bullet_list_open" ? { t: "ul", items: [] } : { t: "ol", start: Number(attr(token, "start") ?? 1) || 1, items: [] };
          if (nested && this.take()) {
            frame.out.push(node);
            stack.push({ out: frame.out, list: node.items, depth: frame.depth + 1 });
          } else stack.push({ ...frame, list: null });
          break;
        }
        case "list_item_open": {
          const item: DocBlock[] = [];
          if (frame.list) frame.list.push(item);
          stack.push({ out: frame.list ? item : frame.out, list: null, depth: frame.depth });
          break;
        }
        case "fence":
        case "code_block": {
          const v = token.content.endsWith("\n") ? token.content.slice(0, -1) : token.content;
          if (this.take()) frame.out.push({ t: "pre", v });
          else this.overflow.push(v);
          break;
        }
        case "hr":
          if (this.take()) frame.out.push({ t: "hr" });
          break;
        case "html_block": {
          const v = token.content.replace(/\n+$/, "");
          if (!v.trim()) break;
          if (this.take() && this.take()) frame.out.push({ t: "p", c: [{ t: "text", v }] });
          else this.overflow.push(v);
          break;
        }
        default:
          if (token.nesting === -1 && token.type !== "paragraph_close" && token.type !== "heading_close" && stack.length > 1) stack.pop();
      }
    }
    if (rest) this.overflow.push(rest);
    const tail = this.overflow.join("\n").trim();
    if (tail) root.push({ t: "p", c: [{ t: "text", v: tail }] });
    return root;
  }

  /** One table cell's inlines, as a paragraph's; past the node budget it is empty and its text ends the document. */
  private cell(children: Token[]): DocInline[] {
    if (this.spent || !this.take()) {
      this.overflow.push(inlineText(children));
      return [];
    }
    return this.inlines(children, 0);
  }

  private inline(out: DocBlock[], pending: { kind: "p" } | { kind: "h"; level: number } | null, children: Token[]): void {
    if (this.spent || !this.take()) {
      this.overflow.push(inlineText(children));
      return;
    }
    if (pending?.kind === "h" && this.options.article) {
      const level = Math.min(4, Math.max(2, pending.level + 1)) as 2 | 3 | 4;
      out.push({ t: "h", level, c: this.inlines(children, 0) });
    } else if (pending?.kind === "h" && this.take()) {
      out.push({ t: "p", c: [{ t: "strong", c: this.inlines(children, 1) }] });
    } else {
      out.push({ t: "p", c: this.inlines(children, 0) });
    }
  }
}
