// Writes worker/services/confusables.json: the part of Unicode's confusables table (as the `unhomoglyph` package
// ships it) that folding can ever look up. foldForMatching (worker/services/fold.ts) maps each code point of text
// that is already NFKC-normalized and lower-cased, so a character that NFKC or lower-casing always replaces never
// reaches the table: fullwidth and mathematical letters, capitals. Dropping those entries (about two thirds)
// changes no folding, and takes about 95 KB out of the worker's bundle. A tooling test checks that the file is what
// this script makes from the installed package, and that folding every code point is unchanged.
// Usage: node scripts/confusables.mjs (after updating unhomoglyph).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const TABLE = fileURLToPath(new URL("../worker/services/confusables.json", import.meta.url));

/** Unicode's whole table: each confusable code point and its skeleton. */
export const fullTable = () => JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("unhomoglyph/data.json")), "utf8"));

/** Every code point, as a string (lone surrogates left out: text never holds them after NFKC). */
function* codePoints() {
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
}

/**
 * The entries whose key can occur in NFKC-normalized, lower-cased text: a character NFKC leaves alone (one it
 * changes has NFKC_Quick_Check=No and never occurs in normalized text) and lower-casing leaves alone, or one that
 * lower-casing some character produces (lower-casing comes after NFKC).
 */
export function reachableTable(full) {
  const produced = new Set();
  for (const ch of codePoints()) {
    const lower = ch.toLowerCase();
    if (lower !== ch) for (const c of lower) produced.add(c);
  }
  const reachable = (ch) => (ch.normalize("NFKC") === ch && ch.toLowerCase() === ch) || produced.has(ch);
  return Object.fromEntries(Object.entries(full).filter(([ch]) => reachable(ch)));
}

/** JSON with every character outside printable ASCII as a \u escape, as the package's own file has it. */
const ascii = (value) => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The file's text: one entry per line, in code point order, so an update reads as a diff. */
export function tableText(table) {
  const lines = Object.entries(table)
    .sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0))
    .map(([k, v]) => `${ascii(k)}:${ascii(v)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = tableText(reachableTable(fullTable()));
  writeFileSync(TABLE, text);
  console.log(`${TABLE}: ${text.split("\n").length - 3} entries, ${Buffer.byteLength(text)} bytes`);
}
