// Moderation seen by readers: pre-moderation end to end, pinned badges, tombstones and closed threads,
// with the owner acting through the API as a site owner would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  chromiumPath,
  commentLocator,
  createSite,
  launchBrowser,
  lockThread,
  newCommentForm,
  openHostPage,
  postComment,
  publishArticle,
  submitComment,
  uniq,
  waitForThread,
  type Browser,
  type TestSite,
} from "./harness";

const clean = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

describe.skipIf(!chromiumPath)("moderation as readers see it", () => {
  let reader: Browser;
  let otherReader: Browser;

  beforeAll(async () => {
    reader = await launchBrowser();
    otherReader = await launchBrowser();
  });
  afterAll(async () => {
    await reader?.close();
    await otherReader?.close();
  });

  it("holds a comment in pre-moderation: its author sees it awaiting moderation, others see it only once approved", async () => {
    const site: TestSite = await createSite("premod", { moderation: "pre" });
    const thread = `premod-${uniq()}`;
    const body = `Held for the moderator ${uniq()}`;

    const mine = await openHostPage(reader, { element: "comments", site: site.id, thread });
    await waitForThread(mine.page);
    await submitComment(newCommentForm(mine.page), { body, name: "Patient Reader" });
    const shown = commentLocator(mine.page, body);
    await shown.waitFor();
    expect(clean(await shown.textContent())).toContain("Awaiting moderation");

    // Still there for its author after a reload, proven to the worker by the edit token the widget kept.
    await mine.page.reload();
    await commentLocator(mine.page, body).waitFor();
    expect(clean(await commentLocator(mine.page, body).textContent())).toContain("Awaiting moderation");

    // Another reader does not see it.
    const theirs = await openHostPage(otherReader, { element: "comments", site: site.id, thread });
    await waitForThread(theirs.page);
    expect(await commentLocator(theirs.page, body).count()).toBe(0);

    // The owner approves it through the API; now everyone sees it, without the badge.
    const queue = await api<{ comments: { id: string; source: string }[] }>(`/sites/${site.id}/moderation/comments?status=pending`, {
      token: site.ownerToken,
    });
    const held = queue.comments.find((c) => c.source === body);
    expect(held).toBeDefined();
    await api(`/sites/${site.id}/moderation/comments/${held?.id}/approve`, { method: "POST", token: site.ownerToken });
    await theirs.page.reload();
    await commentLocator(theirs.page, body).waitFor();
    expect(clean(await commentLocator(theirs.page, body).textContent())).not.toContain("Awaiting moderation");
  });

  it("holds a reader's first comment once: back from another network, in another thread, their next is published", async () => {
    const site = await createSite("first-hold", { holdFirstComment: true });
    const [first, next] = [`first-${uniq()}`, `next-${uniq()}`];
    const body = `My first word here ${uniq()}`;
    const mine = await openHostPage(reader, { element: "comments", site: site.id, thread: first });
    await waitForThread(mine.page);
    await submitComment(newCommentForm(mine.page), { body, name: "Returning Reader" });
    await commentLocator(mine.page, body).waitFor();
    expect(clean(await commentLocator(mine.page, body).textContent())).toContain("Awaiting moderation");
    const queue = await api<{ comments: { id: string; source: string }[] }>(`/sites/${site.id}/moderation/comments?status=pending`, {
      token: site.ownerToken,
    });
    await api(`/sites/${site.id}/moderation/comments/${queue.comments.find((c) => c.source === body)?.id}/approve`, {
      method: "POST",
      token: site.ownerToken,
    });

    // Another day, from a phone's network (another address the worker sees), on another article.
    const later = await openHostPage(reader, {
      element: "comments",
      site: site.id,
      thread: next,
      beforeLoad: (page) =>
        page.route(/\/threads\/.*\/comments$/, (route) =>
          route.continue({ headers: { ...route.request().headers(), "cf-connecting-ip": "198.51.100.23" } }),
        ),
    });
    await waitForThread(later.page);
    const again = `Back again ${uniq()}`;
    await submitComment(newCommentForm(later.page), { body: again, name: "Returning Reader" });
    await commentLocator(later.page, again).waitFor();
    expect(clean(await commentLocator(later.page, again).textContent())).not.toContain("Awaiting moderation");
    expect((await api<{ comments: unknown[] }>(`/sites/${site.id}/moderation/comments?status=pending`, { token: site.ownerToken })).comments).toEqual([]);
  });

  it("badges a pinned comment and lists it first", async () => {
    const site = await createSite("pinned");
    const thread = `pins-${uniq()}`;
    await postComment(site.id, thread, { body: "An ordinary first comment", authorName: "Early" });
    const later = await postComment(site.id, thread, { body: "The moderator's favourite", authorName: "Later" });
    await api(`/sites/${site.id}/moderation/comments/${later.id}/pin`, { method: "POST", token: site.ownerToken });

    const { page } = await openHostPage(otherReader, { element: "comments", site: site.id, thread });
    await waitForThread(page);
    const first = page.locator("parley-comments [part~=comment]").first();
    expect(clean(await first.textContent())).toContain("The moderator's favourite");
    expect(clean(await first.locator("[part~=badge]").first().textContent())).toBe("Pinned");
  });

  it("keeps the replies of a deleted comment in place under a tombstone", async () => {
    const site = await createSite("tomb");
    const thread = `tomb-${uniq()}`;
    const parent = await postComment(site.id, thread, { body: "Something regrettable", authorName: "Hasty" });
    await postComment(site.id, thread, { body: "A thoughtful reply", authorName: "Calm", parentId: parent.id });
    await api(`/sites/${site.id}/moderation/comments/${parent.id}`, { method: "DELETE", token: site.ownerToken });

    const { page } = await openHostPage(otherReader, { element: "comments", site: site.id, thread });
    await waitForThread(page);
    const text = clean(await page.locator("parley-comments [part~=thread]").first().textContent());
    expect(text).toContain("Comment deleted");
    expect(text).not.toContain("Something regrettable");
    expect(text).not.toContain("Hasty");
    await commentLocator(page, "A thoughtful reply").waitFor();
  });

  it("shows a locked thread as closed, with no form", async () => {
    const site = await createSite("locked");
    const thread = `locked-${uniq()}`;
    await postComment(site.id, thread, { body: "Said before the lock", authorName: "Early" });
    await lockThread(site, thread);

    const { page } = await openHostPage(otherReader, { element: "comments", site: site.id, thread });
    await waitForThread(page);
    await commentLocator(page, "Said before the lock").waitFor();
    expect(clean(await page.locator("parley-comments").first().evaluate((el) => el.shadowRoot?.textContent ?? ""))).toContain(
      "Comments are closed",
    );
    expect(await page.locator("parley-comments [part~=form]").count()).toBe(0);
  });

  it("keeps the reader's text when the thread is locked while they write, but no longer offers to post it", async () => {
    const site = await createSite("locking");
    const thread = `locking-${uniq()}`;
    await postComment(site.id, thread, { body: "Said before the lock", authorName: "Early" });
    const { page } = await openHostPage(otherReader, { element: "comments", site: site.id, thread });
    await waitForThread(page);
    await lockThread(site, thread);
    const form = newCommentForm(page);
    await submitComment(form, { body: "Written while it closed", name: "Late" });
    await expect.poll(() => form.getByRole("button", { name: /^post/i }).isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await form.getByRole("textbox", { name: "Comment", exact: true }).inputValue()).toBe("Written while it closed");
  });

  it("shows a thread closed by age as closed too, though no moderator locked it", async () => {
    const site = await createSite("aged", { autoCloseDays: 1 });
    const slug = `aged-${uniq()}`;
    await publishArticle(site, slug, { title: "An old story", body: "Long ago.", publishedAt: "2020-01-01" });

    const { page } = await openHostPage(otherReader, { element: "comments", site: site.id, thread: slug });
    await waitForThread(page);
    expect(clean(await page.locator("parley-comments").first().evaluate((el) => el.shadowRoot?.textContent ?? ""))).toContain(
      "Comments are closed",
    );
    expect(await page.locator("parley-comments [part~=form]").count()).toBe(0);
  });
});
