// Spam defences on the comment POST: the honeypot, duplicates, link and blocked-word holds, first-comment holds
// and pre-moderation, each judged by the worker and visible in the owner's moderation queue.
import { describe, expect, it } from "vitest";
import { countCommentRows, createSite, expectError, json, threadPath } from "./helpers";
import { renderCommentBody } from "../../worker/services/markdown";
import { shownText } from "../../worker/services/spam";
import { fill } from "../fixtures/hostile-markdown";
import { DAY_MS, MINUTE_MS, ageComment, postAs, postOk, queued, readQueue, readThread, uniqueBody } from "./safety-helpers";

describe("honeypot", () => {
  // Since the hardening, a filled honeypot is answered like a success (bots learn nothing), and still stores nothing.
  it("answers a post whose hidden website field is filled with 201 and stores nothing", async () => {
    const { id } = await createSite();
    expect((await postAs(id, "t", { website: "https://cheap-pills.example" })).status).toBe(201);
    expect(await countCommentRows(id)).toBe(0);
    expect((await readThread(id, "t")).total).toBe(0);
  });

  it("accepts an empty or blank website field", async () => {
    const { id } = await createSite();
    expect((await postOk(id, "t", { website: "" })).comment.status).toBe("published");
    expect((await postOk(id, "t", { website: "   " })).comment.status).toBe("published");
    expect(await countCommentRows(id)).toBe(2);
  });
});

describe("duplicates", () => {
  it("refuses the same text from the same IP address within a day with 409 DUPLICATE_COMMENT", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: "198.51.100.1", body: "First!" });
    await expectError(await postAs(id, "t", { ip: "198.51.100.1", body: "First!" }), 409, "DUPLICATE_COMMENT");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("refuses the same text from the same email from another IP address", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: "198.51.100.2", authorEmail: "ada@example.com", body: "Great article" });
    const res = await postAs(id, "t", { ip: "198.51.100.3", authorEmail: "ADA@example.com", body: "Great article" });
    await expectError(res, 409, "DUPLICATE_COMMENT");
  });

  it("counts text that differs only in surrounding whitespace as the same", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: "198.51.100.4", body: "Same words" });
    await expectError(await postAs(id, "t", { ip: "198.51.100.4", body: "  Same words \n" }), 409, "DUPLICATE_COMMENT");
  });

  it("checks duplicates across the threads of a site", async () => {
    const { id } = await createSite();
    await postOk(id, "a", { ip: "198.51.100.5", body: "Spam everywhere" });
    await expectError(await postAs(id, "b", { ip: "198.51.100.5", body: "Spam everywhere" }), 409, "DUPLICATE_COMMENT");
  });

  it("lets a different reader post the same text", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: "198.51.100.6", authorEmail: "one@example.com", body: "+1" });
    await postOk(id, "t", { ip: "198.51.100.7", authorEmail: "two@example.com", body: "+1" });
    expect((await readThread(id, "t")).total).toBe(2);
  });

  it("lets the same reader post different text", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: "198.51.100.8", body: "One thought" });
    await postOk(id, "t", { ip: "198.51.100.8", body: "Another thought" });
    expect(await countCommentRows(id)).toBe(2);
  });

  it("allows the same text again once the first comment is more than a day old", async () => {
    const { id } = await createSite();
    const first = await postOk(id, "t", { ip: "198.51.100.9", body: "Daily hello" });
    await ageComment(id, first.comment.id, DAY_MS - MINUTE_MS);
    await expectError(await postAs(id, "t", { ip: "198.51.100.9", body: "Daily hello" }), 409, "DUPLICATE_COMMENT");
    await ageComment(id, first.comment.id, 2 * MINUTE_MS);
    await postOk(id, "t", { ip: "198.51.100.9", body: "Daily hello" });
    expect(await countCommentRows(id)).toBe(2);
  });

  it("does not count another site's comments as duplicates", async () => {
    const one = await createSite();
    const two = await createSite();
    await postOk(one.id, "t", { ip: "198.51.100.10", body: "Cross-posted" });
    await postOk(two.id, "t", { ip: "198.51.100.10", body: "Cross-posted" });
  });
});

