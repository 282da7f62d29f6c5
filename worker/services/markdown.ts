// Markdown to the sanitized document tree. Parsing is CommonMark (mdast-util-from-markdown);
// the conversion below is the allowlist: any node type not handled here becomes plain text or is dropped.
import { fromMarkdown } from "mdast-util-from-markdown";
import type { Nodes, Parents, Root, Definition } from "mdast";
import type { Doc, DocBlock, DocInline } from "../contract/doc";

/** Bump when the tree shape or the rules change; stored documents carry the version they were made with. */
export const RENDERER_VERSION = 1;

export interface RenderOptions {
  /** Article bodies (written by the owner) also allow headings and https images. */
  article: boolean;
}

const SAFE_LINK = new Set(["http:", "https:", "mailto:"]);

function safeUrl(raw: string, allowed: Set<string>): string | null {
  try {
    const url = new URL(raw);
    return allowed.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function plainText(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if (node.type === "image" || node.type === "imageReference") return node.alt ?? "";
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

/** Converts markdown to a document tree that holds only allowlisted nodes and safe URLs. */
export function renderMarkdown(markdown: string, options: RenderOptions): Doc {
  const root: Root = fromMarkdown(markdown);
  const definitions = new Map<string, Definition>();
  const collect = (node: Nodes) => {
    if (node.type === "definition") definitions.set(node.identifier, node);
    if ("children" in node) (node.children as Nodes[]).forEach(collect);
  };
  collect(root);

  const inlines = (parent: Parents): DocInline[] => {
    const out: DocInline[] = [];
    const pushText = (v: string) => {
      if (!v) return;
      const last = out[out.length - 1];
      if (last?.t === "text") last.v += v;
      else out.push({ t: "text", v });
    };
    for (const node of parent.children as Nodes[]) {
      switch (node.type) {
        case "text":
        case "html":
          pushText(node.value);
          break;
        case "emphasis":
          out.push({ t: "em", c: inlines(node) });
          break;
        case "strong":
          out.push({ t: "strong", c: inlines(node) });
          break;
        case "inlineCode":
          out.push({ t: "code", v: node.value });
          break;
        case "break":
          out.push({ t: "br" });
          break;
        case "link":
        case "linkReference": {
          const target = node.type === "link" ? node.url : definitions.get(node.identifier)?.url;
          const href = target ? safeUrl(target, SAFE_LINK) : null;
          if (href) out.push({ t: "a", href, c: inlines(node) });
          else out.push(...inlines(node));
          break;
        }
        case "image":
        case "imageReference": {
          const target = node.type === "image" ? node.url : definitions.get(node.identifier)?.url;
          const src = options.article && target ? safeUrl(target, new Set(["https:"])) : null;
          if (src) out.push({ t: "img", src, alt: node.alt ?? "" });
          else pushText(node.alt ?? "");
          break;
        }
        default:
          pushText(plainText(node));
      }
    }
    return out;
  };

  const blocks = (parent: Parents): DocBlock[] => {
    const out: DocBlock[] = [];
    for (const node of parent.children as Nodes[]) {
      switch (node.type) {
        case "paragraph":
          out.push({ t: "p", c: inlines(node) });
          break;
        case "heading":
          if (options.article) out.push({ t: "h", level: Math.min(4, Math.max(2, node.depth + 1)) as 2 | 3 | 4, c: inlines(node) });
          else out.push({ t: "p", c: [{ t: "strong", c: inlines(node) }] });
          break;
        case "blockquote":
          out.push({ t: "quote", c: blocks(node) });
          break;
        case "list": {
          const items = node.children.map((item) => blocks(item));
          out.push(node.ordered ? { t: "ol", start: node.start ?? 1, items } : { t: "ul", items });
          break;
        }
        case "code":
          out.push({ t: "pre", v: node.value });
          break;
        case "thematicBreak":
          out.push({ t: "hr" });
          break;
        case "html":
          if (node.value.trim()) out.push({ t: "p", c: [{ t: "text", v: node.value }] });
          break;
        case "definition":
          break;
        default: {
          const v = plainText(node);
          if (v.trim()) out.push({ t: "p", c: [{ t: "text", v }] });
        }
      }
    }
    return out;
  };

  return blocks(root);
}
