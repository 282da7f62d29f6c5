// Strikethrough in the author's markdown of Remark42, isso and Commento (`~~wrong~~`): Parley's markdown has none
// and would show the tildes, so the words stay and the line goes, as for HTML's <del>. Code is left as written:
// fenced and indented blocks line by line, code spans within a paragraph.

/** An opening code fence: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line of an indented code block (or of a list item's indented text: left alone too, which loses nothing). */
const INDENTED = /^(?: {4}|\t)/;

/**
 * The markdown with every `~~…~~` pair's tildes taken out, its words kept. A pair lies within one paragraph, opens
 * before a non-space and closes after one (GFM's rule); runs of one or three tildes, escaped ones (`\~~`) and any in
 * code stay as they are.
 */
export function withoutStrikethrough(markdown: string): string {
  if (!markdown.includes("~~")) return markdown;
  const lines = markdown.split(/(?<=\n)/);
  const out: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) out.push(inlineWithout(paragraph.join("")));
    paragraph = [];
  };
  // The fence that opened the code block being read, or null outside one.
  let fence: { char: string; length: number } | null = null;
  for (const line of lines) {
    if (fence) {
      out.push(line);
      const close = line.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      continue;
    }
    const open = line.match(FENCE);
    // A backtick fence's info string has no backticks: "```a```" is a code span.
    if (open && !(open[1][0] === "`" && line.slice(line.indexOf(open[1]) + open[1].length).includes("`"))) {
      endParagraph();
      fence = { char: open[1][0], length: open[1].length };
      out.push(line);
    } else if (line.trim() === "") {
      endParagraph();
      out.push(line);
    } else if (paragraph.length === 0 && INDENTED.test(line)) out.push(line);
    else paragraph.push(line);
  }
  endParagraph();
  return out.join("");
}

/** A run of backticks or of tildes, where it starts. */
const RUN = /`+|~+/y;

/** One paragraph's text with its strikethrough pairs' tildes taken out; code spans and escapes left as written. */
function inlineWithout(text: string): string {
  // The `~~` runs that may open or close, by their offset; each pair's are dropped.
  const openers: number[] = [];
  const drop = new Set<number>();
  // Bounded: each step moves past at least one character.
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c !== "`" && c !== "~") {
      i += 1;
      continue;
    }
    RUN.lastIndex = i;
    const run = (RUN.exec(text) as RegExpExecArray)[0];
    if (c === "`") {
      // A code span runs to the next run of as many backticks; without one, the backticks are text.
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, "g");
      close.lastIndex = i + run.length;
      const end = close.exec(text);
      i = end ? end.index + run.length : i + run.length;
      continue;
    }
    if (run.length === 2) {
      const before = text[i - 1] ?? " ";
      const after = text[i + 2] ?? " ";
      if (openers.length > 0 && /\S/.test(before)) {
        drop.add(openers.pop() as number);
        drop.add(i);
      } else if (/\S/.test(after)) openers.push(i);
    }
    i += run.length;
  }
  if (drop.size === 0) return text;
  let result = "";
  let from = 0;
  for (const at of [...drop].sort((a, b) => a - b)) {
    result += text.slice(from, at);
    from = at + 2;
  }
  return result + text.slice(from);
}
