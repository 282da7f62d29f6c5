// The page script in real Chromium, on a host page of another origin under a strict CSP: one classic script from the
// worker (…/a/{site}/{slug}.js, or …/c/{site}/{thread}.js) paints the worker's rendering of the element, then loads
// widget.js, which hydrates it. One worker request, no layout shift when the widget takes over, posting works; a
// reader whose view is their own (held comments, another order) gets the widget's own request instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WORKER,
  api,
  chromiumPath,
  createSite,
  gate,
  hydrationShift,
  launchBrowser,
  newCommentForm,
  openHostPage,
  postComment,
  publishArticle,
  publishLongArticle,
  recordShifts,
  serverHtmlShown,
  shownThread,
  submitComment,
  takeStoredSort,
  uniq,
  type Browser,
  type HostPage,
  type HostPageOptions,
  type Page,
  type TestSite,
} from "./harness";

/** The worker requests the page made (not widget.js and its chunks, which are static files): method, path and query. */
const workerRequests = (host: HostPage) =>
  host.requests
    .filter((r) => r.url.startsWith(WORKER) && !/\/(widget\.js|chunks\/)/.test(r.url))
    .map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);

/**
 * What the element's shadow root holds while widget.js is held back (the page script's own paint): whether it is the
 * worker's HTML (its view script), the first comment's author and display, how many style sheets the roots adopted,
 * whether the wrapper took the dark class, and whether the element is defined yet.
 */
const painted = (page: Page, tag: string) =>
  page.evaluate((tag) => {
    const root = document.querySelector(tag)?.shadowRoot;
    const thread = tag == "parley-article" ? root?.querySelector("parley-comments")?.shadowRoot : root;
    const comment = thread?.querySelector("[part~=comment]");
    const wrapper = root?.querySelector("article,section");
    return [
      !!root?.querySelector("script[data-parley-view]"),
      comment?.querySelector("[part~=author]")?.textContent,
      comment ? getComputedStyle(comment).display : "none",
      `${root?.adoptedStyleSheets.length}/${thread?.adoptedStyleSheets.length}`,
      wrapper?.classList.contains("dark") ? "dark" : "light",
      customElements.get(tag) ? "defined" : "undefined",
    ].join(" ");
  }, tag);

/** Holds widget.js until `release` is called, so that a test sees what the page script painted on its own. */
async function holdWidget(page: Page) {
  const held = gate();
  await page.route(`${WORKER}/widget.js`, async (route) => {
    await held.opened;
    await route.continue();
  });
  return held.open;
}

const open = (browser: Browser, options: HostPageOptions) => openHostPage(browser, { pageScript: "head", countLayoutShifts: true, ...options });

