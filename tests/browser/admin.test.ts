// The dashboard at /admin in real Chromium: signing in and out, the queue by keyboard and by click, with the
// reader's widget on the blog's origin showing the outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminAxe,
  chromiumPath,
  commentLocator,
  createSite,
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
    await page.getByLabel("Owner token", { exact: true }).fill("pt_own_not-the-right-one");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("The owner token is not valid for this site.");

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

  it("works at 360 px and has no serious or critical axe violations, light and dark", async () => {
    const site = await createSite("dash-axe", { moderation: "pre", maxLinks: 0 });
    await postComment(site.id, "/2024/05/a-post/", { body: "A link: https://example.com", authorName: "Linker" });
    for (const colorScheme of ["light", "dark"] as const) {
      const { page } = await openAdmin(owner, { colorScheme, width: 360 });
      expect(await adminAxe(page)).toEqual([]);
      await signIn(page, site);
      await queueItem(page, "A link").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await adminAxe(page)).toEqual([]);
      await page.close();
    }
  });
});
