// Parley's server-rendered HTML in real Chromium: a blog page that inlines the worker's /embed fragment, as a
// static-site build or a server-side include would. Without JavaScript the article and its comments read; with
// it, the widget hydrates what is there (no second thread request, no layout shift) and posting works; hostile
// payloads rendered by the server stay text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import payloadData from "../fixtures/xss-payloads.json";
import {
  WORKER,
  api,
  chromiumPath,
  createSite,
  gate,
  hydrationShift,
  launchBrowser,
  waitForThread,
  layoutShift,
  newCommentForm,
  openHostPage,
  postComment,
  refetchesFailedModules,
  publishArticle,
  publishLongArticle,
  recordShifts,
  refuseInvalidHosts,
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

const PAYLOADS: { id: string; payload: string }[] = payloadData;

/**
 * Opens a host page counting layout shifts, with a hook (`__xss`) that a payload which ran would call;
 * `script: false` turns JavaScript off for the tab.
 */
const open = (browser: Browser, options: HostPageOptions, script = true): Promise<HostPage> =>
  openHostPage(browser, {
    ...options,
    script,
    countLayoutShifts: true,
    async beforeLoad(page) {
      await page.addInitScript(() => {
        const w = window as unknown as { __xssHits: string[]; __xss(id: string): void };
        w.__xssHits = [];
        w.__xss = (id) => void w.__xssHits.push(id);
      });
      await options.beforeLoad?.(page);
    },
  });

/**
 * That a page whose elements' chunk could not be loaded, after every try (each let go at once by an "online"
 * event), says `words` where the form goes, still shows its thread, tried a fresh widget.js once, threw nothing on
 * the page, and said why in the console.
 */
async function expectGivenUp(host: HostPage, words: string) {
  const notice = host.page.locator("parley-comments [part~=form][role=status]");
  for (let i = 0; i < 20 && (await notice.count()) == 0; i++) {
    await host.page.evaluate(() => window.dispatchEvent(new Event("online")));
    await host.page.waitForTimeout(100);
  }
  await expect.poll(() => notice.textContent()).toBe(words);
  expect((await shownThread(host.page)).length).toBeGreaterThan(0);
  expect(host.requests.filter((r) => r.url.startsWith(`${WORKER}/widget.js?fresh=`))).toHaveLength(1);
  expect(host.pageErrors).toEqual([]);
  expect(host.consoleErrors.some((e) => e.includes("could not be loaded"))).toBe(true);
}

/** That no payload ran on the page: no dangerous node, no call of the hook, no dialog, no navigation. */
async function expectInert(host: HostPage, dialogs: string[], where: string) {
  expect(await host.page.evaluate(dangerousNodes), where).toEqual([]);
  expect(await host.page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits), where).toEqual([]);
  expect(dialogs, where).toEqual([]);
  expect(host.page.url(), where).toBe(host.url);
}

/**
 * Everything in the page (through every shadow root) that could run script or leave the page: elements that
 * execute or embed, event-handler attributes, and URLs with a scheme other than http(s) or mailto. The fragment's
 * own parts (its style sheets, the one in its <noscript>, and its JSON view) and the widget's comment forms are
 * expected and named apart.
 */
