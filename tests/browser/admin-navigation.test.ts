// Getting around the dashboard in real Chromium: each section at its own address with Back and Forward, settings
// edits and a webhook not yet added that survive leaving the form, validation messages that name fields as the form
// does, and a compact header on a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, HOST, launchBrowser, openAdmin, postComment, signIn, tab, uniq, WORKER, type Browser, type Page } from "./admin-harness";

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
    // /admin, signed in, is the queue's address: #/queue.
    await expect.poll(() => new URL(page.url()).hash).toBe("#/queue");
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
    // A heading is a place to start from, not a control: it takes focus without a focus ring.
    const ring = await page.evaluate(() => {
      const h2 = document.querySelector("parley-admin")!.shadowRoot!.querySelector("admin-bans")!.shadowRoot!.activeElement!;
      return `${h2.tagName} ${getComputedStyle(h2).outlineStyle}`;
    });
    expect(ring).toBe("H2 none");
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Moderation queue");
    await page.goForward();
    await expect.poll(() => heading(page)).toBe("Bans");
    expect(page.url()).not.toContain(site.ownerToken);
    expect(page.url().startsWith(`${WORKER}/admin`)).toBe(true);
  });

  it("opens a thread's waiting comments from its 'N waiting' link, and every thread again with one button", async () => {
    const site = await createSite("dash-thread-queue", { moderation: "pre" });
    const busy = `/2024/03/busy-${uniq()}/`;
    const quiet = `/2024/03/quiet-${uniq()}/`;
    for (let i = 0; i < 3; i++) await postComment(site.id, busy, { body: `Busy thread comment ${i}`, authorName: "Bea" });
    await postComment(site.id, quiet, { body: "Quiet thread comment", authorName: "Quinn" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    await page.getByRole("link", { name: "1 waiting" }).click();
    await expect.poll(() => heading(page)).toBe("Moderation queue");
    await page.getByRole("status").getByText("Only the comments of thread").waitFor();
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(1);
    expect(await page.locator("admin-queue article").textContent()).toContain("Quiet thread comment");
    expect(decodeURIComponent(page.url())).toContain(`thread=${quiet}`);
    // A reload keeps the thread; the tabs count every comment.
    await page.reload();
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(1);
    expect(await tab(page, "Pending").textContent()).toBe("Pending (4 in all)");
    await page.getByRole("button", { name: "Show every thread" }).click();
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(4);
    expect(page.url()).not.toContain("thread=");
  });

  it("says the audit log's filters looked at the entries loaded so far, and finds older ones after Load more", async () => {
    const site = await createSite("dash-audit-filter");
    const auth = { token: site.ownerToken };
    await api(`/sites/${site.id}/bans`, { ...auth, method: "POST", body: { type: "name", value: "Old Troll" }, expect: 201 });
    // A hundred newer entries: the first page the dashboard loads holds none of the ban's.
    for (let i = 0; i < 100; i++) await api(`/sites/${site.id}`, { ...auth, method: "PATCH", body: { editWindowMinutes: 10 + (i % 2) } });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Audit log", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Audit log");
    await page.getByLabel("Search").fill("ban.");
    await page.getByText('None of the 100 loaded match: "Load more" looks further back.').waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.locator("admin-audit td", { hasText: "ban.create" }).first().waitFor();
    expect(await page.getByText("None of the").count()).toBe(0);
    await page.close();
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
    await expect.poll(() => new URL(page.url()).hash).toBe("#/queue");
    await page.close();
  });

  it("gives each tab of the queue its own address too: a reload keeps it, Back returns to the tab before", async () => {
    const site = await createSite("dash-tabs");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const selected = () => page.getByRole("tab", { selected: true }).textContent();
    await expect.poll(selected).toMatch(/^Pending/);
    await tab(page, "Spam").click();
    await expect.poll(() => new URL(page.url()).hash).toBe("#/queue/spam");
    await expect.poll(selected).toMatch(/^Spam/);
    await page.reload();
    await expect.poll(selected).toMatch(/^Spam/);
    await tab(page, "Deleted").click();
    await expect.poll(() => new URL(page.url()).hash).toBe("#/queue/deleted");
    await page.goBack();
    await expect.poll(selected).toMatch(/^Spam/);
    // Back to where the dashboard was opened (/admin, which became the queue's address, Pending's, on signing in).
    await page.goBack();
    await expect.poll(selected).toMatch(/^Pending/);
    expect(new URL(page.url()).hash).toBe("#/queue");
    // Back between two tabs leaves the keyboard where it was; the queue's link still says where the reader is.
    expect(await page.getByRole("link", { name: "Queue", exact: true }).getAttribute("aria-current")).toBe("page");
    // The Queue link from another tab opens Pending.
    await tab(page, "Rejected").click();
    await expect.poll(selected).toMatch(/^Rejected/);
    await page.getByRole("link", { name: "Queue", exact: true }).click();
    await expect.poll(selected).toMatch(/^Pending/);
    await page.close();
  });

  it("shows the tab last chosen, even when an earlier tab's list arrives after it", async () => {
    const site = await createSite("dash-slow-tab");
    const spam = await postComment(site.id, "slow", { authorName: "Spammer", body: "Cheap pills, marked spam" });
    const gone = await postComment(site.id, "slow", { authorName: "Deleter", body: "A comment that was deleted" });
    await api(`/sites/${site.id}/moderation/comments/${spam.id}/spam`, { method: "POST", token: site.ownerToken });
    await api(`/sites/${site.id}/moderation/comments/${gone.id}`, { method: "DELETE", token: site.ownerToken });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    // The spam list takes a second to come; the reader has moved on to Deleted by then.
    await page.route("**/moderation/comments?status=spam*", async (route) => {
      await new Promise((r) => setTimeout(r, 1_000));
      await route.continue();
    });
    await tab(page, "Spam").click();
    await tab(page, "Deleted").click();
    await expect.poll(() => page.locator("admin-queue article").allTextContents()).toEqual([expect.stringContaining("A comment that was deleted")]);
    await page.waitForTimeout(1_500);
    expect(await page.locator("admin-queue article").allTextContents()).toEqual([expect.stringContaining("A comment that was deleted")]);
    expect(await page.getByRole("tab", { selected: true }).textContent()).toMatch(/^Deleted/);
    await page.close();
  });

  it("keeps unsaved settings edits while another section is shown, and asks before the tab closes or signing out", async () => {
    const site = await createSite("dash-draft");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const name = `Ünsaved   “draft” ${uniq()}`;
    await page.getByLabel("Site name").fill(name);
    await page.getByLabel("Blocked words").fill("casino\n\n  cheap pills  \nviagra");
    await page.getByLabel("Moderation", { exact: true }).selectOption("pre");
    await page.getByLabel("Hold each author's first comment").check();
    const marked = page.getByRole("link", { name: /^Settings\W+unsaved changes$/ });
    await marked.waitFor();

    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Bans");
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Settings");
    expect(await page.getByLabel("Site name").inputValue()).toBe(name);
    expect(await page.getByLabel("Blocked words").inputValue()).toBe("casino\n\n  cheap pills  \nviagra");
    expect(await page.getByLabel("Moderation", { exact: true }).inputValue()).toBe("pre");
    expect(await page.getByLabel("Hold each author's first comment").isChecked()).toBe(true);

    // Closing the tab asks; staying keeps the page and the edits.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.filter((d) => d.startsWith("beforeunload")).length).toBe(1);
    expect(page.isClosed()).toBe(false);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => dialogs.filter((d) => d.startsWith("confirm")).length).toBe(1);
    expect(await page.getByLabel("Site name").inputValue()).toBe(name);

    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("admin-settings form [role=status]").first().textContent()).toContain("Saved");
    await expect.poll(() => marked.count()).toBe(0);
    const { site: saved } = await api<{ site: { name: string; settings: { blockedWords: string[]; moderation: string; holdFirstComment: boolean } } }>(
      `/sites/${site.id}/settings`,
      { token: site.ownerToken },
    );
    expect(saved.settings).toMatchObject({ blockedWords: ["casino", "cheap pills", "viagra"], moderation: "pre", holdFirstComment: true });

    // Saved, nothing is left to lose: the tab closes without asking.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(dialogs.filter((d) => d.startsWith("beforeunload"))).toHaveLength(1);
  });

  it("discards unsaved settings edits on request, back to the saved values", async () => {
    const site = await createSite("dash-discard");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const before = await page.getByLabel("Site name").inputValue();
    await page.getByLabel("Site name").fill("Something else");
    await page.getByLabel("Moderation", { exact: true }).selectOption("pre");
    await page.getByRole("button", { name: "Discard changes" }).click();
    expect(await page.getByLabel("Site name").inputValue()).toBe(before);
    expect(await page.getByLabel("Moderation", { exact: true }).inputValue()).toBe("post");
    await page.getByRole("link", { name: "Settings", exact: true }).waitFor();
    await page.close();
  });

  it("keeps a webhook not yet added while another section is shown, asks before the tab closes, and forgets it once discarded or added", async () => {
    const site = await createSite("dash-hook-draft");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const url = page.getByLabel("Webhook URL");
    const pending = page.getByLabel("comment.pending", { exact: true });
    const created = page.getByLabel("comment.created", { exact: true });
    const format = page.getByLabel("Format", { exact: true });
    const marked = page.getByRole("link", { name: /^Settings\W+unsaved changes$/ });
    // A loopback receiver (local development accepts one) with an encoded query, as a chat bridge's address might be.
    const hook = `http://127.0.0.1:9/hooks/parley?site=${site.id}&note=%C3%BCnsaved%20%E2%80%9Chook%E2%80%9D&n=${uniq()}`;
    const fillHook = async () => {
      await url.fill(hook);
      await created.check();
      await pending.uncheck();
      await format.selectOption("slack");
      await marked.waitFor();
    };
    await fillHook();

    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Bans");
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Settings");
    await expect.poll(() => url.inputValue()).toBe(hook);
    expect([await created.isChecked(), await pending.isChecked(), await format.inputValue()]).toEqual([true, false, "slack"]);

    // Closing the tab and signing out ask first; staying keeps the input.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.filter((d) => d.startsWith("beforeunload")).length).toBe(1);
    expect(page.isClosed()).toBe(false);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => dialogs.filter((d) => d.startsWith("confirm")).length).toBe(1);
    expect(await url.inputValue()).toBe(hook);

    // Discarding goes back to the form's defaults, and leaving no longer keeps anything.
    await page.getByRole("button", { name: "Discard", exact: true }).click();
    await expect.poll(() => marked.count()).toBe(0);
    expect([await url.inputValue(), await created.isChecked(), await pending.isChecked(), await format.inputValue()]).toEqual(["", true, true, "json"]);
    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Settings");
    await url.waitFor();
    expect(await url.inputValue()).toBe("");

    // Adding it clears the draft too: the form is empty again and the tab closes without asking.
    await fillHook();
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => page.locator("admin-settings form.panel [role=status]").textContent()).toContain("Added.");
    await expect.poll(() => marked.count()).toBe(0);
    expect(await url.inputValue()).toBe("");
    const { webhooks } = await api<{ webhooks: { url: string; events: string[]; format: string }[] }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken });
    expect(webhooks).toEqual([expect.objectContaining({ url: hook, events: ["comment.created"], format: "slack" })]);
    // The new webhook's signing secret is on screen, and asks before the tab closes too, until it is dismissed.
    await page.getByRole("region", { name: `Signing secret for ${hook}` }).getByRole("button", { name: "Dismiss" }).click();
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(dialogs.filter((d) => d.startsWith("beforeunload"))).toHaveLength(1);
  });

  it("names refused settings as the form does (Origin 4, not origins.3), next to their fields, and focuses the first", async () => {
    const site = await createSite("dash-labels");
    const { page } = await openAdmin(owner, { colorScheme: "dark" });
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    // A blank line (not sent, so not counted), a trailing slash, an unencoded IDN host and the wrong scheme.
    await page.getByLabel("Allowed origins").fill(
      `${HOST}\n\nhttps://blog.example.com/\n  http://ünïcode.example  \nftp://files.example.com`,
    );
    await page.getByLabel("Edit window (minutes)").fill("99999");
    await page.getByLabel("Social links").fill("youtube https://youtube.com/@me My channel\nmastodon javascript:alert(1)");
    await page.getByRole("button", { name: "Save settings" }).click();

    const origins = page.locator("admin-settings #s-origins-error");
    await expect.poll(() => origins.textContent()).toContain("Origin 2 (“https://blog.example.com/”): Must be written as the browser sends it: https://blog.example.com");
    expect(await origins.textContent()).toContain("Origin 3 (“http://ünïcode.example”): Must be written as the browser sends it: http://xn--ncode-cta3g.example");
    expect(await origins.textContent()).toContain("Origin 4 (“ftp://files.example.com”): Must be an origin");
    expect(await page.locator("admin-settings #s-editWindowMinutes-error").textContent()).toBe("Edit window (minutes): Must be at most 10080.");
    expect(await page.locator("admin-settings #s-links-error").textContent()).toMatch(/^Social link 2 \(“mastodon javascript:alert\(1\)”\), URL: Must be a URL/);
    const status = (await page.locator("admin-settings form [role=status]").first().textContent()) ?? "";
    expect(status).toMatch(/^Not saved\. Origin 2 \(“https:\/\/blog\.example\.com\/”\): Must be written as the browser sends it: https:\/\/blog\.example\.com \(and 4 more, shown by the fields\)$/);
    expect(await page.locator("admin-settings").evaluate((e) => e.shadowRoot!.textContent)).not.toMatch(/origins\.\d|links\.\d|editWindowMinutes/);
    // The keyboard lands on the first field to fix, which names its messages.
    await expect.poll(() => page.locator("admin-settings").evaluate((e) => e.shadowRoot!.activeElement?.id)).toBe("s-origins");
    expect(await page.getByLabel("Allowed origins").getAttribute("aria-describedby")).toContain("s-origins-error");

    await page.getByLabel("Allowed origins").fill(HOST);
    await page.getByLabel("Edit window (minutes)").fill("30");
    await page.getByLabel("Social links").fill("youtube https://youtube.com/@me My channel");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("admin-settings form [role=status]").first().textContent()).toBe("Saved: Edit window (minutes), Social links.");
    expect(await page.locator("admin-settings .field .error").count()).toBe(0);
    await page.close();
  });

  it("keeps the header to one row of sections at 360 px, scrolled sideways by keyboard with the focus in sight", async () => {
    const site = await createSite("dash-narrow");
    await api(`/sites/${site.id}`, { method: "PATCH", token: site.ownerToken, body: { name: `Ein sehr langer Blogname ${"ü".repeat(60)}` } });
    const { page } = await openAdmin(owner, { colorScheme: "dark", width: 360 });
    await signIn(page, site);
    const box = (selector: string) =>
      page.evaluate((s) => {
        const r = document.querySelector("parley-admin")!.shadowRoot!.querySelector(s)!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }, selector);
    expect((await box("header")).bottom).toBeLessThanOrEqual(110);
    const tops = await page.evaluate(() => [...document.querySelector("parley-admin")!.shadowRoot!.querySelectorAll("nav a")].map((a) => a.getBoundingClientRect().top));
    expect(new Set(tops).size).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The section keeps a narrower margin on a phone: .75em rather than 1em.
    const [padding, font] = await page.locator("parley-admin main").evaluate((m) => [getComputedStyle(m).paddingLeft, getComputedStyle(m).fontSize].map(parseFloat));
    expect(padding).toBeCloseTo(font * 0.75, 1);

    // Tab walks the row; the focused link is scrolled into the row, its whole focus ring inside it.
    await page.getByRole("link", { name: "Queue", exact: true }).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => document.querySelector("parley-admin")!.shadowRoot!.activeElement?.textContent);
    expect(await focused()).toBe("Settings");
    const ring = await page.evaluate(() => {
      const a = document.querySelector("parley-admin")!.shadowRoot!.activeElement!;
      const style = getComputedStyle(a);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset) };
    });
    expect(ring.style).toBe("solid");
    const [nav, link] = [await box("nav"), await box("nav a[href='#/settings']")];
    expect(link.left - ring.width).toBeGreaterThanOrEqual(nav.left);
    expect(link.right + ring.width).toBeLessThanOrEqual(nav.right);
    expect(link.top - ring.width).toBeGreaterThanOrEqual(nav.top);
    expect(link.bottom + ring.width).toBeLessThanOrEqual(nav.bottom);

    await page.keyboard.press("Enter");
    await expect.poll(() => heading(page)).toBe("Settings");
    expect(await page.locator("admin-settings h2").evaluate((h) => h.getBoundingClientRect().top)).toBeLessThan(160);
    // A reload on the last section shows its link in the row, not scrolled away.
    await page.reload();
    await expect.poll(() => heading(page)).toBe("Settings");
    const [nav2, link2] = [await box("nav"), await box("nav a[href='#/settings']")];
    expect(link2.right).toBeLessThanOrEqual(nav2.right);
    await page.close();
  });

  it("keeps the page from scrolling sideways at 375 px while Settings holds unsaved changes", async () => {
    const site = await createSite("dash-narrow-draft");
    const { page } = await openAdmin(owner, { width: 375 });
    await signIn(page, site);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByLabel("Site name").fill("An unsaved name");
    await page.getByRole("link", { name: /^Settings\W+unsaved changes$/ }).waitFor();
    expect(await fits()).toBe(true);
    // Still so from another section, and with a webhook not yet added as the only unsaved input.
    await page.getByRole("button", { name: "Discard changes" }).click();
    await page.getByLabel("Webhook URL").fill("http://127.0.0.1:9/hooks/parley");
    await page.getByRole("link", { name: "Queue", exact: true }).click();
    await page.getByRole("link", { name: /^Settings\W+unsaved changes$/ }).waitFor();
    expect(await fits()).toBe(true);
    await page.close();
  });
});
