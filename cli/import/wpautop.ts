// WordPress's comment text to HTML: WordPress stores a comment without paragraphs, and adds them (wpautop) each time
// it shows one. The HTML then goes the way every importer's does (html.ts).

/** The block-level tags WordPress's wpautop puts paragraphs around and never inside a paragraph. */
const BLOCKS =
  "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";
const OPENING = new RegExp(`(<${BLOCKS}[\\s/>])`, "gi");
const CLOSING = new RegExp(`(</${BLOCKS}>)`, "gi");
const P_AROUND_BLOCK = new RegExp(`<p>\\s*(</?${BLOCKS}[^>]*>)\\s*</p>`, "gi");
const P_BEFORE_BLOCK = new RegExp(`<p>\\s*(</?${BLOCKS}[^>]*>)`, "gi");
const P_AFTER_BLOCK = new RegExp(`(</?${BLOCKS}[^>]*>)\\s*</p>`, "gi");
const BR_AFTER_BLOCK = new RegExp(`(</?${BLOCKS}[^/]*>)\\s*<br>`, "gi");
const BR_BEFORE_BLOCK = /<br>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi;

/**
 * WordPress stores comments without paragraphs: blank lines separate them and a line break is a <br>, around and
 * between whatever HTML the commenter typed (a quote in <blockquote>, a list). This is WordPress's own `wpautop`,
 * which it runs on every comment it shows: <pre> and tags (a line break inside `<a\nhref>`) are left as they are,
 * block elements stand apart, and the text around them takes paragraphs and line breaks.
 */
export function autoParagraphs(text: string): string {
  if (!text.trim()) return "";
  const pres: string[] = [];
  let html = `${text.replace(/\r\n?/g, "\n")}\n`
    // <pre> is kept whole, and a line break inside a tag is the space it means there.
    .replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `<pre data-wp-pre="${pres.push(pre) - 1}"></pre>`)
    .replace(/<[A-Za-z/!][^<>]*>/g, (tag) => tag.replace(/\n/g, " "))
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, "\n\n")
    .replace(OPENING, "\n\n$1")
    .replace(CLOSING, "$1\n\n")
    .replace(/(<hr\s*\/?>)/gi, "$1\n\n")
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.replace(/^\n+|\n+$/g, "")}</p>\n`)
    .join("")
    .replace(/<p>\s*<\/p>/g, "")
    .replace(/<p>([^<]+)<\/(div|address|form)>/gi, "<p>$1</p></$2>")
    .replace(P_AROUND_BLOCK, "$1")
    .replace(/<p>(<li.+?)<\/p>/gi, "$1")
    .replace(/<p><blockquote([^>]*)>/gi, "<blockquote$1><p>")
    .replace(/<\/blockquote><\/p>/gi, "</p></blockquote>")
    .replace(P_BEFORE_BLOCK, "$1")
    .replace(P_AFTER_BLOCK, "$1")
    .replace(/<br\s*\/?>/gi, "<br>")
    .replace(/(?<!<br>)\s*\n/g, "<br>\n")
    .replace(BR_AFTER_BLOCK, "$1")
    .replace(BR_BEFORE_BLOCK, "$1");
  html = html.replace(/<pre data-wp-pre="(\d+)"><\/pre>/g, (_, i: string) => pres[Number(i)]);
  return html;
}
