// Where the keyboard's focus goes after each thing a reader does to a comment, held in real Chromium: a form or a
// question that closes gives it back to the button that opened it, a refused field takes it, a deleted comment
// leaves it on the thread's heading. Also what a single-page app that gives the element another thread gets (that
// thread's own form), and the level of the comments' heading under an article whose title is not an <h1>.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  chromiumPath,
  commentLocator,
  createSite,
  describedBy,
  focusedElement,
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

/** The focused element inside the shadow roots: its tag, its `name` (the comment tools' buttons have one) and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "(body)";
    return `${el.localName}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""}${el.getAttribute("part") ? ` ${el.getAttribute("part")}` : ""}`;
  });

describe.skipIf(!chromiumPath)("keyboard focus", () => {
  let browser: Browser;
  let site: TestSite;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await createSite("focus");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("gives the focus back to Reply, Edit or Delete when what they opened closes, and to the field the API refused", async () => {
    const key = `focus-${uniq()}`;
    await postComment(site.id, key, { authorName: "Ann", body: "Someone else's comment" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const form = newCommentForm(page);
    await form.waitFor();
    // The API refuses the address (the form itself only checks that a name and a text are there).
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Mine, with a bad address");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Keys");
    await form.locator("input[name=authorEmail]").fill("not-an-email");
    await form.getByRole("button", { name: /^post/i }).press("Enter");
    await expect.poll(() => focused(page)).toBe("input[name=authorEmail] input");
    await form.locator("input[name=authorEmail]").fill("");
    await submitComment(form, { body: "Mine, to edit and delete", name: "Keys" });
    const mine = commentLocator(page, "Mine, to edit and delete");
    await mine.getByRole("button", { name: "Edit", exact: true }).waitFor();

    const other = commentLocator(page, "Someone else's comment");
    await other.getByRole("button", { name: "Reply", exact: true }).press("Enter");
    await expect.poll(() => focused(page)).toBe("textarea[name=body] input");
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page)).toBe("button[name=reply] button");
    await page.keyboard.press("Enter");
    await other.getByRole("button", { name: "Cancel", exact: true }).press("Enter");
    await expect.poll(() => focused(page)).toBe("button[name=reply] button");

    // While it is edited, the comment shows its edit form instead of its text: the thread's only Cancel and Save.
    const comments = page.locator("parley-comments");
    await mine.getByRole("button", { name: "Edit", exact: true }).press("Enter");
    await expect.poll(() => focused(page)).toBe("textarea[name=body] input");
    await comments.getByRole("button", { name: "Cancel", exact: true }).press("Enter");
    await expect.poll(() => focused(page)).toBe("button[name=edit] button");
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("textarea[name=body] input");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Mine, edited");
    await comments.getByRole("button", { name: /^save/i }).press("Enter");
    await commentLocator(page, "Mine, edited").waitFor();
    await expect.poll(() => focused(page)).toBe("button[name=edit] button");

    const edited = commentLocator(page, "Mine, edited");
    await edited.getByRole("button", { name: "Delete", exact: true }).press("Enter");
    await expect.poll(() => focused(page)).toBe("button[name=cancel] button");
    // Both answers are described by the question, so that a screen reader says it along with the focused button.
    for (const answer of [/^cancel$/i, /^yes/i]) expect(await describedBy(edited.getByRole("button", { name: answer }))).toEqual(["Delete this comment?"]);
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("button[name=delete] button");
    await page.keyboard.press("Enter");
    await edited.getByRole("button", { name: /^yes/i }).press("Enter");
    await expect.poll(() => commentLocator(page, "Mine, edited").count()).toBe(0);
    await expect.poll(() => focused(page)).toBe("h2 heading");
  });

  it("gives the focus back to Post when the API refuses the post for no field of it (a banned name), next to the error", async () => {
    const banned = `Banned Keys ${uniq()}`;
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: banned }, expect: 201 });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: `focus-ban-${uniq()}` });
    await waitForThread(page);
    const form = newCommentForm(page);
    await form.waitFor();
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Let me in");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill(banned);
    await form.getByRole("button", { name: /^post/i }).press("Enter");
    await expect.poll(() => form.getByRole("alert").count()).toBe(1);
    await expect.poll(() => focused(page)).toBe("button button");
    expect(await form.getByRole("button", { name: /^post/i }).evaluate((b) => b.matches(":focus"))).toBe(true);
  });

  it("keeps the focus on 'Load more' while pages remain, and gives it to the first comment of the last page, not to the page", async () => {
    const key = `focus-more-${uniq()}`;
    const made = [];
    for (let i = 1; i <= 47; i++) made.push(await postComment(site.id, key, { authorName: `M${i}`, body: `Paged ${i} in ${key}` }));
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: key });
    await waitForThread(page);
    const thread = page.locator("parley-comments");
    const more = thread.getByRole("button", { name: "Load more" });
    const shown = () => thread.locator("[part~=comment]").count();
    await more.press("Enter");
    await expect.poll(shown).toBe(40);
    expect(await more.evaluate((b) => b.matches(":focus"))).toBe(true);
    await more.press("Enter");
    await expect.poll(shown).toBe(47);
    await expect(more.count()).resolves.toBe(0);
    // Oldest first: the last page begins with the 41st comment.
    await expect.poll(() => focusedElement(page)).toBe(`article#comment-${made[40].id}.c`);
  });

  it("shows a single-page app's next thread with that thread's own form, not the text typed on the last one", async () => {
    const [a, b] = [`/spa/a-${uniq()}`, `/spa/b-${uniq()}`];
    await postComment(site.id, b, { authorName: "Bo", body: "On thread B" });
    const { page } = await openHostPage(browser, { element: "comments", site: site.id, thread: a });
    await waitForThread(page);
    const form = newCommentForm(page);
    await form.waitFor();
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("Typed on A");
    // The router gives the same element the next page's thread.
    await page.evaluate((next) => document.querySelector("parley-comments")!.setAttribute("thread", next), b);
    await commentLocator(page, "On thread B").waitFor();
    await expect.poll(() => form.getByRole("textbox", { name: "Comment", exact: true }).inputValue()).toBe("");
    await submitComment(form, { body: "Posted on B", name: "Router" });
    await commentLocator(page, "Posted on B").waitFor();
    // Back on A, its draft is still there.
    await page.evaluate((prev) => document.querySelector("parley-comments")!.setAttribute("thread", prev), a);
    await expect.poll(() => form.getByRole("textbox", { name: "Comment", exact: true }).inputValue()).toBe("Typed on A");
  });

  it("puts the comments' heading one level below an article title of heading-level 3, in the worker's HTML and after hydrating", async () => {
    const slug = `levels-${uniq()}`;
    await publishArticle(site, slug, { title: "A post under the blog's own h2", body: "Text." });
    await postComment(site.id, slug, { authorName: "Ann", body: "Hello" });
    const { page } = await openHostPage(browser, { element: "article", site: site.id, slug, headingLevel: 3 });
    await waitForThread(page);
    const levels = () =>
      page.evaluate(() => {
        const root = document.querySelector("parley-article")!.shadowRoot!;
        const heading = root.querySelector("parley-comments")!.shadowRoot!.querySelector("[part~=heading]")!;
        return [root.querySelector("[part~=title]")!.getAttribute("aria-level"), heading.getAttribute("aria-level"), !!root.querySelector("script[data-parley-view]")];
      });
    // The worker's HTML first, then the element's own rendering.
    expect((await levels()).slice(0, 2)).toEqual(["3", "4"]);
    await expect.poll(levels).toEqual(["3", "4", false]);
  });
});
