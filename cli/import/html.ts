// HTML comment bodies to Parley's markdown through unified: rehype-parse reads the HTML (entities decoded,
// scripts and styles dropped by rehype-remark), remark-stringify writes markdown. The worker then renders that
// markdown with the same sanitizing renderer as every comment, so nothing here has to be trusted.
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkStringify from "remark-stringify";
import { unified } from "unified";

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark)
  .use(remarkStringify, { bullet: "-", emphasis: "_", fences: true, rule: "-" })
  .freeze();

/** HTML to markdown; text without tags stays text (with its paragraphs). */
export function htmlToMarkdown(html: string): string {
  const tree = processor.runSync(processor.parse(html));
  return String(processor.stringify(tree)).trim();
}

const BLOCK = /<\/?(p|div|br|ul|ol|li|blockquote|pre|h[1-6]|table)\b/i;

/**
 * WordPress stores comments without paragraphs: blank lines separate them and a line break is a <br>
 * (what its `wpautop` does on display). Markup already in blocks is left alone.
 */
export function autoParagraphs(text: string): string {
  if (BLOCK.test(text)) return text;
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, "<br>\n")}</p>`)
    .join("\n");
}
