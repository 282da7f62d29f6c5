// What the blocked-words check costs a reader's comment, bounded by what it builds rather than by timings (those are
// in bench/lib/blocked-words.mjs): one build per list per isolate, no regular expression for plain words, folding
// a list in one pass, and a bound on the length of a new list that leaves lists saved before it working.
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/limits";
import { createWordMatcher, foldedLength, matcherFor } from "../../worker/services/blocked-words";
import { foldForWords, foldWords } from "../../worker/services/fold";
import { call, createSite, env, expectInvalid, json } from "./helpers";
import { postOk, uniqueBody } from "./safety-helpers";

/** `count` distinct words of `length` letters, as an owner pasting a long list might have. */
const plainWords = (count: number, length: number) =>
  Array.from({ length: count }, (_, i) => `w${i}`.padEnd(length, "abcdefghij"[i % 10]));

describe("building the blocked-words matcher", () => {
  it("builds once per list in an isolate: the same words, in another array, find the same matcher", () => {
    const words = ["casino", "free money", `bonus-${Math.random()}`];
    const matcher = matcherFor(words);
    expect(matcherFor([...words])).toBe(matcher);
    expect(matcherFor([...words, "crypto"])).not.toBe(matcher);
  });

  it("looks plain words up without compiling them: 500 of them make no regular expression", () => {
    const matcher = createWordMatcher(plainWords(LIMITS.blockedWords, LIMITS.blockedWordChars));
    expect(matcher?.others).toBeNull();
    expect(matcher?.runs.size).toBe(LIMITS.blockedWords);
    expect(matcher?.find(`Visit my ${plainWords(LIMITS.blockedWords, LIMITS.blockedWordChars)[321].toUpperCase()}.`)).not.toBeNull();
  });

  it("puts only phrases and words with other characters into the expression", () => {
    const matcher = createWordMatcher(["casino", "free cash", "c++", "🎰", "Ｃａｓｉｎｏ"]);
    expect([...(matcher?.runs.keys() ?? [])]).toEqual(["casino"]);
    expect(matcher?.others?.source).toContain("free cash");
    expect(matcher?.others?.source).not.toContain("casino");
    for (const text of ["CASINO!", "get free  cash", "I like c++.", "spin 🎰 now"]) expect(matcher?.find(text), text).not.toBeNull();
    for (const text of ["casinos", "free, cash", "c++x", "c+"]) expect(matcher?.find(text), text).toBeNull();
  });

  it("finds a word of a script written without spaces anywhere in the text, and other words still only whole", () => {
    const matcher = createWordMatcher(["赌场", "カジノ", "카지노", "คาสิโน", "casino"]);
    expect(matcher?.inside?.source).toContain("赌场");
    expect(matcher?.runs.has("casino")).toBe(true);
    for (const [text, word] of [
      ["这里有赌场广告", "赌场"],
      ["オンラインカジノで遊ぼう", "カジノ"],
      ["카지노에서 만나요", "카지노"],
      ["เล่นคาสิโนออนไลน์", "คาสิโน"],
      ["ＣＡＳＩＮＯ night", "casino"],
    ]) {
      expect(matcher?.find(text), text).toBe(word);
    }
    for (const text of ["这里有赌博广告", "カジュアル", "megacasino"]) expect(matcher?.find(text), text).toBeNull();
  });

  it("folds a whole list in one pass exactly as it folds each word", () => {
    const ugly = ["Ｔｒ𝐎ll", "ΟΔΟΣ", "ΣΑΣ Σ", "casi\u0301no", "\u0301abc", "ﬃ㈝ﷺ", "tr\u2060oll\u00AD", "  free   money ", "İstanbul", "%0|m", "\u05D0\u05B7", "ß"];
    expect(foldWords(ugly)).toEqual(ugly.map((w) => foldForWords(w).trim()));
  });
});

