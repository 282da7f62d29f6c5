// Getting around the dashboard in real Chromium: each section at its own address with Back and Forward, settings
// edits that survive leaving the form, validation messages that name fields as the form does, and a compact
// header on a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, createSite, launchBrowser, openAdmin, signIn, WORKER, type Browser, type Page } from "./admin-harness";

/** The heading of the section on screen. */
const heading = (page: Page) => page.locator("main h2").first().textContent();

describe.skipIf(!chromiumPath)("getting around the dashboard", () => {
  let owner: Browser;

  beforeAll(async () => {
    owner = await launchBrowser();
  });
  afterAll(async () => {
    await owner?.close();
  });

  it("gives each section its own address: Back and Forward move between them, a reload stays, the token never shows", async () => {
    const site = await createSite("dash-history");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Bans");
    await page.getByRole("link", { name: "Settings", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => heading(page)).toBe("Settings");
    expect(new URL(page.url()).hash).toBe("#/settings");
    expect(await page.title()).toContain("Settings");

    await page.reload();
    await expect.poll(() => heading(page)).toBe("Settings");
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Bans");
    expect(new URL(page.url()).hash).toBe("#/bans");
    // The keyboard follows: the section's heading has focus, as after a page change.
    await expect.poll(() => page.evaluate(() => document.querySelector("parley-admin")!.shadowRoot!.activeElement?.tagName)).toBe("ADMIN-BANS");
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Moderation queue");
    await page.goForward();
    await expect.poll(() => heading(page)).toBe("Bans");
    expect(page.url()).not.toContain(site.ownerToken);
    expect(page.url().startsWith(`${WORKER}/admin`)).toBe(true);
  });

  it("opens a shared link to a section after signing in, and the queue for a hash it does not know", async () => {
    const site = await createSite("dash-deeplink");
    const page = await owner.context.newPage();
    await page.goto(`${WORKER}/admin#/audit`);
    await page.getByLabel("Site", { exact: true }).fill(site.id);
    await page.getByLabel("Owner token", { exact: true }).fill(site.ownerToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => heading(page)).toBe("Audit log");
    expect(await page.getByRole("link", { name: "Audit log", exact: true }).getAttribute("aria-current")).toBe("page");

    await page.goto(`${WORKER}/admin#/no-such-view?x=<b>`);
    await expect.poll(() => heading(page)).toBe("Moderation queue");
    await page.close();
  });
});
