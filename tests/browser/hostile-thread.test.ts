// A thread holding hostile comments in real Chromium: the worst markdown shapes at the size limit, and (served
// through a route) trees the worker would never make: 5,000 levels deep, or not a tree at all. Every other
// comment still renders and the page throws nothing.
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/limits";
import { HOSTILE_SHAPES } from "../fixtures/hostile-markdown";
import {
  chromiumPath,
  createSite,
  launchBrowser,
  openHostPage,
  postComment,
  shownThread,
  uniq,
  waitForThread,
  type Browser,
  type TestSite,
} from "./harness";

/** The shapes that broke or slowed the old renderer most: deep containers, nesting, many nodes. */
const WORST = [
  "quotes: > × n then a word",
  "lists: - - - … x",
  "mixed containers: > - > - … x",
  "alternating openers: *_*_… x _*_*…",
  "nested images: ![![![…](y)](y)](y)",
  "paragraphs: a⏎⏎ × n",
  "12-deep lists per line",
];

/** A document tree `levels` quotes deep, as JSON text (built flat: no recursion here either). */
function deepQuoteJson(levels: number, word: string): string {
  return `${'[{"t":"quote","c":'.repeat(levels)}[{"t":"p","c":[{"t":"text","v":"${word}"}]}]${"}]".repeat(levels)}`;
}

describe.skipIf(!chromiumPath)("a thread with hostile comments", () => {
  let browser: Browser;
  let site: TestSite;
  const thread = `hostile-${uniq()}`;
  const first = `First normal comment ${uniq()}`;
  const last = `Last normal comment ${uniq()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("hostile", { maxLinks: 100 });
    await postComment(site.id, thread, { authorName: "Ann", body: first });
    for (const name of WORST) {
      const shape = HOSTILE_SHAPES.find((s) => s.name === name);
      if (!shape) throw new Error(`no hostile shape named ${name}`);
      await postComment(site.id, thread, { authorName: "Mallory", body: shape.make(LIMITS.commentBodyChars) });
    }
    await postComment(site.id, thread, { authorName: "Bob", body: last });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders every comment, the hostile ones included, and throws nothing", async () => {
    const host = await openHostPage(browser, { element: "comments", site: site.id, thread });
    await waitForThread(host.page);
    const shown = await shownThread(host.page);
    expect(shown.map((c) => c.author)).toEqual(["Ann", ...WORST.map(() => "Mallory"), "Bob"]);
    expect(shown[0].body).toBe(first);
    expect(shown[shown.length - 1].body).toBe(last);
    // The 2,500-deep quote repro: the word at its end is shown.
    expect(shown[1].body.endsWith("x")).toBe(true);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it("renders a tree 5,000 levels deep as its text and skips one that is not a tree, keeping the others", async () => {
    const deepWord = `deepword${uniq()}`;
    const host = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread,
      // Trees the worker never makes, served in place of two of the thread's comments. The rendered request is
      // refused, so that the widget fetches the view and renders those trees itself.
      beforeLoad: async (page) => {
        await page.route(`**/threads/${thread}/rendered*`, (route) => route.fulfill({ status: 503, body: "" }));
        await page.route(`**/threads/${thread}/view*`, async (route) => {
          const response = await route.fetch();
          const data = (await response.json()) as { thread: { comments: { body: unknown }[] } };
          data.thread.comments[1].body = "DEEP";
          data.thread.comments[2].body = [{ t: "p", c: null }, { t: "quote" }, "not a node"];
          const text = JSON.stringify(data).replace('"DEEP"', deepQuoteJson(5000, deepWord));
          await route.fulfill({ response, body: text });
        });
      },
    });
    await waitForThread(host.page);
    const shown = await shownThread(host.page);
    const bodies = shown.map((c) => c.body);
    expect(bodies).toContain(first);
    expect(bodies).toContain(last);
    expect(bodies.some((b) => b.includes(deepWord))).toBe(true);
    // Every comment but the one that is not a tree is shown.
    expect(shown).toHaveLength(WORST.length + 1);
    expect(host.pageErrors).toEqual([]);
    const quotes = await host.page.locator("parley-comments blockquote").count();
    expect(quotes).toBeLessThan(200);
    await host.page.close();
  });

  it("keeps a Zalgo name and text inside their own comment: its tools row looks like a plain comment's", async () => {
    // Every combining mark of U+0300–U+036F on each letter: marks stacked far above and below the line.
    const marks = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x300 + i)).join("");
    const zalgo = (word: string) => [...word].map((ch) => ch + marks).join("");
    const zthread = `zalgo-${uniq()}`;
    await postComment(site.id, zthread, { authorName: zalgo("Mallory"), body: `${zalgo("Hello")} world` });
    await postComment(site.id, zthread, { authorName: "Ann", body: "Hello world" });
    const host = await openHostPage(browser, { element: "comments", site: site.id, thread: zthread });
    await waitForThread(host.page);
    const tools = host.page.locator("parley-comments article.c .tools");
    await expect.poll(() => tools.count()).toBe(2);
    await tools.nth(1).locator("button").first().waitFor();
    // Readers' system fonts stack the marks far above and below the line; this machine's fonts overlay them. So the
    // ink they would paint outside the line is stood in for: text drawn 1.5em below the Zalgo name and body.
    await host.page.locator("parley-comments article.c").first().evaluate((c) => {
      for (const box of [c.querySelector("[part~=author]"), c.querySelector("[part~=body] p")]) {
        const ink = box!.appendChild(document.createElement("span"));
        Object.assign(ink.style, { position: "relative", top: "1.5em", background: "red" });
        ink.textContent = "̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳";
      }
    });
    // Each row from a whole pixel below its top: the text above may end part way down a pixel.
    const shot = async (row: Locator) => {
      const box = (await row.boundingBox())!;
      return host.page.screenshot({ clip: { x: box.x, y: Math.ceil(box.y), width: box.width, height: Math.floor(box.height) - 1 } });
    };
    const [zalgoRow, plainRow] = [await shot(tools.nth(0)), await shot(tools.nth(1))];
    expect(zalgoRow.equals(plainRow)).toBe(true);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });
});
