// The README's "targets are at least 24 px", measured in real Chromium: every button, link and menu in the widget's
// shadow roots (the social and share icons, a comment's date and "in reply to", its tools, the forms) on a wide screen,
// on a phone and in small type. Links inside text (a comment's or the article's) are inline targets, which WCAG 2.5.8
// exempts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WORKER,
  chromiumPath,
  commentLocator,
  createSite,
  launchBrowser,
  newCommentForm,
  openHostPage,
  postComment,
  publishArticle,
  submitComment,
  uniq,
  waitForThread,
  type Browser,
  type Page,
  type TestSite,
} from "./harness";

/** The targets under 24 × 24 px in every shadow root of the page, as `what: width×height`. */
const smallTargets = (page: Page) =>
  page.evaluate(() => {
    const small: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>("button, a[href], select, input[type=checkbox], input[type=radio]")) {
        if (el.closest(".doc")) continue;
        const { width, height } = el.getBoundingClientRect();
        if (!width && !height) continue;
        if (width < 24 || height < 24)
          small.push(`${el.localName} ${el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.textContent!.trim()}: ${width.toFixed(1)}×${height.toFixed(1)}`);
      }
      root.querySelectorAll("*").forEach((e) => e.shadowRoot && visit(e.shadowRoot));
    };
    visit(document);
    return small;
  });

/** How many targets the page's shadow roots hold, to be sure the measure saw them. */
const targets = (page: Page) =>
  page.evaluate(() => {
    let n = 0;
    const visit = (root: Document | ShadowRoot) => {
      n += root.querySelectorAll("button, a[href], select").length;
      root.querySelectorAll("*").forEach((e) => e.shadowRoot && visit(e.shadowRoot));
    };
    visit(document);
    return n;
  });

describe.skipIf(!chromiumPath)("target size", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("targets");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("makes every button, link and menu of the article and its thread at least 24 × 24 px: wide, on a phone, in small type, and on /p", async () => {
    const slug = `targets-${uniq()}`;
    await publishArticle(site, slug, {
      title: "Targets",
      body: "The article's text, with [an inline link](https://example.com/).",
      links: [
        { network: "youtube", url: "https://youtube.com/@example" },
        { network: "mastodon", url: "https://mastodon.social/@example" },
      ],
    });
    const ann = await postComment(site.id, slug, { authorName: "Ann", body: `Asked in ${slug}, see [this](https://example.com/)` });
    // A chain deep enough that its last replies show flat, each with a link to the comment it answers.
    let parent = ann;
    for (let depth = 2; depth <= 6; depth++) parent = await postComment(site.id, slug, { authorName: `D${depth}`, body: `Depth ${depth} in ${slug}`, parentId: parent.id });
    for (let i = 1; i <= 20; i++) await postComment(site.id, slug, { authorName: `T${i}`, body: `Filler ${i} in ${slug}` });
    const { page } = await openHostPage(browser, { element: "article", site: site.id, slug, beforeLoad: (p) => p.setViewportSize({ width: 1280, height: 900 }) });
    await waitForThread(page);
    const form = newCommentForm(page);
    await form.waitFor();
    // The reader's own comment, with Edit and Delete; Delete asked, and a reply form open under Ann's.
    await submitComment(form, { body: `Mine in ${slug}`, name: "Me" });
    const mine = commentLocator(page, `Mine in ${slug}`);
    await mine.getByRole("button", { name: "Edit", exact: true }).waitFor();
    await commentLocator(page, `Asked in ${slug}`).getByRole("button", { name: "Reply", exact: true }).first().click();
    await mine.getByRole("button", { name: "Delete", exact: true }).click();
    await mine.getByRole("button", { name: /^yes/i }).waitFor();
    // The icons come in their own chunk: measured once drawn.
    await page.locator("parley-article [part~=share] svg path").first().waitFor({ state: "attached" });
    expect(await targets(page)).toBeGreaterThan(40);
    expect(await page.locator("parley-comments").getByRole("link", { name: "in reply to D5" }).count()).toBe(1);
    expect(await smallTargets(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await smallTargets(page)).toEqual([]);
    // A blog set in small type (the tools' words at 12 px: "Edit" was 23 px wide).
    await page.locator("parley-article").evaluate((el: HTMLElement) => (el.style.fontSize = "14px"));
    expect(await smallTargets(page)).toEqual([]);
    await page.close();

    // The article's page on the worker (/p), on a phone.
    const hosted = await browser.context.newPage();
    await hosted.setViewportSize({ width: 320, height: 700 });
    await hosted.goto(`${WORKER}/p/${site.id}/${slug}`);
    await waitForThread(hosted);
    await hosted.locator("parley-comments").getByRole("button", { name: "Reply", exact: true }).first().waitFor();
    await hosted.locator("parley-article [part~=share] svg path").first().waitFor({ state: "attached" });
    expect(await targets(hosted)).toBeGreaterThan(40);
    expect(await smallTargets(hosted)).toEqual([]);
    await hosted.close();
  });
});
