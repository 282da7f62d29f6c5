// <parley-count> in Chromium against the real worker: a listing page with many counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER, chromiumPath, createSite, launchBrowser, openHostPage, postComment, type Browser, type TestSite } from "../browser/harness";

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
});
