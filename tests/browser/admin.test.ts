// The dashboard at /admin in real Chromium: signing in and out, the queue by keyboard and by click, with the
// reader's widget on the blog's origin showing the outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminAxe,
  api,
  chromiumPath,
  commentLocator,
  createSite,
  editAs,
  focusedElement,
  HOST,
  launchBrowser,
  openAdmin,
  openHostPage,
  postComment,
  queueItem,
  signIn,
  tab,
  uniq,
  waitForStatus,
  waitForThread,
  WORKER,
  type Browser,
} from "./admin-harness";

describe.skipIf(!chromiumPath)("the dashboard", () => {
  let owner: Browser;
  let reader: Browser;

  beforeAll(async () => {
    owner = await launchBrowser();
    reader = await launchBrowser();
  });
  afterAll(async () => {
    await owner?.close();
    await reader?.close();
  });

  it("refuses a wrong token with the API's message, signs in, and signing out leaves no token in storage", async () => {
    const site = await createSite("dash-signin");
    const admin = await openAdmin(owner);
    const { page } = admin;
    await page.getByLabel("Site", { exact: true }).fill(site.id);
    const token = page.getByLabel("Owner token", { exact: true });
    await token.fill("pt_own_not-the-right-one");
    expect(await token.getAttribute("aria-invalid")).toBe(null);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("The owner token is not valid for this site.");
    // The keyboard is back on the token, selected for the right one (the button was disabled while it was checked).
    await expect.poll(() => focusedElement(page)).toBe("input#token");
    expect(await token.evaluate((i: HTMLInputElement) => [i.selectionStart, i.selectionEnd])).toEqual([0, 24]);
    // Refused, the field says so (its message is linked already), until another token is typed.
    expect(await token.getAttribute("aria-invalid")).toBe("true");
    await page.keyboard.type("pt_own_");
    await expect.poll(() => token.getAttribute("aria-invalid")).toBe(null);

    await signIn(page, site);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie + location.href);
    expect(stored).toContain(site.ownerToken);
    expect(await page.evaluate(() => document.cookie + JSON.stringify(localStorage) + location.href)).not.toContain(site.ownerToken);

    // A reload keeps the session for this tab.
    await page.reload();
    await page.getByRole("heading", { name: "Moderation queue" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const after = await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie);
    expect(after).not.toContain(site.ownerToken);
    expect(after).not.toContain(site.id);

    // Everything came from the worker's own origin, under its CSP, with nothing blocked.
    expect(admin.requests.filter((u) => !u.startsWith(WORKER) && !u.startsWith("data:"))).toEqual([]);
    expect(await admin.cspViolations()).toEqual([]);
    expect(admin.pageErrors).toEqual([]);
  });

  it("approves a pending comment with the a key, and the reader's widget on the blog shows it", async () => {
    const site = await createSite("dash-approve", { moderation: "pre" });
    const thread = `approve-${uniq()}`;
    const body = `Worth approving ${uniq()}`;
    const held = await postComment(site.id, thread, { body, authorName: "Hopeful" });
    expect(held.status).toBe("pending");

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (1)");
    const item = queueItem(page, body);
    await expect.poll(() => item.textContent()).toContain("The site holds every comment for review (pre-moderation).");
    await item.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await expect.poll(() => queueItem(page, body).count()).toBe(0);
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (0)");
    await waitForStatus(site, held.id, "published");

    const blog = await openHostPage(reader, { element: "comments", site: site.id, thread });
    await waitForThread(blog.page);
    await commentLocator(blog.page, body).waitFor();
  });

  it("links a comment's thread only to a page on the site's origins: an address elsewhere a reader chose shows as text", async () => {
    const site = await createSite("dash-links", { moderation: "pre" });
    const elsewhere = "https://phish.example/login";
    const own = `${HOST}/2024/06/own-page/`;
    await postComment(site.id, elsewhere, { body: "Posted to a thread named elsewhere", authorName: "Fisher" });
    await postComment(site.id, own, { body: "Posted to a page of the blog", authorName: "Local" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "named elsewhere").waitFor();
    expect(await queueItem(page, "named elsewhere").getByRole("link", { name: elsewhere }).count()).toBe(0);
    expect(await queueItem(page, "named elsewhere").getByText(elsewhere, { exact: true }).count()).toBe(1);
    const link = queueItem(page, "a page of the blog").getByRole("link", { name: own });
    expect(await link.getAttribute("href")).toMatch(new RegExp(`^${own}#comment-[A-Za-z0-9_-]+$`));
    await page.close();
  });

  it("can be used with the keyboard alone: sign in, help, approve", async () => {
    const site = await createSite("dash-keys", { moderation: "pre" });
    const c = await postComment(site.id, `keys-${uniq()}`, { body: `Approved by keyboard ${uniq()}`, authorName: "Keys" });
    const { page } = await openAdmin(owner);
    await page.keyboard.press("Tab");
    await page.keyboard.type(site.id);
    await page.keyboard.press("Tab");
    await page.keyboard.type(site.ownerToken);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Moderation queue" }).waitFor();
    await queueItem(page, "Approved by keyboard").waitFor();
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await page.keyboard.press("j");
    await page.keyboard.press("a");
    await expect.poll(() => queueItem(page, "Approved by keyboard").count()).toBe(0);
    await waitForStatus(site, c.id, "published");
  });

  it("works at 360 px and has no serious or critical axe violations, light and dark", async () => {
    const site = await createSite("dash-axe", { moderation: "pre", maxLinks: 0 });
    await postComment(site.id, "/2024/05/a-post/", { body: "A link: https://example.com", authorName: "Linker" });
    // A name at the length limit, a word longer than a phone's width, and a ban with a long reason: nothing of
    // it may widen the page.
    const wide = await postComment(site.id, "/2024/05/a-post/", { body: `Long ${"w".repeat(300)}`, authorName: "N".repeat(80) });
    // A reader's page path of 900 characters: the card shows its first lines, the whole of it in the title.
    const longKey = `/${"k".repeat(900)}/`;
    await postComment(site.id, longKey, { body: "On a long page", authorName: "Keyed" });
    await api(`/sites/${site.id}/bans`, {
      method: "POST",
      token: site.ownerToken,
      body: { type: "name", commentId: wide.id, mode: "visible", reason: `Flooding ${"r".repeat(200)} and more` },
      expect: 201,
    });
    for (const colorScheme of ["light", "dark"] as const) {
      const { page } = await openAdmin(owner, { colorScheme, width: 360 });
      expect(await adminAxe(page)).toEqual([]);
      await signIn(page, site);
      await queueItem(page, "A link").waitFor();
      const key = queueItem(page, "On a long page").locator(".key");
      expect(await key.getAttribute("title")).toBe(longKey);
      expect((await key.boundingBox())?.height ?? 0).toBeLessThan(100);
      // The thread key is a page path on the site's origin: the link opens the comment in place.
      const link = queueItem(page, "A link").getByRole("link", { name: "/2024/05/a-post/" });
      expect(await link.getAttribute("href")).toMatch(new RegExp(`^${HOST}/2024/05/a-post/#comment-[A-Za-z0-9_-]+$`));
      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      for (const section of ["Queue", "Threads & articles", "At a glance", "Bans", "Audit log", "Settings"]) {
        await page.getByRole("link", { name: section, exact: true }).click();
        await page.locator("main h2").first().waitFor();
        await page.waitForLoadState("networkidle");
        // The long ban is on screen before the page's width is measured.
        if (section == "Bans") await page.locator("admin-bans td", { hasText: "Flooding" }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), section).toBeLessThanOrEqual(360);
        expect(await adminAxe(page), `${section}, ${colorScheme}`).toEqual([]);
      }
      await page.close();
    }
  });
});

