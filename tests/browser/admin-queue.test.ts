// The queue's bulk bar, keyboard, search and sign-out in real Chromium: pinning a selection, p on a comment that
// cannot be pinned, tab counts while searching, and the actions a token rotated elsewhere kept from being sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  chromiumPath,
  createSite,
  focusedElement,
  launchBrowser,
  openAdmin,
  postComment,
  queueItem,
  signIn,
  tab,
  uniq,
  waitForStatus,
  type Browser,
  type Page,
  type TestSite,
} from "./admin-harness";

/** The ids of the site's pinned comments, as the API has them. */
async function pinnedIds(site: TestSite): Promise<string[]> {
  const q = await api<{ comments: { id: string; pinned: boolean }[] }>(`/sites/${site.id}/moderation/comments?status=published&limit=100`, { token: site.ownerToken });
  return q.comments.filter((c) => c.pinned).map((c) => c.id).sort();
}

// One browser for the file's tests, each in its own page.
let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

/** Ticks the selection box of the comment whose text contains `text`. */
const select = (page: Page, text: string) => queueItem(page, text).getByRole("checkbox").check();

describe.skipIf(!chromiumPath)("the queue's bulk bar", () => {
  it("makes each comment's selection box a target of at least 24 × 24 px, on a phone (360 px) and on a wide screen", async () => {
    const site = await createSite("dash-targets");
    const thread = `/2024/06/targets-${uniq()}/`;
    for (const name of ["Ann", "Bo"]) await postComment(site.id, thread, { body: `Said by ${name} ${uniq()}`, authorName: name });
    /** Each row's box and the one that selects all: the box itself and its label (which ticks it too), in px. */
    const boxes = (page: Page) =>
      page.locator("admin-queue input[type=checkbox]").evaluateAll((els) =>
        els.map((el) => [el.getBoundingClientRect(), el.closest("label")!.getBoundingClientRect()].map((r) => [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10])),
      );
    for (const width of [360, 1280]) {
      const { page } = await openAdmin(owner, { width });
      await signIn(page, site);
      await tab(page, "Published").click();
      await expect.poll(() => page.locator("admin-queue article").count()).toBe(2);
      const measured = await boxes(page);
      expect(measured).toHaveLength(3);
      for (const [box, label] of measured) {
        // On a phone the box itself is the target; elsewhere its label is at least that large.
        for (const side of width == 360 ? box : label) expect(side, `${width} px: box ${box}, label ${label}`).toBeGreaterThanOrEqual(24);
      }
      await page.close();
    }
  });

  it("pins a selection of published comments, with undo, and offers Unpin once every selected one is pinned", async () => {
    const site = await createSite("dash-bulk-pin");
    const thread = `/2024/06/pin-${uniq()}/`;
    const tag = uniq();
    const first = await postComment(site.id, thread, { body: `First “useful” answer ${tag}`, authorName: "Ann <ann@example.com>" });
    const second = await postComment(site.id, thread, { body: `Second answer, with **markdown** ${tag}`, authorName: "Bo" });
    await postComment(site.id, thread, { body: `Just a +1 ${tag}`, authorName: "Cy" });

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Published").click();
    await select(page, "First “useful” answer");
    await select(page, "Second answer");
    const bar = page.getByLabel("Selection");
    await bar.getByText("2 selected:").waitFor();
    expect(await bar.getByRole("button").allTextContents()).toEqual(["Pin", "Reject", "Spam", "Delete"]);

    await bar.getByRole("button", { name: "Pin", exact: true }).click();
    await expect.poll(() => page.locator("admin-queue article .badge", { hasText: "Pinned" }).count()).toBe(2);
    expect(await page.getByRole("status").textContent()).toContain("Pinned 2 comments.");
    expect(await page.locator("admin-queue").getByRole("button", { name: "Undo" }).count()).toBe(1);
    await expect.poll(() => pinnedIds(site), { timeout: 20_000 }).toEqual([first.id, second.id].sort());

    // Both pinned: the bar unpins. With an unpinned one among them, it pins (only that one).
    await select(page, "First “useful” answer");
    await select(page, "Second answer");
    await bar.getByRole("button", { name: "Unpin", exact: true }).waitFor();
    await select(page, "Just a +1");
    await bar.getByRole("button", { name: "Pin", exact: true }).waitFor();
    await queueItem(page, "Just a +1").getByRole("checkbox").uncheck();

    // Unpinning goes through the same undo window: taken back, it never reaches the API.
    await bar.getByRole("button", { name: "Unpin", exact: true }).click();
    await expect.poll(() => page.locator("admin-queue article .badge", { hasText: "Pinned" }).count()).toBe(0);
    await page.locator("admin-queue").getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => page.locator("admin-queue article .badge", { hasText: "Pinned" }).count()).toBe(2);
    expect(await page.getByRole("status").textContent()).toContain("Undone: unpinned 2 comments.");
    // The Undo button goes with its notice: the keyboard goes to the current comment, not the page.
    await expect.poll(() => focusedElement(page)).toMatch(/^article#c-/);
    await page.waitForTimeout(6000);
    expect(await pinnedIds(site)).toEqual([first.id, second.id].sort());
  });
});

