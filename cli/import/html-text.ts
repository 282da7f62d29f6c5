// HTML as plain text, where no tree of it can be made or none is wanted: a name's character references decoded
// (WordPress stores names HTML-escaped), and the text of a body nested too deeply to read into a tree.
import rehypeParse from "rehype-parse";
import { unified } from "unified";

const fragmentParser = unified().use(rehypeParse, { fragment: true }).freeze();

/**
 * Plain text with HTML's character references in it decoded (`Tom &amp; Jerry`, `&#8220;`, `&eacute;`), as a page
 * showed it; anything else, a `<` too, stays as written.
 */
export function decodeReferences(text: string): string {
  return text.replace(/&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (ref) => {
    const node = fragmentParser.parse(ref).children[0];
    return node?.type === "text" ? node.value : ref;
  });
}

/**
 * HTML without what a page never shows as text: scripts, styles (an unclosed one runs to the end, as a browser reads
 * it) and comments. One pass: each search starts where the last one ended.
 */
function withoutHiddenText(html: string): string {
  const opening = /<(script|style)\b|<!--/gi;
  const closing = { script: /<\/script[^>]*>?/gi, style: /<\/style[^>]*>?/gi, comment: /-->/g };
  let out = "";
  let from = 0;
  for (let m = opening.exec(html); m; m = opening.exec(html)) {
    out += html.slice(from, m.index);
    const close = closing[(m[1]?.toLowerCase() ?? "comment") as keyof typeof closing];
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(html);
    if (!end) return out;
    from = opening.lastIndex = end.index + end[0].length;
  }
  return out + html.slice(from);
}

/**
 * The text of HTML too deeply nested to read into a tree: tags out, a line break for each <br> and end of a block,
 * character references decoded, and markdown's punctuation escaped, so that it shows as the text it was.
 */
export function textOfHtml(html: string): string {
  return decodeReferences(withoutHiddenText(html).replace(/<br\s*\/?>|<\/(?:p|div|li|blockquote|h[1-6]|pre|tr)>/gi, "\n").replace(/<[^>]*>/g, ""))
    .split("\n")
    .map((line) => line.trim().replace(/[\\`*_[\]<>#!|~]/g, "\\$&"))
    .filter(Boolean)
    .join("\n\n");
}
