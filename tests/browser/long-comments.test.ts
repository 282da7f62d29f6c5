// Long comments in real Chromium: a comment with more text or more lines than isLong allows shows folded (about
// ten lines, fading out) with "Show more" under it, in the widget and in the server's HTML alike, so nothing moves
// when the widget takes over; without JavaScript it shows whole; a permalink to it shows it whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API,
  chromiumPath,
  createSite,
  launchBrowser,
  layoutShift,
  openHostPage,
  postComment,
  publishArticle,
  uniq,
  waitForThread,
  type Browser,
  type HostPage,
  type HostPageOptions,
  type Page,
  type TestSite,
} from "./harness";

/** Opens a host page counting layout shifts; `script: false` turns JavaScript off for the tab. */
const open = (browser: Browser, options: HostPageOptions, script = true): Promise<HostPage> =>
  openHostPage(browser, { ...options, script, countLayoutShifts: true });

/** How the comment holding `text` shows its body: clipped or whole, and the labels of its Show more/less button. */
const bodyOf = (page: Page, text: string) =>
  page.locator("parley-comments [part~=comment]", { hasText: text }).first().evaluate((c) => {
    const body = c.querySelector("[part~=body]")!;
    const button = [...c.querySelectorAll(".tools button")].find((b) => /Show (more|less)$/.test(b.textContent!.trim()));
    return {
      clipped: body.scrollHeight > body.clientHeight + 1,
      height: body.clientHeight,
      button: button ? `${button.textContent!.trim()} (expanded ${button.getAttribute("aria-expanded")})` : null,
    };
  });

const clickButton = (page: Page, text: string, label: string) =>
  page.locator("parley-comments [part~=comment]", { hasText: text }).first().getByRole("button", { name: label, exact: true }).click();

