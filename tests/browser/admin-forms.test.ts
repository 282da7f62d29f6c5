// The dashboard's forms in real Chromium against `wrangler dev`, read as the owner means them: a site id typed in
// capitals signs in to its (lowercase) site; the ban form starts on the e-mail address when the comment has one;
// a number setting is written in digits, never read as hex or an exponent; every bad blocked word is named at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, describedBy, focusedElement, launchBrowser, openAdmin, postComment, queueItem, signIn, uniq, type Browser } from "./admin-harness";

let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

describe.skipIf(!chromiumPath)("signing in", () => {
  it("takes the site id in capitals and with spaces around it, as site ids are lowercase", async () => {
    const site = await createSite("dash-form-case");
    const { page } = await openAdmin(owner);
    await signIn(page, { id: `  ${site.id.toUpperCase()} `, ownerToken: site.ownerToken });
    expect(await page.locator("parley-admin .brand").innerText()).toContain(site.id);
    // A reload signs in to the same site.
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem("parley:admin:session") ?? "{}").site)).toBe(site.id);
  });
});

describe.skipIf(!chromiumPath)("the ban form", () => {
  it("starts on the e-mail address, listed first, when the comment has one, and bans by it", async () => {
    const site = await createSite("dash-form-ban", { moderation: "pre" });
    await postComment(site.id, `ban-${uniq()}`, { body: `Spam with an address ${uniq()}`, authorName: "Mailer", authorEmail: "mailer@example.com" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const item = queueItem(page, "Spam with an address");
    await item.getByRole("button", { name: "Ban author" }).click();
    const by = item.getByLabel("Ban by");
    expect(await by.locator("option").allTextContents()).toEqual(["E-mail address", "IP address", "Name: Mailer"]);
    expect(await by.inputValue()).toBe("email");
    await item.getByRole("button", { name: "Confirm ban" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Banned");
    const { bans } = await api<{ bans: { type: string }[] }>(`/sites/${site.id}/bans`, { token: site.ownerToken });
    expect(bans.map((b) => b.type)).toEqual(["email"]);
  });
});

describe.skipIf(!chromiumPath)("number settings", () => {
  it("refuses hex, exponents and binary under their fields, saving nothing, and saves digits with spaces around them", async () => {
    const site = await createSite("dash-form-numbers");
    const settingsOf = async () =>
      (await api<{ site: { settings: { editWindowMinutes: number; maxLinks: number; autoCloseDays: number | null } } }>(`/sites/${site.id}/settings`, { token: site.ownerToken })).site
        .settings;
    const before = await settingsOf();
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    const status = settings.locator("form [role=status]").first();
    const typed: [string, string, string][] = [
      ["Edit window (minutes)", "0x10", "editWindowMinutes"],
      ["Links allowed before holding", "1e3", "maxLinks"],
      ["Close threads after (days)", "0b11", "autoCloseDays"],
    ];
    for (const [label, text] of typed) await settings.getByLabel(label, { exact: true }).fill(text);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Not saved. Edit window (minutes): Must be a whole number. (and 2 more, shown by the fields)");
    for (const [label] of typed) {
      const field = settings.getByLabel(label, { exact: true });
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      expect((await describedBy(field)).at(-1)).toBe(`${label}: Must be a whole number.`);
    }
    expect(await focusedElement(page)).toBe("input#s-editWindowMinutes");
    expect(await settingsOf()).toEqual(before);

    await settings.getByLabel("Edit window (minutes)", { exact: true }).fill(" 20 ");
    await settings.getByLabel("Links allowed before holding", { exact: true }).fill("4");
    await settings.getByLabel("Close threads after (days)", { exact: true }).fill("");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Saved: /);
    expect(await settingsOf()).toMatchObject({ editWindowMinutes: 20, maxLinks: 4, autoCloseDays: null });
  });

  it("wraps a refused field's message that quotes a long unbroken word, so the page does not scroll sideways on a phone", async () => {
    const site = await createSite("dash-form-long-word");
    const { page } = await openAdmin(owner, { width: 390 });
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByLabel("Blocked words", { exact: true }).fill(`casino\n${"x".repeat(120)}`);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => settings.locator("#s-blockedWords-error").textContent()).toMatch(/^Blocked word 2 \(“x+…”\): Must be at most 100 characters\.$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("names every field's problem at once when a number is not in digits, not the number's first and the rest on the next save", async () => {
    const site = await createSite("dash-form-all-at-once");
    const before = (await api<{ site: unknown }>(`/sites/${site.id}/settings`, { token: site.ownerToken })).site;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    await settings.getByLabel("Edit window (minutes)", { exact: true }).fill("1e3");
    await settings.getByLabel("Allowed origins", { exact: true }).fill("ftp://files.example.com");
    await settings.getByLabel("Blocked words", { exact: true }).fill(`casino\n${"z".repeat(101)}`);
    await settings.getByLabel("Language", { exact: true }).fill("not a locale!");
    await settings.getByRole("button", { name: "Save settings" }).click();

    const error = (id: string) => settings.locator(`#s-${id}-error`).textContent();
    await expect.poll(() => error("editWindowMinutes")).toBe("Edit window (minutes): Must be a whole number.");
    expect(await error("origins")).toMatch(/^Origin 1 \(“ftp:\/\/files\.example\.com”\): Must be an origin/);
    expect(await error("blockedWords")).toMatch(/^Blocked word 2 \(“z+…”\): Must be at most 100 characters\.$/);
    expect(await error("locale")).toBe("Language: Must be a language tag such as en or pt-BR.");
    expect(await settings.locator("form [role=status]").first().textContent()).toMatch(/^Not saved\. Origin 1 .* \(and 3 more, shown by the fields\)$/);
    expect(await focusedElement(page)).toBe("textarea#s-origins");
    expect((await api<{ site: unknown }>(`/sites/${site.id}/settings`, { token: site.ownerToken })).site).toEqual(before);
  });
});

describe.skipIf(!chromiumPath)("blocked words", () => {
  it("names every bad word at once, each by its line, in the order of the lines, hostile ones as text", async () => {
    const site = await createSite("dash-form-words");
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    const status = settings.locator("form [role=status]").first();
    const script = `<script>alert(1)</script>${"s".repeat(100)}`;
    const rtl = `\u202Eevil ${"r".repeat(100)}`;
    const long = "z".repeat(2000);
    // Lines 2 and 6 match nothing (the API's rule); 3, 4 and 5 are too long (its schema's); 1 and 7 are fine.
    const typed = ["casino", "\u0301", script, rtl, long, "\u0300\u0308", "cheap pills"];
    await settings.getByLabel("Blocked words", { exact: true }).fill(typed.join("\n"));
    await settings.getByRole("button", { name: "Save settings" }).click();

    const nothing = "Matches nothing: matching sets accents and other marks aside, and nothing else is left of it.";
    const tooLong = "Must be at most 100 characters.";
    const cut = (w: string) => `${w.slice(0, 59)}…`;
    await expect.poll(() => status.textContent()).toBe(`Not saved. Blocked word 2 (“\u0301”): ${nothing} (and 4 more, shown by the fields)`);
    expect(await settings.locator("#s-blockedWords-error p").allTextContents()).toEqual([
      `Blocked word 2 (“\u0301”): ${nothing}`,
      `Blocked word 3 (“${cut(script)}”): ${tooLong}`,
      // The override is isolated: it turns the quoted word around, not the message after it.
      `Blocked word 4 (“\u2068${cut(rtl)}\u2069”): ${tooLong}`,
      `Blocked word 5 (“${cut(long)}”): ${tooLong}`,
      `Blocked word 6 (“\u0300\u0308”): ${nothing}`,
    ]);
    expect(await settings.locator("script").count()).toBe(0);
    expect(await focusedElement(page)).toBe("textarea#s-blockedWords");
    const saved = await api<{ site: { settings: { blockedWords: string[] } } }>(`/sites/${site.id}/settings`, { token: site.ownerToken });
    expect(saved.site.settings.blockedWords).toEqual([]);

    // Fixed all at once, the list saves.
    await settings.getByLabel("Blocked words", { exact: true }).fill(["casino", "x\u0301", "cheap pills"].join("\n"));
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Saved: Blocked words.");
    expect(pageErrors).toEqual([]);
  });
});
