// An article's GFM tables in real Chromium: the widget's and the worker's HTML, aligned columns, a wide table that
// scrolls in its own box on a phone (never the page), reachable by keyboard, and readable without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, chromiumPath, createSite, launchBrowser, openHostPage, publishArticle, uniq, type Browser, type Page, type TestSite } from "./harness";

const BODY = [
  "How the plans compare:",
  "",
  "| Plan | Price | Comments | Notes |",
  "|:-----|------:|:--------:|-------|",
  "| Free | $0 | 1,000 | *no* card |",
  "| Pro | $9 | 50,000 | [details](https://example.com/pro) |",
  "",
  "A wide one:",
  "",
  `|${" column |".repeat(14)}`,
  `|${"---|".repeat(14)}`,
  `|${" averyveryverylongword |".repeat(14)}`,
].join("\n");

/** What the article's tables show and how they sit on the page. */
const tablesOf = (page: Page) =>
  page.locator("parley-article").evaluate((host) => {
    const root = host.shadowRoot!;
    const boxes = [...root.querySelectorAll<HTMLElement>(".table")];
    const cell = (text: string) => [...root.querySelectorAll("th, td")].find((c) => c.textContent!.trim() === text)!;
    return {
      widget: root.innerHTML.includes("<!--?lit$"),
      heads: [...root.querySelectorAll("table")[0].querySelectorAll("th")].map((th) => th.textContent!.trim()),
      cells: [...root.querySelectorAll("table")[0].querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((td) => td.textContent!.trim())),
      align: ["Free", "$0", "1,000", "Notes"].map((t) => getComputedStyle(cell(t)).textAlign),
      wide: boxes.map((b) => ({ scrolls: b.scrollWidth > b.clientWidth, overflow: getComputedStyle(b).overflowX, tab: b.tabIndex })),
      page: { scroll: document.documentElement.scrollWidth, view: innerWidth },
    };
  });

describe.skipIf(!chromiumPath)("an article's tables", () => {
  let browser: Browser;
  let site: TestSite;
  const slug = `tables-${uniq()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("tables");
    await publishArticle(site, slug, { title: "Plans", body: BODY });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const expected = {
    heads: ["Plan", "Price", "Comments", "Notes"],
    cells: [
      ["Free", "$0", "1,000", "no card"],
      ["Pro", "$9", "50,000", "details"],
    ],
    align: ["left", "right", "center", "start"],
  };

  it("shows them, drawn by the widget, on a 375 px phone: the wide one scrolls in its box, the page does not", async () => {
    const { page, pageErrors } = await openHostPage(browser, { site: site.id, slug, csp: false, beforeLoad: (p) => p.setViewportSize({ width: 375, height: 800 }) });
    await page.waitForFunction(() => document.querySelector("parley-article")?.shadowRoot?.innerHTML.includes("<!--?lit$") && document.querySelector("parley-article")!.shadowRoot!.querySelector("table"));
    const shown = await tablesOf(page);
    expect(shown).toMatchObject({ widget: true, ...expected });
    expect(shown.wide[1]).toEqual({ scrolls: true, overflow: "auto", tab: 0 });
    expect(shown.page.scroll).toBeLessThanOrEqual(shown.page.view);
    expect(await page.getByRole("columnheader", { name: "Price" }).count()).toBe(1);
    expect(await axeViolations(page, "parley-article")).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("shows the same tables from the worker's HTML with JavaScript off", async () => {
    const { page } = await openHostPage(browser, { element: "fragment", site: site.id, slug, script: false, beforeLoad: (p) => p.setViewportSize({ width: 375, height: 800 }) });
    await page.locator("parley-article table").first().waitFor();
    const shown = await tablesOf(page);
    expect(shown).toMatchObject({ widget: false, ...expected });
    expect(shown.wide[1]).toEqual({ scrolls: true, overflow: "auto", tab: 0 });
    expect(shown.page.scroll).toBeLessThanOrEqual(shown.page.view);
    await page.close();
  });
});
