// <parley-count> in Chromium against the real worker: a listing page with many counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER, chromiumPath, createSite, launchBrowser, openHostPage, postComment, shownThread, waitForThread, type Browser, type TestSite } from "../browser/harness";

describe.skipIf(!chromiumPath)("<parley-count>", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("count");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders every count of a listing page from exactly one request to /counts", async () => {
    // A path-like key with a comma and a space, which must survive the one comma-separated request.
    const tricky = "/blog/hello, world/";
    const seed: [string, number][] = [
      ["empty-post", 0],
      ["one-comment", 1],
      ["three-comments", 3],
      [tricky, 2],
    ];
    for (const [thread, n] of seed) {
      for (let i = 0; i < n; i++) await postComment(site.id, thread, { body: `Comment ${i + 1} on ${thread}`, authorName: "Counter" });
    }
    // One reply counts as a comment too.
    const parent = await postComment(site.id, "with-reply", { body: "A comment", authorName: "Counter" });
    await postComment(site.id, "with-reply", { body: "A reply", authorName: "Counter", parentId: parent.id });

    const threads = ["empty-post", "one-comment", "three-comments", tricky, "with-reply", "one-comment", "never-commented"];
    const host = await openHostPage(browser, { element: "counts", site: site.id, threads });
    // What each element shows, from its shadow root.
    const shown = () =>
      host.page.locator("parley-count").evaluateAll((els) => els.map((e) => (e.shadowRoot?.textContent ?? "").replace(/\s+/g, " ").trim()));
    await expect.poll(async () => (await shown()).filter(Boolean).length).toBe(threads.length);

    expect(await shown()).toEqual([
      "0 comments",
      "1 comment",
      "3 comments",
      "2 comments",
      "2 comments",
      "1 comment",
      "0 comments",
    ]);
    const countRequests = host.requests.filter((r) => new URL(r.url).pathname === `/api/v1/sites/${site.id}/counts`);
    expect(countRequests).toHaveLength(1);
    expect(host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`))).toHaveLength(1);
    expect(host.pageErrors).toEqual([]);
  });

  it("splits the counts of long keys into requests of a bounded address; a page at a long Chinese path shows its thread", async () => {
    // The default keys of pages with Chinese slugs: their percent-encoded paths, 600-odd characters each.
    const slug = encodeURIComponent("关于边缘计算中评论系统的首屏性能、索引与数据迁移的一些实践经验总结".repeat(2));
    const keys = Array.from({ length: 8 }, (_, i) => `/2026/0${i + 1}/${slug}/`);
    for (const [i, key] of keys.entries()) {
      for (let n = 0; n < i % 3; n++) await postComment(site.id, key, { body: `评论 ${n + 1}，第 ${i + 1} 篇`, authorName: "读者" });
    }
    const host = await openHostPage(browser, { element: "counts", site: site.id, threads: keys });
    const shown = () =>
      host.page.locator("parley-count").evaluateAll((els) => els.map((e) => (e.shadowRoot?.textContent ?? "").replace(/\s+/g, " ").trim()));
    await expect.poll(async () => (await shown()).filter(Boolean).length).toBe(keys.length);
    expect(await shown()).toEqual(keys.map((_, i) => (i % 3 == 1 ? "1 comment" : `${i % 3} comments`)));
    const countRequests = host.requests.filter((r) => new URL(r.url).pathname === `/api/v1/sites/${site.id}/counts`);
    expect(countRequests.length).toBeGreaterThan(1);
    for (const r of countRequests) expect(r.url.length).toBeLessThan(8500);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();

    // <parley-comments> without a thread attribute keys the thread by location.pathname, whole.
    const page = await openHostPage(browser, { element: "comments", site: site.id, path: keys[1] });
    await waitForThread(page.page);
    expect((await shownThread(page.page)).map((c) => c.body)).toEqual(["评论 1，第 2 篇"]);
    expect(page.pageErrors).toEqual([]);
    await page.page.close();
  });
});
