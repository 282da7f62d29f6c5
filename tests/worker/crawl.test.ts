// Comments indexable by search engines: a crawler that runs no script and follows only the links in the server's
// HTML, from the article's hosted page, reaches every published comment of a large, uneven thread, each shown whole
// on some page it reached, and nothing that is not published.
import { describe, expect, it } from "vitest";
import { SELF_ORIGIN, call, createSite, importInBatches, importItem, json, putArticle } from "./helpers";

/** The comments of `doc`: the source id its text begins with, and whether the page shows it whole (not cut). */
function commentsIn(doc: string): { source: string; whole: boolean }[] {
  const found = doc.matchAll(/<article class="c" part="comment" id="comment-[\w-]+">(?:(?!<\/article>).)*?<div class="(doc[^"]*)" part="body" dir="auto"><p>comment (\w+)/g);
  return [...found].map((m) => ({ source: m[2], whole: !m[1].includes("cut") }));
}

describe("a crawler without JavaScript", () => {
  it("reaches every published comment whole through the hosted pages' links, and no other", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "crawled", { title: "Every comment findable" });
    const at = (minute: number) => new Date(Date.UTC(2025, 5, 1) + minute * 60_000).toISOString();
    const long = (s: string) => `comment ${s}\n\n${`A paragraph of a long comment, ${s}, that goes on. `.repeat(30)}\n\n`.repeat(7).slice(0, 9_800);
    const items: ReturnType<typeof importItem>[] = [];
    const add = (source: string, parent: string | null, status = "published", extra: object = {}) =>
      items.push({ ...importItem("crawled", source, parent, status, at(items.length)), body: `comment ${source}`, ...extra });
    // 45 top-level comments, three pinned and eight long ones (a first page cuts some); one held as spam, with a
    // published reply; under t5, a conversation of 120 replies, every third answering the one before.
    for (let k = 0; k < 45; k++) add(`t${k}`, null, k == 20 ? "spam" : "published", { ...(k < 3 ? { pinned: true } : {}), ...(k >= 8 && k < 16 ? { body: long(`t${k}`) } : {}) });
    add("u20", "t20");
    for (let k = 0; k < 120; k++) add(`r${k}`, k % 3 == 0 && k > 0 ? `r${k - 1}` : "t5", k == 40 ? "deleted" : "published");
    add("r40a", "r40");
    await importInBatches(id, ownerToken, items);
    const published = items.filter((c) => c.status == "published").map((c) => c.sourceId);

    const start = `${SELF_ORIGIN}/p/${id}/crawled`;
    const seen = new Set<string>([start]);
    const queue = [start];
    const whole = new Set<string>();
    const shown = new Set<string>();
    while (queue.length) {
      expect(seen.size, "pages crawled").toBeLessThan(40);
      const res = await call(queue.shift()!);
      expect(res.status).toBe(200);
      const doc = await res.text();
      for (const c of commentsIn(doc)) (shown.add(c.source), c.whole && whole.add(c.source));
      for (const [, href] of doc.matchAll(/<a href="([^"#]+)[^"]*"/g)) {
        const url = href.replaceAll("&amp;", "&");
        if (url.startsWith(start) && !seen.has(url)) (seen.add(url), queue.push(url));
      }
    }
    expect([...shown].filter((s) => !published.includes(s))).toEqual([]);
    expect(published.filter((s) => !whole.has(s))).toEqual([]);
    // The first page, two later pages, the chain's next replies (two pages) and a page per cut comment.
    expect(seen.size).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
