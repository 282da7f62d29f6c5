// One folding for everything matched against what an owner typed (name bans, blocked words): compatibility
// forms (NFKC), case, invisible characters, and look-alike letters mapped to a skeleton (Unicode TS #39,
// from the Unicode confusables table that the `unhomoglyph` package ships, with the small capitals read as their
// letters, less the entries that normalized, lower-cased text never holds: scripts/confusables.mjs). Worker only: never in the widget.
import { INVISIBLE } from "../contract/clean-text";
import { CAPITALS, CONFUSABLES, SMALL_CAPITALS } from "./confusables";

/**
 * A table of the generated module, read from its compact text (entries `delta:skeleton`, separated by spaces and
 * line breaks; numbers in base 36, a skeleton's code points joined by dots; see scripts/confusables.mjs) once, when
 * the worker starts, in one pass; with a regular expression that finds the characters it has, so that the engine,
 * not a loop over every character, scans the text (such a loop cost a fresh isolate 10–20 ms of CPU on 50,000
 * characters).
 */
function readTable(text: string): { map: Map<string, string>; find: RegExp } {
  const map = new Map<string, string>();
  let ranges = "";
  let cp = 0;
  let n = 0;
  let key = "";
  let skeleton: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c == 58 /* : */) (cp += n), (key = String.fromCodePoint(cp)), (ranges += `\\u{${cp.toString(16)}}`), (n = 0);
    else if (c == 46 /* . */) skeleton.push(n), (n = 0);
    else if (c == 10 /* end of line */ || c == 32 /* space */) skeleton.push(n), map.set(key, String.fromCodePoint(...skeleton)), (skeleton = []), (n = 0);
    else n = n * 36 + (c < 58 ? c - 48 : c - 87); // 0-9, a-z
  }
  return { map, find: new RegExp(`([${ranges}])`, "u") };
}

/** Unicode's confusables table and the small capitals (2,336 entries), less what normalized, lower-cased text never holds. */
const SKELETONS = readTable(CONFUSABLES);
/** The capitals whose look-alike lower-casing hides (168: "I" of "l", Cyrillic "Т" of "T"), with their skeletons. */
const CAPITAL_SKELETONS = readTable(CAPITALS);

/**
 * Maps each character the table has to its skeleton; bounded by the text's length. Split around those characters
 * (odd indexes), which a loop then maps: cheaper than a callback from the engine for each one.
 */
function mapped(text: string, table: { map: Map<string, string>; find: RegExp }): string {
  const parts = text.split(table.find);
  for (let i = 1; i < parts.length; i += 2) parts[i] = table.map.get(parts[i]) as string;
  return parts.length === 1 ? text : parts.join("");
}

/**
 * NFKC, except for the two ligatures that spell whole Arabic phrases (U+FDFA is 18 characters under NFKC, U+FDFB
 * 8): they stay one character each, so that folding never makes a text more than seven times longer (㈝ is "(오전)",
 * seven letters without its accents), and a comment of 10,000 of them costs what any other comment costs to match,
 * not 180,000 characters' worth.
 */
export const compatible = (text: string) => text.replace(/[^\uFDFA\uFDFB]+/g, (run) => run.normalize("NFKC"));

/**
 * Text as matching sees it: "Tro\u00ADll", "tr\u2060oll", "Troll\u3164" and "tr0ll" all fold to the same
 * string as "troll". Not for display: the skeleton is not meant to be read.
 */
export function foldForMatching(text: string): string {
  const cased = compatible(text).toLowerCase().replace(INVISIBLE, "");
  return compatible(mapped(cased, SKELETONS)).toLowerCase();
}

/**
 * The combining marks Latin, Greek and Cyrillic letters take (accents, strokes, overlays), which only disguise a
 * word there; marks that spell other scripts (Arabic vowels, Hebrew points, kana voicing) are kept.
 */
const ACCENTS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
const unaccented = (text: string) => text.normalize("NFD").replace(ACCENTS, "");

/**
 * Text as blocked words are found in it: folded, without accents ("cásino", "ca\u0336sino" and "casi\u0301no"
 * read "casino": taken off before the look-alike table, which maps some accented letters to other scripts, and
 * after it, which maps some symbols to a letter and a mark), and with runs of white space made one space, so that
 * a phrase matches across a double space or a line break. Name bans fold names the same way (see foldName).
 */
export function foldForWords(text: string): string {
  return unaccented(foldForMatching(unaccented(text))).replace(/\s+/g, " ");
}