describe("link hold", () => {
  const links = (n: number) => Array.from({ length: n }, (_, i) => `[site ${i}](https://l${i}.example)`).join(" ");
  const bare = (n: number) => Array.from({ length: n }, (_, i) => `https://b${i}.example/page`).join(" and ");

  it("publishes a comment with as many links as maxLinks", async () => {
    const { id } = await createSite({ maxLinks: 2 });
    expect((await postOk(id, "t", { body: `See ${links(2)}` })).comment.status).toBe("published");
    expect((await postOk(id, "t", { body: `See ${bare(2)}` })).comment.status).toBe("published");
  });

  it("holds a comment with more markdown links than maxLinks as pending, reason links", async () => {
    const { id, ownerToken } = await createSite({ maxLinks: 2 });
    const { comment } = await postOk(id, "t", { body: `See ${links(3)}` });
    expect(comment.status).toBe("pending");
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "links" });
    const thread = await readThread(id, "t");
    expect(thread.total).toBe(0);
    expect(thread.comments).toEqual([]);
  });

  it("counts bare URLs that are not markdown links", async () => {
    const { id, ownerToken } = await createSite({ maxLinks: 2 });
    const { comment } = await postOk(id, "t", { body: `Buy at ${bare(3)}` });
    expect(comment.status).toBe("pending");
    expect((await queued(id, ownerToken, comment.id)).reason).toBe("links");
  });

  it("counts www. addresses without a scheme", async () => {
    const { id } = await createSite({ maxLinks: 1 });
    expect((await postOk(id, "t", { body: "Visit www.spam-one.com or www.spam-two.com" })).comment.status).toBe("pending");
  });

  it("holds any link when maxLinks is 0", async () => {
    const { id } = await createSite({ maxLinks: 0 });
    expect((await postOk(id, "t", { body: "My blog: https://me.example" })).comment.status).toBe("pending");
    expect((await postOk(id, "t", { body: "No links here" })).comment.status).toBe("published");
  });
});

