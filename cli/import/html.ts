// HTML comment bodies to Parley's markdown through unified: rehype-parse reads the HTML (entities decoded,
// scripts and styles dropped by rehype-remark), remark-stringify writes markdown. The worker then renders that
// markdown with the same sanitizing renderer as every comment, so nothing here has to be trusted.
import type { Element, Root } from "hast";
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkStringify from "remark-stringify";
import { unified } from "unified";

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

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(emojiAsText)
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
