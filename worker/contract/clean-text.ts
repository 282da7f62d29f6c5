// What text as typed is cleaned of before it is checked and stored, and what counts as showing nothing: the
// contract's schemas clean every user string with these; the renderer and the importer use them too.

/**
 * Removes control characters (keeping tab and newline), direction overrides and isolates, zero-width spaces, byte
 * order marks and noncharacters: what cleaning takes out of text as typed, and the renderer out of the text a
 * character reference spells.
 */
export function stripHidden(value: string): string {
  return (
    value
      // Zero-width joiners (U+200C, U+200D) stay: emoji sequences and Persian or Indic spelling need them.
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
      // Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE and U+FFFF
      // among them, which XML forbids): never text, so never stored.
      .replace(/[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g, "")
  );
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Combining marks one character may carry; the rest of a longer run is dropped. No language writes more on one
 * letter (Tibetan's tallest stacks take about seven), while "Zalgo" text piles hundreds on one, which a browser
 * draws over the lines around it and, where the font lacks them, as a row of boxes wider than a phone.
 */
export const MAX_MARKS = 10;
// Runs of more than MAX_MARKS, each found at its start (the lookbehind), so the search stays linear in the text.
const MARK_PILE = /(?<!\p{M})\p{M}{11,}/gu;
/** The first MAX_MARKS code points of a run of marks. */
function firstMarks(run: string): string {
  let end = 0;
  for (let n = 0; n < MAX_MARKS; n++) end += run.codePointAt(end)! > 0xffff ? 2 : 1;
  return run.slice(0, end);
}

const isJoiner = (code: number) => code === 0x200c || code === 0x200d;

/**
 * Trims white space, and the zero-width joiners and non-joiners at either end, which join nothing there (a name
 * "\u200DAlice" reads as "Alice" but would be another name). In steps, not with one pattern: `[\s\u200D]+$` would
 * try every run inside the text again and again. Linear in what it takes off.
 */
function trimmed(text: string): string {
  let t = text.trim();
  while (t && isJoiner(t.charCodeAt(0))) t = t.slice(1).trimStart();
  while (t && isJoiner(t.charCodeAt(t.length - 1))) t = t.slice(0, -1).trimEnd();
  return t;
}

/** Removes what stripHidden does, normalizes to NFC, keeps MAX_MARKS combining marks on a character and trims. */
export function cleanText(value: string): string {
  const text = value.normalize("NFC").replace(/\r\n?/g, "\n");
  // A lone surrogate cannot be stored as UTF-8: make it U+FFFD now, so every view of the text agrees. (Looked for
  // only in text that has surrogates at all: the pattern's lookbehind costs a tenth of a millisecond per 50,000 characters.)
  const paired = SURROGATE.test(text) ? text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") : text;
  return trimmed(stripHidden(paired).replace(MARK_PILE, firstMarks));
}

/**
 * Characters that render as nothing and are not white space: every default-ignorable code point (soft hyphen,
 * zero-width and joiner characters, word joiner, Hangul fillers, variation selectors, …) plus blank look-alikes
 * that are not default-ignorable (braille blank, Mongolian vowel separator). Matching folds them away
 * (services/fold.ts); text made of these and white space alone would show as a blank name or comment.
 */
const INVISIBLE_CLASS = "\\p{Default_Ignorable_Code_Point}\\u2800\\u180E";
export const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, "gu");
/**
 * One character that shows by itself: neither white space nor invisible, nor a combining mark, which shows only on
 * a letter (a name of accents alone is "New comment by ́" in a chat message).
 */
const VISIBLE = new RegExp(`[^\\s${INVISIBLE_CLASS}\\p{M}]`, "u");
/** One character that is neither white space nor invisible (a combining mark is one). */
const NOT_BLANK = new RegExp(`[^\\s${INVISIBLE_CLASS}]`, "u");

/**
 * An e-mail address as typed, in the one spelling it is checked, hashed and looked up by: NFC, trimmed, without
 * hidden or invisible characters (an address needs no joiner, and a zero-width space or a direction mark pasted with
 * it would otherwise make another hash, so that a GDPR request or a ban by the address as the reader reads it missed
 * it). Case is the hash's business (services/fingerprint.ts).
 */
export const cleanAddress = (value: string) => stripHidden(value.normalize("NFC")).replace(INVISIBLE, "").trim();

/**
 * Whether the text would show as nothing at all: it holds no character but white space and invisible ones. A search
 * for the first one that shows, which stops there, instead of removing every blank from the whole text.
 */
export const showsNothing = (v: string) => !VISIBLE.test(v);

/** Whether the text holds only white space and invisible characters (marks alone are something here). */
export const isBlank = (v: string) => !NOT_BLANK.test(v);
