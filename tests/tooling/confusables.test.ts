// The confusables table the worker ships (worker/services/confusables.ts) is what scripts/confusables.mjs makes
// from the installed unhomoglyph package, and folding with it is the same as with Unicode's whole table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TABLE, fullTable, reachableTable, tableText } from "../../scripts/confusables.mjs";
import { CONFUSABLES } from "../../worker/services/confusables";
import { compatible, foldForMatching } from "../../worker/services/fold";
import { INVISIBLE } from "../../worker/contract/schemas";

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
    expect(readFileSync(TABLE, "utf8")).toBe(tableText(reachableTable(full)));
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
});