describe.skipIf(!chromiumPath)("the page script", () => {
  let browser: Browser;
  let site: TestSite;
  const slug = `scripted-${uniq()}`;
  // Nobody posts under this one: the browser keeps no claim of the reader's for it (the first test posts under `slug`).
  const quiet = `quiet-${uniq()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("page-script");
    await publishArticle(site, slug, { title: "Painted by its own script", body: "The article's text." });
    const first = await postComment(site.id, slug, { authorName: "Ann", body: "The first comment." });
    await postComment(site.id, slug, { authorName: "Bob", body: "A reply to Ann.", parentId: first.id });
    await publishArticle(site, quiet, { title: "Read, never answered", body: "Its text." });
    await postComment(site.id, quiet, { authorName: "Ann", body: "The only comment." });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("paints the article from one request before widget.js runs, hydrates it without a shift, and posts", async () => {
    let release = () => {};
    const host = await open(browser, {
      site: site.id,
      slug,
      beforeLoad: async (page) => {
        await recordShifts(page, "parley-article");
        release = await holdWidget(page);
      },
    });
    // Painted before the element exists, under the widget's styles (constructed sheets: the CSP forbids inline ones).
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Ann block 1/1 light undefined");
    release();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    const form = newCommentForm(host.page);
    await form.waitFor();
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(["Ann"]);
    expect(await hydrationShift(host.page)).toBeLessThan(0.01);
    expect(workerRequests(host)).toEqual([`GET /a/${site.id}/${slug}.js?lang=en`]);
    // widget.js came from the worker, after the script.
    const urls = host.requests.map((r) => r.url);
    expect(urls.indexOf(`${WORKER}/widget.js`)).toBeGreaterThan(urls.findIndex((u) => u.includes(`/a/${site.id}/`)));

    const body = `Posted on a page painted by its script ${uniq()}`;
    await submitComment(form, { body, name: "Eve" });
    await expect.poll(async () => (await shownThread(host.page)).some((c) => c.body == body)).toBe(true);
    expect(workerRequests(host)[1]).toBe(`POST /api/v1/sites/${site.id}/threads/${slug}/comments`);
    expect(host.pageErrors).toEqual([]);
    expect(host.consoleErrors).toEqual([]);
    expect(await host.cspViolations()).toEqual([]);
    await host.page.close();
  });

  it("works as a plain script right after the element, and in a page's own language, with the colours of a dark page", async () => {
    let release = () => {};
    const host = await open(browser, {
      site: site.id,
      slug: quiet,
      pageScript: "body",
      pageLang: "de",
      beforeLoad: async (page) => {
        release = await holdWidget(page);
        await page.route(/\/host\.css$/, (route) => route.fulfill({ contentType: "text/css", body: "body{background:#111;color:#eee}" }));
      },
    });
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Ann block 1/1 dark undefined");
    release();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    await newCommentForm(host.page).waitFor();
    expect(await host.page.locator("parley-comments [part~=heading]").textContent()).toMatch(/Kommentar/);
    expect(await host.page.locator("parley-article").evaluate((el) => el.shadowRoot!.querySelector("article")!.classList.contains("dark"))).toBe(true);
    expect(workerRequests(host)).toEqual([`GET /a/${site.id}/${quiet}.js?lang=de`]);
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("paints a page in its language's own region (WordPress's en-US) without ?lang=, and leaves another region (en-GB) to widget.js", async () => {
    for (const [pageLang, requests] of [
      ["en-US", [`GET /a/${site.id}/${quiet}.js`]],
      ["en-us", [`GET /a/${site.id}/${quiet}.js`]],
      ["en-GB", [`GET /a/${site.id}/${quiet}.js`, `GET /api/v1/sites/${site.id}/articles/${quiet}/rendered?sort=oldest&lang=en-GB`]],
    ] as const) {
      const host = await open(browser, { site: site.id, slug: quiet, pageScript: "body", pageLang, scriptLang: "" });
      await newCommentForm(host.page).waitFor();
      expect(workerRequests(host), pageLang).toEqual(requests);
      expect(host.consoleErrors).toEqual([]);
      await host.page.close();
    }
  });

  it("paints as soon as the page is parsed, before the page's own deferred scripts, so a widget.js of the page's sends no request", async () => {
    // A plain script after the element and widget.js in the head (a page with <parley-count> elements, say). Module
    // scripts run before DOMContentLoaded, which waits for them: held here, as a slow deferred script of a blog's is.
    let release = () => {};
    const host = await open(browser, {
      site: site.id,
      slug: quiet,
      pageScript: "body",
      scripts: 1,
      waitUntil: "commit",
      beforeLoad: async (page) => {
        release = await holdWidget(page);
      },
    });
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Ann block 1/1 light undefined");
    expect(await host.page.evaluate(() => document.readyState)).toBe("interactive");
    release();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    await newCommentForm(host.page).waitFor();
    // widget.js found the element painted: the script was the view's only request.
    expect(workerRequests(host)).toEqual([`GET /a/${site.id}/${quiet}.js?lang=en`]);
    expect(host.pageErrors).toEqual([]);
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("paints an element that a deferred script of the page's puts in", async () => {
    let release = () => {};
    const host = await open(browser, {
      site: site.id,
      slug: quiet,
      pageScript: "body",
      late: true,
      beforeLoad: async (page) => {
        release = await holdWidget(page);
      },
    });
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Ann block 1/1 light undefined");
    release();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    await newCommentForm(host.page).waitFor();
    expect(workerRequests(host)).toEqual([`GET /a/${site.id}/${quiet}.js?lang=en`]);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it("takes a dark page's colours from its style sheet even when the page is parsed before the sheet arrives", async () => {
    // The async script runs once the page is parsed, which a stylesheet in the head does not wait for; nothing paints
    // before the sheet, and the element's wrapper must be dark by then, as the widget's own rendering will make it.
    const sheet = gate();
    let release = () => {};
    const host = await open(browser, {
      site: site.id,
      slug: quiet,
      waitUntil: "commit",
      beforeLoad: async (page) => {
        release = await holdWidget(page);
        await page.route(/\/host\.css$/, async (route) => {
          await sheet.opened;
          await route.fulfill({ contentType: "text/css", body: "body{background:#111;color:#eee}" });
        });
      },
    });
    await expect.poll(() => host.page.evaluate(() => !!document.querySelector("parley-article")?.shadowRoot)).toBe(true);
    sheet.open();
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Ann block 1/1 dark undefined");
    release();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    expect(await host.page.locator("parley-article").evaluate((el) => el.shadowRoot!.querySelector("article")!.classList.contains("dark"))).toBe(true);
    await host.page.close();
  });

  it("paints a thread alone (<parley-comments>, keyed by the page's path) and takes a post", async () => {
    const key = `/threads/scripted ${uniq()}/`;
    await postComment(site.id, encodeURI(key), { authorName: "Ola", body: "A thread with no article" });
    let release = () => {};
    const host = await open(browser, {
      element: "comments",
      site: site.id,
      path: key,
      beforeLoad: async (page) => {
        await recordShifts(page, "parley-comments");
        release = await holdWidget(page);
      },
    });
    await expect.poll(() => painted(host.page, "parley-comments")).toBe("true Ola block 1/1 light undefined");
    release();
    const form = newCommentForm(host.page);
    await form.waitFor();
    expect(await hydrationShift(host.page)).toBeLessThan(0.01);
    const body = `Posted under a scripted thread ${uniq()}`;
    await submitComment(form, { body, name: "Pim" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author)).toEqual(["Ola", "Pim"]);
    const thread = encodeURIComponent(encodeURI(key));
    expect(workerRequests(host).slice(0, 2)).toEqual([`GET /c/${site.id}/${thread}.js?lang=en`, `POST /api/v1/sites/${site.id}/threads/${thread}/comments`]);
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("acts on a click on 'Load more' in what it painted, made before widget.js came, once the element hydrates", async () => {
    const { key, authors } = await publishLongArticle(site, "Clicked before widget.js came");
    let release = () => {};
    const host = await open(browser, { site: site.id, slug: key, beforeLoad: async (page) => void (release = await holdWidget(page)) });
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Early 1 block 1/1 light undefined");
    await host.page.locator("parley-comments button.more").click();
    release();
    await expect.poll(async () => (await shownThread(host.page)).length).toBe(23);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors);
    expect(workerRequests(host).map((r) => r.replace(/cursor=[^&]+/, "cursor=…"))).toEqual([
      `GET /a/${site.id}/${key}.js?lang=en`,
      `GET /api/v1/sites/${site.id}/threads/${key}/comments?sort=oldest&cursor=…`,
    ]);
    await host.page.close();
  });

  it("keeps an order chosen in what it painted before widget.js came", async () => {
    const { key, authors } = await publishLongArticle(site, "Sorted before widget.js came");
    let release = () => {};
    const host = await open(browser, { site: site.id, slug: key, beforeLoad: async (page) => void (release = await holdWidget(page)) });
    await expect.poll(() => painted(host.page, "parley-article")).toBe("true Early 1 block 1/1 light undefined");
    await host.page.locator("parley-comments select[part~=sort]").selectOption("newest");
    release();
    await expect.poll(async () => (await shownThread(host.page))[0]?.author).toBe("Early 23");
    expect(await takeStoredSort(host.page, site.id)).toBe("newest");
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors.slice(3).reverse());
    expect(await host.page.locator("parley-comments select[part~=sort]").inputValue()).toBe("newest");
    await host.page.close();
  });

  it("paints one of two elements for the same article and leaves the other its own request, so each posts with a form token of its own", async () => {
    const timed = await createSite("page-script-twice");
    const twice = `twice-${uniq()}`;
    await publishArticle(timed, twice, { title: "Shown twice by its theme", body: "Its text." });
    await postComment(timed.id, twice, { authorName: "Ann", body: "The first comment." });
    // Form tokens serve one post each, and only a site with a minimum fill time asks for them.
    await api(`/sites/${timed.id}`, { method: "PATCH", token: timed.ownerToken, body: { minFillSeconds: 1 } });
    const host = await open(browser, { site: timed.id, slug: twice, copies: 2 });
    const forms = host.page.locator("parley-comments [part~=form]");
    await expect.poll(() => forms.count()).toBe(2);
    expect(workerRequests(host)).toEqual([
      `GET /a/${timed.id}/${twice}.js?lang=en`,
      `GET /api/v1/sites/${timed.id}/articles/${twice}/rendered?sort=oldest&lang=en`,
    ]);
    // The site's minimum fill time, from when the tokens were made.
    await host.page.waitForTimeout(1_100);
    for (const [i, name] of [[0, "Eve"], [1, "Max"]] as const) {
      const body = `Posted from copy ${i + 1} ${uniq()}`;
      await submitComment(forms.nth(i), { body, name });
      const copy = host.page.locator("parley-article").nth(i);
      await expect.poll(() => copy.locator("parley-comments [part~=comment]", { hasText: body }).count()).toBe(1);
    }
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("leaves a reader's own view to the widget: their held comment shows after a reload, from the widget's request", async () => {
    const held = await createSite("page-script-held", { moderation: "pre" });
    const heldSlug = `held-${uniq()}`;
    await publishArticle(held, heldSlug, { title: "Held for review", body: "Comments here wait for the owner." });
    const host = await open(browser, { site: held.id, slug: heldSlug });
    const form = newCommentForm(host.page);
    await form.waitFor();
    const body = `Awaiting review ${uniq()}`;
    await submitComment(form, { body, name: "Fay" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.body)).toEqual([expect.stringContaining(body)]);
    await host.page.close();

    const again = await open(browser, { site: held.id, slug: heldSlug });
    await expect.poll(async () => (await shownThread(again.page)).map((c) => c.body)).toEqual([expect.stringContaining(body)]);
    expect(await again.page.locator("parley-comments [part~=badge]").allTextContents()).toEqual(["Awaiting moderation"]);
    // The script's view would not hold it: the widget asked for the reader's own, with their claim.
    expect(workerRequests(again)).toEqual([`GET /a/${held.id}/${heldSlug}.js?lang=en`, `GET /api/v1/sites/${held.id}/articles/${heldSlug}/rendered?sort=oldest&lang=en`]);
    expect(again.consoleErrors).toEqual([]);
    await again.page.close();
  });

  it("still shows the article on a page that enforces Trusted Types, and says what is wrong with a bad address or origin", async () => {
    const tt = await open(browser, { site: site.id, slug: quiet, trustedTypes: true });
    await newCommentForm(tt.page).waitFor();
    expect((await shownThread(tt.page)).map((c) => c.author)).toEqual(["Ann"]);
    // The page refused the script's HTML: the widget loaded the view itself.
    expect(workerRequests(tt)).toEqual([`GET /a/${site.id}/${quiet}.js?lang=en`, `GET /api/v1/sites/${site.id}/articles/${quiet}/view?sort=oldest`]);
    expect(tt.pageErrors).toEqual([]);
    await tt.page.close();

    // A page of an origin the site does not allow is told so, as with the script tag, not shown a form that cannot post.
    const other = await open(browser, { site: site.id, slug: quiet, origin: "other" });
    await expect.poll(() => other.page.locator("parley-article [role=alert]").textContent()).toMatch(/not among the site's allowed origins/);
    expect(await newCommentForm(other.page).count()).toBe(0);
    expect(other.pageErrors).toEqual([]);
    await other.page.close();

    const missing = await open(browser, { site: site.id, slug: `missing-${uniq()}` });
    await expect.poll(() => missing.page.locator("parley-article [role=alert]").textContent()).toMatch(/not found|no longer/i);
    expect(missing.pageErrors).toEqual([]);
    await missing.page.close();
  });
});
