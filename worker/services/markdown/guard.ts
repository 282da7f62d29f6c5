// The pass over the source before the parser sees it: one linear scan that escapes the container markers a
// line would open past a bound, so nesting (and the parser's lines × open containers work) stays small.
import { MARKDOWN_LIMITS } from "../../contract/limits";

const TAB_COLUMNS = 4;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The blank right after a marker belongs to the marker, not to the indentation. */
function skipOneBlank(src: string, p: number, end: number): number {
  return p < end && isBlank(src.charCodeAt(p)) ? p + 1 : p;
}

/**
 * Whether the rest of the line from `from` is a thematic break made of `marker` (`- - -`, `* * *`): the
 * parser reads that as a rule, not as list items, and escaping it would change a valid document.
 * `lastOther` is the last index in the line holding something other than the marker or blanks.
 */
function isRuleTail(src: string, from: number, end: number, marker: number, lastOther: number): boolean {
  if (lastOther >= from) return false;
  let count = 0;
  for (let i = from; i < end && count < 3; i++) if (src.charCodeAt(i) === marker) count++;
  return count >= 3;
}

/** The last index in [start, end) whose character is neither `marker` nor a blank; start - 1 when none. */
function lastOtherThan(src: string, start: number, end: number, marker: number): number {
  let i = end - 1;
  while (i >= start && (src.charCodeAt(i) === marker || isBlank(src.charCodeAt(i)))) i--;
  return i;
}

/** What the scan of one line's prefix found, for the work estimate. */
export interface PrefixScan {
  /** Container markers kept. */
  markers: number;
  /** Of which list markers: each opens a list item, the parser's most expensive block. */
  listMarkers: number;
  /** Markers plus half the indentation: the most containers the line can be inside. */
  depth: number;
  /** Only blanks on the line. */
  blank: boolean;
  /** The first character after the prefix (0 at the end of the line). */
  first: number;
}

/**
 * Where a backslash must go on the line [start, end) so that it opens no container past the bound, or -1.
 * A line can continue one list item per two columns of indentation and one quote per `>`, and open one
 * container per marker, so markers + columns / 2 bounds the depth it can reach.
 */
export function prefixCut(src: string, start: number, end: number, bound: number, scan: PrefixScan): number {
  let markers = 0;
  let listMarkers = 0;
  let columns = 0;
  const done = (cut: number) => {
    scan.markers = markers;
    scan.listMarkers = listMarkers;
    scan.depth = markers + (columns >> 1);
    scan.blank = p === end;
    scan.first = p < end ? src.charCodeAt(p) : 0;
    return cut;
  };
  let lastOther: Record<number, number> | null = null;
  const over = () => markers + 1 + (columns >> 1) > bound;
  let p = start;
  while (p < end) {
    const c = src.charCodeAt(p);
    if (c === 0x20) {
      columns += 1;
      p += 1;
    } else if (c === 0x09) {
      columns += TAB_COLUMNS;
      p += 1;
    } else if (c === 0x3e /* > */) {
      if (over()) return done(p);
      markers += 1;
      p = skipOneBlank(src, p + 1, end);
    } else if ((c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x2a /* * */) && (p + 1 === end || isBlank(src.charCodeAt(p + 1)))) {
      if (c !== 0x2b) {
        lastOther ??= { [0x2d]: lastOtherThan(src, start, end, 0x2d), [0x2a]: lastOtherThan(src, start, end, 0x2a) };
        if (isRuleTail(src, p, end, c, lastOther[c])) return done(-1);
      }
      if (over()) return done(p);
      markers += 1;
      listMarkers += 1;
      p = skipOneBlank(src, p + 1, end);
    } else if (c >= 0x30 && c <= 0x39) {
      // An ordered marker is 1 to 9 digits, then `.` or `)`, then a blank or the end of the line.
      let q = p + 1;
      while (q < end && q - p < 9 && src.charCodeAt(q) >= 0x30 && src.charCodeAt(q) <= 0x39) q++;
      const d = src.charCodeAt(q);
      if (q >= end || (d !== 0x2e && d !== 0x29) || !(q + 1 === end || isBlank(src.charCodeAt(q + 1)))) return done(-1);
      if (over()) return done(q);
      markers += 1;
      listMarkers += 1;
      p = skipOneBlank(src, q + 1, end);
    } else {
      return done(-1);
    }
  }
  return done(-1);
}

// Characters that can start a block other than a paragraph continuation: headings, fences, rules, setext
// underlines, list markers, quotes, reference definitions.
const BLOCK_START = new Set([..."#`~-_*+=>[0123456789"].map((c) => c.charCodeAt(0)));

/** The guarded source and the tail left as plain text because the block work bound was reached. */
export interface Guarded {
  source: string;
  rest: string;
}

/**
 * Normalizes line endings (as the parser would), escapes every container marker past the per-line bound, so
 * `>>>>…x` or `- - - …x` become a few containers holding the rest as text, and stops where the estimated
 * block work (lines × the containers they are inside, plus block starts and markers, list markers most)
 * passes `work`: the rest
 * is returned apart, to be kept as plain text. Linear in the input.
 */
export function guardSource(source: string, work: number, bound: number = MARKDOWN_LIMITS.linePrefixDepth): Guarded {
  const src = source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
  const pieces: string[] = [];
  const scan: PrefixScan = { markers: 0, listMarkers: 0, depth: 0, blank: true, first: 0 };
  let copied = 0;
  let start = 0;
  let spent = 0;
  let carried = 0;
  let afterBlank = true;
  while (start < src.length) {
    let end = src.indexOf("\n", start);
    if (end < 0) end = src.length;
    const cut = prefixCut(src, start, end, bound, scan);
    // A lazy line (no prefix of its own) stays inside the containers of the line before it.
    const depth = scan.blank ? 0 : scan.depth > 0 ? scan.depth : carried;
    // Markers are counted apart: a quote's continuation line does not start a block.
    const opens = afterBlank || BLOCK_START.has(scan.first);
    spent += 1 + depth + 2 * scan.markers + 4 * scan.listMarkers + (opens && !scan.blank ? 4 : 0);
    if (spent > work) {
      pieces.push(src.slice(copied, start));
      return { source: pieces.join(""), rest: src.slice(start) };
    }
    carried = depth;
    afterBlank = scan.blank;
    if (cut >= 0) {
      pieces.push(src.slice(copied, cut), "\\");
      copied = cut;
    }
    start = end + 1;
  }
  if (pieces.length === 0) return { source: src, rest: "" };
  pieces.push(src.slice(copied));
  return { source: pieces.join(""), rest: "" };
}