describe.skipIf(!chromiumPath)("long comments", () => {
  let browser: Browser;
  let site: TestSite;
  const slug = `long-comments-${uniq()}`;
  // One long by its lines (18 short paragraphs, as a reader types a list without markdown), one long by its text
  // (three paragraphs, about 2,000 characters), and a short one. Each ends with a word to look for.
  const byLines = `lines-${uniq()}`;
  const byText = `text-${uniq()}`;
  const short = `short-${uniq()}`;
  const sentence = (i: number) =>
    `Point ${i}: the migration took ${i + 2} hours because the old server kept every comment as a separate file, and the importer had to read them one at a time.`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("long-comments");
    await publishArticle(site, slug, { title: "A thread with long comments", body: "The article." });
    const lines = Array.from({ length: 18 }, (_, i) => `Step ${i + 1} of what I did`).join("\n\n");
    await postComment(site.id, slug, { authorName: "Lena", body: `${lines}\n\nLast one ${byLines}` });
    const paragraphs = [0, 1, 2].map((p) => Array.from({ length: 5 }, (_, i) => sentence(p * 5 + i)).join(" ")).join("\n\n");
    await postComment(site.id, slug, { authorName: "Tomás", body: `${paragraphs} The end ${byText}` });
    await postComment(site.id, slug, { authorName: "Sam", body: `A short one ${short}` });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("folds a long comment, by its lines or by its text, with Show more and Show less; a short one is left whole", async () => {
    const host = await open(browser, { element: "comments", site: site.id, thread: slug });
    await waitForThread(host.page);
    const page = host.page;
    await expect.poll(() => bodyOf(page, byLines)).toMatchObject({ clipped: true, button: "Show more (expanded false)" });
    expect(await bodyOf(page, byText)).toMatchObject({ clipped: true, button: "Show more (expanded false)" });
    expect(await bodyOf(page, short)).toMatchObject({ clipped: false, button: null });

    const folded = (await bodyOf(page, byText)).height;
    await clickButton(page, byText, "Show more");
    const unfolded = await bodyOf(page, byText);
    expect(unfolded).toMatchObject({ clipped: false, button: "Show less (expanded true)" });
    expect(unfolded.height).toBeGreaterThan(folded);
    // The other long comment stays folded; the focus stays on the button, now "Show less".
    expect(await bodyOf(page, byLines)).toMatchObject({ clipped: true });
    expect(await page.evaluate(() => document.querySelector("parley-comments")!.shadowRoot!.activeElement?.textContent?.trim())).toBe("Show less");

    await clickButton(page, byText, "Show less");
    expect(await bodyOf(page, byText)).toMatchObject({ clipped: true, button: "Show more (expanded false)" });
    expect(host.pageErrors).toEqual([]);
    await page.close();
  });

  it("shows a long comment whole when the page links to it", async () => {
    const { comments } = await (await fetch(`${API}/sites/${site.id}/threads/${slug}/comments`)).json() as {
      comments: { id: string; body: unknown; authorName: string }[];
    };
    const id = comments.find((c) => c.authorName == "Lena")!.id;
    const host = await open(browser, { element: "comments", site: site.id, thread: slug, hash: `comment-${id}` });
    await waitForThread(host.page);
    await expect.poll(() => bodyOf(host.page, byLines)).toMatchObject({ clipped: false, button: "Show less (expanded true)" });
    expect(await bodyOf(host.page, byText)).toMatchObject({ clipped: true });
    await host.page.close();
  });

  it("scrolls a linked comment taller than the window to its start, its author in view, not to its middle", async () => {
    const tall = `tall-${uniq()}`;
    const lines = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of a very long story`).join("\n\n");
    // A thread of its own: the other tests count this article's comments.
    const thread = `tall-thread-${uniq()}`;
    const { id } = await postComment(site.id, thread, { authorName: "Tall Tale", body: `${lines}\n\nThe end ${tall}` });
    const host = await open(browser, { element: "comments", site: site.id, thread, hash: `comment-${id}` });
    await waitForThread(host.page);
    await expect.poll(() => bodyOf(host.page, tall)).toMatchObject({ clipped: false });
    const place = () =>
      host.page.locator(`parley-comments #comment-${id}`).evaluate((c) => ({ top: Math.round(c.getBoundingClientRect().top), taller: c.getBoundingClientRect().height > innerHeight }));
    await expect.poll(async () => Math.abs((await place()).top)).toBeLessThanOrEqual(1);
    expect((await place()).taller).toBe(true);
    await host.page.close();
  });

  it("folds the same comments in the server's HTML, shows them whole without JavaScript, and hydrates without a shift", async () => {
    const off = await open(browser, { element: "fragment", site: site.id, slug }, false);
    await expect.poll(() => off.page.locator("parley-comments [part~=comment]").count()).toBe(3);
    expect(await bodyOf(off.page, byLines)).toMatchObject({ clipped: false, button: null });
    expect(await bodyOf(off.page, byText)).toMatchObject({ clipped: false, button: null });
    await off.page.close();

    const on = await open(browser, { element: "fragment", site: site.id, slug });
    // The server's HTML folds them before the widget runs...
    await expect.poll(() => bodyOf(on.page, byLines)).toMatchObject({ clipped: true });
    // ...and the widget's button arrives in the row held for its tools.
    await expect.poll(() => bodyOf(on.page, byText)).toMatchObject({ clipped: true, button: "Show more (expanded false)" });
    await on.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await layoutShift(on.page)).toBeLessThan(0.01);
    expect(on.pageErrors).toEqual([]);
    await on.page.close();
  });

  it("shows only the start of the long comments past the page's HTML budget, which the widget renders whole in place", async () => {
    // Long comments of `x>`, each `>` four characters of HTML: past BODY_HTML_CHARS of it, the server writes the
    // start of each one's text.
    const thread = `budget-${uniq()}`;
    await publishArticle(site, thread, { title: "A thread of heavy comments", body: "The article." });
    for (let n = 0; n < 12; n++) await postComment(site.id, thread, { authorName: `Heavy-${n}-`, body: `w${n} ${"x>".repeat(4990)}` });
    // The first page holds as many as its byte budget takes; the last of them is past the HTML budget.
    const off = await open(browser, { element: "fragment", site: site.id, slug: thread }, false);
    await expect.poll(() => off.page.locator("parley-comments [part~=comment]").count()).toBeGreaterThan(5);
    const shown = await off.page.locator("parley-comments [part~=comment]").count();
    const n = shown - 1;
    const last = (page: Page) =>
      page.locator("parley-comments [part~=comment]", { hasText: `Heavy-${n}-` }).first().evaluate((c, n) => ({
        cut: c.querySelector("[part~=body]")!.classList.contains("cut"),
        chars: c.querySelector("[part~=body] p")!.textContent!.trim().length,
        whole: c.querySelector("[part~=body] a")?.textContent ?? null,
        starts: c.querySelector("[part~=body]")!.textContent!.trim().startsWith(`w${n} x>x>`),
      }), n);
    expect(await last(off.page)).toMatchObject({ cut: true, starts: true, whole: "Read the whole comment" });
    expect((await last(off.page)).chars).toBeLessThanOrEqual(1600);
    await off.page.close();

    const on = await open(browser, { element: "fragment", site: site.id, slug: thread });
    await expect.poll(() => last(on.page)).toMatchObject({ cut: false, starts: true, whole: null });
    expect((await last(on.page)).chars).toBe(`w${n} `.length + 2 * 4990);
    expect(await bodyOf(on.page, `Heavy-${n}-`)).toMatchObject({ clipped: true, button: "Show more (expanded false)" });
    await on.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await layoutShift(on.page)).toBeLessThan(0.01);
    expect(on.pageErrors).toEqual([]);
    await on.page.close();
  });
});
