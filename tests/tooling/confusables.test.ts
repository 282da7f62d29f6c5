// The confusables table the worker ships (worker/services/confusables.ts) is what scripts/confusables.mjs makes
// from the installed unhomoglyph package, and folding with it is the same as with Unicode's whole table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TABLE, capitalsTable, fullTable, reachableTable, tableText } from "../../scripts/confusables.mjs";
import { CAPITALS, CONFUSABLES } from "../../worker/services/confusables";
import { capitalsAsLookAlikes, compatible, foldForMatching, foldForWords, lookAlikeReading } from "../../worker/services/fold";
import { INVISIBLE } from "../../worker/contract/clean-text";

const full: Record<string, string> = fullTable();

/** The two phrase ligatures: folding keeps each one character (see `compatible`), and the table's phrase too. */
const LIGATURES = /^[\uFDFA\uFDFB]$/;

/** foldForMatching's steps, with Unicode's whole table. */
function foldWithFullTable(text: string): string {
  const cased = compatible(text).toLowerCase().replace(INVISIBLE, "");
  let out = "";
  for (const ch of cased) out += LIGATURES.test(ch) ? ch : (full[ch] ?? ch);
  return compatible(out).toLowerCase();
}

describe("the worker's confusables table", () => {
  it("is what scripts/confusables.mjs makes from the installed unhomoglyph (run it after an update)", () => {
    expect(readFileSync(TABLE, "utf8")).toBe(tableText(reachableTable(full), capitalsTable(full)));
    expect(CAPITALS.split(/[\n ]/).length).toBe(Object.keys(capitalsTable(full)).length);
    expect(CONFUSABLES.split(/[\n ]/).length).toBe(Object.keys(reachableTable(full)).length);
    expect(CONFUSABLES.split(/[\n ]/).length).toBeLessThan(Object.keys(full).length / 2);
  });

  it("folds every code point, and text mixing them, exactly as Unicode's whole table does", () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (foldWithFullTable(ch) !== foldForMatching(ch)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
    // Every confusable, capitalised and in compatibility forms, among combining marks: what a ban-evader types.
    const keys = Object.keys(full);
    for (let i = 0; i < keys.length; i += 7) {
      const text = `${keys.slice(i, i + 7).join("\u0301")}Ｔｒ𝐎ll\u00ADİ${keys[i].toUpperCase()}`;
      expect(foldForMatching(text), text).toBe(foldWithFullTable(text));
    }
  });

  it("reads every capital as what it looks like as Unicode's whole table does, where lower-casing reads it otherwise", () => {
    // A text as matching takes it: normalized, and its accents off.
    const plain = (text: string) => compatible(text).normalize("NFD").replace(/[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g, "");
    // Then each capital mapped by the whole table.
    const wholeTable = (text: string) => [...plain(text)].map((ch) => (ch.toLowerCase() !== ch && full[ch]) || ch).join("");
    const differ: string[] = [];
    let capitals = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const look = capitalsAsLookAlikes(plain(ch));
      if (look !== plain(ch)) capitals++;
      if (foldForWords(look) !== foldForWords(wholeTable(ch))) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
    expect(capitals).toBeGreaterThan(150);
  });

  it("reads a text as it looks only where a capital is no capital letter of its word, or a small letter passes for one", () => {
    expect(lookAlikeReading("Plain text, all small: 1, і, 2026.")).toBeNull();
    expect(lookAlikeReading("Ioan, IOAN, Ian, ISD, BAILS, HEIL, ВОТ, Al, McIntosh's")).toBe("Ioan, IOAN, Ian, ISD, BAILS, HEIL, ВОТ, Al, Mclntosh's");
    expect(lookAlikeReading("TroII \u0422ROLL \uFF34\uFF52\uFF4F\uFF29\uFF29 Tro\u00ADII CASlNO B1LL lVAN llya 1van")).toBe("Troll TROLL Troll Troll CASINO BILL IVAN Ilya Ivan");
  });
});
