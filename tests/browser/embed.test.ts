// The Foundation story in a real browser: a blog on another origin pastes the script tag and <parley-article>,
// under a strict CSP, and a reader reads the seeded article and joins its discussion.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  HOST,
  WORKER,
  allComments,
  chromiumPath,
  commentLocator,
  describedBy,
  findShown,
  getThread,
  launchBrowser,
  newCommentForm,
  openHostPage,
  outline,
  replyForm,
  serverHtmlShown,
  shownThread,
  submitComment,
  uniq,
  waitForThread,
  type Browser,
  type Page,
} from "./harness";

const FIRST_PARAGRAPH =
  "In retaliation to drone attacks on US personnel in Iraq, the US launched air strikes against Iran-backed militants Kataib Hezbollah and Kataib Sayyid al-Shuhada along the Iraq-Syria border. The groups targeted are members of the Popular Mobilization Forces, which were founded in 2014 to combat the Islamic State in Iraq. Later, the soldiers were absorbed into the security forces of the Iraqi government.";
const LAST_PARAGRAPH =
  "Despite intense pressure to produce a timeline for the US - led force's final withdrawal, Iraqi military officials insist that the force's intelligence and aerial assistance are still critical in keeping pressure on Islamic State remnants in the country.";

const clean = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
const textOf = async (page: Page, selector: string) => clean(await page.locator(selector).first().textContent());