describe("blocked words", () => {
  it("holds a comment containing a blocked word when the action is hold", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino"], blockedWordsAction: "hold" });
    const { comment } = await postOk(id, "t", { body: "Best casino bonuses here" });
    expect(comment.status).toBe("pending");
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "blocked-word" });
    expect((await readThread(id, "t")).total).toBe(0);
  });

  it("files a comment containing a blocked word as spam when the action is spam", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino"], blockedWordsAction: "spam" });
    const { comment } = await postOk(id, "t", { body: "Best casino bonuses here" });
    expect(comment.status).toBe("spam");
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "spam", reason: "blocked-word", shadow: false });
    expect((await readQueue(id, ownerToken, "status=spam")).comments.map((c) => c.id)).toEqual([comment.id]);
    expect((await readThread(id, "t")).comments).toEqual([]);
  });

  it("matches blocked words regardless of case", async () => {
    const { id } = await createSite({ blockedWords: ["Casino"] });
    expect((await postOk(id, "t", { body: "CASINO night!" })).comment.status).toBe("pending");
    expect((await postOk(id, "t", { body: "casino, anyone?" })).comment.status).toBe("pending");
  });

  it("reads the text as it shows: markup or an entity inside a word does not hide a blocked word", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["troll", "free money"] });
    for (const body of ["What a **tr**oll", "a *t*roll indeed", "tr&#111;ll", "tr&#x6F;ll here", "[tro](https://example.com)ll", "`tr`oll", "Get **free** *money*", "[a nice place](https://troll.example.com/)"]) {
      const { comment } = await postOk(id, "t", { body });
      expect(comment.status, body).toBe("pending");
      expect((await queued(id, ownerToken, comment.id)).held, body).toMatchObject({ code: "blocked-word" });
    }
    // Words the markup shows apart stay apart, a word that only contains one is still another word, and a comment
    // shows an image as its description alone (its address is neither shown nor linked).
    for (const body of ["tr\n\noll", "**tr** oll", "- tr\n- oll", "*troll*ing is fine", "The trolley problem", "Look: ![a picture](https://example.com/troll.png)"]) {
      expect((await postOk(id, "t", { body })).comment.status, body).toBe("published");
    }
  });

  it("searches links' addresses as they were typed, however they are encoded, and one cannot crowd out another", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino", "казино", "カジノ"] });
    for (const body of [
      "www.a.co [x](https://casino.example)",
      "<a@b.co> [x](https://casino.example)",
      "Great article. More [here](https://casino.example/?r=中中中中中中中中中中中中)",
      "[x](https://example.com/casino?q=é)",
      "[x](https://example.com/cásino)",
      "[x](https://саsino.example)",
      "[ok](https://example.jp/カジノ)",
      "[ok](https://カジノ.jp)",
      "[ok](https://ru.wikipedia.org/wiki/Казино)",
      "[click](https://example.com/%63asino)",
    ]) {
      const { comment } = await postOk(id, "t", { body });
      expect(comment.status, body).toBe("pending");
      expect((await queued(id, ownerToken, comment.id)).held, body).toMatchObject({ code: "blocked-word" });
    }
  });

  it("holds a comment in Chinese, Japanese or Korean with a blocked word of its script inside a sentence", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["赌场", "カジノ", "카지노"] });
    for (const [body, word] of [
      ["这里有赌场广告", "赌场"],
      ["オンラインカジノで遊ぼう", "カジノ"],
      ["카지노에서 만나요", "카지노"],
    ]) {
      const { comment } = await postOk(id, "t", { body });
      expect((await queued(id, ownerToken, comment.id)).held, body).toMatchObject({ code: "blocked-word", word });
    }
    expect((await postOk(id, "t", { body: "今天天气很好" })).comment.status).toBe("published");
  });

  it("runs a phrase across a line break or paragraphs, but not across list items, rules or code blocks", async () => {
    const { id } = await createSite({ blockedWords: ["free money"] });
    for (const body of ["free\nmoney", "It is free\n\nmoney talks", "> free\n> money"]) {
      expect((await postOk(id, "t", { body })).comment.status, body).toBe("pending");
    }
    for (const body of ["Prices:\n- everything here is free\n- money back", "1. free\n2. money", "It is free\n\n---\n\nmoney talks", "```\nx = free\n```\nmoney is tight"]) {
      expect((await postOk(id, "t", { body })).comment.status, body).toBe("published");
    }
  });

  it("searches each link's address once, and no more characters of addresses than the markdown has", async () => {
    // 2,000 links to one address of 2,000 characters defined once: 4,000,000 characters if each link's were read.
    const body = fill("[a] ", 10_000, `[a]: https://example.com/${"a".repeat(1_975)}/casino\n\n`);
    const shown = shownText(renderCommentBody(body), body.length);
    expect(shown.length).toBeLessThanOrEqual(2 * body.length);
    expect(shown.match(/casino/g)).toHaveLength(1);
    const { id } = await createSite({ blockedWords: ["casino"] });
    expect((await postOk(id, "t", { body })).comment.status).toBe("pending");
    // Past the budget, addresses are left out rather than the text.
    // Past the budget, an address that does not fit is left out (not charged: a shorter one after it still fits).
    expect(shownText(renderCommentBody("[troll](https://a.example/long/way) [b](https://b.example/casino) [c](https://c.example/)"), 48)).toBe(
      "\ntroll b c\n\nhttps://a.example/long/way\nhttps://c.example/",
    );
  });

  it("checks the author name as well as the body", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino"] });
    const { comment } = await postOk(id, "t", { authorName: "Lucky Casino Bot", body: "Nice post" });
    expect(comment.status).toBe("pending");
    expect((await queued(id, ownerToken, comment.id)).reason).toBe("blocked-word");
  });

  it("matches whole words only, never inside other words", async () => {
    const { id } = await createSite({ blockedWords: ["ass", "casino"] });
    for (const body of ["A classic passage about grass", "The megacasinos of old", "Cassino is a town in Italy"]) {
      expect((await postOk(id, "t", { body })).comment.status).toBe("published");
    }
    const thread = await readThread(id, "t");
    expect(thread.total).toBe(3);
    expect(thread.comments.every((c: any) => c.status === "published")).toBe(true);
    expect((await postOk(id, "t", { body: "What an ass." })).comment.status).toBe("pending");
  });

  it("matches a blocked phrase and a word next to punctuation", async () => {
    const { id } = await createSite({ blockedWords: ["free money"] });
    expect((await postOk(id, "t", { body: "Get (FREE MONEY) now" })).comment.status).toBe("pending");
    expect((await postOk(id, "t", { body: "Free, money is nice" })).comment.status).toBe("published");
  });
});

