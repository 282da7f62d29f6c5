// One folding for everything matched against what an owner typed (name bans, blocked words): compatibility
// forms (NFKC), case, invisible characters, and look-alike letters mapped to a skeleton (Unicode TS #39,
// from the Unicode confusables table that the `unhomoglyph` package ships, less the entries that normalized,
// lower-cased text never holds: scripts/confusables.mjs). Worker only: never in the widget.
import { INVISIBLE } from "../contract/schemas";
import confusables from "./confusables.json";

const SKELETON: Record<string, string> = confusables;

/** Maps each code point to its confusables skeleton; bounded by the text's length. */
function skeleton(text: string): string {
  let out = "";
  for (const ch of text) out += SKELETON[ch] ?? ch;
  return out;
}

/**
 * Text as matching sees it: "Tro\u00ADll", "tr\u2060oll", "Troll\u3164" and "tr0ll" all fold to the same
 * string as "troll". Not for display: the skeleton is not meant to be read.
 */
export function foldForMatching(text: string): string {
  const cased = text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "");
  return skeleton(cased).normalize("NFKC").toLowerCase();
}

/** A name as bans compare it: folded, with runs of white space made one space and the ends trimmed. */
export function foldName(name: string): string {
  return foldForMatching(name).replace(/\s+/g, " ").trim();
}