describe.skipIf(!chromiumPath)("the queue's keyboard", () => {
  it("says that only published comments can be pinned when p is pressed on a pending one, and sends nothing", async () => {
    const site = await createSite("dash-pin-pending", { moderation: "pre" });
    const body = `Waiting, not pinnable ${uniq()}`;
    await postComment(site.id, `pin-pending-${uniq()}`, { body, authorName: "Pat" });
    const { page } = await openAdmin(owner);
    const sent: string[] = [];
    page.on("request", (r) => r.method() != "GET" && sent.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await signIn(page, site);
    const item = queueItem(page, body);
    await item.waitFor();
    await item.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("p");
    await page.getByRole("alert").getByText("Only published comments can be pinned: approve them first.").waitFor();
    expect(await item.locator(".badge", { hasText: "Pinned" }).count()).toBe(0);
    // Past the 5-second undo window, in which an action would have been sent.
    await page.waitForTimeout(5500);
    expect(sent.filter((r) => !r.endsWith("/session"))).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)("an action whose answer is lost", () => {
  it("says it may have been done, not that nothing was", async () => {
    const site = await createSite("dash-lost-answer", { moderation: "pre" });
    const body = `Reject me, answer lost ${uniq()}`;
    const comment = await postComment(site.id, `lost-${uniq()}`, { body, authorName: "Lou" });
    const { page } = await openAdmin(owner);
    // The token as an HTTP header has it, pasted whole: the word before it is not part of the token.
    await signIn(page, { id: site.id, ownerToken: `Bearer ${site.ownerToken}` });
    // The action reaches the worker, which does it; its answer never reaches the page.
    await page.route("**/moderation/comments/**", async (route) => {
      if (route.request().method() == "GET") return route.continue();
      await route.fetch();
      await route.abort("connectionreset");
    });
    await queueItem(page, body).getByRole("button", { name: "Reject" }).click();
    await page.getByRole("alert").getByText("may have been done").waitFor({ timeout: 15_000 });
    expect(await page.getByText("Rejected nothing").count()).toBe(0);
    await waitForStatus(site, comment.id, "rejected");
  });
});

describe.skipIf(!chromiumPath)("a moderator's edit in progress", () => {
  it("takes no shortcut from its Save button, and keeps its text through a tab switch and Escape", async () => {
    const site = await createSite("dash-edit-keys", { moderation: "pre" });
    const body = `Edit me with care ${uniq()}`;
    await postComment(site.id, `edit-keys-${uniq()}`, { body, authorName: "Eve" });
    const { page } = await openAdmin(owner);
    const sent: string[] = [];
    page.on("request", (r) => r.method() != "GET" && sent.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await signIn(page, site);
    const item = queueItem(page, body);
    await item.getByRole("button", { name: "Edit" }).click();
    const area = page.getByLabel("Comment text (markdown)");
    await area.fill("My careful rewrite");
    await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe("button.primary");
    // Letters on the form's buttons are not the comment's shortcuts (s was spam, d delete, a approve).
    for (const key of ["s", "d", "a", "r"]) await page.keyboard.press(key);
    await page.waitForTimeout(5500);
    expect(sent.filter((r) => !r.endsWith("/session"))).toEqual([]);
    expect(await area.inputValue()).toBe("My careful rewrite");
    // Another tab and back: the form is closed, and its text comes back with it.
    await tab(page, "Spam").click();
    await tab(page, "Pending").click();
    await queueItem(page, body).getByRole("button", { name: "Edit" }).click();
    expect(await page.getByLabel("Comment text (markdown)").inputValue()).toBe("My careful rewrite");
    await page.getByText("Your unsaved text is back").waitFor();
    // Escape closes it and keeps it too; Cancel discards it.
    await page.getByLabel("Comment text (markdown)").press("Escape");
    await queueItem(page, body).getByRole("button", { name: "Edit" }).click();
    expect(await page.getByLabel("Comment text (markdown)").inputValue()).toBe("My careful rewrite");
    await page.getByRole("button", { name: "Cancel" }).click();
    await queueItem(page, body).getByRole("button", { name: "Edit" }).click();
    expect(await page.getByLabel("Comment text (markdown)").inputValue()).toBe(body);
  });
});

describe.skipIf(!chromiumPath)("the keyboard shortcuts panel", () => {
  it("takes the keyboard when it opens, and Escape closes it and gives the keyboard back to what opened it", async () => {
    const site = await createSite("dash-help-focus", { moderation: "pre" });
    const thread = `/2024/07/héllo-${uniq()}/`;
    await postComment(site.id, thread, { body: `First, with <b>tags</b> & “quotes” ${uniq()}`, authorName: "Ann" });
    await postComment(site.id, thread, { body: `Second 第二 ${uniq()}`, authorName: "Bo" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "Second 第二").waitFor();
    const panel = page.getByRole("dialog", { name: "Keyboard shortcuts" });

    // Opened by its button: the panel has the keyboard, and a screen reader reads it by its name.
    const button = page.locator("admin-queue").getByRole("button", { name: "Keyboard shortcuts" });
    await button.click();
    await panel.waitFor();
    await expect.poll(() => focusedElement(page)).toBe("div#help.panel");
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe("button#help-toggle");
    expect(await button.getAttribute("aria-expanded")).toBe("false");

    // Opened with ? on the second comment: closed, the keyboard is back on that comment, and j goes on from there.
    await queueItem(page, "Second 第二").click({ position: { x: 5, y: 5 } });
    const onSecond = await focusedElement(page);
    expect(onSecond).toMatch(/^article/);
    await page.keyboard.press("?");
    await expect.poll(() => focusedElement(page)).toBe("div#help.panel");
    // Opened from the keyboard, it shows that it has the keyboard, as every control does.
    expect(await panel.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe(onSecond);
    expect(await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.textContent ?? "";
    })).toContain("Second 第二");

    // ? again, from inside the panel, closes it the same way.
    await page.keyboard.press("?");
    await expect.poll(() => focusedElement(page)).toBe("div#help.panel");
    await page.keyboard.press("?");
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe(onSecond);
  });
});

describe.skipIf(!chromiumPath)("searching the queue", () => {
  it("says the tab counts are of all comments while a search is on, and how many of the tab match", async () => {
    const site = await createSite("dash-search", { moderation: "pre" });
    const thread = `search-${uniq()}`;
    await postComment(site.id, thread, { body: `Who brings the 100% <kumquat> jam? ${uniq()}`, authorName: "Jam & Co" });
    await postComment(site.id, thread, { body: `Nothing to see ${uniq()}`, authorName: "Plain" });
    const other = await postComment(site.id, thread, { body: `Approved, and no fruit ${uniq()}`, authorName: "Kept" });
    await api(`/sites/${site.id}/moderation/comments/${other.id}/approve`, { method: "POST", token: site.ownerToken });

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (2)");
    await page.getByLabel("Search comments").fill("<kumquat>");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const line = page.locator("admin-queue p.search");
    await expect.poll(() => line.textContent()).toContain("1 comment in Pending matches “<kumquat>”; the counts on the tabs are of all comments.");
    expect(await page.locator("admin-queue article").count()).toBe(1);
    expect(await tab(page, "Pending").textContent()).toBe("Pending (2 in all)");
    expect(await tab(page, "Published").textContent()).toBe("Published (1 in all)");

    // The search goes along to another tab.
    await tab(page, "Published").click();
    await expect.poll(() => line.textContent()).toContain("No comments in Published match “<kumquat>”");

    await line.getByRole("button", { name: "Clear search" }).click();
    await expect.poll(() => tab(page, "Published").textContent()).toBe("Published (1)");
    await queueItem(page, "Approved, and no fruit").waitFor();
    expect(await line.count()).toBe(0);
    expect(await page.getByLabel("Search comments").inputValue()).toBe("");
  });
});

describe.skipIf(!chromiumPath)("signed out by a token rotated elsewhere", () => {
  it("lists the actions that were not sent, so the owner can take them again after signing in", async () => {
    const site = await createSite("dash-unsent", { moderation: "pre" });
    const thread = `unsent-${uniq()}`;
    await postComment(site.id, thread, { body: `Worth approving, part 1 ${uniq()}`, authorName: "Ann" });
    await postComment(site.id, thread, { body: `Worth approving, part 2 ${uniq()}`, authorName: "Bo" });
    await postComment(site.id, thread, { body: `CHEAP <b>pills</b> ${uniq()}`, authorName: "Spam Bot 3000" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (3)");

    // The CLI or another tab rotates the token while this tab still shows the queue.
    const { ownerToken } = await api<{ ownerToken: string }>(`/sites/${site.id}/token`, { method: "POST", token: site.ownerToken });
    await select(page, "part 1");
    await select(page, "part 2");
    await page.getByLabel("Selection").getByRole("button", { name: "Approve", exact: true }).click();
    await queueItem(page, "pills").getByRole("button", { name: "Spam", exact: true }).click();
    const error = page.locator("#signin-error");
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain("Signed out: The owner token is not valid for this site.");
    await expect.poll(() => error.textContent()).toContain("Not sent, to take again once signed in: approve 2 comments, mark 1 comment as spam.");
    const left = await api<{ counts: Record<string, number> }>(`/sites/${site.id}/moderation/comments?status=pending&limit=1`, { token: ownerToken });
    expect(left.counts).toMatchObject({ pending: 3, published: 0, spam: 0 });

    // Signed in again, the list is gone and the queue shows every one of them still pending.
    await signIn(page, { ...site, ownerToken });
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (3)");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await error.count()).toBe(0);
  });
});

describe.skipIf(!chromiumPath)("an imported comment whose text shows nothing", () => {
  it("says so, restores to the queue rather than to readers, and is approved only once edited", async () => {
    const site = await createSite("dash-blank");
    const author = `Blank Ada ${uniq()}`;
    const thread = `blank-${uniq()}`;
    const imported = await api<{ blank: Record<string, number> }>(`/sites/${site.id}/import`, {
      token: site.ownerToken,
      body: { comments: [{ source: "disqus", sourceId: "1", parent: null, thread, body: " \u200b ", authorName: author, status: "published", createdAt: "2020-01-01T00:00:00Z" }] },
    });
    expect(imported.blank).toEqual({ published: 1 });
    const [{ id }] = (await api<{ comments: { id: string }[] }>(`/sites/${site.id}/moderation/comments?status=deleted`, { token: site.ownerToken })).comments;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Deleted").click();
    const item = queueItem(page, author);
    await expect.poll(() => item.textContent()).toContain("No text: it shows nothing (an imported blank)");
    expect(await item.textContent()).toContain("Restoring it does not publish it: if it was published, it comes back to the queue, where you can edit it.");
    await item.getByRole("button", { name: "Restore" }).click();
    await waitForStatus(site, id, "pending");

    await tab(page, "Pending").click();
    const pending = queueItem(page, author);
    await expect.poll(() => pending.textContent()).toContain("Edit it before you approve it.");
    // Sent once the few seconds to undo it have passed, and refused: the item is back, saying why.
    await pending.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 15_000 }).toContain("its text shows nothing, and readers would see a blank");
    await waitForStatus(site, id, "pending");

    await pending.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Comment text (markdown)").fill("The words the old blog lost");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => queueItem(page, "The words the old blog lost").count()).toBe(1);
    const edited = queueItem(page, "The words the old blog lost");
    expect(await edited.textContent()).not.toContain("No text:");
    await edited.getByRole("button", { name: "Approve" }).click();
    await waitForStatus(site, id, "published");
  });
});

describe.skipIf(!chromiumPath)("a comment its author deleted", () => {
  it("says so in Deleted, and offers no Restore", async () => {
    const site = await createSite("dash-withdrawn");
    const author = `Withdrawn Ada ${uniq()}`;
    const thread = `withdrawn-${uniq()}`;
    const posted = await api<{ comment: { id: string }; editToken: string }>(`/sites/${site.id}/threads/${thread}/comments`, {
      body: { body: "Words I take back", authorName: author },
      expect: 201,
    });
    await api(`/sites/${site.id}/comments/${posted.comment.id}`, { method: "DELETE", token: posted.editToken, expect: 204 });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Deleted").click();
    const item = queueItem(page, author);
    await expect.poll(() => item.textContent()).toContain("Deleted by its author: its text went with it, so it cannot be restored.");
    expect(await item.textContent()).not.toContain("imported blank");
    expect(await item.getByRole("button", { name: "Restore" }).count()).toBe(0);
    expect(await item.textContent()).toContain("Deleted by its author: cannot be restored");
  });
});