describe.skipIf(!chromiumPath)("the widget embedded on a blog of another origin", () => {
  let browser: Browser;
  /** What the reader posted through the form, for the reload test. */
  const posted = { comment: "", reply: "", name: "" };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("defines the custom elements and asks the worker once, even when the page includes the script twice", async () => {
    const host = await openHostPage(browser, { slug: DEMO.slug, scripts: 2 });
    await host.page.locator("parley-article [part~=title]").waitFor();
    await waitForThread(host.page);

    const defined = await host.page.evaluate(() =>
      ["parley-article", "parley-comments", "parley-count"].map((tag) => typeof customElements.get(tag)),
    );
    expect(defined).toEqual(["function", "function", "function"]);
    // Both copies really ran (a distinct URL is a distinct module), and the second one did not throw on define().
    const widgetLoads = host.requests.filter((r) => r.url.startsWith(`${WORKER}/widget.js`)).map((r) => r.url);
    expect(widgetLoads).toEqual([`${WORKER}/widget.js`, `${WORKER}/widget.js?copy=2`]);
    // One rendered view: the second copy waited for the first copy's, and no element loaded its view itself.
    const asks = host.requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(`/api/v1/sites/${DEMO.site}/`));
    expect(asks).toEqual([`/api/v1/sites/${DEMO.site}/articles/${DEMO.slug}/rendered`]);
    expect(host.pageErrors).toEqual([]);
    expect(await host.page.locator("parley-article [part~=title]").count()).toBe(1);
  });

  it("shows the seed article with its title, author, date, eight paragraphs and the YouTube and Instagram links", async () => {
    const { page } = await openHostPage(browser, { slug: DEMO.slug });
    await page.locator("parley-article [part~=title]").waitFor();

    expect(await textOf(page, "parley-article [part~=title]")).toBe("U.S. airstrikes on Iranian-backed militias");
    const meta = await textOf(page, "parley-article [part~=meta]");
    expect(meta).toContain("Staff writer");
    expect(meta).toContain("June 28, 2021");
    expect(await page.locator("parley-article [part~=meta] time").getAttribute("datetime")).toMatch(/^2021-06-28T09:00:00/);

    const paragraphs = page.locator("parley-article [part~=article] [part~=body] > p");
    expect(await paragraphs.count()).toBe(8);
    expect(clean(await paragraphs.first().textContent())).toBe(FIRST_PARAGRAPH);
    expect(clean(await paragraphs.last().textContent())).toBe(LAST_PARAGRAPH);
    // The Wix page furniture is not content.
    const articleText = clean(await page.locator("parley-article [part~=article]").textContent());
    expect(articleText).not.toMatch(/top of page|bottom of page/i);

    const social = page.locator("parley-article [part~=links]");
    for (const [name, host] of [
      ["YouTube", "www.youtube.com"],
      ["Instagram", "www.instagram.com"],
    ]) {
      const link = social.getByRole("link", { name, exact: true });
      expect(await link.count(), `${name} link`).toBe(1);
      expect(new URL((await link.getAttribute("href"))!).host).toBe(host);
      expect(await link.locator("svg").count(), `${name} icon`).toBe(1);
    }
    expect(await social.getByRole("link").count()).toBe(2);
  });

  it("offers share links for the article that point at the host page", async () => {
    const { page, url } = await openHostPage(browser, { slug: DEMO.slug });
    const share = page.locator("parley-article [part~=share]");
    await share.waitFor();
    // The first paint's HTML comes from the worker, which does not know the host page: its share links name the
    // article's /p page until the elements hydrate it (README: Status, "Not yet").
    await expect.poll(() => serverHtmlShown(page)).toBe(false);

    const links = share.getByRole("link");
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(2);
    for (const href of hrefs) {
      expect(decodeURIComponent(href), href).toContain(url);
      expect(href).not.toContain(WORKER);
    }
    // Each share link has a name a screen reader can announce, and an icon.
    const names = await links.evaluateAll((as) => as.map((a) => a.getAttribute("aria-label") || a.textContent?.trim()));
    for (const name of names) expect(name).toMatch(/share/i);
    expect(await share.locator("a svg").count()).toBe(hrefs.length);
  });

  it("shows the seeded comments with the reply nested under its parent", async () => {
    const { page } = await openHostPage(browser, { slug: DEMO.slug });
    const heading = await waitForThread(page);

    const shown = await shownThread(page);
    const maya = shown.find((c) => c.author === "Maya Rahman");
    expect(maya, "Maya Rahman's comment").toBeDefined();
    expect(outline(maya!.replies)).toEqual([
      {
        author: "Daniel Kovacs",
        body: "Agreed, and it is why Baghdad's reaction matters as much as Washington's: these groups are formally part of the state.",
        replies: [],
      },
    ]);
    expect(maya!.replies[0].left).toBeGreaterThan(maya!.left);
    expect(shown.map((c) => c.author)).toEqual(expect.arrayContaining(["Maya Rahman", "Priya Shah", "Tom Becker"]));
    expect(shown.map((c) => c.author)).not.toContain("Daniel Kovacs");
    // Markdown in a comment is rendered, not shown as asterisks.
    const priya = commentLocator(page, "Does the figure of");
    expect(clean(await priya.locator("[part~=body] em").textContent())).toBe("at least five drone attacks since April");

    const { total } = await getThread(DEMO.site, DEMO.slug);
    expect(clean(await heading.textContent())).toBe(`${total} comments`);
  });

  it("lets a reader post a comment and a reply through the form, both shown at once with the reply nested", async () => {
    const { page } = await openHostPage(browser, { slug: DEMO.slug });
    const heading = await waitForThread(page);
    const before = (await getThread(DEMO.site, DEMO.slug)).total;
    const tag = uniq();
    posted.name = `Reader ${tag}`;
    posted.comment = `A first-time reader's comment ${tag}: the map of the strikes would help.`;
    posted.reply = `Replying to myself ${tag}: found the map in the Pentagon statement.`;

    await submitComment(newCommentForm(page), { body: posted.comment, name: posted.name });
    await commentLocator(page, posted.comment).waitFor();

    await commentLocator(page, posted.comment).getByRole("button", { name: "Reply", exact: true }).click();
    await submitComment(replyForm(page, posted.comment), { body: posted.reply, name: posted.name });
    await commentLocator(page, posted.reply).waitFor();
    await replyForm(page, posted.comment).waitFor({ state: "detached" });

    const mine = findShown(await shownThread(page), posted.comment);
    expect(mine && outline([mine])).toEqual([
      { author: posted.name, body: posted.comment, replies: [{ author: posted.name, body: posted.reply, replies: [] }] },
    ]);
    expect(mine!.replies[0].left).toBeGreaterThan(mine!.left);
    expect(clean(await heading.textContent())).toBe(`${before + 2} comments`);
    // The new-comment form is empty again, ready for the next comment.
    expect(await newCommentForm(page).getByRole("textbox", { name: "Comment", exact: true }).inputValue()).toBe("");

    const stored = await allComments(DEMO.site, DEMO.slug);
    const comment = stored.find((c) => c.authorName === posted.name && c.parentId === null);
    const reply = stored.find((c) => c.authorName === posted.name && c.parentId !== null);
    expect(comment?.status).toBe("published");
    expect(reply?.parentId).toBe(comment?.id);
  });

  it("still shows the posted comment and reply after a reload", async () => {
    expect(posted.comment, "the previous test posted a comment").not.toBe("");
    const { page } = await openHostPage(browser, { slug: DEMO.slug });
    await waitForThread(page);
    await page.reload();
    await waitForThread(page);

    const mine = findShown(await shownThread(page), posted.comment);
    expect(mine && outline([mine])).toEqual([
      { author: posted.name, body: posted.comment, replies: [{ author: posted.name, body: posted.reply, replies: [] }] },
    ]);
  });

  it("explains invalid input next to the field and posts nothing", async () => {
    const { page } = await openHostPage(browser, { slug: DEMO.slug });
    await waitForThread(page);
    const before = await allComments(DEMO.site, DEMO.slug);
    const form = newCommentForm(page);
    const body = form.getByRole("textbox", { name: "Comment", exact: true });
    const name = form.getByRole("textbox", { name: "Name", exact: true });
    const send = form.getByRole("button", { name: /^post/i });

    // An empty comment.
    await name.fill("Careful Reader");
    await body.fill("   ");
    await send.click();
    await expect.poll(() => body.getAttribute("aria-invalid")).toBe("true");
    expect(await describedBy(body)).toEqual([expect.stringMatching(/required|empty/i)]);

    // A name over the 80-character limit (the input's maxlength stops typing, so set it as a script would).
    const text = `A perfectly fine comment ${uniq()}`;
    await body.fill(text);
    await name.evaluate((el: HTMLInputElement, value) => (el.value = value), "N".repeat(81));
    await send.click();
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await describedBy(name)).toEqual([expect.stringMatching(/\b80\b/)]);
    expect(await body.getAttribute("aria-invalid")).not.toBe("true");
    // The reader's text is kept for the next try.
    expect(await body.inputValue()).toBe(text);

    const after = await allComments(DEMO.site, DEMO.slug);
    expect(after.length).toBe(before.length);
    expect(after.some((c) => c.authorName === "N".repeat(81) || c.authorName === "Careful Reader")).toBe(false);
  });

  it("cannot post from an origin the site does not allow, and fails gracefully there", async () => {
    const tag = uniq();
    const { page, pageErrors, requests } = await openHostPage(browser, { slug: DEMO.slug, origin: "other" });
    const shown = page.locator("parley-article [part~=title], parley-article [role=alert]").first();
    await shown.waitFor();
    // widget.js's one request was refused, and the element shows that refusal rather than asking a second time.
    const asked = requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => new URL(r.url).pathname);
    expect(asked).toEqual([`/api/v1/sites/${DEMO.site}/articles/${DEMO.slug}/rendered`]);

    // The worker refuses this origin with a readable 403 ORIGIN_NOT_ALLOWED: the widget explains it and offers no form.
    expect(await page.locator("parley-article [part~=title]").count()).toBe(0);
    expect(clean(await shown.textContent())).toMatch(/allowed origins/);
    expect(await page.locator("parley-article [part~=form]").count()).toBe(0);
    expect(pageErrors).toEqual([]);

    // A write from this origin is refused, with or without a CORS preflight (the refusal is readable, the body holds no data).
    const url = `${WORKER}/api/v1/sites/${DEMO.site}/threads/${DEMO.slug}/comments`;
    const attempts = await page.evaluate(
      async ({ url, tag }) => {
        const body = (how: string) => JSON.stringify({ body: `Posted from a foreign origin ${tag} (${how})`, authorName: "Foreign" });
        const outcome = (p: Promise<Response>) => p.then((r) => `status ${r.status}`, (e) => `failed: ${(e as Error).name}`);
        return [
          await outcome(fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: body("cors") })),
          await outcome(fetch(url, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: body("no-cors") })),
        ];
      },
      { url, tag },
    );
    expect(attempts[0]).toBe("status 403");

    const stored = await allComments(DEMO.site, DEMO.slug);
    expect(stored.filter((c) => JSON.stringify(c.body).includes(tag))).toEqual([]);
  });

  it("sends no request to any origin but the worker's and the host page's", async () => {
    const host = await openHostPage(browser, { slug: DEMO.slug });
    await waitForThread(host.page);
    // Exercise the widget a little: open a reply form and re-sort the thread.
    await host.page.locator("parley-comments [part~=comment]").first().getByRole("button", { name: "Reply" }).click();
    await host.page.locator("parley-comments [part~=sort]").selectOption("newest");
    await expect.poll(() => host.requests.filter((r) => r.url.includes("sort=newest")).length).toBe(1);

    const origins = new Set(host.requests.map((r) => new URL(r.url).origin));
    expect([...origins].sort()).toEqual([HOST, WORKER].sort());
    expect(host.requests.some((r) => r.url.startsWith(`${WORKER}/api/v1/sites/${DEMO.site}/`))).toBe(true);
  });

  it("runs without console errors or CSP violations under the host page's strict CSP", async () => {
    const host = await openHostPage(browser, { slug: DEMO.slug });
    await waitForThread(host.page);
    const body = `Checking the console ${uniq()}`;
    await submitComment(newCommentForm(host.page), { body, name: "Console Reader" });
    await commentLocator(host.page, body).waitFor();

    expect(host.consoleErrors).toEqual([]);
    expect(host.pageErrors).toEqual([]);
    expect(await host.cspViolations()).toEqual([]);
  });

  it("shows the article and its comments, and posts, on a page that enforces Trusted Types", async () => {
    const host = await openHostPage(browser, { slug: DEMO.slug, trustedTypes: true });
    await waitForThread(host.page);
    expect(await textOf(host.page, "parley-article [part~=title]")).toBe("U.S. airstrikes on Iranian-backed militias");
    const body = `Posting under Trusted Types ${uniq()}`;
    await submitComment(newCommentForm(host.page), { body, name: "Careful Reader" });
    await commentLocator(host.page, body).waitFor();

    // The page refuses the worker's HTML (a string for setHTMLUnsafe), once; the element then renders its view itself.
    expect(await host.cspViolations()).toEqual([expect.stringMatching(/^require-trusted-types-for blocked trusted-types-sink/)]);
    expect(host.pageErrors).toEqual([]);
  });
});
