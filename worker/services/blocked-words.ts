// Finds a site's blocked words in a comment, as whole words, folded (see ./fold). A word that is one run of letters
// and digits (most are) is looked up among the comment's runs; only the others (phrases, words with punctuation
// or emoji) make a regular expression, whose compiling costs CPU in proportion to its length: one of 500 words of
// 100 characters took 13 ms in a fresh isolate, over a reader's whole budget. LIMITS.blockedWordsChars bounds it.
// Words in a script written without spaces (Chinese, Japanese, Thai, …) are found anywhere, in one more expression.
import { foldForWords, foldWords, lookAlikeReading } from "./fold";

const RUN = /^[\p{L}\p{N}]+$/u;
const RUNS = /[\p{L}\p{N}]+/gu;
/**
 * Letters of the scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese), and
 * Korean, whose words take their particles without one (`카지노에서`, at the casino): a blocked word with one of
 * them is looked for anywhere in the text, not as a whole word, which such text never has.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export interface WordMatcher {
  /**
   * The first blocked word (as the owner typed it) found in the text, or null. A text that reads otherwise than it
   * is spelled (see lookAlikeReading: "TroII", "ТROLL", "CASlNO") is searched both ways.
   */
  find(text: string): string | null;
  /** The words that are one run of letters and digits, folded, each with the word as the owner typed it. */
  readonly runs: ReadonlyMap<string, string>;
  /** The other words, folded, as one expression; null when there are none. */
  readonly others: RegExp | null;
  /** The words of scripts written without spaces (see UNSPACED), folded, as one expression found anywhere; or null. */
  readonly inside: RegExp | null;
}

/** The matcher of a list of blocked words (folded, trimmed; empty ones left out), or null when none is left. */
export function createWordMatcher(blocked: string[]): WordMatcher | null {
  const runs = new Map<string, string>();
  const others = new Map<string, string>();
  const unspaced = new Map<string, string>();
  foldWords(blocked).forEach((needle, i) => {
    const words = UNSPACED.test(needle) ? unspaced : RUN.test(needle) ? runs : others;
    if (needle && !words.has(needle)) words.set(needle, blocked[i]);
  });
  if (!runs.size && !others.size && !unspaced.size) return null;
  // Longest first, so that a word is never shadowed by a shorter one it starts with.
  const alternation = (words: Map<string, string>) =>
    [...words.keys()].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const pattern = others.size ? new RegExp(`(?:^|[^\\p{L}\\p{N}])(${alternation(others)})(?=$|[^\\p{L}\\p{N}])`, "u") : null;
  const inside = unspaced.size ? new RegExp(`(${alternation(unspaced)})`, "u") : null;
  const findFolded = (folded: string) => {
    if (runs.size) for (const run of folded.match(RUNS) ?? []) if (runs.has(run)) return runs.get(run) as string;
    const hit = pattern?.exec(folded);
    if (hit) return others.get(hit[1]) ?? hit[1];
    const within = inside?.exec(folded);
    return within ? (unspaced.get(within[1]) ?? within[1]) : null;
  };
  return {
    runs,
    others: pattern,
    inside,
    find(text) {
      const hit = findFolded(foldForWords(text));
      if (hit !== null) return hit;
      const look = lookAlikeReading(text);
      return look === null ? null : findFolded(foldForWords(look));
    },
  };
}

/**
 * One matcher per list of blocked words, kept in the isolate's memory for the next comments (the list itself is the
 * key, so a settings change makes a new one); bounded, oldest out first.
 */
const matchers = new Map<string, WordMatcher | null>();
const MATCHERS_KEPT = 64;

export function matcherFor(blocked: string[]): WordMatcher | null {
  const id = JSON.stringify(blocked);
  if (matchers.has(id)) return matchers.get(id) ?? null;
  const matcher = createWordMatcher(blocked);
  if (matchers.size >= MATCHERS_KEPT) matchers.delete(matchers.keys().next().value as string);
  matchers.set(id, matcher);
  return matcher;
}

/** How many characters a list of blocked words takes as matching reads it (folded): what LIMITS.blockedWordsChars bounds. */
export const foldedLength = (blocked: string[]) => foldWords(blocked).reduce((n, w) => n + w.length, 0);
