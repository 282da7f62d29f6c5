// Settings → Webhooks in real Chromium against `wrangler dev`, the list itself: a new webhook's signing secret
// (which the API shows only once) stays in a panel of its own, with Copy, through a Test, another add and a removal,
// until the owner dismisses it; an empty list says so; a list the worker cannot answer for says why, with Try
// again, and the Add form stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, focusedElement, launchBrowser, openAdmin, signIn, startReceiver, type Browser } from "./admin-harness";

describe.skipIf(!chromiumPath)("the webhooks list in the dashboard", () => {
  let owner: Browser;
  /** The receiver's address, e.g. http://127.0.0.1:41236. */
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

  it("keeps a new webhook's signing secret, with Copy, through a Test, another add and a removal, until dismissed", async () => {
    const site = await createSite("dash-hook-secret");
    const [first, second] = [`${receiver}/first?site=${site.id}`, `${receiver}/second?site=${site.id}`];
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await owner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    const status = settings.locator("form.panel [role=status]");
    await settings.getByText("No webhooks yet.").waitFor();

    await settings.getByLabel("Webhook URL", { exact: true }).fill(first);
    await settings.getByRole("button", { name: "Add webhook" }).click();
    const panel = settings.getByRole("region", { name: `Signing secret for ${first}` });
    const secret = panel.locator("output");
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_[\w-]{20,}$/);
    const shown = await secret.textContent();
    expect(await status.textContent()).toBe("Added. Its signing secret is shown below, this once.");
    expect(await settings.getByText("No webhooks yet.").count()).toBe(0);
    // The keyboard is on the secret, so a screen reader reads it out.
    expect(await focusedElement(page)).toMatch(/^output#secret-/);

    // A Test rewrites the status line; the secret stays.
    await settings.getByRole("button", { name: `Test ${first}` }).click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^Test delivery to ${first.replace(/[?.]/g, "\\$&")}: delivered`));
    expect(await secret.textContent()).toBe(shown);

    await panel.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => status.textContent()).toBe("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

    // Another webhook gets a panel of its own; removing it takes its panel, not the first one's.
    await settings.getByLabel("Webhook URL", { exact: true }).fill(second);
    await settings.getByRole("button", { name: "Add webhook" }).click();
    const secondPanel = settings.getByRole("region", { name: `Signing secret for ${second}` });
    await expect.poll(() => secondPanel.locator("output").textContent()).toMatch(/^whsec_/);
    expect(await secondPanel.locator("output").textContent()).not.toBe(shown);
    expect(await secret.textContent()).toBe(shown);
    page.on("dialog", (d) => void d.accept());
    await settings.getByRole("button", { name: `Remove ${second}` }).click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(`Removed ${second}.`);
    expect(await secondPanel.count()).toBe(0);
    expect(await secret.textContent()).toBe(shown);

    // Dismissed, it goes for good, and the keyboard goes to the section's heading.
    await panel.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(await focusedElement(page)).toBe("h3#hooks-h");
    expect(await settings.innerText()).not.toContain(shown);
    expect(pageErrors).toEqual([]);
  });

  it("starts a new webhook on new and held comments, as the CLI does, so a post-moderated site hears of each one", async () => {
    const site = await createSite("dash-hook-defaults");
    const url = `${receiver}/defaults?site=${site.id}`;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByText("No webhooks yet.").waitFor();
    const checked = () => settings.locator("fieldset input[name=events]:checked").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(await checked()).toEqual(["comment.created", "comment.pending"]);

    await settings.getByLabel("Webhook URL", { exact: true }).fill(url);
    await settings.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => settings.locator("tbody tr").count()).toBe(1);
    const { webhooks } = await api<{ webhooks: { events: string[] }[] }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken });
    expect(webhooks.map((h) => h.events)).toEqual([["comment.created", "comment.pending"]]);
  });

  it("says why the list could not be read, with Try again, and keeps the heading and the Add form", async () => {
    const site = await createSite("dash-hook-failed");
    const url = `${receiver}/kept?site=${site.id}`;
    await api(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    // Only the list is refused: the rest of Settings reads as usual.
    await page.route("**/api/v1/sites/*/webhooks", (route) => (route.request().method() == "GET" ? route.abort("connectionrefused") : route.continue()));
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByRole("alert").getByText("The webhooks could not be loaded: The worker could not be reached.").waitFor();
    expect(await settings.getByRole("heading", { name: "Webhooks" }).count()).toBe(1);
    expect(await settings.getByRole("button", { name: "Add webhook" }).count()).toBe(1);
    expect(await settings.getByText("No webhooks yet.").count()).toBe(0);

    await page.unroute("**/api/v1/sites/*/webhooks");
    await settings.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => settings.locator("tbody tr").count()).toBe(1);
    expect(await settings.locator("tbody tr td").first().textContent()).toBe(url);
    expect(await settings.getByRole("alert").count()).toBe(0);
  });
});