describe("first-comment hold", () => {
  // Trust comes from what the author holds (the edit token of their approved comment, or their address's
  // history), never from typing the same e-mail again: see tests/worker/hardening-writes.test.ts.
  it("holds a new author's first comment and publishes the same author at once after approval", async () => {
    const { id, ownerToken } = await createSite({ holdFirstComment: true });
    const first = await postOk(id, "t", { authorEmail: "newcomer@example.com", ip: "192.0.2.10" });
    expect(first.comment.status).toBe("pending");
    expect((await queued(id, ownerToken, first.comment.id)).reason).toBe("first-comment");

    // Still unknown while the first comment waits.
    expect((await postOk(id, "t", { authorEmail: "newcomer@example.com", ip: "192.0.2.10" })).comment.status).toBe("pending");

    await json(`/sites/${id}/moderation/comments/${first.comment.id}/approve`, 200, { method: "POST", token: ownerToken });
    const again = await json(threadPath(id, "t"), 201, {
      body: { body: uniqueBody(), authorName: "Reader", authorEmail: "newcomer@example.com" },
      headers: { "CF-Connecting-IP": "192.0.2.11", "X-Parley-Own": `${first.comment.id}:${first.editToken}` },
    });
    expect(again.comment.status).toBe("published");
  });

  it("still holds a different author after another author was approved", async () => {
    const { id, ownerToken } = await createSite({ holdFirstComment: true });
    const first = await postOk(id, "t", { authorEmail: "known@example.com" });
    await json(`/sites/${id}/moderation/comments/${first.comment.id}/approve`, 200, { method: "POST", token: ownerToken });
    expect((await postOk(id, "t", { authorEmail: "stranger@example.com" })).comment.status).toBe("pending");
  });

  it("recognises a returning reader without an email by IP address", async () => {
    const { id, ownerToken } = await createSite({ holdFirstComment: true });
    const first = await postOk(id, "t", { ip: "192.0.2.20" });
    expect(first.comment.status).toBe("pending");
    await json(`/sites/${id}/moderation/comments/${first.comment.id}/approve`, 200, { method: "POST", token: ownerToken });
    expect((await postOk(id, "t", { ip: "192.0.2.20" })).comment.status).toBe("published");
    expect((await postOk(id, "t", { ip: "192.0.2.21" })).comment.status).toBe("pending");
  });

  it("holds a new name on an address other readers share (an office, a mobile carrier), and knows the returning one", async () => {
    const { id, ownerToken } = await createSite({ holdFirstComment: true });
    const ann = await postOk(id, "t", { ip: "198.51.100.7", authorName: "Ann" });
    expect(ann.comment.status).toBe("pending");
    await json(`/sites/${id}/moderation/comments/${ann.comment.id}/approve`, 200, { method: "POST", token: ownerToken });
    const zed = await postOk(id, "t", { ip: "198.51.100.7", authorName: "Zed" });
    expect(zed.comment.status).toBe("pending");
    expect((await queued(id, ownerToken, zed.comment.id)).reason).toBe("first-comment");
    expect((await postOk(id, "t", { ip: "198.51.100.7", authorName: "Ann" })).comment.status).toBe("published");
  });

  it("publishes first comments when the setting is off", async () => {
    const { id } = await createSite({ holdFirstComment: false });
    expect((await postOk(id, "t", { authorEmail: "fresh@example.com" })).comment.status).toBe("published");
  });
});

describe("pre-moderation", () => {
  it("holds every comment as pending with reason pre-moderation", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    const { comment } = await postOk(id, "t", { body: uniqueBody("Clean") });
    expect(comment.status).toBe("pending");
    expect(await queued(id, ownerToken, comment.id)).toMatchObject({ status: "pending", reason: "pre-moderation" });
    expect((await readThread(id, "t")).total).toBe(0);
  });

  it("shows an approved pre-moderated comment to readers", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    const { comment } = await postOk(id, "t");
    await json(`/sites/${id}/moderation/comments/${comment.id}/approve`, 200, { method: "POST", token: ownerToken });
    const thread = await readThread(id, "t");
    expect(thread.total).toBe(1);
    expect(thread.comments.map((c: any) => c.id)).toEqual([comment.id]);
  });

  it("records why a comment was held when several rules apply: a blocked word before links and pre-moderation", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre", maxLinks: 0, blockedWords: ["casino"] });
    const { comment } = await postOk(id, "t", { body: "casino at https://x.example" });
    expect((await queued(id, ownerToken, comment.id)).reason).toBe("blocked-word");
  });
});
