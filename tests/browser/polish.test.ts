// What a blogger trips over in the first hour, held in real Chromium: long unbroken text on a phone, the error a
// misconfigured page shows, the events' `detail`, contrast on a dark page and with custom accents, left-to-right
// text in a right-to-left interface, the article's heading, the reply form, and the count beside one's own
// comment awaiting moderation, and a list set as a list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  chromiumPath,
  commentLocator,
  contrastRatio,
  createSite,
  HOST,
  hostPageUrl,
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

const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const thread = (page: Page) => page.locator("parley-comments").first();
/** Waits for the thread's lazy chunk (the new-comment form). */
const waitForExtras = (page: Page) => thread(page).locator("[part~=form]").last().waitFor();
/** Paints the page dark the way a theme following prefers-color-scheme does, without declaring color-scheme. */
const darkPage = (background: string) => (page: Page) =>
  page.addInitScript((bg) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`html, body { background: ${bg} !important; color: #e6e6e6 !important }`);
    document.adoptedStyleSheets = [sheet];
  }, background);

describe.skipIf(!chromiumPath)("polish", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("polish");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("wraps long unbroken names, links and code instead of scrolling the page sideways at 320 px", async () => {
    const key = `narrow-${uniq()}`;
    const long = "x".repeat(80);
    await postComment(site.id, key, {
      authorName: `N${"a".repeat(79)}`,
      body: `https://example.com/${"path".repeat(40)} and [a link](https://example.com/${"q".repeat(150)}) and \`${long}${long}\`\n\n\`\`\`\n${long.repeat(3)}\n\`\`\``,
    });
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) => p.setViewportSize({ width: 320, height: 700 }),
    });
    await waitForThread(page);
    await waitForExtras(page);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    // The code block scrolls inside itself instead.
    const pre = await thread(page).evaluate((host) => {
      const el = host.shadowRoot!.querySelector("pre")!;
      return { scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX, tab: el.tabIndex };
    });
    expect(pre.overflow).toBe("auto");
    // A keyboard reaches it, to scroll it (axe: scrollable-region-focusable).
    expect(pre.tab).toBe(0);
    expect(pre.scroll).toBeGreaterThan(pre.client);
  });

  it("sets a list's items close together, as a list reads, while a paragraph keeps its own space", async () => {
    const key = `list-${uniq()}`;
    await postComment(site.id, key, { authorName: "Lister", body: "Before the list.\n\n- one\n- two\n- three\n\nAfter the list." });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const gaps = await thread(page).evaluate((host) => {
      const root = host.shadowRoot!;
      const items = [...root.querySelectorAll("li")].map((li) => li.getBoundingClientRect());
      const paragraphs = [...root.querySelectorAll(".doc > p, .doc > ul")].map((el) => el.getBoundingClientRect());
      const font = parseFloat(getComputedStyle(root.querySelector("li")!).fontSize);
      return { items: items.slice(1).map((r, i) => (r.top - items[i].bottom) / font), blocks: paragraphs.slice(1).map((r, i) => (r.top - paragraphs[i].bottom) / font) };
    });
    expect(gaps.items).toHaveLength(2);
    for (const gap of gaps.items) expect(gap).toBeLessThan(0.5);
    for (const gap of gaps.blocks) expect(gap).toBeGreaterThanOrEqual(0.9);
  });

  it("tells the blogger what to fix for an unknown site: the site id and the page's origin, no Retry, one console line", async () => {
    const missing = `no-such-site-${uniq()}`;
    const host = await openHostPage(browser, { element: "comments", site: missing, thread: "x" });
    const alert = thread(host.page).locator("[role=alert]");
    await alert.waitFor();
    const text = clean(await alert.textContent());
    expect(text).toContain("not registered");
    expect(text).toContain(missing);
    expect(text).toContain(new URL(host.url).origin);
    expect(await alert.getByRole("button").count()).toBe(0);
    expect(host.consoleErrors.filter((line) => line.includes("Parley:"))).toEqual([expect.stringContaining("SITE_NOT_FOUND")]);
  });

  it("in a sandboxed frame, names the origin the browser sent (null), and says the frame needs allow-same-origin", async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    const framed = hostPageUrl({ element: "comments", site: site.id, thread: `sandboxed-${uniq()}` });
    await page.route(`${HOST}/sandboxed.html`, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><iframe sandbox="allow-scripts allow-forms" src="${framed}" width=600 height=600></iframe>` }),
    );
    await page.goto(`${HOST}/sandboxed.html`);
    const alert = page.frameLocator("iframe").locator("parley-comments [role=alert]");
    await alert.waitFor();
    const text = clean(await alert.textContent());
    expect(text).toContain(`site="${site.id}" · null (a sandboxed frame: it needs allow-same-origin)`);
    expect(text).not.toContain(new URL(HOST).origin);
    expect(consoleErrors.filter((line) => line.includes("Parley:"))).toEqual([
      expect.stringContaining("(ORIGIN_NOT_ALLOWED; page origin null (a sandboxed frame: it needs allow-same-origin))"),
    ]);
    await page.close();
  });

  it("tells the blogger that an element has no site, without a request that cannot work", async () => {
    const host = await openHostPage(browser, { element: "comments", site: "", thread: "/no-site" });
    const alert = thread(host.page).locator("[role=alert]");
    await alert.waitFor();
    const text = clean(await alert.textContent());
    expect(text).toContain("not registered");
    expect(text).toContain('site=""');
    expect(await alert.getByRole("button").count()).toBe(0);
    expect(host.consoleErrors.filter((line) => line.includes("Parley:"))).toEqual([expect.stringContaining("<parley-comments> has no site attribute")]);
    expect(host.requests.filter((r) => r.url.includes("/api/"))).toEqual([]);
  });

  it("shows every other count on a listing when one <parley-count> has no thread", async () => {
    const key = `counted-${uniq()}`;
    await postComment(site.id, key, { authorName: "Lister", body: "Count me" });
    const host = await openHostPage(browser, { element: "counts", site: site.id, threads: [key, "", `${key}-none`] });
    const shown = async () => (await host.page.locator("parley-count").evaluateAll((els) => els.map((e) => e.shadowRoot?.textContent ?? ""))).map(clean);
    await expect.poll(shown).toEqual(["1 comment", "", "0 comments"]);
    expect(host.requests.filter((r) => r.url.includes("/counts"))).toHaveLength(1);
    expect(host.consoleErrors.filter((line) => line.includes("Parley:"))).toEqual([expect.stringContaining("<parley-count> has no thread attribute")]);
  });

  it("puts what each event is about in `detail`, and keeps the typed properties, for a listener on document", async () => {
    const key = `events-${uniq()}`;
    const { page } = await openHostPage(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      beforeLoad: (p) =>
        p.addInitScript(() => {
          const seen: unknown[] = ((window as unknown as { seen: unknown[] }).seen = []);
          for (const type of ["parley-loaded", "parley-comment-posted", "parley-error"])
            document.addEventListener(type, (e) => {
              const { detail, code, status, site, thread } = e as CustomEvent & Record<string, unknown>;
              seen.push({ type, detail: JSON.parse(JSON.stringify(detail)), code, status, site, thread });
            });
        }),
    });
    await waitForThread(page);
    await waitForExtras(page);
    await submitComment(newCommentForm(page), { body: "An event with a detail", name: "Dee" });
    await commentLocator(page, "An event with a detail").waitFor();
    await newCommentForm(page).getByRole("button", { name: /^post/i }).click(); // empty: a local slip, no event
    const missing = await openHostPage(browser, {
      element: "comments",
      site: `missing-${uniq()}`,
      thread: key,
      beforeLoad: (p) =>
        p.addInitScript(() => {
          const seen: unknown[] = ((window as unknown as { seen: unknown[] }).seen = []);
          document.addEventListener("parley-error", (e) => seen.push({ detail: (e as CustomEvent).detail, code: (e as CustomEvent & { code: string }).code }));
        }),
    });
    await thread(missing.page).locator("[role=alert]").waitFor();

    const seen = (await page.evaluate(() => (window as unknown as { seen: Record<string, unknown>[] }).seen)) as Record<string, any>[];
    expect(seen.find((e) => e.type == "parley-loaded")).toMatchObject({ detail: { site: site.id, thread: key }, site: site.id, thread: key });
    const posted = seen.find((e) => e.type == "parley-comment-posted")!;
    expect(posted.detail).toMatchObject({ authorName: "Dee", status: "published" });
    expect(posted.site).toBe(site.id);
    expect(await missing.page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
      { detail: { code: "SITE_NOT_FOUND", status: 404 }, code: "SITE_NOT_FOUND" },
    ]);
  });

  it("reads on a dark page without color-scheme and with two custom accents, quotes in quotes too: axe finds nothing serious", async () => {
    const key = `contrast-${uniq()}`;
    await postComment(site.id, key, { authorName: "Ada", body: "A [link](https://example.com) in the accent colour" });
    // Quotes in quotes: each level once faded the muted colour again (three levels read at 2.6:1 on white).
    await postComment(site.id, key, { authorName: "Bea", body: "> > > Quoted three times over\n> >\n> > Quoted twice\n\nAnd my answer." });
    const cases = [
      { name: "dark page, default accent", beforeLoad: darkPage("#121212"), accent: "" },
      { name: "dark page, light orange accent", beforeLoad: darkPage("#121212"), accent: "#f4a261" },
      { name: "light page, deep red accent", beforeLoad: undefined, accent: "#8b1e1e" },
    ];
    for (const c of cases) {
      const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, csp: false, beforeLoad: c.beforeLoad });
      if (c.accent) await page.evaluate((accent) => document.querySelector<HTMLElement>("parley-comments")!.style.setProperty("--parley-accent", accent), c.accent);
      await waitForThread(page);
      await waitForExtras(page);
      expect(await axeViolations(page, "parley-comments"), c.name).toEqual([]);
      const button = await thread(page).evaluate((host) => {
        const el = host.shadowRoot!.querySelector(".primary")!;
        // Computed colours may be lab(): a canvas pixel gives them as sRGB.
        const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
        const rgb = (css: string) => {
          ctx.fillStyle = css;
          ctx.fillRect(0, 0, 1, 1);
          return `rgb(${[...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)].join(", ")})`;
        };
        return { text: rgb(getComputedStyle(el).color), background: rgb(getComputedStyle(el).backgroundColor) };
      });
      expect(contrastRatio(button.text, button.background), `${c.name}: the Post button`).toBeGreaterThanOrEqual(4.5);
      await page.close();
    }
  });

  it("paints the worker's HTML on a dark page in the colours the widget's own rendering keeps", async () => {
    const slug = `dark-${uniq()}`;
    await publishArticle(site, slug, { title: "Dark", body: "A [link](https://example.com) in the article." });
    await postComment(site.id, slug, { authorName: "Nox", body: "Read on a dark page" });
    /** The accent of the first comment's date link, and the color-scheme of the thread. */
    const colours = () => {
      const thread = document.querySelector("parley-article")!.shadowRoot!.querySelector("parley-comments")!.shadowRoot!;
      const link = thread.querySelector("[part~=permalink]")!;
      return `${getComputedStyle(link).color} ${getComputedStyle(thread.querySelector("section")!).colorScheme}`;
    };
    const { page } = await openHostPage(browser, {
      site: site.id,
      slug,
      csp: false,
      beforeLoad: async (p) => {
        await darkPage("#121212")(p);
        await p.addInitScript(`customElements.whenDefined("parley-article").then(() => { window.__atDefine = (${colours})(); })`);
      },
    });
    await waitForThread(page);
    const before = await page.evaluate(() => (window as unknown as { __atDefine: string }).__atDefine);
    expect(before).toMatch(/ dark$/);
    expect(await page.evaluate(colours)).toBe(before);
    await page.close();
  });

  it("lets an English comment read left to right in an Arabic interface", async () => {
    const key = `rtl-${uniq()}`;
    await postComment(site.id, key, { authorName: "Sam", body: "It worked." });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, lang: "ar" });
    await waitForThread(page);
    const dirs = await commentLocator(page, "It worked.").evaluate((c) => ({
      section: getComputedStyle(c).direction,
      body: getComputedStyle(c.querySelector("[part~=body]")!).direction,
      author: getComputedStyle(c.querySelector("[part~=author]")!).direction,
    }));
    expect(dirs).toEqual({ section: "rtl", body: "ltr", author: "ltr" });
  });

  it("lays the English words of a language Parley has none for (Hebrew) out left to right, a Hebrew comment right to left", async () => {
    const key = `he-${uniq()}`;
    await postComment(site.id, key, { authorName: "נועה", body: "תגובה בעברית" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key, lang: "he" });
    const heading = await waitForThread(page);
    expect(clean(await heading.textContent())).toBe("1 comment");
    const dirs = await commentLocator(page, "תגובה בעברית").evaluate((c) => ({
      section: getComputedStyle(c).direction,
      body: getComputedStyle(c.querySelector("[part~=body]")!).direction,
    }));
    expect(dirs).toEqual({ section: "ltr", body: "rtl" });
  });

  it("titles the article with an <h1>, or the level heading-level names", async () => {
    const slug = `heading-${uniq()}`;
    await publishArticle(site, slug, { title: "A title", body: "Some text." });
    const { page } = await openHostPage(browser, { site: site.id, slug });
    const title = page.locator("parley-article [part~=title]");
    await title.waitFor();
    expect(await title.evaluate((el) => el.localName)).toBe("h1");
    expect(await page.getByRole("heading", { level: 1, name: "A title" }).count()).toBe(1);
    await page.locator("parley-article").evaluate((el) => el.setAttribute("heading-level", "3"));
    await page.getByRole("heading", { level: 3, name: "A title" }).waitFor();
    expect(await page.getByRole("heading", { level: 1, name: "A title" }).count()).toBe(0);
  });

  it("says whom a reply answers, carries the name and e-mail over, and puts the form above with form-position", async () => {
    const key = `reply-${uniq()}`;
    await postComment(site.id, key, { authorName: "Bob", body: "The first word" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    await waitForExtras(page);
    const main = newCommentForm(page);
    await main.getByRole("textbox", { name: "Name", exact: true }).fill("Alice");
    await main.getByRole("textbox", { name: /^Email/ }).fill("alice@example.com");
    await commentLocator(page, "The first word").getByRole("button", { name: "Reply", exact: true }).click();
    const reply = commentLocator(page, "The first word").locator("[part~=form]");
    await reply.waitFor();
    expect(clean(await reply.textContent())).toContain("Replying to Bob");
    expect(clean(await reply.textContent())).toMatch(/Markdown/);
    expect(await reply.getByRole("textbox", { name: "Name", exact: true }).inputValue()).toBe("Alice");
    expect(await reply.getByRole("textbox", { name: /^Email/ }).inputValue()).toBe("alice@example.com");
    // "Yes, delete" is not one more grey link.
    await submitComment(reply, { body: "A reply to delete", name: "Alice" });
    const mine = commentLocator(page, "A reply to delete");
    await mine.getByRole("button", { name: "Delete", exact: true }).click();
    const yes = mine.getByRole("button", { name: "Yes, delete" });
    expect(await yes.evaluate((el) => el.className)).toContain("danger");

    await page.locator("parley-comments").evaluate((el) => el.setAttribute("form-position", "above"));
    await page.waitForFunction(() => {
      const root = document.querySelector("parley-comments")!.shadowRoot!;
      const form = [...root.querySelectorAll("form")].find((f) => !f.closest("[part~=comment]"));
      const first = root.querySelector("[part~=comment]");
      return !!form && !!first && !!(form.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
  });

  it("posts twice in a row with the form token each answer brings, reading no page for one", async () => {
    const key = `twice-${uniq()}`;
    const host = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(host.page);
    await waitForExtras(host.page);
    const before = host.requests.length;
    for (const body of ["The first of two", "The second of two"]) {
      await submitComment(newCommentForm(host.page), { body, name: "Pat" });
      await commentLocator(host.page, body).waitFor();
    }
    const thread = host.requests.slice(before).filter((r) => r.url.includes(`/threads/${key}/`));
    expect(thread.map((r) => `${r.method} ${new URL(r.url).pathname.split("/").pop()}`)).toEqual(["POST comments", "POST comments"]);
  });

  it("counts the reader's own comment awaiting moderation in the heading", async () => {
    const held = await createSite("held", { moderation: "pre" });
    const key = `held-${uniq()}`;
    const { page } = await openHostPage(browser, { element: "comments", site: held.id, thread: key });
    const heading = await waitForThread(page);
    expect(clean(await heading.textContent())).toBe("0 comments");
    await waitForExtras(page);
    await submitComment(newCommentForm(page), { body: "Held for a moment", name: "Pat" });
    await commentLocator(page, "Held for a moment").waitFor();
    expect(clean(await heading.textContent())).toBe("1 comment");
    await page.reload();
    expect(clean(await (await waitForThread(page)).textContent())).toBe("1 comment");
  });

  it("says how long to wait after RATE_LIMITED from the API's retryAfterSeconds, not a field message", async () => {
    const limited = await createSite("limited", { rateLimits: { readerPerMinute: 1, threadPerMinute: 0, sitePerMinute: 0 } });
    const key = `limited-${uniq()}`;
    const { page } = await openHostPage(browser, { element: "comments", site: limited.id, thread: key });
    await waitForThread(page);
    await waitForExtras(page);
    await submitComment(newCommentForm(page), { body: "The first one goes through", name: "Rae" });
    await commentLocator(page, "The first one goes through").waitFor();
    await submitComment(newCommentForm(page), { body: "The second one waits", name: "Rae" });
    const alert = newCommentForm(page).locator("[role=alert]");
    await alert.waitFor();
    expect(clean(await alert.textContent())).toMatch(/^Too many comments right now\. Try again in \d+ seconds?\.$/);
  });
});
