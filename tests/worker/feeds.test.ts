// The Atom feeds: the site-wide one beside the per-thread one. Both parse as XML and follow Atom's required
// elements, and neither ever carries pending, spam or rejected content.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { EXCERPT_CHARS, FEED_HTML_CHARS } from "../../worker/services/feed-content";
import { SELF_ORIGIN, call, createSite, json, postComment, putArticle, threadPath } from "./helpers";

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "link" });

async function feed(path: string) {
  const res = await call(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/atom+xml");
  const xml = await res.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const f = doc.feed;
  expect(f["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  for (const field of ["id", "title", "updated"]) expect(f[field], field).toBeTruthy();
  for (const entry of f.entry ?? []) {
    for (const field of ["id", "title", "updated", "author", "content"]) expect(entry[field], field).toBeTruthy();
    expect(["html", "text"]).toContain(entry.content["@_type"]);
  }
  return { xml, entries: (f.entry ?? []) as any[], updated: f.updated as string };
}

describe("Atom feeds", () => {
  it("lists a site's newest published comments across threads, and never held or spam ones", async () => {
    const site = await createSite({ blockedWords: ["casino"], blockedWordsAction: "hold" });
    await postComment(site.id, "/a/", { body: "Visible one <script>alert(1)</script> & more", authorName: "Ann & <Co>" });
    await postComment(site.id, "/b/", { body: "Visible two" });
    const held = await postComment(site.id, "/a/", { body: "Try the casino" });
    expect(held.comment.status).toBe("pending");
    const spammed = await postComment(site.id, "/b/", { body: "Will be spam" });
    await json(`/sites/${site.id}/moderation/comments/${spammed.comment.id}/spam`, 200, { method: "POST", token: site.ownerToken });

    const { xml, entries } = await feed(`/sites/${site.id}/feed`);
    expect(entries).toHaveLength(2);
    expect(xml).not.toContain("casino");
    expect(xml).not.toContain("Will be spam");
    expect(xml).not.toContain("<script>");
    expect(entries.map((e) => e.author.name)).toContain("Ann & <Co>");
    expect(entries.some((e) => String(e.content["#text"] ?? e.content).includes("&lt;script&gt;"))).toBe(true);
    expect(entries[0].published >= entries[1].published).toBe(true);
    expect(entries.find((e) => e.link)?.link[0]["@_href"]).toMatch(/^https:\/\/blog\.example\.com\/[ab]\/#comment-/);
  });

  it("keeps the per-thread feed valid Atom without held content", async () => {
    const site = await createSite({ blockedWords: ["casino"], blockedWordsAction: "hold" });
    await postComment(site.id, "t", { body: "Fine & dandy \u0001" });
    await postComment(site.id, "t", { body: "casino time" });
    const { xml, entries } = await feed(threadPath(site.id, "t").replace(/comments$/, "feed"));
    expect(entries).toHaveLength(1);
    expect(xml).not.toContain("casino");
  });

  it("names an article's thread by its title and links its comments to the article's page, in both feeds", async () => {
    const site = await createSite();
    await putArticle(site.id, site.ownerToken, "hello-feeds", { title: "Hello, feeds & readers", body: "Text." });
    const { comment } = await postComment(site.id, "hello-feeds", { body: "On the article", authorName: "Ann" });
    const page = `${SELF_ORIGIN}/p/${site.id}/hello-feeds#comment-${comment.id}`;
    const siteFeed = await feed(`/sites/${site.id}/feed`);
    expect(siteFeed.entries[0].title).toBe("Ann on Hello, feeds & readers: On the article");
    expect(siteFeed.entries[0].link[0]["@_href"]).toBe(page);
    const thread = await feed(threadPath(site.id, "hello-feeds").replace(/comments$/, "feed"));
    expect(thread.xml).toContain("<title>Comments on Hello, feeds &amp; readers · ");
    expect(thread.entries[0].link[0]["@_href"]).toBe(page);
  });

  it("is valid for a site with no comments yet, updated at the same time on every request", async () => {
    const site = await createSite();
    const first = await feed(`/sites/${site.id}/feed`);
    expect(first.entries).toEqual([]);
    const emptyThread = threadPath(site.id, "/nothing-yet/").replace(/comments$/, "feed");
    const thread = await feed(emptyThread);
    await new Promise((r) => setTimeout(r, 20));
    expect((await feed(`/sites/${site.id}/feed`)).updated).toBe(first.updated);
    expect((await feed(emptyThread)).updated).toBe(thread.updated);
    expect(Date.parse(first.updated)).toBeLessThan(Date.now() - 10);
  });

  it("is updated when its latest entry was, an edit of an older comment too, in both feeds", async () => {
    const site = await createSite();
    const older = await postComment(site.id, "/post/", { body: "First words" });
    const newer = await postComment(site.id, "/post/", { body: "Second" });
    await new Promise((r) => setTimeout(r, 20));
    await json(`/sites/${site.id}/moderation/comments/${older.comment.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { body: "First words, edited" } });
    for (const path of [`/sites/${site.id}/feed`, threadPath(site.id, "/post/").replace(/comments$/, "feed")]) {
      const { entries, updated } = await feed(path);
      const edited = entries.find((e) => String(e.id).endsWith(older.comment.id));
      expect(edited.updated > edited.published, path).toBe(true);
      expect(edited.updated > entries.find((e) => String(e.id).endsWith(newer.comment.id)).updated, path).toBe(true);
      expect(updated, path).toBe(edited.updated);
    }
  });

  it("names a thread without an article by its key as the address reads: letters decoded, escaped controls kept", async () => {
    const site = await createSite();
    const key = "/2021/06/caf%C3%A9-au-lait/";
    await postComment(site.id, key, { body: "Bonjour", authorName: "Zoé" });
    // A key a reader picked to turn the feed's line around: the override stays an escape.
    await postComment(site.id, "/x%E2%80%AEtxt.exe/", { body: "Sneaky", authorName: "Eve" });
    const siteFeed = await feed(`/sites/${site.id}/feed`);
    const titles = siteFeed.entries.map((e) => e.title);
    expect(titles).toContain("Zoé on /2021/06/café-au-lait/: Bonjour");
    expect(titles).toContain("Eve on /x%E2%80%AEtxt.exe/: Sneaky");
    expect(siteFeed.xml).not.toContain("\u202E");
    // The same characters sent as they are through the API (a NEL, a noncharacter): shown escaped all the same.
    await postComment(site.id, "/y\u202Etxt.exe/\u0085\uFFFE\u200B end", { body: "Raw", authorName: "Mallory" });
    const again = (await feed(`/sites/${site.id}/feed`)).entries.map((e) => e.title);
    expect(again).toContain("Mallory on /y%E2%80%AEtxt.exe/%C2%85%EF%BF%BE%E2%80%8B end: Raw");
    const thread = await feed(threadPath(site.id, key).replace(/comments$/, "feed"));
    expect(thread.xml).toContain("<title>Comments on /2021/06/café-au-lait/ · ");
  });
});

describe("Atom feeds' cost", () => {
  it("carries the newest comments' whole text while the feed's budget of written HTML lasts, then excerpts", async () => {
    const site = await createSite();
    // Ten thousand characters of emphasis each: six comments' HTML is more than the budget.
    const big = "*a* ".repeat(2500);
    for (let i = 0; i < 6; i++) await postComment(site.id, "/big/", { body: `${i} ${big}`.slice(0, 10_000), authorName: `R${i}` });
    for (const path of [`/sites/${site.id}/feed`, threadPath(site.id, "/big/").replace(/comments$/, "feed")]) {
      const { entries } = await feed(path);
      // The site's feed lists all six; a thread's, as many as its newest page holds within its byte budget.
      const names = entries.map((e) => e.author.name);
      expect(names, path).toEqual(["R5", "R4", "R3", "R2", "R1", "R0"].slice(0, path.includes("/threads/") ? Math.max(3, names.length) : 6));
      // Newest first: HTML until the budget is spent (the entry that spends it still whole), then excerpts.
      const types = entries.map((e) => e.content["@_type"]);
      const whole = types.includes("text") ? types.indexOf("text") : types.length;
      expect(whole, path).toBeGreaterThanOrEqual(1);
      // Six comments' HTML is more than the budget: the site's feed ends with excerpts.
      if (!path.includes("/threads/")) expect(whole, path).toBeLessThan(6);
      expect(types, path).toEqual([...Array(whole).fill("html"), ...Array(entries.length - whole).fill("text")]);
      // Every entry before the last whole one left the budget unspent (its text as the XML parser reads it, shorter than written).
      const html = entries.slice(0, whole).map((e) => String(e.content["#text"]));
      expect(html.slice(0, -1).reduce((n, h) => n + h.length, 0), path).toBeLessThan(FEED_HTML_CHARS);
      expect(html.every((h) => h.startsWith("<p>") && h.includes("<em>a</em>")), path).toBe(true);
      for (const e of entries.filter((e) => e.content["@_type"] == "text")) {
        const text = String(e.content["#text"]);
        expect(text.length, path).toBeLessThanOrEqual(EXCERPT_CHARS);
        expect(text, path).toMatch(/^\d a a a .*a…$/);
      }
    }
  });

  it("is one feed whatever query its address carries, and changes with the next comment", async () => {
    const site = await createSite();
    await postComment(site.id, "/q/", { body: "One" });
    const plain = await feed(`/sites/${site.id}/feed`);
    const tracked = await feed(`/sites/${site.id}/feed?utm_source=reader&x=${"y".repeat(500)}`);
    expect(tracked.xml).toBe(plain.xml);
    expect(plain.xml).toContain(`<id>${SELF_ORIGIN}/api/v1/sites/${site.id}/feed</id>`);
    await postComment(site.id, "/q/", { body: "Two" });
    for (const path of [`/sites/${site.id}/feed`, threadPath(site.id, "/q/").replace(/comments$/, "feed")]) {
      expect((await feed(path)).entries.map((e) => e.author.name), path).toHaveLength(2);
    }
  });
});