describe("the bound on a list of blocked words", () => {
  const tooLong = plainWords(LIMITS.blockedWordsChars / 50 + 1, 50);

  it("refuses a new list longer than the bound, counted as matching reads it", async () => {
    expect(foldedLength(tooLong)).toBeGreaterThan(LIMITS.blockedWordsChars);
    const { id, ownerToken } = await createSite();
    await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: tooLong } }), "blockedWords");
    // Ligatures that read as three letters each: 1,700 characters typed, more than 5,000 read.
    const ligatures = Array.from({ length: 17 }, (_, i) => `${"ﬃ".repeat(98)}${i.toString(36).padStart(2, "x")}`);
    expect(ligatures.join("").length).toBeLessThan(LIMITS.blockedWordsChars);
    await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: ligatures } }), "blockedWords");
    await expectInvalid(await call("/sites", { token: "test-admin-token", body: { id: `${id}-2`, name: "Blog", blockedWords: tooLong } }), "blockedWords");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { blockedWords: tooLong.slice(1) } });
  });

  it("refuses a word that matches nothing: accents or other marks alone", async () => {
    const { id, ownerToken } = await createSite();
    const res = await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: ["casino", "\u0301", "x"] } });
    await expectInvalid(res.clone(), "blockedWords.1");
    expect((await res.json<any>()).error.message).toBe(
      "blockedWords.1: Matches nothing: matching sets accents and other marks aside, and nothing else is left of it.",
    );
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { blockedWords: ["casino", "x\u0301"] } });
  });

  it("names every bad word of a list at once: each that matches nothing, with the schema's own problems", async () => {
    const { id, ownerToken } = await createSite();
    const MATCHES_NOTHING = "Matches nothing: matching sets accents and other marks aside, and nothing else is left of it.";
    // Only words that match nothing: each is named, not only the first.
    const marks = await expectInvalid(
      await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: ["\u0301", "casino", "\u0300\u0302", "x"] } }),
      "blockedWords.0",
    );
    expect(marks.details).toEqual([
      { field: "blockedWords.0", message: MATCHES_NOTHING },
      { field: "blockedWords.2", message: MATCHES_NOTHING },
    ]);
    // A word too long (the schema's) and a line break (the schema's) come with those that match nothing (the service's).
    const words = ["casino", "\u0301", "w".repeat(LIMITS.blockedWordChars + 1), "ok", "\u0308", "two\nlines"];
    const mixed = await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: words, maxLinks: 2 } }), "blockedWords.2");
    expect(mixed.details).toEqual(
      expect.arrayContaining([
        { field: "blockedWords.2", message: `Must be at most ${LIMITS.blockedWordChars} characters.` },
        { field: "blockedWords.5", message: "Must be a single line." },
        { field: "blockedWords.1", message: MATCHES_NOTHING },
        { field: "blockedWords.4", message: MATCHES_NOTHING },
      ]),
    );
    expect(mixed.details).toHaveLength(4);
    // Not a list, or not strings: the schema says so, and nothing is made up about the rest.
    const odd = await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: [7, "\u0301"] } }), "blockedWords.0");
    expect(odd.details?.map((d) => d.field)).toEqual(["blockedWords.0", "blockedWords.1"]);
    // A new site's list too, through the admin route.
    const created = await expectInvalid(
      await call("/sites", { token: "test-admin-token", body: { id: `${id}-new`, name: "Blog", blockedWords: ["\u0301", "y".repeat(LIMITS.blockedWordChars + 1)] } }),
      "blockedWords.0",
    );
    expect(created.details?.map((d) => d.field).sort()).toEqual(["blockedWords.0", "blockedWords.1"]);
    const { site } = await json<{ site: { settings: { blockedWords: string[]; maxLinks: number } } }>(`/sites/${id}/settings`, 200, { token: ownerToken });
    expect(site.settings.blockedWords).toEqual([]);
  });

  it("keeps a longer list saved before the bound: it still holds comments, and saving it back unchanged is accepted", async () => {
    const { id, ownerToken } = await createSite();
    const row = await env.DB.prepare("SELECT settings FROM sites WHERE id = ?1").bind(id).first<string>("settings");
    const settings = { ...JSON.parse(row as string), blockedWords: tooLong };
    await env.DB.prepare("UPDATE sites SET settings = ?2 WHERE id = ?1").bind(id, JSON.stringify(settings)).run();

    expect((await postOk(id, "t", { body: `${uniqueBody()} ${tooLong[7]} here` })).comment.status).toBe("pending");
    expect((await postOk(id, "t", { body: uniqueBody() })).comment.status).toBe("published");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { blockedWords: tooLong, maxLinks: 1 } });
    await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: [...tooLong, "more"] } }), "blockedWords");
  });
});
