// Text that tries to slip past matching or break a document: names and blocked words fold the same way
// (NFKC, case, invisible characters, confusable letters), and stored text holds no character XML forbids.
import { describe, expect, it } from "vitest";
import { foldForWords } from "../../worker/services/fold";
import smallCapitalsMigration from "../../worker/migrations/0032_name_bans_small_capitals.sql?raw";
import { createSite, env, expectError, json } from "./helpers";
import { postAs, postOk, queued, uniqueBody } from "./safety-helpers";

const DISGUISED = ["Tro\u00ADll", "tr\u2060oll", "Troll\u3164", "TROLL", "tr0ll", "\uFF34roll", "tr\u043Ell"];
/**
 * Capitals that lower-casing would make other letters, where no word has a capital: "I" after a small letter looks
 * like "l"; a Cyrillic "Т" or a Greek "Ι" among Latin letters like "T" and "l".
 */
const CAPITAL_DISGUISES = ["TroII", "\u0422ROLL", "TRO\u0399\u0399", "Tr\u043E\u0406l", "\uFF34\uFF52\uFF4F\uFF29\uFF29", "Tro\u00ADII", "Tro\u0399\u0301l"];

describe("folding names and blocked words", () => {
  it("matches a name ban on 'troll' whatever invisible or look-alike characters disguise it", async () => {
    const site = await createSite();
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "troll" } });
    for (const name of DISGUISED) await expectError(await postAs(site.id, "t", { authorName: name }), 403, "BANNED");
    await postOk(site.id, "t", { authorName: "Trolley" });
  });

  it("matches a name ban and a blocked word disguised with look-alike capitals, and still reads a capital as its letter", async () => {
    const site = await createSite({ blockedWords: ["troll", "casino", "Ivan", "click here"] });
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "troll" } });
    for (const value of ["Ivan Petrov", "Ilya", "Bill"]) await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value } });
    // Capitals that pass for other letters, and small letters or digits that pass for capitals.
    const names = [...CAPITAL_DISGUISES, "Ivan Petrov", "IVAN PETROV", "Ivan\u00A0PETROV", "lVAN PETROV", "lvan Petrov", "lLYA", "1LYA", "llya", "BlLL", "B1LL"];
    for (const name of names) await expectError(await postAs(site.id, "t", { authorName: name }), 403, "BANNED");
    for (const word of [...CAPITAL_DISGUISES, "CASlNO", "CAS1NO", "CAS\u0406NO", "IVAN", "ivan", "lvan", "CLlCK HERE"]) {
      const { comment } = await postOk(site.id, "t", { body: `${uniqueBody()} I saw ${word} here` });
      expect(comment.status, word).toBe("pending");
      expect((await queued(site.id, site.ownerToken, comment.id)).reason).toBe("blocked-word");
    }
    for (const body of ["I think Trolley Ivanhoe is fine, I SAID, IN CAPITALS", "TROLLEY casinos CASlNOS lvanhoe", "ILL II Il"]) {
      expect((await postOk(site.id, "t", { body: `${uniqueBody()} ${body}` })).comment.status, body).toBe("published");
    }
    await postOk(site.id, "t", { authorName: "Ivana" });
  });

  it("reads a capital as a look-alike only where no word has a capital: names and words in capitals stay what they are", async () => {
    // Each text would match its list if every capital "I" were read as an "l", or Cyrillic capitals as Latin ones.
    const site = await createSite({ blockedWords: ["loan", "lsd", "balls", "hell", "бот", "lan"] });
    for (const value of ["Lan", "Loan", "Lona", "Al"]) await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value } });
    const bodies = ["Ioan Gruffudd was great in that film.", "Best regards, IOAN", "Our ISD board voted last night.", "THE GOVERNMENT BAILS OUT BANKS AGAIN.", "HEIL UND SEGEN, WEIL ES GUT IST.", "ВОТ ЭТО ДА! НЕТ, ТЫ НЕ ПРАВ.", "Ian and IAN said so."];
    for (const body of bodies) expect((await postOk(site.id, "t", { body: `${uniqueBody()} ${body}` })).comment.status, body).toBe("published");
    for (const authorName of ["Ian", "IAN", "Ioan", "Iona", "AI", "Ioan Popescu"]) {
      expect((await postOk(site.id, "t", { authorName, body: `${uniqueBody()} Hello` })).comment.status, authorName).toBe("published");
    }
  });

  it("matches a name ban and a blocked word written in small capitals, and leaves Russian words that look like them alone", async () => {
    const site = await createSite({ blockedWords: ["casino", "bot", "tam"] });
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Badguy" } });
    for (const name of ["ʙᴀᴅɢᴜʏ", "ʙᴀᴅ\u00ADɢᴜʏ", "Bᴀᴅɢᴜʏ"]) await expectError(await postAs(site.id, "t", { authorName: name }), 403, "BANNED");
    const { comment } = await postOk(site.id, "t", { body: `${uniqueBody()} Win at the ᴄᴀꜱɪɴᴏ tonight` });
    expect(comment.status).toBe("pending");
    expect((await queued(site.id, site.ownerToken, comment.id)).reason).toBe("blocked-word");
    // Cyrillic "в", "т" and "м" look like small capitals, and stay Cyrillic letters: "вот" is not "bot", "там" not "tam".
    expect((await postOk(site.id, "t", { body: `${uniqueBody()} Вот там и живём.` })).comment.status).toBe("published");
    expect(foldForWords("ʙᴀᴅɢᴜʏ")).toBe(foldForWords("Badguy"));
  });

  it("catches small capitals with a name ban stored before they were read as letters, from the database or a backup", async () => {
    const site = await createSite();
    // As banning "ʙᴀᴅɢᴜʏ" stored it before 2026-12-05; migration 0032 rewrites it.
    await env.DB.prepare("INSERT INTO bans (id, site_id, type, value, hint, mode, created_at) VALUES (?, ?, 'name', ?, ?, 'visible', ?)")
      .bind("ban_smallcaps1", site.id, "ʙᴀᴅɢuy", "ʙᴀᴅɢᴜʏ", Date.now())
      .run();
    await env.DB.exec(smallCapitalsMigration.replace(/--.*\n/g, "").replace(/\s+/g, " "));
    await expectError(await postAs(site.id, "t", { authorName: "ʙᴀᴅɢᴜʏ" }), 403, "BANNED");
    const copy = await createSite();
    const item = { source: "parley", sourceId: "ban_smallcaps2", type: "name", value: "ʀᴏɢᴜᴇ", hint: "ʀᴏɢᴜᴇ", mode: "visible", createdAt: "2026-11-01T00:00:00Z" };
    await json(`/sites/${copy.id}/import`, 200, { token: copy.ownerToken, body: { bans: [item] } });
    expect((await json(`/sites/${copy.id}/export?part=bans`, 200, { token: copy.ownerToken })).items[0].value).toBe("rogue");
    for (const authorName of ["ʀᴏɢᴜᴇ", "Rogue"]) await expectError(await postAs(copy.id, "t", { authorName }), 403, "BANNED");
  });

  it("matches a name ban typed with a disguise against the plain name", async () => {
    const site = await createSite();
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Tr\u2060\u043Ell" } });
    await expectError(await postAs(site.id, "t", { authorName: "troll" }), 403, "BANNED");
  });

  it("holds a body or a name with a disguised blocked word", async () => {
    const site = await createSite({ blockedWords: ["troll"] });
    for (const word of DISGUISED) {
      const { comment } = await postOk(site.id, "t", { body: `${uniqueBody()} ${word} here` });
      expect(comment.status, word).toBe("pending");
      expect((await queued(site.id, site.ownerToken, comment.id)).reason).toBe("blocked-word");
    }
    const { comment } = await postOk(site.id, "t", { authorName: "Tr\u00ADoll" });
    expect(comment.status).toBe("pending");
    expect((await postOk(site.id, "t", { body: `${uniqueBody()} trolley` })).comment.status).toBe("published");
  });

  it("holds a blocked word written with accents or combining marks, and a phrase across odd spacing", async () => {
    const site = await createSite({ blockedWords: ["casino", "free money"] });
    const sneaky = ["cásino", "càsino", "ċasino", "casi\u0301no", "casinó", "ca\u0336sino", "CÄSINO", "free  money", "free\nmoney", "free\u00A0\u00A0money", "fréé mönéy"];
    for (const text of sneaky) {
      const { comment } = await postOk(site.id, "t", { body: `${uniqueBody()} ${text} here` });
      expect(comment.status, text).toBe("pending");
      expect((await queued(site.id, site.ownerToken, comment.id)).reason).toBe("blocked-word");
    }
    // Whole words still: an accent does not make a longer word match, and a phrase does not span two fields.
    expect((await postOk(site.id, "t", { body: `${uniqueBody()} casinos freemoney` })).comment.status).toBe("published");
    expect((await postOk(site.id, "t", { authorName: "Free", body: `${uniqueBody()} money back` })).comment.status).toBe("published");
  });

  // Matching costs what the folded text's length says: a text that folds into many times its length (U+FDFA, one
  // character that NFKC spells as an 18-letter phrase) would cost a comment POST that many comments' CPU.
  it("folds every character into at most seven, so no text grows more than sevenfold before it is matched", () => {
    const over: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const ch = String.fromCodePoint(cp);
      if (foldForWords(ch).length > 7 * ch.length) over.push(`U+${cp.toString(16).toUpperCase()}`);
    }
    expect(over).toEqual([]);
  });

  it("still holds a blocked word after thousands of ﷺ and ﷻ ligatures", async () => {
    const site = await createSite({ blockedWords: ["casino"] });
    const praise = "صلى الله عليه وسلم ﷺ ".repeat(40) + "ﷺﷻ".repeat(4000);
    const { comment } = await postOk(site.id, "t", { body: `${praise} best CASINO bonus` });
    expect(comment.status).toBe("pending");
    expect((await postOk(site.id, "t", { body: `${praise} ﷺ` })).comment.status).toBe("published");
  });
});
