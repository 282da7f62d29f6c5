// Names an import brings in are cut to LIMITS.authorNameChars characters as the API counts them, code points, and
// between whole characters: an emoji, a family of joined emoji or a letter with its marks is kept whole or left out,
// never split into a lone surrogate (stored as U+FFFD) or a letter without some of its marks.
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/limits";
import { createSite, json, threadPath } from "./helpers";

const FAMILY = "👨‍👩‍👧‍👦";

/** Imports one comment per name into a fresh site and answers the names stored, in the same order. */
async function storedNames(names: string[]): Promise<string[]> {
  const { id, ownerToken } = await createSite();
  const comments = names.map((authorName, i) => ({
    source: "waline",
    sourceId: String(i),
    parent: null,
    thread: "/names/",
    body: `Name ${i}`,
    authorName,
    status: "published",
    createdAt: `2020-01-01T00:00:${String(i).padStart(2, "0")}Z`,
  }));
  expect(await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } })).toMatchObject({ inserted: names.length, failed: [] });
  const page = await json(`${threadPath(id, "/names/")}?sort=oldest`, 200);
  return page.comments.map((c: { authorName: string }) => c.authorName);
}

const codePoints = (s: string) => [...s].length;

describe("imported names", () => {
  it("leaves out a family of emoji that would pass the 80th character, rather than ending in half of it", async () => {
    const [name] = await storedNames(["a".repeat(79) + FAMILY]);
    expect(name).toBe("a".repeat(79));
  });

  it("keeps 80 emoji of a name of 200, counted as characters, not as JavaScript's two units each", async () => {
    const [name] = await storedNames(["😀".repeat(200)]);
    expect(name).toBe("😀".repeat(LIMITS.authorNameChars));
    expect(name).not.toMatch(/\uFFFD/);
  });

  it("keeps or leaves out a letter with all of its combining marks at the cut, and families whole", async () => {
    const marked = "x\u0301\u0323";
    const [letters, families, flags] = await storedNames(["b".repeat(78) + marked + "c", FAMILY.repeat(20), "🇫🇷".repeat(50)]);
    expect(letters).toBe("b".repeat(78));
    expect(families).toBe(FAMILY.repeat(11));
    expect(flags).toBe("🇫🇷".repeat(40));
    for (const name of [letters, families, flags]) expect(codePoints(name)).toBeLessThanOrEqual(LIMITS.authorNameChars);
  });

  it("cuts one character longer than the whole bound (a chain of joined emoji) between its code points, without a dangling joiner", async () => {
    const chain = Array(40).fill("👩🏽").join("\u200d");
    const [name] = await storedNames([chain]);
    expect(codePoints(name)).toBeLessThanOrEqual(LIMITS.authorNameChars);
    expect(chain.startsWith(name)).toBe(true);
    expect(name).not.toMatch(/\u200d$/);
    expect(name).not.toMatch(/\uFFFD/);
  });
});