function dangerousNodes(): string[] {
  const found: string[] = [];
  const EXEC = new Set("script iframe frame object embed applet base meta link form portal math foreignobject use animate set image".split(" "));
  const URLS = ["href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data", "background"];
  const walk = (root: Document | ShadowRoot, where: string) => {
    for (const el of root.querySelectorAll("*")) {
      const name = el.localName;
      const own =
        (name == "script" && el.matches("[data-parley-view][type='application/json']") && el.parentNode instanceof ShadowRoot) ||
        (name == "style" && (el.parentNode instanceof ShadowRoot || (el.parentElement?.localName == "noscript" && el.parentElement.parentElement?.getAttribute("part") == "thread"))) ||
        (where == "document" && el.closest("head")) ||
        (name == "form" && where == "parley-comments" && el.matches("[part~=form]"));
      if (!own && (EXEC.has(name) || name == "style" || name == "template")) found.push(`${where}: <${name}>`);
      for (const a of el.attributes) {
        if (a.name.startsWith("on")) found.push(`${where}: <${name} ${a.name}>`);
        const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(a.value)?.[1].toLowerCase();
        if (URLS.includes(a.name) && scheme && !["http", "https", "mailto"].includes(scheme) && !(where == "document" && el.closest("head")))
          found.push(`${where}: <${name} ${a.name}="${a.value.slice(0, 40)}">`);
        if (a.name == "style" && /url\(|expression/i.test(a.value)) found.push(`${where}: <${name} style>`);
      }
      if (el.shadowRoot) walk(el.shadowRoot, name);
    }
  };
  walk(document, "document");
  return found;
}

describe.skipIf(!chromiumPath)("the server-rendered article and comments on a host page", () => {
  let browser: Browser;
  let site: TestSite;
  const slug = `rendered-${uniq()}`;
  const marker = `Rendered by the server ${uniq()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("first-paint");
    await publishArticle(site, slug, { title: "Comments in the HTML", author: "Ada", body: "# A section\n\nThe article's *own* text." });
    const first = await postComment(site.id, slug, { authorName: "Ann", body: `${marker}: the first comment.` });
    await postComment(site.id, slug, { authorName: "Bob", body: "A reply, nested under Ann's.", parentId: first.id });
    await postComment(site.id, slug, { authorName: "Cy", body: "Another comment with a [link](https://example.com/)." });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("reads without JavaScript: the article, its comments with the reply nested, and a form notice", async () => {
    const host = await open(browser, { element: "fragment", site: site.id, slug }, false);
    const article = host.page.locator("parley-article");
    await expect.poll(() => article.locator("[part~=title]").textContent()).toBe("Comments in the HTML");
    expect(await article.locator("[part~=body] h2").textContent()).toBe("A section");
    const shown = await shownThread(host.page);
    expect(shown.map((c) => c.author)).toEqual(["Ann", "Cy"]);
    expect(shown[0].body).toContain(marker);
    expect(shown[0].replies.map((r) => r.author)).toEqual(["Bob"]);
    expect(shown[0].replies[0].left).toBeGreaterThan(shown[0].left);
    expect(await host.page.locator("parley-comments [part~=heading]").textContent()).toBe("3 comments");
    // The notice sits in a <noscript>, which a browser running scripts leaves unrendered.
    const notice = host.page.locator("parley-comments noscript [part~=form]");
    expect(await notice.textContent()).toBe("Posting a comment needs JavaScript.");
    expect(await notice.isVisible()).toBe(true);
    // The sort menu needs the widget: without it, it is not offered.
    expect(await host.page.locator("parley-comments [part~=sort]").isVisible()).toBe(false);
    // Styled from the fragment's own style sheet: the reply is indented with a line, the body's link takes the accent.
    const indent = await host.page.locator("parley-comments [part~=replies]").first().evaluate((el) => getComputedStyle(el).borderInlineStartWidth);
    expect(indent).toBe("2px");
    // A date, not "3 minutes ago": a static build's HTML is read long after it was made.
    const shownWhen = await host.page.locator("parley-comments [part~=permalink]").first().evaluate((a) => (a as HTMLElement).innerText);
    expect(shownWhen).toBe(new Date().toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }));
    expect(host.requests.filter((r) => r.url.startsWith(WORKER))).toEqual([]);
    await host.page.close();
  });

  it("leads a reader without JavaScript to the later comments: 'Load more' is a link to the next page", async () => {
    const long = `long-${uniq()}`;
    await publishArticle(site, long, { title: "A long discussion", body: "Text." });
    const authors = Array.from({ length: 23 }, (_, n) => `Reader ${n + 1}`);
    for (const authorName of authors) await postComment(site.id, long, { authorName, body: `Said by ${authorName}.` });
    const host = await open(browser, { element: "fragment", site: site.id, slug: long }, false);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors.slice(0, 20));
    // The widget's button needs the widget; the link in its place does not.
    expect(await host.page.locator("parley-comments button.more").isVisible()).toBe(false);
    const more = host.page.locator("parley-comments noscript a");
    expect(await more.textContent()).toBe("Load more");
    await more.click();
    await host.page.waitForURL(new RegExp(`^${WORKER}/p/${site.id}/${long}\\?cursor=`));
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors.slice(20));
    expect(await host.page.locator("h1 a").getAttribute("href")).toBe(`${WORKER}/p/${site.id}/${long}`);
    expect(await host.page.locator("parley-comments >> text=Load more").count()).toBe(0);
    await host.page.close();

    // With the widget, the link is not shown and the button loads the rest in place.
    const live = await open(browser, { element: "fragment", site: site.id, slug: long });
    // The server's button is inert: the widget's, once it has taken over, loads.
    await expect.poll(() => serverHtmlShown(live.page)).toBe(false);
    await live.page.locator("parley-comments button.more").click();
    await expect.poll(async () => (await shownThread(live.page)).length).toBe(23);
    expect(await live.page.locator("parley-comments noscript a").count()).toBe(0);
    expect(live.page.url()).not.toContain("cursor=");
    await live.page.close();
  });

  it("keeps the comments 'Load more' brings in when clicked before the reader's part of a fragment arrived", async () => {
    const { key, authors } = await publishLongArticle(site, "Loaded while the reader's part arrives");
    // The reader's part waits until "Load more" has been clicked; the order of what follows is noted.
    const clicked = gate();
    const order: string[] = [];
    const host = await open(browser, {
      element: "fragment",
      site: site.id,
      slug: key,
      beforeLoad: async (page) => {
        await page.route("**/reader?*", async (route) => (await clicked.opened, await route.continue(), order.push("reader's part in")));
        await page.route("**/comments?*cursor=*", (route) => (order.push("next page asked"), route.continue()));
      },
    });
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    await host.page.locator("parley-comments button.more").click();
    clicked.open();
    await expect.poll(async () => (await shownThread(host.page)).length).toBe(23);
    // The next page waited for the reader's part, so that the page it was appended to is the one shown.
    expect(order).toEqual(["reader's part in", "next page asked"]);
    const form = newCommentForm(host.page);
    await form.waitFor();
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors);
    // The reader's part (the form token) went into the page shown: a post still works.
    await submitComment(form, { body: `After all 23 ${uniq()}`, name: "Late" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author).at(-1)).toBe("Late");
    expect((await shownThread(host.page)).length).toBe(24);
    await host.page.close();
  });

  it("does not let a stalled reader's part hold 'Load more' back for long, and keeps what it loaded when the part comes", async () => {
    const { key, authors } = await publishLongArticle(site, "The reader's part stalls");
    const stalled = gate();
    let partIn = false;
    const host = await open(browser, {
      element: "fragment",
      site: site.id,
      slug: key,
      beforeLoad: (page) => page.route("**/reader?*", async (route) => (await stalled.opened, await route.continue(), (partIn = true))),
    });
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    // The thread changed since the fragment was built: the reader's part will bring another first page.
    await postComment(site.id, key, { authorName: "Newcomer", body: `Posted after the build of ${key}.` });
    await host.page.locator("parley-comments button.more").click();
    // "Load more" went ahead without the reader's part (after 3 s).
    await expect.poll(async () => (await shownThread(host.page)).length, { timeout: 10_000 }).toBe(24);
    stalled.open();
    await expect.poll(() => partIn).toBe(true);
    // The changed first page did not replace what "Load more" brought; the form token went into the page shown.
    const form = newCommentForm(host.page);
    await form.waitFor();
    await submitComment(form, { body: `After the stall ${uniq()}`, name: "Late" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author).at(-1)).toBe("Late");
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual([...authors, "Newcomer", "Late"]);
    await host.page.close();
  });

  /** Holds the elements' chunk until `release` opens: the painted HTML is all there is meanwhile. */
  const holdElements = (release: ReturnType<typeof gate>) => (page: Page) =>
    page.route(`${WORKER}/chunks/elements-*.js`, async (route) => (await release.opened, route.continue()));

  /** The API requests a page made: the last part of each path, and whether it named a cursor. */
  const apiCalls = (host: HostPage) =>
    host.requests
      .filter((r) => r.url.startsWith(`${WORKER}/api/`))
      .map((r) => new URL(r.url))
      .map((u) => u.pathname.split("/").at(-1) + (u.searchParams.has("cursor") ? "?cursor=…" : ""));

  it("acts on a click on 'Load more' made before the elements loaded: the next page comes once they hydrate", async () => {
    const { key, authors } = await publishLongArticle(site, "Clicked before the code came");
    const release = gate();
    const host = await open(browser, { element: "article", site: site.id, slug: key, beforeLoad: holdElements(release) });
    // The worker's HTML is painted; its button does nothing by itself yet.
    await host.page.locator("parley-comments button.more").click();
    expect(await serverHtmlShown(host.page)).toBe(true);
    release.open();
    await expect.poll(async () => (await shownThread(host.page)).length).toBe(23);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors);
    // The rendered view, then the next page: nothing fetched twice.
    expect(apiCalls(host)).toEqual(["rendered", "comments?cursor=…"]);
    // Only the server's button was noted: clicks on the element's own go through it, once each.
    expect(await host.page.locator("parley-comments button.more").count()).toBe(0);
    await host.page.close();
  });

  it("keeps an order chosen before the elements loaded, for a thread alone on the page", async () => {
    const { key, authors } = await publishLongArticle(site, "Sorted before the code came");
    const release = gate();
    const host = await open(browser, { element: "comments", site: site.id, thread: key, beforeLoad: holdElements(release) });
    const sort = host.page.locator("parley-comments select[part~=sort]");
    await sort.selectOption("newest");
    release.open();
    await expect.poll(async () => (await shownThread(host.page))[0]?.author).toBe("Early 23");
    // The choice is remembered for the site, as one made after hydration is.
    expect(await takeStoredSort(host.page, site.id)).toBe("newest");
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors.slice(3).reverse());
    expect(await sort.inputValue()).toBe("newest");
    expect(await host.page.locator("parley-comments").evaluate((el) => !!el.shadowRoot?.querySelector("script[data-parley-view]"))).toBe(false);
    await host.page.close();
  });

  it("acts on a click made after the element was defined but before its language had loaded (the server's HTML still shown)", async () => {
    const { key, authors } = await publishLongArticle(site, "Clicked while German loads");
    const release = gate();
    const host = await open(browser, {
      element: "comments",
      site: site.id,
      thread: key,
      lang: "de",
      beforeLoad: (page) => page.route(`${WORKER}/chunks/de-*.js`, async (route) => (await release.opened, route.continue())),
    });
    // Defined, and its view taken, but its German words are not in yet: the worker's HTML stays up.
    await host.page.waitForFunction(() => customElements.get("parley-comments"));
    await expect.poll(() => host.requests.some((r) => /\/chunks\/de-/.test(r.url))).toBe(true);
    expect(await host.page.locator("parley-comments").evaluate((el) => !!el.shadowRoot?.querySelector("script[data-parley-view]"))).toBe(true);
    await host.page.locator("parley-comments button.more").click();
    release.open();
    await expect.poll(async () => (await shownThread(host.page)).length).toBe(23);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(authors);
    await host.page.close();
  });

  it("on a fragment whose first page changed since it was built, an early 'Load more' continues from the fresh page", async () => {
    const { key, authors } = await publishLongArticle(site, "A stale fragment, clicked early");
    const release = gate();
    const host = await open(browser, { element: "fragment", site: site.id, slug: key, beforeLoad: holdElements(release) });
    await host.page.locator("parley-comments button.more").click();
    // A comment posted after the page was built: the reader's part brings the changed first page.
    await postComment(site.id, key, { authorName: "Newcomer", body: "Posted after the build." });
    release.open();
    await expect.poll(async () => (await shownThread(host.page)).length).toBe(24);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual([...authors, "Newcomer"]);
    expect(apiCalls(host)).toEqual(["reader", "comments?cursor=…"]);
    await host.page.close();
  });

  it("reads in the page's language without JavaScript, and hydrates to the same words", async () => {
    const words = async (host: HostPage) => ({
      heading: await host.page.locator("parley-comments [part~=heading]").textContent(),
      sort: await host.page.locator("parley-comments [part~=sort]").getAttribute("aria-label"),
      share: await host.page.locator("parley-article [part~=share] .muted").textContent(),
      replies: await host.page.locator("parley-comments [part~=replies]").getAttribute("aria-label"),
    });
    const german = { heading: "3 Kommentare", sort: "Sortieren nach", share: "Teilen", replies: "Antworten an Ann" };
    const still = await open(browser, { element: "fragment", site: site.id, slug, lang: "de" }, false);
    await expect.poll(() => words(still)).toEqual(german);
    expect(await still.page.locator("parley-comments noscript [part~=form]").textContent()).toBe("Zum Kommentieren wird JavaScript benötigt.");
    await still.page.close();

    const live = await open(browser, { element: "fragment", site: site.id, slug, lang: "de" });
    await expect.poll(() => serverHtmlShown(live.page)).toBe(false);
    expect(await words(live)).toEqual(german);
    await newCommentForm(live.page).waitFor();
    expect(await layoutShift(live.page)).toBeLessThan(0.01);
    await live.page.close();
  });

  it("names each comment's replies as a group, in the worker's HTML and after hydrating, and 'Hide replies' controls it", async () => {
    const nested = `nested-${uniq()}`;
    await publishArticle(site, nested, { title: "Replies as groups", body: "Text." });
    const ann = await postComment(site.id, nested, { authorName: "Ann", body: `Asked in ${nested}` });
    await postComment(site.id, nested, { authorName: "Bob", body: `Bob answers Ann in ${nested}`, parentId: ann.id });
    const gone = await postComment(site.id, nested, { authorName: "Dee", body: `Deleted in ${nested}` });
    await postComment(site.id, nested, { authorName: "Eve", body: `Eve answers a deleted comment in ${nested}`, parentId: gone.id });
    await api(`/sites/${site.id}/moderation/comments/${gone.id}`, { method: "DELETE", token: site.ownerToken });
    const groups = (page: Page) =>
      page.locator("parley-comments [part~=replies]").evaluateAll((els) => els.map((el) => [el.id, el.getAttribute("role"), el.getAttribute("aria-label")]));
    const named = [
      [`replies-${ann.id}`, "group", "Replies to Ann"],
      [`replies-${gone.id}`, "group", "Replies to a deleted comment"],
    ];
    const still = await open(browser, { element: "fragment", site: site.id, slug: nested }, false);
    await expect.poll(() => groups(still.page)).toEqual(named);
    await still.page.close();

    const live = await open(browser, { element: "fragment", site: site.id, slug: nested });
    await expect.poll(() => serverHtmlShown(live.page)).toBe(false);
    expect(await groups(live.page)).toEqual(named);
    const group = live.page.locator("parley-comments").getByRole("group", { name: "Replies to Ann" });
    expect(await group.textContent()).toContain(`Bob answers Ann in ${nested}`);
    const toggle = live.page.locator("parley-comments").getByRole("button", { name: "Hide replies (1)" });
    expect(await toggle.getAttribute("aria-controls")).toBe(`replies-${ann.id}`);
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await toggle.click();
    const shown = live.page.locator("parley-comments").getByRole("button", { name: "Show 1 reply" });
    await expect.poll(() => shown.getAttribute("aria-expanded")).toBe("false");
    // Hidden replies are not in the page: the button controls nothing until it shows them again.
    expect(await shown.getAttribute("aria-controls")).toBe(null);
    await shown.click();
    await expect.poll(() => toggle.getAttribute("aria-controls")).toBe(`replies-${ann.id}`);
    await live.page.close();
  });

  it("hydrates without fetching the thread again, without a layout shift, and posting works", async () => {
    const host = await open(browser, { element: "fragment", site: site.id, slug });
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    const form = newCommentForm(host.page);
    await form.waitFor();
    const api = () => host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    // The reader's part only (form token, own comments): the page it shows is current.
    expect(api()).toEqual([`GET /api/v1/sites/${site.id}/threads/${slug}/reader`]);
    expect((await shownThread(host.page)).map((c) => c.author)).toEqual(["Ann", "Cy"]);
    await host.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await layoutShift(host.page)).toBeLessThan(0.01);
    // With scripts, the time ago, as the widget says it (the HTML's date stays hidden, so hydrating changed no word).
    expect(await host.page.locator("parley-comments [part~=permalink]").first().evaluate((a) => (a as HTMLElement).innerText)).toMatch(/ago$|^now$/);

    const body = `Posted on the hydrated page ${uniq()}`;
    await submitComment(form, { body, name: "Dee" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author)).toEqual(["Ann", "Cy", "Dee"]);
    expect(api().filter((r) => r.startsWith("POST"))).toEqual([`POST /api/v1/sites/${site.id}/threads/${slug}/comments`]);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it("with the script tag alone, paints the worker's rendering from one request, then hydrates it: no second request, no shift", async () => {
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      beforeLoad: async (page) => {
        await recordShifts(page, "parley-article");
        await page.addInitScript(() => {
          const w = window as unknown as { __atDefine: string; __loaded: string[] };
          w.__loaded = [];
          document.addEventListener("parley-loaded", (e) => w.__loaded.push((e.target as Element).localName));
          // What the article's shadow root held when widget.js defined the element: the worker's HTML, styled.
          void customElements.whenDefined("parley-article").then(() => {
            const root = document.querySelector("parley-article")!.shadowRoot;
            const thread = root?.querySelector("parley-comments")?.shadowRoot;
            const comment = thread?.querySelector("[part~=comment]");
            w.__atDefine = `${!!root?.querySelector("script[data-parley-view]")} ${comment ? getComputedStyle(comment).display : "none"} ${thread?.adoptedStyleSheets.length}`;
          });
        });
      },
    });
    // Shown before the element existed, as block-level comments under the widget's own style sheets (no <style>: the
    // host page's CSP forbids inline styles).
    await expect.poll(() => host.page.evaluate(() => (window as unknown as { __atDefine?: string }).__atDefine)).toBe("true block 2");
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    const form = newCommentForm(host.page);
    await form.waitFor();
    expect((await shownThread(host.page)).map((c) => c.author).slice(0, 2)).toEqual(["Ann", "Cy"]);
    // The HTML's arrival moves what follows the element (the page's footer); hydrating it moves nothing.
    expect(await hydrationShift(host.page)).toBeLessThan(0.01);
    const worker = () => host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
    expect(worker()).toEqual([`GET /api/v1/sites/${site.id}/articles/${slug}/rendered?sort=oldest&lang=en`]);
    expect(await host.page.evaluate(() => (window as unknown as { __loaded: string[] }).__loaded)).toEqual(["parley-article"]);
    // widget.js asked for Lit and the elements only once the view it put in had arrived: their download and
    // evaluation came after the first paint, not before it.
    const [rendered, elements] = await host.page.evaluate(() =>
      ["/rendered?", "/chunks/elements-"].map((part) => {
        const entry = performance.getEntriesByType("resource").find((e) => e.name.includes(part)) as PerformanceResourceTiming | undefined;
        return entry && { start: entry.startTime, end: entry.responseEnd };
      }),
    );
    expect(elements!.start).toBeGreaterThan(rendered!.end);

    const body = `Posted on the prerendered page ${uniq()}`;
    await submitComment(form, { body, name: "Eve" });
    await expect.poll(async () => (await shownThread(host.page)).some((c) => c.body == body)).toBe(true);
    // The post alone: its answer brings the form token for the next one (each serves one post).
    expect(worker().slice(1)).toEqual([`POST /api/v1/sites/${site.id}/threads/${slug}/comments`]);
    expect(host.pageErrors).toEqual([]);
    expect(host.consoleErrors).toEqual([]);
    expect(await host.cspViolations()).toEqual([]);
    await host.page.close();
  });

  it("after a deploy, a cached widget.js whose elements' chunk is gone loads a fresh widget.js once and still hydrates", async () => {
    // The worker's widget.js as an old one would be: the same, but naming an elements' chunk the worker no longer has.
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      beforeLoad: (page) =>
        page.route(`${WORKER}/widget.js`, async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(/chunks\/elements-\w+\.js/, "chunks/elements-GONE.js");
          expect(body).toContain("chunks/elements-GONE.js");
          await route.fulfill({ response, body });
        }),
    });
    const form = newCommentForm(host.page);
    await form.waitFor();
    await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
    const loads = host.requests.filter((r) => r.url.startsWith(`${WORKER}/widget.js`) || r.url.includes("/chunks/elements-"));
    expect(loads.map((r) => new URL(r.url).pathname + new URL(r.url).search.replace(/=\d+$/, "=…"))).toEqual([
      "/widget.js",
      "/chunks/elements-GONE.js",
      "/widget.js?fresh=…",
      expect.stringMatching(/^\/chunks\/elements-\w+\.js$/),
    ]);
    // The fresh copy found the article painted: one request for its view, and posting works.
    const api = () => host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    expect(api()).toEqual([`GET /api/v1/sites/${site.id}/articles/${slug}/rendered`]);
    const body = `Posted after a deploy ${uniq()}`;
    await submitComment(form, { body, name: "Fay" });
    await expect.poll(async () => (await shownThread(host.page)).some((c) => c.body == body)).toBe(true);
    await host.page.close();
  });

  it("when the elements' chunk fails to load, keeps the painted thread readable, tries again, and hydrates once it loads", async () => {
    // The network fails the chunk twice (the first try, and the fresh widget.js's), then lets it through.
    let failures = 0;
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      beforeLoad: (page) =>
        page.route(`${WORKER}/chunks/elements-*.js`, (route) => (failures++ < 2 ? route.fulfill({ status: 503, body: "down" }) : route.continue())),
    });
    // Readable before the elements load: the rendered thread is painted.
    await expect.poll(() => serverHtmlShown(host.page)).toBe(true);
    expect((await shownThread(host.page)).length).toBeGreaterThan(0);
    if (!(await refetchesFailedModules(browser))) {
      // This Chromium keeps a failed module fetch for the page's life (see refetchesFailedModules): no try can load
      // the chunk again, not even the fresh widget.js's, whose import of it fails without a request. What it can do:
      // keep the thread readable, and after the last try say so where the form goes.
      await expectGivenUp(host, "The comment form could not be loaded. Reload the page to try again.");
      expect(failures).toBe(1);
      await host.page.close();
      return;
    }
    const form = newCommentForm(host.page);
    await form.waitFor({ timeout: 15_000 });
    const loads = host.requests.filter((r) => r.url.startsWith(`${WORKER}/widget.js`) || r.url.includes("/chunks/elements-"));
    expect(loads.map((r) => new URL(r.url).pathname.replace(/-\w+\.js$/, "-….js") + new URL(r.url).search.replace(/=\d+$/, "=…"))).toEqual([
      "/widget.js",
      "/chunks/elements-….js",
      "/widget.js?fresh=…",
      "/chunks/elements-….js",
      "/chunks/elements-….js",
    ]);
    // One request for the view, however often the code was tried; no unhandled rejection; posting works.
    const api = () => host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    expect(api()).toEqual([`GET /api/v1/sites/${site.id}/articles/${slug}/rendered`]);
    expect(host.pageErrors).toEqual([]);
    const body = `Posted after the network came back ${uniq()}`;
    await submitComment(form, { body, name: "Gus" });
    await expect.poll(async () => (await shownThread(host.page)).some((c) => c.body == body)).toBe(true);
    await host.page.close();
  });

  it("when the elements' chunk never loads, says so where the form goes, in the thread's language, after the last try", async () => {
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      pageLang: "de",
      beforeLoad: (page) => page.route(`${WORKER}/chunks/elements-*.js`, (route) => route.fulfill({ status: 503, body: "down" })),
    });
    const chunkLoads = () => host.requests.filter((r) => r.url.includes("/chunks/elements-")).length;
    if (!(await refetchesFailedModules(browser))) {
      // This Chromium tries without a request after the first (see the test above).
      await expectGivenUp(host, "Das Kommentarformular konnte nicht geladen werden. Lade die Seite neu, um es erneut zu versuchen.");
      expect(chunkLoads()).toBe(1);
      await host.page.close();
      return;
    }
    // The first try and the fresh widget.js's; then three more, each at once when the browser says it is back online
    // (or when its wait ends, should that come first).
    await expect.poll(chunkLoads).toBeGreaterThanOrEqual(2);
    while (chunkLoads() < 5) {
      const before = chunkLoads();
      await host.page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect.poll(chunkLoads, { timeout: 10_000 }).toBeGreaterThan(before);
    }
    const notice = host.page.locator("parley-comments [part~=form][role=status]");
    await expect.poll(() => notice.textContent()).toBe("Das Kommentarformular konnte nicht geladen werden. Lade die Seite neu, um es erneut zu versuchen.");
    // The thread stays readable, nothing more is tried, and nothing was thrown on the page.
    expect((await shownThread(host.page)).length).toBeGreaterThan(0);
    await host.page.evaluate(() => window.dispatchEvent(new Event("online")));
    await host.page.waitForTimeout(300);
    expect(chunkLoads()).toBe(5);
    expect(host.pageErrors).toEqual([]);
    expect(host.consoleErrors.some((e) => e.includes("could not be loaded"))).toBe(true);
    await host.page.close();
  });

  it("when the elements' code throws as it runs, gives up at once with the error in the console, and loads no fresh widget.js", async () => {
    // A page that broke a built-in Lit relies on before widget.js ran.
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      beforeLoad: (page) => page.addInitScript(() => Object.defineProperty(Array.prototype, "flat", { value: undefined })),
    });
    const notice = host.page.locator("parley-comments [part~=form][role=status]");
    await notice.waitFor();
    expect(await notice.textContent()).toBe("The comment form could not be loaded. Reload the page to try again.");
    expect((await shownThread(host.page)).length).toBeGreaterThan(0);
    const loads = host.requests.filter((r) => r.url.startsWith(`${WORKER}/widget.js`) || r.url.includes("/chunks/elements-"));
    expect(loads.map((r) => new URL(r.url).pathname.replace(/-\w+\.js$/, "-….js") + new URL(r.url).search)).toEqual(["/widget.js", "/chunks/elements-….js"]);
    expect(host.consoleErrors).toEqual([expect.stringMatching(/^error: Parley: the comments' code failed as it ran, .*TypeError: .*flat is not a function/s)]);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it("names a Parley tag the page defined with its own class in the console, and says where the form goes that the thread cannot be used", async () => {
    const host = await open(browser, {
      element: "article",
      site: site.id,
      slug,
      beforeLoad: (page) => page.addInitScript(() => customElements.define("parley-article", class extends HTMLElement {})),
    });
    const notice = host.page.locator("parley-comments [part~=form][role=status]");
    await notice.waitFor();
    expect(await notice.textContent()).toBe("The comment form could not be loaded. Reload the page to try again.");
    expect((await shownThread(host.page)).length).toBeGreaterThan(0);
    expect(host.consoleErrors).toEqual([
      expect.stringMatching(/^error: Parley: .*<parley-article> already defined by another script with a class of its own, not Parley's/s),
    ]);
    expect(host.requests.filter((r) => r.url.includes("/widget.js?fresh="))).toEqual([]);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();
  });

  it("with the script tag alone, paints from one request on a page whose language is not BCP 47 (en_US), in English", async () => {
    const host = await open(browser, { element: "article", site: site.id, slug, pageLang: "en_US" });
    await newCommentForm(host.page).waitFor();
    const worker = host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
    expect(worker).toEqual([`GET /api/v1/sites/${site.id}/articles/${slug}/rendered?sort=oldest&lang=en_US`]);
    expect(await host.page.locator("parley-comments [part~=heading]").textContent()).toMatch(/^\d+ comments$/);
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("with the script tag alone, posts with the rendered view's form token, and shows a reader their held comment after a reload", async () => {
    const held = await createSite("rendered-held", { moderation: "pre", minFillSeconds: 1 });
    const heldSlug = `held-${uniq()}`;
    await publishArticle(held, heldSlug, { title: "Held for review", body: "Comments here wait for the owner." });
    const host = await open(browser, { element: "article", site: held.id, slug: heldSlug });
    const form = newCommentForm(host.page);
    await form.waitFor();
    // The site asks for a form token at least a second old: only the one in the rendered view can serve.
    await host.page.waitForTimeout(1100);
    const body = `Awaiting review ${uniq()}`;
    await submitComment(form, { body, name: "Fay" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.body)).toEqual([expect.stringContaining(body)]);
    await host.page.close();

    const headers: (string | undefined)[] = [];
    const again = await open(browser, {
      element: "article",
      site: held.id,
      slug: heldSlug,
      beforeLoad: (page) => page.on("request", (r) => r.url().includes("/rendered?") && headers.push(r.headers()["x-parley-own"])),
    });
    await expect.poll(() => serverHtmlShown(again.page)).toBe(false);
    await expect.poll(async () => (await shownThread(again.page)).map((c) => c.body)).toEqual([expect.stringContaining(body)]);
    expect(await again.page.locator("parley-comments [part~=badge]").allTextContents()).toEqual(["Awaiting moderation"]);
    expect(headers).toEqual([expect.stringMatching(/^[\w-]+:pe_/)]);
    expect(again.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => new URL(r.url).pathname)).toEqual([
      `/api/v1/sites/${held.id}/articles/${heldSlug}/rendered`,
    ]);
    await again.page.close();
  });

  it("loads the view itself when the rendered request fails or stalls (after 3 s), and ignores an answer that comes later", async () => {
    for (const how of ["fails", "stalls"] as const) {
      const held = gate();
      const host = await open(browser, {
        element: "article",
        site: site.id,
        slug,
        beforeLoad: (page) =>
          page.route("**/rendered?*", async (route) => {
            if (how == "fails") return route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"UNAVAILABLE","message":"Try again."}}' });
            await held.opened;
            await route.continue().catch(() => {});
          }),
      });
      await waitForThread(host.page);
      expect((await shownThread(host.page)).map((c) => c.author).slice(0, 2), how).toEqual(["Ann", "Cy"]);
      const paths = host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => new URL(r.url).pathname.split("/").pop());
      expect(paths, how).toEqual(["rendered", "view"]);
      held.open();
      await host.page.waitForTimeout(300);
      expect(await serverHtmlShown(host.page), how).toBe(false);
      expect(host.pageErrors, how).toEqual([]);
      await host.page.close();
    }
  });

  it("paints a thread alone (<parley-comments>) from the worker's HTML too, then hydrates it in place and takes a post", async () => {
    // Keyed by the page's path as the browser spells it (location.pathname): the space percent-encoded.
    const key = `/threads/alone ${uniq()}/`;
    await postComment(site.id, encodeURI(key), { authorName: "Ola", body: "A thread with no article, rendered by the worker" });
    const host = await open(browser, {
      element: "comments",
      site: site.id,
      path: key,
      beforeLoad: async (page) => {
        await recordShifts(page, "parley-comments");
        await page.addInitScript(() =>
          customElements.whenDefined("parley-comments").then(() => {
            const root = document.querySelector("parley-comments")!.shadowRoot;
            (window as unknown as { __atDefine: string }).__atDefine = `${root?.querySelector("[part~=author]")?.textContent} ${root?.adoptedStyleSheets.length}`;
          }),
        );
      },
    });
    await expect.poll(() => host.page.evaluate(() => (window as unknown as { __atDefine?: string }).__atDefine)).toBe("Ola 2");
    const form = newCommentForm(host.page);
    await form.waitFor();
    expect(await host.page.locator("parley-comments").evaluate((el) => !!el.shadowRoot!.querySelector("script[data-parley-view]"))).toBe(false);
    expect(await hydrationShift(host.page)).toBeLessThan(0.01);
    // Its date links to the comment on this page, as the worker's HTML did.
    const link = await host.page.locator("parley-comments [part~=permalink]").first().getAttribute("href");
    expect(new URL(link!).pathname).toBe(new URL(host.url).pathname);
    const body = `Posted under a thread alone ${uniq()}`;
    await submitComment(form, { body, name: "Pim" });
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author)).toEqual(["Ola", "Pim"]);
    const worker = host.requests.filter((r) => r.url.startsWith(`${WORKER}/api/`)).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    const path = `/api/v1/sites/${site.id}/threads/${encodeURIComponent(encodeURI(key))}`;
    expect(worker.slice(0, 2)).toEqual([`GET ${path}/rendered`, `POST ${path}/comments`]);
    expect(host.pageErrors).toEqual([]);
    expect(host.consoleErrors).toEqual([]);
    await host.page.close();
  });

  it("with the README's preload hint, fetches the view once, while widget.js loads, and uses it", async () => {
    const warnings: string[] = [];
    const host = await openHostPage(browser, {
      element: "article",
      site: site.id,
      slug,
      preload: true,
      beforeLoad: (page) => page.on("console", (m) => m.type() == "warning" && warnings.push(m.text())),
    });
    // The thread as the earlier tests left it: Ann's comment with Cy's reply, and Dee's.
    await expect.poll(async () => (await shownThread(host.page)).map((c) => c.author).slice(0, 2)).toEqual(["Ann", "Cy"]);
    // The article's hint names what widget.js asks for (README: "The preload hint"), the rendered view.
    const views = host.requests.filter((r) => new URL(r.url).pathname.includes(`/articles/${slug}/`));
    expect(views.map((r) => new URL(r.url).pathname)).toEqual([`/api/v1/sites/${site.id}/articles/${slug}/rendered`]);
    // The browser's request for the view started before widget.js had even arrived.
    const timing = await host.page.evaluate(() =>
      Object.fromEntries(
        (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((e) => [new URL(e.name).pathname, { start: e.startTime, end: e.responseEnd }]),
      ),
    );
    expect(timing[`/api/v1/sites/${site.id}/articles/${slug}/rendered`].start).toBeLessThan(timing["/widget.js"].end);
    // Chromium warns about a preload that nothing used within a few seconds; none here.
    await host.page.waitForTimeout(3500);
    expect(warnings.filter((w) => /preload/i.test(w))).toEqual([]);
    expect(host.pageErrors).toEqual([]);
    await host.page.close();

    // The same for a thread alone, keyed by the page's path: its view is fetched once too.
    const alone = await openHostPage(browser, { element: "comments", site: site.id, path: "/blog/a post/", preload: true });
    await expect.poll(async () => (await shownThread(alone.page)).length).toBe(0);
    await alone.page.locator("parley-comments [part~=heading]").waitFor();
    const threadViews = alone.requests.filter((r) => new URL(r.url).pathname.includes("/threads/"));
    expect(threadViews.map((r) => new URL(r.url).pathname)).toEqual([`/api/v1/sites/${site.id}/threads/${encodeURIComponent("/blog/a%20post/")}/rendered`]);
    await alone.page.close();
  });

  it("swaps in the current page when the HTML is older than the thread, in place", async () => {
    // The page fetches its fragment when opened; a comment posted after that makes the copy stale.
    const late = `Posted after the page was built ${uniq()}`;
    const host = await open(browser, {
      element: "fragment",
      site: site.id,
      slug,
      beforeLoad: (page) =>
        page.route(`${WORKER}/widget.js`, async (route) => {
          await postComment(site.id, slug, { authorName: "Late", body: late });
          await route.continue();
        }),
    });
    await expect.poll(async () => (await shownThread(host.page)).some((c) => c.body.includes(late))).toBe(true);
    const threadReads = host.requests.filter((r) => /\/threads\/[^/]+\/(comments|reader)/.test(r.url) && r.method == "GET");
    expect(threadReads.map((r) => new URL(r.url).pathname)).toEqual([`/api/v1/sites/${site.id}/threads/${slug}/reader`]);
    await host.page.close();
  });
});

describe.skipIf(!chromiumPath)("hostile payloads through the server-rendered path", () => {
  let browser: Browser;
  let site: TestSite;
  const PER_THREAD = 19;
  const slugs: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("ssr-xss", { maxLinks: 100 });
    for (let i = 0; i * PER_THREAD < PAYLOADS.length; i++) {
      const batch = PAYLOADS.slice(i * PER_THREAD, (i + 1) * PER_THREAD);
      const slug = `ssr-xss-${i + 1}`;
      slugs.push(slug);
      const title = batch[0].payload.replace(/\s+/g, " ").trim().slice(0, 200) || "Untitled";
      await publishArticle(site, slug, { title, author: title.slice(0, 80), body: batch.map((p) => p.payload).join("\n\n") });
      await Promise.all(
        batch.map((p) => postComment(site.id, slug, { authorName: p.payload.replace(/\s+/g, " ").trim().slice(0, 80) || "Anon", body: p.payload })),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("runs none of the corpus, with or without the widget, and leaves no dangerous node", async () => {
    for (const script of [false, true]) {
      for (const slug of slugs) {
        const host = await open(browser, {
          element: "fragment",
          site: site.id,
          slug,
          csp: false,
          beforeLoad: refuseInvalidHosts,
        }, script);
        const dialogs: string[] = [];
        host.page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss().catch(() => {})));
        await host.page.locator("parley-comments [part~=heading]").waitFor();
        if (script) await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
        await expectInert(host, dialogs, `${slug} ${script ? "hydrated" : "without JavaScript"}`);
        await host.page.close();
      }
    }
  }, 240_000);

  it.each([
    ["widget.js puts in", undefined],
    ["the page script puts in", "head"],
  ] as const)("runs none of it with the script tag alone either: the worker's HTML %s, then the widget's own", async (_, pageScript) => {
    for (const slug of slugs) {
      const host = await open(browser, {
        element: "article",
        pageScript,
        site: site.id,
        slug,
        csp: false,
        beforeLoad: async (page) => {
          await refuseInvalidHosts(page);
          // What the page holds once the rendered HTML is in, before the widget has rendered anything of its own.
          await page.addInitScript(
            `customElements.whenDefined("parley-article").then(() => { const rendered = document.querySelector("parley-article").shadowRoot?.querySelector("parley-comments")?.shadowRoot?.querySelector("[part~=comment]"); window.__atDefine = rendered ? (${dangerousNodes})() : ["no rendered HTML"]; })`,
          );
        },
      });
      const dialogs: string[] = [];
      host.page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss().catch(() => {})));
      const where = `${slug} with ${pageScript ? "the page script" : "the script tag"}`;
      // Defined (before that, the article has no shadow root, or the worker's HTML in it), then hydrated.
      const atDefine = () => host.page.evaluate(() => (window as unknown as { __atDefine?: string[] }).__atDefine);
      await expect.poll(atDefine, { timeout: 15_000 }).toBeDefined();
      await expect.poll(() => serverHtmlShown(host.page)).toBe(false);
      await host.page.locator("parley-comments [part~=heading]").waitFor();
      expect(await atDefine(), where).toEqual([]);
      await expectInert(host, dialogs, where);
      await host.page.close();
    }
  }, 240_000);
});
