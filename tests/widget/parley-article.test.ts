// <parley-article> in Chromium against the real worker: rendering the document tree, links, hostile content, not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  createSite,
  deepQueryAll,
  launchBrowser,
  openHostPage,
  postComment,
  publishArticle,
  shownThread,
  waitForThread,
  type Browser,
  type Page,
  type TestSite,
} from "../browser/harness";

const clean = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
const articleBody = (page: Page) => page.locator("parley-article [part~=article] [part~=body]");

const MARKDOWN = `Opening paragraph with *emphasis*, **strong words** and \`inline code\`.

## Why it matters

Read [the source](https://example.com/source?a=1&b=2) for details.

- first item
- second item

1. step one
2. step two

> A quoted line.

\`\`\`
const answer = 1 < 2 && "<b>not bold</b>";
\`\`\`
`;

/** Everything a reader could type that must stay text. */
const IMG = "<img src=x onerror=window.__pwned=1>";
const SCRIPT = "<script>window.__pwned=1</script>";
const JS_LINK = "[x](javascript:window.__pwned=1)";

describe.skipIf(!chromiumPath)("<parley-article>", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("article", { links: [{ network: "youtube", url: "https://www.youtube.com/@parley-test" }] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders headings, emphasis, links, lists, quotes and code from the article's document tree", async () => {
    await publishArticle(site, "markdown", { title: "A formatted article", body: MARKDOWN, author: "Ada Writer" });
    const { page, pageErrors } = await openHostPage(browser, { site: site.id, slug: "markdown" });
    const body = articleBody(page);
    await body.waitFor();

    expect(clean(await body.getByRole("heading").textContent())).toBe("Why it matters");
    expect(clean(await body.locator("em").textContent())).toBe("emphasis");
    expect(clean(await body.locator("strong").textContent())).toBe("strong words");
    expect(clean(await body.locator("p code").textContent())).toBe("inline code");

    const link = body.getByRole("link", { name: "the source" });
    expect(await link.getAttribute("href")).toBe("https://example.com/source?a=1&b=2");
    const rel = ((await link.getAttribute("rel")) ?? "").split(/\s+/);
    expect(rel).toEqual(expect.arrayContaining(["nofollow", "ugc", "noopener", "noreferrer"]));

    expect((await body.locator("ul > li").allTextContents()).map(clean)).toEqual(["first item", "second item"]);
    expect((await body.locator("ol > li").allTextContents()).map(clean)).toEqual(["step one", "step two"]);
    expect(clean(await body.locator("blockquote").textContent())).toBe("A quoted line.");
    expect(await body.locator("pre code").textContent()).toBe('const answer = 1 < 2 && "<b>not bold</b>";');
    expect(await body.locator("b").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("shows the site's social links and the article's own extra links, each with an icon and a name", async () => {
    await publishArticle(site, "with-links", {
      title: "An article with its own links",
      body: "Text.",
      links: [{ network: "mastodon", url: "https://mastodon.social/@parley" }],
    });
    const { page } = await openHostPage(browser, { site: site.id, slug: "with-links" });
    const links = page.locator("parley-article [part~=links]");
    await links.waitFor();

    const hrefs = await links.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["https://www.youtube.com/@parley-test", "https://mastodon.social/@parley"]);
    for (const name of ["YouTube", "Mastodon"]) {
      const link = links.getByRole("link", { name, exact: true });
      expect(await link.count(), name).toBe(1);
      expect(await link.locator("svg").count(), `${name} icon`).toBe(1);
    }
  });

  it("shows hostile article and comment text as plain text and never runs it", async () => {
    await publishArticle(site, "hostile", {
      title: IMG,
      author: SCRIPT,
      body: [IMG, SCRIPT, `${JS_LINK} and [y](JaVaScRiPt:window.__pwned=1)`, `<a href="javascript:window.__pwned=1">z</a>`, "![x](javascript:window.__pwned=1)"].join("\n\n"),
    });
    const parent = await postComment(site.id, "hostile", { authorName: IMG, body: `${SCRIPT} ${JS_LINK} ${IMG}` });
    await postComment(site.id, "hostile", { authorName: SCRIPT, body: `<svg onload=window.__pwned=1></svg> ${IMG}`, parentId: parent.id });

    // No CSP on this page: only the widget's own escaping keeps these inert.
    const { page, pageErrors } = await openHostPage(browser, { site: site.id, slug: "hostile", csp: false });
    await waitForThread(page);
    await page.waitForLoadState("networkidle");

    expect(clean(await page.locator("parley-article [part~=title]").textContent())).toBe(IMG);
    expect(clean(await page.locator("parley-article [part~=meta]").textContent())).toContain(SCRIPT);
    const bodyText = clean(await articleBody(page).textContent());
    expect(bodyText).toContain(IMG);
    expect(bodyText).toContain(SCRIPT);

    const thread = await shownThread(page);
    expect(thread).toHaveLength(1);
    expect(thread[0].author).toBe(IMG);
    expect(thread[0].body).toContain(SCRIPT);
    expect(thread[0].body).toContain(IMG);
    expect(thread[0].replies.map((r) => r.author)).toEqual([SCRIPT]);

    // Click whatever the javascript: "links" became (plain text, if anything); none may run script.
    for (const name of ["x", "y", "z"]) {
      const links = page.locator("parley-article").getByRole("link", { name, exact: true });
      for (const link of await links.all()) await link.click();
    }

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await deepQueryAll(page, "img[src=x], script:not([src]), [onerror], [onload], a[href^='javascript' i]")).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows a friendly message for an article that does not exist", async () => {
    const { page, pageErrors } = await openHostPage(browser, { site: site.id, slug: "no-such-article" });
    const alert = page.locator("parley-article [role=alert]");
    await alert.waitFor();

    expect(clean(await alert.textContent())).toMatch(/not (be )?found/i);
    expect(await page.locator("parley-article [part~=title]").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("shows a message instead of an article for a site that does not exist", async () => {
    const { page, pageErrors } = await openHostPage(browser, { site: "no-such-site", slug: "anything" });
    const alert = page.locator("parley-article [role=alert]");
    await alert.waitFor();

    expect(clean(await alert.textContent())).not.toBe("");
    expect(await page.locator("parley-article [part~=title]").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