/** Every capital that is a look-alike of another letter written as that letter ("TroII" as "Troll"). */
export const capitalsAsLookAlikes = (text: string) => mapped(text, CAPITAL_SKELETONS);

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** A capital after a small letter of the same word ("TroII"): not how words are written, but how they are disguised. */
const CAPITAL_AFTER_SMALL = /\p{Ll}\p{M}*\p{Lu}/u;
const LATIN = /\p{sc=Latin}/u;
const NOT_LATIN = /(?!\p{sc=Latin})\p{L}/u;
const GREEK = /\p{sc=Greek}/u;
const CYRILLIC = /\p{sc=Cyrillic}/u;
/** Whether a word mixes scripts ("ТROLL": a Cyrillic Т among Latin letters; or Greek and Cyrillic letters). */
const mixedScripts = (word: string) => (LATIN.test(word) ? NOT_LATIN.test(word) : GREEK.test(word) && CYRILLIC.test(word));
/** Small letters other than "l" (which among capitals passes for "I"), and two capitals. */
const SMALL_NOT_L = /(?!l)\p{Ll}/u;
const TWO_CAPITALS = /\p{Lu}\P{Lu}*\p{Lu}/u;
/** What may stand for a capital "I": a small "l" or a "1". */
const FOR_CAPITAL_I = /[l1]/g;
/** A word whose first letter may be an "I" ("lvan", "1van"): "l" or "1", then small letters. */
const I_FIRST = /^[l1](?=\p{Ll})/u;
/** Anything a second reading could change: a capital of the table, or what may stand for a capital "I". */
const READABLE = new RegExp(`${CAPITAL_SKELETONS.find.source}|[l1]`, "u");

/**
 * The text as it looks rather than as it is spelled, or null when that reads no differently. Folding lower-cases
 * first, as it must for "Ivan" to be "ivan", which hides the capitals that look like another letter than their small
 * one ("I" like "l", Cyrillic "Т" like "T") and the small letters that pass for capitals ("l" for "I"). Matching reads
 * a text a second time from this, which takes, in each word, the first of:
 * - the capitals of the table as their look-alikes where a capital is no capital letter of the word's own: after a
 *   small letter ("TroII" is "Troll") or in a word that mixes scripts ("ТROLL", a Cyrillic Т, is "TROLL"). A word
 *   written in capitals, or with a capital first, keeps them ("IOAN", "Ioan" and "Ian" are not "loan" and "lan");
 * - an "l" or a "1" as an "I" in a word written in capitals ("CASlNO" and "B1LL" are "CASINO" and "BILL"), and at
 *   the start of a word in small letters ("lvan" and "llya" are "Ivan" and "Ilya").
 * Accents and invisible characters are taken off first, as folding takes them. Bounded by the text's length.
 */
export function lookAlikeReading(text: string): string | null {
  const plain = unaccented(compatible(text)).replace(INVISIBLE, "");
  if (!READABLE.test(plain)) return null;
  const read = plain.replace(WORD, (word) => {
    if (word.length < 2) return word;
    if (CAPITAL_SKELETONS.find.test(word) && (CAPITAL_AFTER_SMALL.test(word) || mixedScripts(word))) return capitalsAsLookAlikes(word);
    if (!SMALL_NOT_L.test(word) && TWO_CAPITALS.test(word)) return word.replace(FOR_CAPITAL_I, "I");
    return word.replace(I_FIRST, "I");
  });
  return read === plain ? null : read;
}

/**
 * How much of a folded name bans store and compare, in code points. Folding can make a name seven times longer (㈝
 * is "(오전)"), and a ban's value must import again from an export, where it may have 254 UTF-16 code units: 127
 * code points are at most that, even if none is in the Basic Multilingual Plane. Names that fold alike that far are
 * one name to bans. (Migration 0022 cut the name bans made before to this length.)
 */
export const NAME_CODE_POINTS = 127;

/** A folded name cut to NAME_CODE_POINTS, never inside a code point. */
export function boundName(folded: string): string {
  if (folded.length <= NAME_CODE_POINTS) return folded;
  let end = 0;
  for (let n = 0; n < NAME_CODE_POINTS && end < folded.length; n++) end += (folded.codePointAt(end) as number) > 0xffff ? 2 : 1;
  return folded.slice(0, end);
}

/** The small capitals folding reads as their letters since 2026-12-05. */
const SMALL_CAPITAL = new RegExp(`[${SMALL_CAPITALS}]`, "gu");

/**
 * A name ban's folded value as bans compare it now, from one a backup holds: one exported before small capitals were
 * read as their letters keeps them (migration 0032 rewrote those stored), and one exported before names were bounded
 * may be longer.
 */
export const storedName = (folded: string) => boundName(folded.replace(SMALL_CAPITAL, (c) => SKELETONS.map.get(c)!));

/**
 * A name as bans compare it: folded as blocked words are, accents and all ("José", "JOSE" and "jose\u0301" are
 * "jose"), with the ends trimmed, then bounded.
 */
export function foldName(name: string): string {
  return boundName(foldForWords(name).trim());
}

/**
 * A name as bans made before 2026-12-02 stored it, folded but keeping its accents. Posters' names are looked up this
 * way too, so those bans still catch every name they caught (a ban made again catches more).
 */
export function foldNameWithAccents(name: string): string {
  return boundName(foldForMatching(name).replace(/\s+/g, " ").trim());
}

/** Never in text (cleaning takes it out) and kept as it is by folding, which never carries anything across it. */
const APART = "\u0000";

/**
 * Many texts folded as `foldForWords` folds each and trimmed, in one pass over all of them: a list of 500 blocked
 * words costs a few calls into the engine's normalizer rather than a few thousand.
 */
export function foldWords(texts: string[]): string[] {
  if (texts.some((t) => t.includes(APART))) return texts.map((t) => foldForWords(t).trim());
  return foldForWords(texts.join(APART))
    .split(APART)
    .map((t) => t.trim());
}
