// The reader's experience in real Chromium: sorting, votes, long reply chains, deep threads, permalinks, the edit
// window, drafts, resilience, events, themes, languages, keyboard-only use, accessibility and layout stability.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicComment } from "../../worker/contract/types";
import {
  WORKER,
  allComments,
  axeViolations,
  chromiumPath,
  commentLocator,
  contrastRatio,
  createSite,
  DEMO,
  editAs,
  focusedElement,
  gate,
  getThread,
  launchBrowser,
  layoutShift,
  newCommentForm,
  openHostPage,
  postComment,
  publishArticle,
  publishLongArticle,
  shownThread,
  submitComment,
  uniq,
  voteAs,
  waitForThread,
  type Browser,
  type Page,
  type ShownComment,
  type TestSite,
} from "./harness";

const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
/** A reader key as the widget makes them: 16-64 URL-safe characters. */
const readerKey = () => `test-reader-${uniq()}-${uniq()}`;
/** The `<parley-comments>` element, or the one inside `<parley-article>`. */
const thread = (page: Page) => page.locator("parley-comments").first();
/** Waits for the thread's lazy chunk: once it is in, every published comment has its upvote button. */
const waitForExtras = (page: Page) => thread(page).locator("[part~=form]").last().waitFor();
const voteButton = (page: Page, text: string) => commentLocator(page, text).getByRole("button", { name: /^Upvote/ });
describe.skipIf(!chromiumPath)("reading and taking part in a thread", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("reader", { editWindowMinutes: 15 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sorts by oldest, newest and most upvoted, and remembers the reader's choice on the site after a reload", async () => {
    const sortSite = await createSite("sort");
    const key = `sorting-${uniq()}`;
    const texts = ["First, no votes", "Second, two votes", "Third, one vote"];
    const [, second, third] = [
      await postComment(sortSite.id, key, { authorName: "Ann", body: texts[0] }),
      await postComment(sortSite.id, key, { authorName: "Bo", body: texts[1] }),
      await postComment(sortSite.id, key, { authorName: "Cy", body: texts[2] }),
    ];
    await voteAs(sortSite.id, second.id, readerKey());
    await voteAs(sortSite.id, second.id, readerKey());
    await voteAs(sortSite.id, third.id, readerKey());

    const { page } = await openHostPage(browser, { element: "comments", site: sortSite.id, thread: key });
    await waitForThread(page);
    const bodies = async () => (await shownThread(page)).map((c) => c.body);
    const sort = thread(page).locator("[part~=sort]");
    expect(await sort.inputValue()).toBe("oldest");
    expect(await bodies()).toEqual(texts);

    await sort.selectOption("newest");
    await expect.poll(bodies).toEqual([texts[2], texts[1], texts[0]]);
    await sort.selectOption("top");
    await expect.poll(bodies).toEqual([texts[1], texts[2], texts[0]]);
    await waitForExtras(page);
    expect(await voteButton(page, texts[1]).getAttribute("aria-label")).toBe("Upvote, 2 votes");

    await page.reload();
    await waitForThread(page);
    expect(await sort.inputValue()).toBe("top");
    expect(await bodies()).toEqual([texts[1], texts[2], texts[0]]);
    // Remembered per site: another site's threads still start with the oldest.
    const other = await openHostPage(browser, { element: "comments", site: site.id, thread: `elsewhere-${uniq()}` });
    await waitForThread(other.page);
    expect(await thread(other.page).locator("[part~=sort]").inputValue()).toBe("oldest");
  });

  it("counts an upvote at once, takes it back on a second click, and remembers both across reloads", async () => {
    const key = `votes-${uniq()}`;
    const text = `Worth an upvote ${uniq()}`;
    await postComment(site.id, key, { authorName: "Voted", body: text });
    const held = gate();
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) => p.route("**/votes", async (route) => (await held.opened, route.continue())),
    });
    await waitForThread(page);
    const button = voteButton(page, text);
    await button.waitFor();
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    expect(await button.getAttribute("aria-label")).toBe("Upvote, 0 votes");

    // The count moves while the request is still held back.
    await button.click();
    await expect.poll(() => button.getAttribute("aria-label")).toBe("Upvote, 1 vote");
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    expect((await getThread(site.id, key)).comments[0].votes).toBe(0);
    held.open();
    await expect.poll(async () => (await getThread(site.id, key)).comments[0].votes).toBe(1);

    await page.reload();
    await button.waitFor();
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    expect(await button.getAttribute("aria-label")).toBe("Upvote, 1 vote");

    await button.click();
    await expect.poll(() => button.getAttribute("aria-label")).toBe("Upvote, 0 votes");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(async () => (await getThread(site.id, key)).comments[0].votes).toBe(0);
    await page.reload();
    await button.waitFor();
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    expect(await button.getAttribute("aria-label")).toBe("Upvote, 0 votes");
  });

  it("leaves one vote per reader to the API, and puts back a vote it refuses with the reason", async () => {
    const key = `vote-limits-${uniq()}`;
    const text = `Popular on one network ${uniq()}`;
    const comment = await postComment(site.id, key, { authorName: "Popular", body: text });
    const same = readerKey();
    expect((await voteAs(site.id, comment.id, same)).votes).toBe(1);
    // The same reader again: still one vote.
    expect((await voteAs(site.id, comment.id, same)).votes).toBe(1);
    // Two more readers from the same address reach the most one network may cast on a comment.
    await voteAs(site.id, comment.id, readerKey());
    expect((await voteAs(site.id, comment.id, readerKey())).votes).toBe(3);

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const button = voteButton(page, text);
    await button.waitFor();
    expect(await button.getAttribute("aria-label")).toBe("Upvote, 3 votes");
    await button.click();
    const alert = commentLocator(page, text).getByRole("alert");
    await alert.waitFor();
    expect(clean(await alert.textContent())).toBe("This comment already has all the votes allowed from your network.");
    expect(await button.getAttribute("aria-label")).toBe("Upvote, 3 votes");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    expect((await getThread(site.id, key)).comments[0].votes).toBe(3);
  });

  it("loads the rest of a long reply chain under the right parents, and moves the focus to the first new reply", async () => {
    const key = `long-chain-${uniq()}`;
    const root = await postComment(site.id, key, { authorName: "Root", body: "The start of a long chain" });
    const replies: PublicComment[] = [];
    for (let i = 1; i <= 53; i++) replies.push(await postComment(site.id, key, { authorName: `R${i}`, body: `Reply ${i}`, parentId: root.id }));
    // Beyond the first 50: one answers reply 10 (shown on the first page), one answers reply 53 (also late).
    await postComment(site.id, key, { authorName: "Late", body: "A late answer to reply 10", parentId: replies[9].id });
    await postComment(site.id, key, { authorName: "Later", body: "An answer to reply 53", parentId: replies[52].id });
    expect((await getThread(site.id, key)).comments[0].moreReplies).toBeTruthy();

    const host = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(host.page);
    await waitForExtras(host.page);
    const first = (await shownThread(host.page))[0];
    expect(first.replies).toHaveLength(50);
    // 55 replies, 50 shown: the toggle does not claim 50 is all of them, folded or not.
    const hide = thread(host.page).getByRole("button", { name: "Hide replies (50+)" });
    await hide.click();
    await thread(host.page).getByRole("button", { name: "Show 50+ replies" }).click();
    await hide.waitFor();
    const more = thread(host.page).getByRole("button", { name: "Show more replies" });
    await more.click();
    await commentLocator(host.page, "An answer to reply 53").waitFor();

    const shown = (await shownThread(host.page))[0];
    expect(shown.replies.map((r) => r.body)).toEqual(Array.from({ length: 53 }, (_, i) => `Reply ${i + 1}`));
    expect(shown.replies[9].replies.map((r) => r.body)).toEqual(["A late answer to reply 10"]);
    expect(shown.replies[52].replies.map((r) => r.body)).toEqual(["An answer to reply 53"]);
    expect(await more.count()).toBe(0);
    expect(await focusedElement(host.page)).toMatch(/^article#comment-/);
    expect(await thread(host.page).getByRole("button", { name: "Hide replies (55)" }).count()).toBe(1);
    const repliesRequests = host.requests.filter((r) => r.url.includes(`/comments/${root.id}/replies`));
    expect(repliesRequests).toHaveLength(1);
  });

  it("indents replies four levels deep, shows deeper ones flat with a link to what they answer, and hides and shows replies", async () => {
    const key = `deep-${uniq()}`;
    let parent = await postComment(site.id, key, { authorName: "Level 1", body: "Depth 1" });
    for (let depth = 2; depth <= 6; depth++)
      parent = await postComment(site.id, key, { authorName: `Level ${depth}`, body: `Depth ${depth}`, parentId: parent.id });
    const chain = (await allComments(site.id, key)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    await waitForExtras(page);
    const lefts: number[] = [];
    for (let n: ShownComment | undefined = (await shownThread(page))[0]; n; n = n.replies[0]) lefts.push(n.left);
    expect(lefts).toHaveLength(6);
    expect(lefts[1]).toBeGreaterThan(lefts[0]);
    expect(lefts[2]).toBeGreaterThan(lefts[1]);
    expect(lefts[3]).toBeGreaterThan(lefts[2]);
    expect([lefts[4], lefts[5]]).toEqual([lefts[3], lefts[3]]);

    // Depths 5 and 6 say whom they answer, linking to that comment on the host page.
    for (const depth of [5, 6]) {
      const link = commentLocator(page, `Depth ${depth}`).getByRole("link", { name: `in reply to Level ${depth - 1}` });
      expect(await link.getAttribute("href")).toBe(`${page.url().split("#")[0]}#comment-${chain[depth - 2].id}`);
    }
    expect(await commentLocator(page, "Depth 4").getByRole("link", { name: /in reply to/ }).count()).toBe(0);
    await commentLocator(page, "Depth 6").getByRole("link", { name: "in reply to Level 5" }).click();
    await expect.poll(() => focusedElement(page)).toBe(`article#comment-${chain[4].id}.c.hl`);
    expect(new URL(page.url()).hash).toBe(`#comment-${chain[4].id}`);

    // The whole chain under the first comment folds away and comes back.
    const hide = commentLocator(page, "Depth 1").getByRole("button", { name: "Hide replies (5)" });
    expect(await hide.getAttribute("aria-expanded")).toBe("true");
    await hide.click();
    const show = commentLocator(page, "Depth 1").getByRole("button", { name: "Show 5 replies" });
    await show.waitFor();
    expect(await show.getAttribute("aria-expanded")).toBe("false");
    expect((await shownThread(page))[0].replies).toEqual([]);
    await show.click();
    await commentLocator(page, "Depth 6").waitFor();
  });

  it("opens a permalink to a comment on a later page: loads it, scrolls to it, focuses and highlights it", async () => {
    const key = `permalink-${uniq()}`;
    const made: PublicComment[] = [];
    for (let i = 1; i <= 25; i++) made.push(await postComment(site.id, key, { authorName: `P${i}`, body: `Permalinked ${i}` }));
    const target = made[22];

    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, intro: 20, hash: `comment-${target.id}` });
    await expect.poll(() => focusedElement(page)).toBe(`article#comment-${target.id}.c.hl`);
    const box = (await commentLocator(page, "Permalinked 23").boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    // The highlight is a style of its own (it fades out).
    expect(await commentLocator(page, "Permalinked 23").evaluate((el) => getComputedStyle(el).animationName)).toBe("hl");

    // Each comment's date links to it on the host page; following one jumps there.
    const date = commentLocator(page, "Permalinked 2").first().locator("[part~=permalink]");
    expect(await date.getAttribute("href")).toBe(`${page.url().split("#")[0]}#comment-${made[1].id}`);
    expect(await date.locator("time").getAttribute("datetime")).toBe(made[1].createdAt);
    await date.click();
    await expect.poll(() => focusedElement(page)).toBe(`article#comment-${made[1].id}.c.hl`);
  });

  it("shows an article, its site's links and its thread from one worker request, and jumps to a linked comment", async () => {
    const slug = `one-request-${uniq()}`;
    await publishArticle(site, slug, { title: "An article with a linked comment", body: "Body text." });
    const linked = await postComment(site.id, slug, { authorName: "Linked", body: "The comment the link names" });
    const host = await openHostPage(browser, { site: site.id, slug, hash: `comment-${linked.id}` });
    await expect.poll(() => focusedElement(host.page)).toBe(`article#comment-${linked.id}.c.hl`);
    const api = host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => new URL(r.url).pathname);
    // widget.js's request for the article rendered, with the reader's view in it: no other.
    expect(api).toEqual([`/api/v1/sites/${site.id}/articles/${slug}/rendered`]);
  });

  it("shows a thread alone (<parley-comments>) and its site's language from one worker request", async () => {
    const key = `alone-${uniq()}`;
    await postComment(site.id, key, { authorName: "Solo", body: "A thread with no article" });
    const host = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(host.page);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(["Solo"]);
    const api = host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => new URL(r.url).pathname);
    expect(api).toEqual([`/api/v1/sites/${site.id}/threads/${key}/rendered`]);
  });

  it("loads a thread below the fold only when the reader scrolls near it", async () => {
    const key = `lazy-${uniq()}`;
    await postComment(site.id, key, { authorName: "Patient", body: "Waiting below the fold" });
    const hold = gate();
    const host = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      intro: 60,
      // An image that never arrives holds the page's load event, and with it the idle-time fallback.
      img: "/held-image.png",
      waitUntil: "domcontentloaded",
      beforeLoad: (p) => p.route("**/held-image.png", async (route) => (await hold.opened, route.abort())),
    });
    await thread(host.page).locator(".load").waitFor({ state: "attached" });
    await host.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const threadRequests = () => host.requests.filter((r) => r.url.includes(`/threads/${key}/`));
    expect(threadRequests()).toHaveLength(0);
    // The placeholder holds a fixed height until then.
    expect((await thread(host.page).boundingBox())!.height).toBeGreaterThan(300);

    await thread(host.page).scrollIntoViewIfNeeded();
    await waitForThread(host.page);
    expect(threadRequests()).toHaveLength(1);
    hold.open();
  });

  it("lets a reader edit and delete their own comment within the site's edit window", async () => {
    const key = `window-${uniq()}`;
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const text = `Freshly posted ${uniq()}`;
    await submitComment(newCommentForm(page), { body: text, name: "Quick Editor" });
    const mine = commentLocator(page, text);
    await mine.waitFor();
    expect(clean(await mine.textContent())).toMatch(/Editable for 1[45] more minutes/);

    await mine.getByRole("button", { name: "Edit", exact: true }).click();
    const editor = page.locator("parley-comments [part~=comment] [part~=form] textarea");
    expect(await editor.inputValue()).toBe(text);
    await editor.fill(`${text}, edited`);
    await page.locator("parley-comments [part~=comment]").getByRole("button", { name: "Save" }).click();
    await commentLocator(page, `${text}, edited`).getByText("(edited)").waitFor();
    expect((await allComments(site.id, key))[0].editedBy).toBe("author");

    await commentLocator(page, `${text}, edited`).getByRole("button", { name: "Delete", exact: true }).click();
    await commentLocator(page, `${text}, edited`).getByRole("button", { name: "Yes, delete" }).click();
    await commentLocator(page, `${text}, edited`).waitFor({ state: "detached" });
    expect(await allComments(site.id, key)).toEqual([]);
  });

  it("offers no edit or delete once the edit window is closed, and the API refuses the edit", async () => {
    const closed = await createSite("no-edits", { editWindowMinutes: 0 });
    const key = `closed-${uniq()}`;
    const { page } = await openHostPage(browser, { element: "comments", site: closed.id, thread: key });
    await waitForThread(page);
    const text = `Set in stone ${uniq()}`;
    await submitComment(newCommentForm(page), { body: text, name: "Stonemason" });
    const mine = commentLocator(page, text);
    await mine.getByRole("button", { name: "Reply", exact: true }).waitFor();
    expect(await mine.getByRole("button", { name: "Edit", exact: true }).count()).toBe(0);
    expect(await mine.getByRole("button", { name: "Delete", exact: true }).count()).toBe(0);

    const [stored] = await allComments(closed.id, key);
    const token = await page.evaluate(([s, id]) => JSON.parse(localStorage.getItem(`parley:edit:${s}:${id}`) ?? "{}").token, [closed.id, stored.id]);
    expect(token).toMatch(/^pe_/);
    const refusal = await editAs(closed.id, stored.id, token, "Rewritten after all", 403).catch((e) => e);
    expect(refusal).toEqual(expect.objectContaining({ error: expect.objectContaining({ code: "EDIT_WINDOW_CLOSED" }) }));
  });

  it("keeps an unsent comment as a draft across reloads, clears it once posted, and focuses the new comment", async () => {
    const key = `draft-${uniq()}`;
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const form = newCommentForm(page);
    const body = form.getByRole("textbox", { name: "Comment", exact: true });
    const name = form.getByRole("textbox", { name: "Name", exact: true });
    const text = `A thought in progress ${uniq()}`;
    await body.fill(text);
    await name.fill("Drafter");

    await page.reload();
    await waitForThread(page);
    await expect.poll(() => body.inputValue()).toBe(text);
    expect(await name.inputValue()).toBe("Drafter");

    await form.getByRole("button", { name: "Post" }).click();
    await commentLocator(page, text).waitFor();
    const [stored] = await allComments(site.id, key);
    await expect.poll(() => focusedElement(page)).toBe(`article#comment-${stored.id}.c.hl`);
    expect(await body.inputValue()).toBe("");
    await page.reload();
    await waitForThread(page);
    await form.waitFor();
    expect(await body.inputValue()).toBe("");
  });

  it("offers Retry when the thread cannot load, and when a comment cannot be sent, keeping the text and posting it once", async () => {
    const key = `offline-${uniq()}`;
    await postComment(site.id, key, { authorName: "Online", body: "Already here" });
    let failLoads = true;
    let failPosts = true;
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) =>
        p.route(`**/threads/${key}/**`, (route) =>
          (route.request().method() === "GET" ? failLoads : failPosts) ? route.abort("internetdisconnected") : route.continue(),
        ),
    });
    const retryLoad = thread(page).getByRole("button", { name: "Retry" });
    await retryLoad.waitFor();
    expect(clean(await thread(page).getByRole("alert").textContent())).toContain("Could not load.");
    failLoads = false;
    await retryLoad.click();
    await waitForThread(page);
    await commentLocator(page, "Already here").waitFor();

    const text = `Sent on a bad connection ${uniq()}`;
    await submitComment(newCommentForm(page), { body: text, name: "Offline Reader" });
    const alert = newCommentForm(page).getByRole("alert");
    await alert.waitFor();
    expect(clean(await alert.textContent())).toContain("Network error. Your text is kept.");
    expect(await newCommentForm(page).getByRole("textbox", { name: "Comment", exact: true }).inputValue()).toBe(text);
    failPosts = false;
    await alert.getByRole("button", { name: "Retry" }).click();
    await commentLocator(page, text).waitFor();
    expect((await allComments(site.id, key)).filter((c) => clean(JSON.stringify(c.body)).includes(text))).toHaveLength(1);
  });

  it("says by the order menu when another order cannot load, keeps the menu on the order shown, and remembers only one that loaded", async () => {
    const sortSite = await createSite("sort-offline");
    const key = `sort-offline-${uniq()}`;
    const texts = ["Older one", "Newer one"];
    for (const body of texts) await postComment(sortSite.id, key, { authorName: "Sorter", body });
    let offline = false;
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: sortSite.id,
      thread: key,
      beforeLoad: (p) => p.route(`**/threads/${key}/comments?*`, (route) => (offline ? route.abort("internetdisconnected") : route.continue())),
    });
    await waitForThread(page);
    await waitForExtras(page);
    const bodies = async () => (await shownThread(page)).map((c) => c.body);
    const sort = thread(page).locator("select[part~=sort]");
    const stored = () => page.evaluate((k) => localStorage.getItem(k), `parley:sort:${sortSite.id}`);
    expect(await stored()).toBeNull();

    offline = true;
    await sort.selectOption("newest");
    const alert = thread(page).getByRole("alert");
    await alert.waitFor();
    expect(clean(await alert.textContent())).toBe("Could not load. Retry");
    expect(await sort.inputValue()).toBe("oldest");
    expect(await bodies()).toEqual(texts);
    expect(await stored()).toBeNull();

    offline = false;
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect.poll(bodies).toEqual([texts[1], texts[0]]);
    expect(await sort.inputValue()).toBe("newest");
    expect(await alert.count()).toBe(0);
    expect(await stored()).toBe("newest");
  });

  it("says by 'Load more' when the next page cannot load, and brings it with Retry", async () => {
    const { key, authors } = await publishLongArticle(site, "Paged on a bad connection");
    let offline = false;
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) => p.route(`**/threads/${key}/comments?*cursor=*`, (route) => (offline ? route.abort("internetdisconnected") : route.continue())),
    });
    await waitForThread(page);
    await waitForExtras(page);
    const authorsShown = async () => (await shownThread(page)).map((c) => c.author);
    expect(await authorsShown()).toEqual(authors.slice(0, 20));

    offline = true;
    await thread(page).getByRole("button", { name: "Load more" }).click();
    const alert = thread(page).getByRole("alert");
    await alert.waitFor();
    expect(clean(await alert.textContent())).toBe("Could not load. Retry");
    expect(await authorsShown()).toEqual(authors.slice(0, 20));

    offline = false;
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect.poll(authorsShown).toEqual(authors);
    expect(await alert.count()).toBe(0);
  });

  it("shows another article and its thread from one request when a single-page app changes the slug", async () => {
    const [first, second] = [`spa-first-${uniq()}`, `spa-second-${uniq()}`];
    await publishArticle(site, first, { title: "The first page", body: "One." });
    await publishArticle(site, second, { title: "The next page", body: "Two." });
    await postComment(site.id, second, { authorName: "Next", body: "On the next page" });
    const host = await openHostPage(browser, { element: "article", site: site.id, slug: first });
    await waitForThread(host.page);
    await waitForExtras(host.page);
    const before = host.requests.length;
    await host.page.locator("parley-article").evaluate((el, slug) => el.setAttribute("slug", slug), second);
    await commentLocator(host.page, "On the next page").waitFor();
    expect(await host.page.locator("parley-article [part~=title]").textContent()).toBe("The next page");
    await waitForExtras(host.page);
    const api = host.requests.slice(before).filter((r) => r.url.startsWith(`${WORKER}/api/`));
    expect(api.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`GET /api/v1/sites/${site.id}/articles/${second}/view`]);
  });

  it("fires parley-loaded, parley-comment-posted with the comment, and parley-error with the code", async () => {
    const key = `events-${uniq()}`;
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) =>
        p.addInitScript(() => {
          const log: string[] = ((window as unknown as { __events: string[] }).__events = []);
          type Posted = CustomEvent<{ id: string; authorName: string }> & { comment: { id: string } };
          type Failed = Event & { code: string; status: number };
          document.addEventListener("parley-loaded", (e) => log.push(`loaded ${(e.target as Element).localName}`));
          document.addEventListener("parley-comment-posted", (e) => {
            const posted = e as Posted;
            log.push(`posted ${posted.detail.authorName} ${posted.comment.id === posted.detail.id} ${e instanceof CustomEvent}`);
          });
          document.addEventListener("parley-error", (e) => log.push(`error ${(e as Failed).code} ${(e as Failed).status}`));
        }),
    });
    const events = () => page.evaluate(() => (window as unknown as { __events: string[] }).__events);
    await waitForThread(page);
    await submitComment(newCommentForm(page), { body: `Eventful ${uniq()}`, name: "Listener" });
    await expect.poll(events).toEqual(["loaded parley-comments", "posted Listener true true"]);
    await page.route("**/votes", (route) => route.abort());
    await voteButton(page, "Eventful").click();
    await expect.poll(events).toEqual(["loaded parley-comments", "posted Listener true true", "error NETWORK_ERROR 0"]);
    // Another order of the same thread is not another load: parley-loaded fires once (it fired again on each change).
    const resorted = page.waitForResponse((r) => r.url().includes("sort=newest"));
    await thread(page).locator("select[part~=sort]").selectOption("newest");
    await resorted;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    expect(await events()).toEqual(["loaded parley-comments", "posted Listener true true", "error NETWORK_ERROR 0"]);
  });

  it("can be used with the keyboard alone: reading, voting, replying and posting", async () => {
    const key = `keyboard-${uniq()}`;
    await postComment(site.id, key, { authorName: "Typist", body: "Answer me without a mouse" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    await waitForExtras(page);
    /** Presses Tab until `pattern` has the focus; fails after 60 presses. */
    const tabTo = async (pattern: RegExp) => {
      for (let i = 0; i < 60; i++) {
        if (pattern.test(await focusedElement(page))) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`never reached ${pattern} (at ${await focusedElement(page)})`);
    };

    await tabTo(/^button\.link\.vote$/);
    await page.keyboard.press("Space");
    await expect.poll(() => voteButton(page, "Answer me").getAttribute("aria-pressed")).toBe("true");

    await tabTo(/^button\.link$/); // Reply
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedElement(page)).toMatch(/^textarea#comment-|^textarea#[\w-]+-body$/);
    // Escape closes the reply form; Reply opens it again.
    await page.keyboard.press("Escape");
    await expect.poll(() => commentLocator(page, "Answer me").locator("[part~=form]").count()).toBe(0);
    await commentLocator(page, "Answer me").getByRole("button", { name: "Reply", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedElement(page)).toMatch(/^textarea#comment-|^textarea#[\w-]+-body$/);
    await page.keyboard.type("A reply typed at the keyboard");
    await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toMatch(/^input/);
    await page.keyboard.type("Keys");
    await tabTo(/^button\.primary$/);
    await page.keyboard.press("Enter");
    await commentLocator(page, "A reply typed at the keyboard").waitFor();

    await tabTo(/^textarea#-body$/);
    await page.keyboard.type("A comment typed at the keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Keys");
    await tabTo(/^button\.primary$/);
    await page.keyboard.press("Space");
    await commentLocator(page, "A comment typed at the keyboard").waitFor();
    const stored = await allComments(site.id, key);
    expect(stored.map((c) => [c.authorName, c.parentId !== null])).toEqual(
      expect.arrayContaining([
        ["Keys", true],
        ["Keys", false],
      ]),
    );
    // The focus ring is drawn in the accent colour.
    await page.keyboard.press("Shift+Tab");
    const outline = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el ? getComputedStyle(el).outlineStyle : "";
    });
    expect(outline).toBe("solid");
  });

  it("has no serious or critical accessibility violations, light or dark", async () => {
    for (const theme of [undefined, "dark"]) {
      const { page } = await openHostPage(browser, { slug: DEMO.slug, csp: false, theme });
      await waitForThread(page);
      await waitForExtras(page);
      // Open a reply form too, so its controls are checked as well.
      await thread(page).getByRole("button", { name: "Reply", exact: true }).first().click();
      await thread(page).locator("[part~=comment] [part~=form]").waitFor();
      expect(await axeViolations(page, "parley-article"), `theme ${theme ?? "(page colours)"}`).toEqual([]);
      await page.close();
    }
  });

  it("paints a dark theme with its own colours and readable text, and a light one", async () => {
    const key = `themes-${uniq()}`;
    await postComment(site.id, key, { authorName: "Night Owl", body: "Reading in the dark" });
    const colours: Record<string, { background: string; text: string; muted: string }> = {};
    for (const theme of ["light", "dark"]) {
      const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, theme });
      await waitForThread(page);
      colours[theme] = await thread(page).evaluate((host) => {
        const root = host.shadowRoot!;
        return {
          background: getComputedStyle(host).backgroundColor,
          text: getComputedStyle(root.querySelector("[part~=body] p")!).color,
          muted: getComputedStyle(root.querySelector("[part~=permalink]")!).color,
        };
      });
      expect(contrastRatio(colours[theme].text, colours[theme].background), `${theme} body text`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(colours[theme].muted, colours[theme].background), `${theme} secondary text`).toBeGreaterThanOrEqual(4.5);
      await page.close();
    }
    expect(colours.dark.background).not.toBe(colours.light.background);
    // theme=auto follows the reader's system setting.
    for (const colorScheme of ["light", "dark"] as const) {
      const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, theme: "auto", beforeLoad: (p) => p.emulateMedia({ colorScheme }) });
      await waitForThread(page);
      expect(await thread(page).evaluate((host) => getComputedStyle(host).backgroundColor)).toBe(colours[colorScheme].background);
      await page.close();
    }
    expect(contrastRatio(colours.dark.background, "rgb(0, 0, 0)")).toBeLessThan(contrastRatio(colours.light.background, "rgb(0, 0, 0)"));
  });

  it("speaks German with lang=de: heading, controls and localized dates", async () => {
    const key = `deutsch-${uniq()}`;
    await postComment(site.id, key, { authorName: "Greta", body: "Ein Kommentar auf Deutsch" });
    await postComment(site.id, key, { authorName: "Hans", body: "Noch einer" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, lang: "de" });
    const heading = await waitForThread(page);
    expect(clean(await heading.textContent())).toBe("2 Kommentare");
    expect(await thread(page).locator("[part~=sort] option").allTextContents()).toEqual(["Älteste", "Neueste", "Beliebteste"]);
    const time = commentLocator(page, "Ein Kommentar").locator("time");
    expect(clean(await time.textContent())).toMatch(/^(jetzt|vor \d+ (Sekunden?|Minuten?))$/);
    expect(await time.getAttribute("title")).toMatch(/^\d{1,2}\. [A-Za-zä]+ \d{4} um \d{2}:\d{2}$/);
    await waitForExtras(page);
    expect(await commentLocator(page, "Ein Kommentar").getByRole("button", { name: "Antworten" }).count()).toBe(1);
    expect(await newCommentForm(page).getByRole("textbox", { name: "Kommentar", exact: true }).count()).toBe(1);
  });

  it("speaks the site's language on a page that does not say its own", async () => {
    const french = await createSite("francais", { locale: "fr" });
    const key = `francais-${uniq()}`;
    await postComment(french.id, key, { authorName: "Amélie", body: "Un commentaire en français" });
    const { page } = await openHostPage(browser, { element: "comments", site: french.id, thread: key, pageLang: "" });
    expect(clean(await (await waitForThread(page)).textContent())).toBe("1 commentaire");
    // The page's own language wins over the site's.
    const english = await openHostPage(browser, { element: "comments", site: french.id, thread: key });
    expect(clean(await (await waitForThread(english.page)).textContent())).toBe("1 comment");
  });

  it("says how long ago a comment was posted for a week, then its date, with the full date and time on hover", async () => {
    const key = `when-${uniq()}`;
    const comment = await postComment(site.id, key, { authorName: "Clockwatcher", body: "Posted just now" });
    const when = async (daysLater: number) => {
      const { page } = await openHostPage(browser, {
        element: "comments",
        site: site.id,
        thread: key,
        beforeLoad: (p) => daysLater && p.clock.setFixedTime(Date.parse(comment.createdAt) + daysLater * 86_400_000),
      });
      await waitForThread(page);
      const time = commentLocator(page, "Posted just now").locator("time");
      const shown = { text: clean(await time.textContent()), title: await time.getAttribute("title") };
      await page.close();
      return shown;
    };
    const date = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(comment.createdAt));
    const full = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(comment.createdAt));
    const now = await when(0);
    expect(now.text).toMatch(/^(now|\d+ seconds? ago|1 minute ago)$/);
    expect(now.title).toBe(full);
    expect((await when(3)).text).toBe("3 days ago");
    expect((await when(1)).text).toBe("yesterday");
    expect(await when(10)).toEqual({ text: date, title: full });
  });

  it("lays Arabic out right to left with lang=ar, replies indented from the right", async () => {
    const key = `arabic-${uniq()}`;
    const parent = await postComment(site.id, key, { authorName: "ليلى", body: "تعليق أول" });
    await postComment(site.id, key, { authorName: "سامي", body: "رد على التعليق", parentId: parent.id });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, lang: "ar" });
    const heading = await waitForThread(page);
    expect(clean(await heading.textContent())).toBe("تعليقان");
    expect(await thread(page).locator("[part~=thread]").getAttribute("dir")).toBe("rtl");
    const [outer, inner] = await Promise.all([commentLocator(page, "تعليق أول").boundingBox(), commentLocator(page, "رد على").boundingBox()]);
    expect(inner!.x + inner!.width).toBeLessThan(outer!.x + outer!.width - 10);
    expect(Math.abs(inner!.x - outer!.x)).toBeLessThan(2);
    // The form's markdown hint shows its link example in the order it is typed: "[…](https://…)", left to right.
    const hint = thread(page).locator("form[part~=form] .hint").first();
    await hint.waitFor();
    const [bracket, address] = await hint.evaluate((p) => {
      const text = [...p.childNodes].find((n) => n.nodeType == Node.TEXT_NODE && n.textContent!.includes("["))!;
      const at = (s: string) => {
        const r = document.createRange();
        const i = text.textContent!.indexOf(s);
        r.setStart(text, i);
        r.setEnd(text, i + 1);
        return r.getBoundingClientRect().left;
      };
      return [at("["), at("https")];
    });
    expect(bracket).toBeLessThan(address);
  });

  it("keeps the host page still while the thread loads below the fold and as the reader scrolls to it (CLS < 0.1)", async () => {
    const key = `cls-${uniq()}`;
    for (let i = 1; i <= 6; i++) await postComment(site.id, key, { authorName: `Steady ${i}`, body: `A comment that should not push the page around, number ${i}.` });
    for (const intro of [0, 40]) {
      const { page } = await openHostPage(browser, {
        element: "comments",
        site: site.id,
        thread: key,
        intro,
        countLayoutShifts: true,
      });
      // Scroll down the page a screen at a time, as a reader would, until the thread and its form are there.
      for (let i = 0; i < 40 && !(await thread(page).locator("[part~=form]").count()); i++) {
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(100);
      }
      await waitForExtras(page);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const cls = await layoutShift(page);
      expect(cls, `cumulative layout shift with ${intro} paragraphs above`).toBeLessThan(0.1);
      await page.close();
    }
  });

  it("renders 50 counts on a listing page from exactly one request to /counts", async () => {
    const threads = Array.from({ length: 50 }, (_, i) => `listing-${i}-${uniq()}`);
    for (const [i, key] of threads.slice(0, 5).entries())
      for (let n = 0; n <= i; n++) await postComment(site.id, key, { authorName: "Lister", body: `Count me ${i}.${n}` });
    const host = await openHostPage(browser, { element: "counts", site: site.id, threads });
    const shown = () =>
      host.page.locator("parley-count").evaluateAll((els) => els.map((e) => (e.shadowRoot?.textContent ?? "").replace(/\s+/g, " ").trim()));
    await expect.poll(async () => (await shown()).filter(Boolean).length).toBe(50);
    expect((await shown()).slice(0, 6)).toEqual(["1 comment", "2 comments", "3 comments", "4 comments", "5 comments", "0 comments"]);
    const counts = host.requests.filter((r) => new URL(r.url).pathname === `/api/v1/sites/${site.id}/counts`);
    expect(counts).toHaveLength(1);
    expect(host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`))).toHaveLength(1);
  });
});
