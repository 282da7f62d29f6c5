// <parley-comments> in Chromium against the real worker: nesting, the count heading, paging, the default thread key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  commentLocator,
  createSite,
  getThread,
  launchBrowser,
  lockThread,
  newCommentForm,
  openHostPage,
  outline,
  postComment,
  shownThread,
  submitComment,
  waitForThread,
  type Browser,
  type TestSite,
} from "../browser/harness";

const clean = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

describe.skipIf(!chromiumPath)("<parley-comments>", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("comments");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders a thread with every reply nested under its parent", async () => {
    const thread = "nested";
    const a = await postComment(site.id, thread, { authorName: "Ann", body: "Top-level comment A" });
    const b = await postComment(site.id, thread, { authorName: "Bob", body: "Reply B to A", parentId: a.id });
    await postComment(site.id, thread, { authorName: "Cy", body: "Reply C to B", parentId: b.id });
    await postComment(site.id, thread, { authorName: "Dee", body: "Reply D to A", parentId: a.id });
    await postComment(site.id, thread, { authorName: "Eve", body: "Top-level comment E" });

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread });
    await waitForThread(page);
    const shown = await shownThread(page);

    expect(outline(shown)).toEqual([
      {
        author: "Ann",
        body: "Top-level comment A",
        replies: [
          { author: "Bob", body: "Reply B to A", replies: [{ author: "Cy", body: "Reply C to B", replies: [] }] },
          { author: "Dee", body: "Reply D to A", replies: [] },
        ],
      },
      { author: "Eve", body: "Top-level comment E", replies: [] },
    ]);
    const [ann, eve] = shown;
    expect(ann.replies[0].left).toBeGreaterThan(ann.left);
    expect(ann.replies[0].replies[0].left).toBeGreaterThan(ann.replies[0].left);
    expect(eve.left).toBe(ann.left);
  });

  it('says "0 comments", "1 comment" and "2 comments"', async () => {
    await postComment(site.id, "one", { authorName: "Solo", body: "The only comment" });
    await postComment(site.id, "two", { authorName: "First", body: "One of two" });
    await postComment(site.id, "two", { authorName: "Second", body: "Two of two" });

    const headings: Record<string, string> = {};
    for (const thread of ["zero", "one", "two"]) {
      const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread });
      headings[thread] = clean(await (await waitForThread(page)).textContent());
      expect((await shownThread(page)).length).toBe({ zero: 0, one: 1, two: 2 }[thread]);
    }
    expect(headings).toEqual({ zero: "0 comments", one: "1 comment", two: "2 comments" });
  });

  it("shows a locked thread's comments without any form or Reply button", async () => {
    const thread = "locked";
    await postComment(site.id, thread, { authorName: "Early", body: "Posted before the lock" });
    await lockThread(site, thread);

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread });
    await waitForThread(page);

    expect(outline(await shownThread(page))).toEqual([{ author: "Early", body: "Posted before the lock", replies: [] }]);
    expect(await page.locator("parley-comments [part~=form]").count()).toBe(0);
    expect(await page.locator("parley-comments").getByRole("button", { name: "Reply", exact: true }).count()).toBe(0);
    expect(clean(await page.locator("parley-comments [part~=closed]").textContent())).toMatch(/closed/i);
  });

  it("loads the next page through the cursor when a thread has more than 20 top-level comments", async () => {
    const thread = "long-thread";
    for (let i = 1; i <= 23; i++) await postComment(site.id, thread, { authorName: "Pager", body: `Comment number ${i}` });
    // The API's order (oldest first) is the order the widget must show; the last one gets a reply.
    const stored = (await getThread(site.id, thread)).comments;
    const bodies = stored.map((c) => clean(JSON.stringify(c.body).match(/Comment number \d+/)![0]));
    expect(bodies).toHaveLength(23);
    await postComment(site.id, thread, { authorName: "Replier", body: "A reply on the second page", parentId: stored[22].id });

    const host = await openHostPage(browser, { element: "comments", site: site.id, thread });
    const heading = await waitForThread(host.page);
    expect(clean(await heading.textContent())).toBe(`${(await getThread(site.id, thread)).total} comments`);
    const firstPage = await shownThread(host.page);
    expect(firstPage.map((c) => c.body)).toEqual(bodies.slice(0, 20));

    await host.page.locator("parley-comments").getByRole("button", { name: /more/i }).click();
    await commentLocator(host.page, bodies[22]).waitFor();

    const all = await shownThread(host.page);
    expect(all.map((c) => c.body)).toEqual(bodies);
    expect(outline(all.slice(-1))[0].replies).toEqual([{ author: "Replier", body: "A reply on the second page", replies: [] }]);
    // The first page comes rendered with the site (…/rendered), the next from …/comments.
    const pages = host.requests.filter((r) => /\/threads\/[^/]+\/(rendered|comments)\?/.test(r.url)).map((r) => new URL(r.url).searchParams);
    expect(pages).toHaveLength(2);
    expect(pages[0].get("cursor")).toBeNull();
    expect(pages[1].get("cursor")).toBeTruthy();
    // Nothing more to load.
    expect(await host.page.locator("parley-comments").getByRole("button", { name: /more/i }).count()).toBe(0);
  });

  it("keeps the server's order when the reader posts and then loads the next page", async () => {
    const thread = "post-then-more";
    for (let i = 1; i <= 22; i++) await postComment(site.id, thread, { authorName: "Pager", body: `Earlier comment ${i}` });
    const host = await openHostPage(browser, { element: "comments", site: site.id, thread });
    await waitForThread(host.page);
    await submitComment(newCommentForm(host.page), { body: "Posted before loading more", name: "Latecomer" });
    await commentLocator(host.page, "Posted before loading more").waitFor();
    await host.page.locator("parley-comments").getByRole("button", { name: /more/i }).click();
    await commentLocator(host.page, "Earlier comment 22").waitFor();
    const bodies = (await shownThread(host.page)).map((c) => c.body);
    expect(bodies.slice(-3)).toEqual(["Earlier comment 21", "Earlier comment 22", "Posted before loading more"]);
    expect(bodies.filter((b) => b === "Posted before loading more")).toHaveLength(1);
  });

  it("uses the page's path as the thread when none is given, for reading and posting", async () => {
    const path = "/2024/05/a-post-with-a-path.html";
    await postComment(site.id, path, { authorName: "Pathfinder", body: "Posted to the page's path" });

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, path });
    await waitForThread(page);
    expect(outline(await shownThread(page))).toEqual([{ author: "Pathfinder", body: "Posted to the page's path", replies: [] }]);

    await submitComment(newCommentForm(page), { body: "Answered from the page itself", name: "Visitor" });
    await commentLocator(page, "Answered from the page itself").waitFor();
    const stored = await getThread(site.id, path);
    expect(stored.comments.map((c) => c.authorName)).toEqual(["Pathfinder", "Visitor"]);
  });
});