describe.skipIf(!chromiumPath)("acting from the dashboard", () => {
  let owner: Browser;
  let reader: Browser;

  beforeAll(async () => {
    owner = await launchBrowser();
    reader = await launchBrowser();
  });
  afterAll(async () => {
    await owner?.close();
    await reader?.close();
  });

  it("marks three selected comments as spam in one bulk action", async () => {
    const site = await createSite("dash-bulk", { moderation: "pre" });
    const thread = `bulk-${uniq()}`;
    const tag = uniq();
    const posted = [];
    for (const n of [1, 2, 3]) posted.push(await postComment(site.id, thread, { body: `Buy cheap pills ${n} ${tag}`, authorName: `Bot ${n}` }));
    const keep = await postComment(site.id, thread, { body: `A real comment ${tag}`, authorName: "Human" });

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    // Newest first: the human, then the bots 3, 2, 1. x selects, j moves on, s acts on the selection.
    await queueItem(page, `pills 3 ${tag}`).click({ position: { x: 5, y: 5 } });
    for (const key of ["x", "j", "x", "j", "x"]) await page.keyboard.press(key);
    await expect.poll(() => page.getByText("3 selected:").count()).toBe(1);
    await page.keyboard.press("s");
    await expect.poll(() => tab(page, "Spam").textContent()).toBe("Spam (3)");
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (1)");
    for (const c of posted) await waitForStatus(site, c.id, "spam");
    await waitForStatus(site, keep.id, "pending");
  });

  it("asks before the tab closes while a 215-comment spam action is sent 100 at a time, and counts only what the API answered", async () => {
    const site = await createSite("dash-chunks", { moderation: "pre" });
    const thread = `chunks-${uniq()}`;
    // Ten at a time: 215 one by one would take most of the test's time.
    for (let n = 0; n < 215; n += 10) {
      const names = Array.from({ length: Math.min(10, 215 - n) }, (_, i) => n + i + 1);
      await Promise.all(names.map((i) => postComment(site.id, thread, { body: `Cheap pills #${i} <b>now</b> ${uniq()}`, authorName: `Bot ${i}` })));
    }

    const { page } = await openAdmin(owner);
    // A loaded worker: each request of 100 takes seconds to answer.
    await page.route("**/moderation/bulk", async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await signIn(page, site);
    // Fifty a page: Load more until all 215 show.
    const items = page.locator("admin-queue article");
    for (const shown of [50, 100, 150, 200]) {
      await expect.poll(() => items.count()).toBe(shown);
      await page.getByRole("button", { name: "Load more" }).click();
    }
    await expect.poll(() => items.count()).toBe(215);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    await page.getByLabel("Select all").check();
    await page.getByText("215 selected:").waitFor();
    await page.getByLabel("Selection").getByRole("button", { name: "Spam", exact: true }).click();
    const status = page.locator("admin-queue [role=status]");
    const undo = page.locator("admin-queue").getByRole("button", { name: "Undo" });
    expect(await undo.count()).toBe(1);
    // Inside the undo window, closing the tab asks; staying keeps the page.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(1);
    expect(page.isClosed()).toBe(false);

    // Past the window the first 100 are out: the line says so, there is nothing left to undo, and closing still asks.
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain("Marked 100 of 215 as spam…");
    expect(await undo.count()).toBe(0);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(2);
    expect(page.isClosed()).toBe(false);

    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain("Marked 200 of 215 as spam…");
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain("Marked 215 comments as spam.");
    expect(await undo.count()).toBe(0);
    // The API holds every one of them as spam, none left pending.
    const left = await api<{ counts: Record<string, number> }>(`/sites/${site.id}/moderation/comments?status=pending&limit=1`, { token: site.ownerToken });
    expect(left.counts).toMatchObject({ pending: 0, spam: 215 });

    // Everything sent, nothing is left to lose: the tab closes without asking.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(dialogs).toEqual(["beforeunload", "beforeunload"]);
  }, 150_000);

  it("undoes an action with u before it reaches the API", async () => {
    const site = await createSite("dash-undo", { moderation: "pre" });
    const thread = `undo-${uniq()}`;
    const first = await postComment(site.id, thread, { body: `Keep me pending ${uniq()}`, authorName: "Undone" });
    const second = await postComment(site.id, thread, { body: `Approve me ${uniq()}`, authorName: "Approved" });

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "Keep me pending").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await expect.poll(() => queueItem(page, "Keep me pending").count()).toBe(0);
    await page.keyboard.press("u");
    await queueItem(page, "Keep me pending").waitFor();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Undone");

    // A later action reaches the API after its own window; the undone one never does.
    await queueItem(page, "Approve me").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await waitForStatus(site, second.id, "published");
    await waitForStatus(site, first.id, "pending");
    // Published, it tells why it was held, in the past: it no longer is.
    expect(await queueItem(page, "Keep me pending").locator(".held strong").textContent()).toBe("Why held:");
    await tab(page, "Published").click();
    await expect.poll(() => queueItem(page, "Approve me").locator(".held strong").textContent()).toBe("Was held:");
  });

  it("rolls an action back and shows the API's reason when the API refuses it", async () => {
    const site = await createSite("dash-refused");
    const c = await postComment(site.id, `refused-${uniq()}`, { body: `Refused behind your back ${uniq()}`, authorName: "Ghost" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Published").click();
    const item = queueItem(page, "behind your back");
    await item.waitFor();
    // Meanwhile the comment is rejected elsewhere (the CLI, another tab): only a published comment can be pinned.
    await api(`/sites/${site.id}/moderation/comments/${c.id}/reject`, { method: "POST", token: site.ownerToken });
    await item.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("p");
    await expect.poll(() => item.locator(".badge").first().textContent()).toBe("Pinned");
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 15_000 }).toContain("Pinned nothing:");
    await expect.poll(() => item.locator(".badge", { hasText: "Pinned" }).count()).toBe(0);
    await waitForStatus(site, c.id, "rejected");
  });

  it("does not approve a comment its author edited after the queue was loaded: it stays pending and shows the new text", async () => {
    const site = await createSite("dash-edited", { moderation: "pre" });
    const thread = `edited-${uniq()}`;
    const original = `Original harmless text ${uniq()}`;
    const posted = await api<{ comment: { id: string }; editToken: string }>(`/sites/${site.id}/threads/${thread}/comments`, {
      body: { body: original, authorName: "Innocent Ingrid" },
      expect: 201,
    });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const item = page.locator(`admin-queue article#c-${posted.comment.id}`);
    await expect.poll(() => item.textContent()).toContain(original);

    // Without a reload, the reader swaps the text for spam through the API.
    const spam = `EDITED: buy cheap pills at http://spam.example ${uniq()}`;
    await editAs(site.id, posted.comment.id, posted.editToken, spam, 200);
    expect(await item.textContent()).toContain(original);

    await item.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 15_000 }).toContain("Approved nothing: the comment changed since you loaded it");
    await expect.poll(() => item.textContent()).toContain(spam);
    expect(await item.textContent()).not.toContain(original);
    expect(await item.getByRole("note").textContent()).toBe("This comment was edited since you loaded it; check it again.");
    expect(await tab(page, "Pending").textContent()).toBe("Pending (1)");
    expect(await page.getByRole("status").count()).toBe(0);
    await waitForStatus(site, posted.comment.id, "pending");

    // Approving what is shown now goes through.
    await item.getByRole("button", { name: "Approve" }).click();
    await waitForStatus(site, posted.comment.id, "published");
  });

  it("does not bring back a comment deleted in another tab: it shows as deleted, with a notice", async () => {
    const site = await createSite("dash-deleted", { moderation: "pre" });
    const c = await postComment(site.id, `deleted-${uniq()}`, { body: `Deleted in the other tab ${uniq()}`, authorName: "Ghost" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const item = queueItem(page, "Deleted in the other tab");
    await item.waitFor();
    await api(`/sites/${site.id}/moderation/comments/${c.id}`, { method: "DELETE", token: site.ownerToken });

    await item.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => item.getByRole("note").textContent(), { timeout: 15_000 }).toBe("This comment was deleted elsewhere since you loaded it; check it again.");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Approved nothing:");
    expect(await item.getByRole("button", { name: "Restore" }).count()).toBe(1);
    await waitForStatus(site, c.id, "deleted");
    const audit = await api<{ entries: { action: string }[] }>(`/sites/${site.id}/audit?limit=100`, { token: site.ownerToken });
    expect(audit.entries.map((e) => e.action)).not.toContain("comment.approve");
  });

  it("signs out, saying why, when the owner token stops working mid-session", async () => {
    const site = await createSite("dash-expired", { moderation: "pre" });
    const c = await postComment(site.id, `expired-${uniq()}`, { body: `Stale token ${uniq()}`, authorName: "Ghost" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "Stale token").waitFor();
    // The token is rotated elsewhere (the CLI, another tab): this tab's token stops working.
    const { ownerToken } = await api<{ ownerToken: string }>(`/sites/${site.id}/token`, { method: "POST", token: site.ownerToken });
    await queueItem(page, "Stale token").getByRole("button", { name: "Approve" }).click();
    await expect
      .poll(() => page.locator("#signin-error").textContent(), { timeout: 15_000 })
      .toContain("Signed out: The owner token is not valid for this site.");
    await expect.poll(() => page.evaluate(() => sessionStorage.length)).toBe(0);
    await waitForStatus({ ...site, ownerToken }, c.id, "pending");
    // Signing in with the current token carries on.
    await signIn(page, { ...site, ownerToken });
    await queueItem(page, "Stale token").waitFor();
  });

  it("lets a long comment scroll inside its item, keeping its actions near, with all its text there", async () => {
    const site = await createSite("dash-long", { moderation: "pre" });
    const end = `the last words ${uniq()}`;
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} of a comment that goes on and on about the migration.`);
    await postComment(site.id, `long-${uniq()}`, { body: `${paragraphs.join("\n\n")}\n\n${end}`, authorName: "Verbose" });
    await postComment(site.id, `short-${uniq()}`, { body: `Short and sweet ${uniq()}`, authorName: "Brief" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const long = queueItem(page, "Paragraph 1 of");
    await long.waitFor();
    const box = await long.locator(".body").evaluate((el) => ({ clipped: el.scrollHeight > el.clientHeight, height: el.clientHeight, focusable: el.tabIndex == 0, label: el.getAttribute("aria-label") }));
    expect(box).toMatchObject({ clipped: true, focusable: true, label: "Text of the comment by Verbose" });
    expect(box.height).toBeLessThan(400);
    expect(await long.locator(".body").textContent()).toContain(end);
    expect(await queueItem(page, "Short and sweet").locator(".body").evaluate((el) => el.classList.contains("long"))).toBe(false);
  });

  it("bans a comment's author by name, shown in the bans table", async () => {
    const site = await createSite("dash-ban", { moderation: "pre" });
    const thread = `ban-${uniq()}`;
    await postComment(site.id, thread, { body: `Trolling ${uniq()}`, authorName: "Troll McTroll" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const item = queueItem(page, "Trolling");
    await item.getByRole("button", { name: "Ban author" }).click();
    // The choices are short enough to read whole; how an address is kept is said once, under them.
    const by = item.getByLabel("Ban by");
    expect(await by.locator("option").allTextContents()).toEqual(["IP address", "Name: Troll McTroll"]);
    const hint = await by.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).getElementById(el.getAttribute("aria-describedby")!)?.textContent);
    expect(hint).toContain("keeps only a keyed hash");
    await by.selectOption("name");
    await item.getByLabel("Mode").selectOption("shadow");
    await item.getByLabel("Expires after").selectOption("7");
    await item.getByLabel("Reason (optional)").fill("Trolling again");
    await item.getByRole("button", { name: "Confirm ban" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Banned");

    const { bans } = await api<{ bans: { hint: string; mode: string; reason: string; expiresAt: string | null; type: string }[] }>(`/sites/${site.id}/bans`, {
      token: site.ownerToken,
    });
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({ type: "name", mode: "shadow", reason: "Trolling again" });
    expect(Date.parse(bans[0].expiresAt ?? "") - Date.now()).toBeGreaterThan(6 * 86_400_000);

    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await expect.poll(() => page.locator("admin-bans tbody").textContent()).toContain("Trolling again");
  });

  it("locks a thread, and the reader's widget shows it closed", async () => {
    const site = await createSite("dash-lock", { moderation: "pre" });
    const thread = `lock-${uniq()}`;
    await postComment(site.id, thread, { body: `Last words ${uniq()}`, authorName: "Closer" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "Last words").getByRole("button", { name: "Lock thread" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Locked the thread");
    // Again (as from a second tab): the worker changes nothing, and the dashboard says so.
    await queueItem(page, "Last words").getByRole("button", { name: "Lock thread" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`The thread ${thread} was already locked`);

    const blog = await openHostPage(reader, { element: "comments", site: site.id, thread });
    await waitForThread(blog.page);
    await expect
      .poll(() => blog.page.locator("parley-comments").first().evaluate((el) => el.shadowRoot?.textContent ?? ""))
      .toContain("Comments are closed");
    expect(await blog.page.locator("parley-comments [part~=form]").count()).toBe(0);

    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    const row = page.locator("admin-content").getByRole("row", { name: new RegExp(thread) });
    await expect.poll(() => row.textContent()).toContain("Locked");
    // A double click on Unlock sends one request, and says what it did.
    const puts: string[] = [];
    page.on("request", (r) => r.method() == "PUT" && puts.push(r.url()));
    await row.getByRole("button", { name: `Unlock ${thread}` }).dblclick();
    await expect.poll(() => page.locator("admin-content [role=status]").textContent()).toBe(`Unlocked ${thread}.`);
    await page.waitForTimeout(500);
    expect(puts).toHaveLength(1);
  });

  it("previews an article with the widget's renderer while typing, then publishes it", async () => {
    const site = await createSite("dash-article");
    const { page, consoleErrors, cspViolations } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    await page.getByRole("button", { name: "New article" }).click();
    await page.getByLabel("Slug").fill("hello-world");
    await page.getByLabel("Title").fill("Hello, world");
    await page.getByLabel("Body (markdown)").fill("## A heading\n\nSome **bold** text, ~~struck~~ and <script>alert(1)</script>\n\n![The cover](https://images.example/cover.png)");
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.locator("strong", { hasText: "bold" }).waitFor();
    await preview.locator("del", { hasText: "struck" }).waitFor();
    // Level-2 headings sit below the article's title, as in the widget; raw HTML stays text.
    expect(await preview.locator("h3, h4").first().textContent()).toBe("A heading");
    expect(await preview.textContent()).toContain("<script>alert(1)</script>");
    expect(await preview.locator("script").count()).toBe(0);
    // An image is a link to it, which the dashboard's policy (images from its own origin only) lets through.
    const image = preview.getByRole("link", { name: "[Image: The cover]" });
    expect(await image.getAttribute("href")).toBe("https://images.example/cover.png");
    expect(await preview.locator("img").count()).toBe(0);
    expect(await cspViolations()).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|img-src/.test(e))).toEqual([]);

    await page.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Published “Hello, world”");
    const article = await api<{ title: string }>(`/sites/${site.id}/articles/hello-world`);
    expect(article.title).toBe("Hello, world");
  });

  it("pins with p, edits a comment's text, and rotates the token shown once", async () => {
    const site = await createSite("dash-pin");
    const thread = `pin-${uniq()}`;
    const c = await postComment(site.id, thread, { body: `Pin and edit me ${uniq()}`, authorName: "Pinned" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Published").click();
    const item = queueItem(page, "Pin and edit me");
    await item.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("p");
    await expect.poll(() => item.locator(".badge").first().textContent()).toBe("Pinned");
    await item.getByRole("button", { name: "Edit" }).click();
    // An empty text is refused in the form's words, not the API's field name.
    await item.getByLabel("Comment text (markdown)").fill("   ");
    await item.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => item.locator("form [role=alert]").textContent()).toBe("The text must not be empty.");
    await item.getByLabel("Comment text (markdown)").fill("Edited by the **moderator**");
    await item.getByRole("button", { name: "Save" }).click();
    await queueItem(page, "Edited by the moderator").locator("strong", { hasText: "moderator" }).waitFor();
    await waitForStatus(site, c.id, "published");
    await expect
      .poll(async () => (await api<{ comments: { id: string; pinned: boolean }[] }>(`/sites/${site.id}/moderation/comments?status=published`, { token: site.ownerToken })).comments[0].pinned, { timeout: 20_000 })
      .toBe(true);

    await page.getByRole("link", { name: "Settings", exact: true }).click();
    // Each button is replaced by the next: the keyboard goes to what takes its place, not the page.
    await page.getByRole("button", { name: "Rotate owner token" }).click();
    await expect.poll(() => focusedElement(page)).toBe("button#rotate-cancel");
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedElement(page)).toBe("button#rotate");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Rotate now" }).click();
    await expect.poll(() => focusedElement(page), { timeout: 10_000 }).toBe("output#new-token");
    const shown = (await page.getByLabel("New owner token").textContent()) ?? "";
    expect(shown).toMatch(/^pt_own_/);
    // The old token is dead; the tab carries on with the new one.
    await api(`/sites/${site.id}/settings`, { token: site.ownerToken, expect: 401 });
    await api(`/sites/${site.id}/settings`, { token: shown });
    await page.getByRole("link", { name: "Queue", exact: true }).click();
    await tab(page, "Published").click();
    await queueItem(page, "Edited by the moderator").waitFor();
  });

  it("shows the API's validation message next to a setting, and saves a valid change", async () => {
    const site = await createSite("dash-settings");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByLabel("Allowed origins").fill("not an origin");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("admin-settings .field .error").first().textContent()).toContain("Must be an origin such as https://blog.example.com");
    await page.getByLabel("Allowed origins").fill("https://blog.example.com");
    await page.getByLabel("Moderation").selectOption("pre");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("admin-settings form [role=status]").first().textContent()).toContain("Saved");
    const { site: view } = await api<{ site: { settings: { origins: string[]; moderation: string } } }>(`/sites/${site.id}/settings`, { token: site.ownerToken });
    expect(view.settings).toMatchObject({ origins: ["https://blog.example.com"], moderation: "pre" });
  });

  it("refuses an origin whose host name is longer than DNS allows, saying so under Allowed origins", async () => {
    const site = await createSite("dash-long-origin");
    const before = (await api<{ site: { settings: { origins: string[] } } }>(`/sites/${site.id}/settings`, { token: site.ownerToken })).site.settings.origins;
    // Five labels of 61 characters, each fine alone: 326 characters in all.
    const long = `https://${Array.from({ length: 5 }, (_, i) => `${i}${"sub-domain".repeat(6)}`).join(".")}.blog.example.com`;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByLabel("Allowed origins").fill(`https://blog.example.com\n\n${long}\n`);
    await page.getByRole("button", { name: "Save settings" }).click();
    const error = page.locator("admin-settings #s-origins-error");
    await expect
      .poll(() => error.textContent())
      .toBe(`Origin 2 (“${long.slice(0, 59)}…”): The host name has 326 characters; a host name has at most 253.`);
    expect(await page.getByLabel("Allowed origins").getAttribute("aria-invalid")).toBe("true");
    const after = (await api<{ site: { settings: { origins: string[] } } }>(`/sites/${site.id}/settings`, { token: site.ownerToken })).site.settings.origins;
    expect(after).toEqual(before);
  });
});
