// Settings in real Chromium against `wrangler dev`: what the API shows only once (a new webhook's signing secret,
// a rotated owner token) stays on screen when the owner leaves Settings and comes back (by a section link, or Back
// and Forward), until each is dismissed; it is kept in the page's memory only, so a reload shows it no more and no
// storage ever holds a signing secret. While one is shown, closing the tab, reloading and signing out ask first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, createSite, focusedElement, launchBrowser, openAdmin, signIn, startReceiver, type Browser, type Page } from "./admin-harness";

describe.skipIf(!chromiumPath)("what Settings shows once", () => {
  let owner: Browser;
  let receiver = "";
  let closeReceiver: () => Promise<void> = async () => {};

  beforeAll(async () => {
    owner = await launchBrowser();
    ({ url: receiver, close: closeReceiver } = await startReceiver());
  });
  afterAll(async () => {
    await owner?.close();
    await closeReceiver();
  });

  /** Leaves Settings for the queue and comes back by the section links. */
  async function away(page: Page) {
    await page.getByRole("link", { name: "Queue", exact: true }).click();
    await page.getByRole("heading", { name: "Moderation queue" }).waitFor();
    expect(await page.locator("admin-settings").count()).toBe(0);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
  }

  /** Everything the page keeps in Web Storage, as text. */
  const stored = (page: Page) => page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } }));

  it("keeps new signing secrets and a rotated token through leaving Settings, until each is dismissed, in memory only", async () => {
    const site = await createSite("dash-shown-once");
    // A query that would be markup, were the URL not shown as text (the API keeps it percent-encoded).
    const [first, second] = [`${receiver}/first?site=${site.id}&n=%3Cscript%3Ealert(1)%3C/script%3E`, `${receiver}/second?site=${site.id}`];
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByText("No webhooks yet.").waitFor();

    const secrets: string[] = [];
    for (const url of [first, second]) {
      await settings.getByLabel("Webhook URL", { exact: true }).fill(url);
      await settings.getByRole("button", { name: "Add webhook" }).click();
      const output = settings.getByRole("region", { name: `Signing secret for ${url}` }).locator("output");
      await expect.poll(() => output.textContent(), { timeout: 10_000 }).toMatch(/^whsec_[\w-]{20,}$/);
      secrets.push((await output.textContent())!);
    }
    await settings.getByRole("button", { name: "Rotate owner token" }).click();
    await settings.getByRole("button", { name: "Rotate now" }).click();
    const token = settings.getByLabel("New owner token", { exact: true });
    await expect.poll(() => token.textContent(), { timeout: 10_000 }).toMatch(/^pt_own_/);
    const newToken = (await token.textContent())!;

    // Away to the queue and back: both secrets and the token are still there.
    await away(page);
    const panel = (url: string) => settings.getByRole("region", { name: `Signing secret for ${url}` });
    await expect.poll(() => panel(first).locator("output").textContent(), { timeout: 10_000 }).toBe(secrets[0]);
    expect(await panel(second).locator("output").textContent()).toBe(secrets[1]);
    expect(await token.textContent()).toBe(newToken);
    expect(await panel(first).innerText()).toContain("%3Cscript%3Ealert(1)%3C/script%3E");
    expect(await settings.locator("script").count()).toBe(0);

    // Back to the queue and Forward to Settings: the same.
    await page.goBack();
    await page.getByRole("heading", { name: "Moderation queue" }).waitFor();
    await page.goForward();
    await expect.poll(() => panel(second).locator("output").textContent(), { timeout: 10_000 }).toBe(secrets[1]);
    expect(await token.textContent()).toBe(newToken);

    // The token's panel has Copy and Dismiss; dismissed, the keyboard goes to its heading, and it stays gone.
    await owner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await settings.getByRole("button", { name: "Copy the owner token" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toBe(newToken);
    await settings.getByRole("button", { name: "Dismiss the owner token" }).click();
    await expect.poll(() => token.count(), { timeout: 10_000 }).toBe(0);
    expect(await focusedElement(page)).toBe("h3#token-h");
    await panel(first).getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => panel(first).count(), { timeout: 10_000 }).toBe(0);
    await away(page);
    await expect.poll(() => panel(second).locator("output").textContent(), { timeout: 10_000 }).toBe(secrets[1]);
    expect(await panel(first).count()).toBe(0);
    expect(await token.count()).toBe(0);

    // Never in storage: the session holds the token the tab uses (as it always has), and no signing secret.
    const kept = await stored(page);
    expect(kept).toContain(newToken);
    for (const s of secrets) expect(kept).not.toContain(s);
    // Closing the tab asks first while a secret is on screen; staying keeps it.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.type());
      void (dialogs.length == 1 ? d.dismiss() : d.accept());
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs).toEqual(["beforeunload"]);
    expect(page.isClosed()).toBe(false);
    expect(await panel(second).locator("output").textContent()).toBe(secrets[1]);
    // A reload is a new page session (once the owner agrees): what was not dismissed is gone with the page, as the
    // panel said it would be.
    await page.reload();
    expect(dialogs).toEqual(["beforeunload", "beforeunload"]);
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    await expect.poll(() => settings.locator("tbody tr").count(), { timeout: 10_000 }).toBe(2);
    expect(await settings.getByRole("region", { name: /^Signing secret for / }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("forgets a secret not dismissed on signing out, so the next owner of the tab never sees it", async () => {
    const site = await createSite("dash-shown-signout");
    const url = `${receiver}/signout?site=${site.id}`;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByLabel("Webhook URL", { exact: true }).fill(url);
    await settings.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => settings.getByRole("region", { name: `Signing secret for ${url}` }).count(), { timeout: 10_000 }).toBe(1);
    // Signing out asks first while the secret is shown: declined, nothing changes; accepted, it is forgotten.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void (dialogs.length == 1 ? d.dismiss() : d.accept());
    });
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatch(/^confirm: A new owner token or signing secret is still shown/);
    expect(await settings.getByRole("region", { name: `Signing secret for ${url}` }).count()).toBe(1);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => dialogs.length).toBe(2);
    // Nothing is left to lose: no more asking, on closing or reloading.
    await page.getByLabel("Site", { exact: true }).waitFor();
    // Signed in again, the address still leads to Settings.
    await page.getByLabel("Site", { exact: true }).fill(site.id);
    await page.getByLabel("Owner token", { exact: true }).fill(site.ownerToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    await expect.poll(() => settings.locator("tbody tr").count(), { timeout: 10_000 }).toBe(1);
    expect(await settings.getByRole("region", { name: /^Signing secret for / }).count()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    expect(dialogs).toHaveLength(2);
  });
});
