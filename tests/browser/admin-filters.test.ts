// The dashboard's filters in real Chromium against `wrangler dev`: the queue searched by one author (an exact name,
// or an e-mail address the queue only shows masked), alone or with text; the threads with comments waiting; hostile
// names and keys shown as text; the bans and the audit log empty, or emptied by a filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, HOST, launchBrowser, openAdmin, postComment, queueItem, signIn, tab, uniq, type Browser } from "./admin-harness";

let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

describe.skipIf(!chromiumPath)("searching the queue by author", () => {
  it("finds one author's comments by e-mail address (any case, spaces around) or exact name, in every tab, with text too", async () => {
    const site = await createSite("dash-author", { moderation: "pre" });
    const thread = `author-${uniq()}`;
    const hostileName = `\u202E<script>alert(1)</script><img src=x onerror=alert(2)>${"n".repeat(20)}`;
    await postComment(site.id, thread, { body: `First troll post ${uniq()}`, authorName: "Troll", authorEmail: "troll@example.com" });
    const published = await postComment(site.id, thread, { body: `Second troll post ${uniq()}`, authorName: "Troll", authorEmail: "troll@example.com" });
    await api(`/sites/${site.id}/moderation/comments/${published.id}/approve`, { method: "POST", token: site.ownerToken });
    await postComment(site.id, thread, { body: `Same address, other name ${uniq()}`, authorName: "Someone", authorEmail: "troll@example.com" });
    await postComment(site.id, thread, { body: `Not the troll ${uniq()}`, authorName: "Trollish", authorEmail: "trollish@example.com" });
    const hostile = await postComment(site.id, thread, { body: `Hostile name ${uniq()}`, authorName: hostileName });

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await expect.poll(() => tab(page, "Pending").textContent(), { timeout: 10_000 }).toBe("Pending (4)");
    const author = page.getByLabel("Author (exact name or e-mail address)");
    const line = page.locator("admin-queue p.search");
    const items = page.locator("admin-queue article");

    // By e-mail address, as an owner pastes it: the comments of that address, whatever name they gave.
    await author.fill("  TROLL@Example.COM ");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain("2 comments in Pending are by “TROLL@Example.COM”; the counts on the tabs are of all comments.");
    expect(await items.count()).toBe(2);
    await queueItem(page, "First troll post").waitFor();
    await queueItem(page, "Same address, other name").waitFor();
    expect(await tab(page, "Pending").textContent()).toBe("Pending (4 in all)");
    // The search goes along to another tab.
    await tab(page, "Published").click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain("1 comment in Published is by “TROLL@Example.COM”");
    await queueItem(page, "Second troll post").waitFor();
    await tab(page, "Pending").click();

    // By name: the exact name in any case, not a name that starts with it.
    await author.fill("troll");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain("1 comment in Pending is by “troll”");
    await queueItem(page, "First troll post").waitFor();
    expect(await items.count()).toBe(1);

    // With text as well: both must hold.
    await page.getByLabel("Search comments").fill("same address");
    await author.fill("troll@example.com");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain("1 comment in Pending matches “same address” and is by “troll@example.com”");
    expect(await items.count()).toBe(1);

    // A hostile name, as the API keeps it, is searched for and shown as text.
    const stored = (await api<{ comments: { id: string; authorName: string }[] }>(`/sites/${site.id}/moderation/comments?status=pending`, { token: site.ownerToken })).comments.find(
      (c) => c.id == hostile.id,
    )!.authorName;
    await page.getByLabel("Search comments").fill("");
    await author.fill(stored);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain(`1 comment in Pending is by “${stored}”`);
    await queueItem(page, "Hostile name").waitFor();
    expect(await page.locator("admin-queue script, admin-queue img[src=x]").count()).toBe(0);
    // What was typed is isolated: an override in it turns only itself around.
    expect(await line.locator("bdi").textContent()).toBe(stored);

    // A pasted wall of 2,000 characters: the field takes what the API does, and the search says nothing matched.
    await author.fill("w".repeat(2000));
    expect((await author.inputValue()).length).toBe(254);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toContain(`No comments in Pending are by “${"w".repeat(254)}”`);
    expect(await page.locator("admin-queue [role=alert]").count()).toBe(0);

    await line.getByRole("button", { name: "Clear search" }).click();
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(4);
    expect(await author.inputValue()).toBe("");
    expect(await tab(page, "Pending").textContent()).toBe("Pending (4)");
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)("threads with comments waiting", () => {
  it("lists only the threads with comments waiting when asked, hostile keys as text, and says when there are none", async () => {
    const site = await createSite("dash-waiting", { moderation: "pre" });
    const hostile = `/<script>alert(1)</script>/\u202Eevil/${"k".repeat(200)}/`;
    // As the dashboard shows it: the override escaped, so that it turns no line around.
    const shown = hostile.replace("\u202E", "%E2%80%AE");
    const quiet = `quiet-${uniq()}`;
    const busy = `busy-${uniq()}`;
    const done = await postComment(site.id, quiet, { body: `Approved ${uniq()}`, authorName: "Done" });
    await api(`/sites/${site.id}/moderation/comments/${done.id}/approve`, { method: "POST", token: site.ownerToken });
    const waitingHere = await postComment(site.id, hostile, { body: `Waiting on a hostile key ${uniq()}`, authorName: "Held" });
    await postComment(site.id, busy, { body: `Waiting ${uniq()}`, authorName: "Held too" });

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    const content = page.locator("admin-content");
    const keys = content.locator("section[aria-labelledby=threads-h] tbody tr .key");
    await expect.poll(() => keys.allTextContents(), { timeout: 10_000 }).toEqual([busy, shown, quiet]);

    const only = content.getByLabel("Only threads with comments waiting");
    await only.check();
    await expect.poll(() => keys.allTextContents(), { timeout: 10_000 }).toEqual([busy, shown]);
    expect(await content.locator("script").count()).toBe(0);
    expect(await content.getByRole("link", { name: "1 waiting" }).count()).toBe(2);

    // Nothing waiting any more: the filter says so, rather than "No threads yet."
    for (const id of [waitingHere.id]) await api(`/sites/${site.id}/moderation/comments/${id}/approve`, { method: "POST", token: site.ownerToken });
    const others = await api<{ comments: { id: string }[] }>(`/sites/${site.id}/moderation/comments?status=pending`, { token: site.ownerToken });
    for (const c of others.comments) await api(`/sites/${site.id}/moderation/comments/${c.id}/reject`, { method: "POST", token: site.ownerToken });
    await only.uncheck();
    await expect.poll(() => keys.count(), { timeout: 10_000 }).toBe(3);
    await only.check();
    await expect.poll(() => keys.count(), { timeout: 10_000 }).toBe(0);
    await content.getByText("No thread has comments waiting.").waitFor();
    expect(await content.getByText("No threads yet.").count()).toBe(0);
    await only.uncheck();
    await expect.poll(() => keys.allTextContents(), { timeout: 10_000 }).toEqual([busy, shown, quiet]);
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)("thread keys that are percent-encoded paths", () => {
  it("shows a page path's letters as the page's address reads (café, not caf%C3%A9), its escapes of / and controls kept", async () => {
    const site = await createSite("dash-readable", { moderation: "pre" });
    const n = uniq();
    const cafe = `/2021/06/caf%C3%A9-${n}/`;
    const kept = `/a%20b%2Fc/x%E2%80%AEy-${n}/`;
    const held = await postComment(site.id, cafe, { body: `On the café page ${n}`, authorName: "Zoë" });
    await postComment(site.id, kept, { body: `On the kept page ${n}`, authorName: "Bo" });

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    const link = queueItem(page, "On the café page").locator(".key a");
    await expect.poll(() => link.textContent(), { timeout: 10_000 }).toBe(`/2021/06/café-${n}/`);
    expect(await link.getAttribute("href")).toBe(`${HOST}${cafe}#comment-${held.id}`);
    expect(await queueItem(page, "On the café page").locator(".key").getAttribute("title")).toBe(cafe);
    expect(await queueItem(page, "On the kept page").locator(".key a").textContent()).toBe(kept);

    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    const keys = page.locator("admin-content section[aria-labelledby=threads-h] tbody tr .key");
    await expect.poll(() => keys.allTextContents(), { timeout: 10_000 }).toEqual([kept, `/2021/06/café-${n}/`]);
    expect(await keys.last().getAttribute("title")).toBe(cafe);
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)("bans and the audit log with nothing in them", () => {
  it("say there is nothing yet, and that nothing matches only when a filter or search leaves no row", async () => {
    const site = await createSite("dash-empty-tables");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const nav = page.locator("parley-admin nav");
    await nav.getByRole("link", { name: "Bans" }).click();
    const bans = page.locator("admin-bans");
    await bans.getByText("No bans yet.", { exact: true }).waitFor();
    expect(await bans.getByText("No bans match.").count()).toBe(0);
    await nav.getByRole("link", { name: "Audit log" }).click();
    const audit = page.locator("admin-audit");
    await audit.getByText("Nothing in the audit log yet.", { exact: true }).waitFor();
    expect(await audit.getByText("No entries match.").count()).toBe(0);

    // With a ban (and so an entry), a search that finds neither says nothing matches.
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Troll" } });
    await nav.getByRole("link", { name: "Bans" }).click();
    await bans.getByText("Troll", { exact: true }).waitFor();
    await bans.getByLabel("Search").fill("nobody");
    await bans.getByText("No bans match.", { exact: true }).waitFor();
    await nav.getByRole("link", { name: "Audit log" }).click();
    await audit.locator("td", { hasText: "ban.create" }).waitFor();
    await audit.getByLabel("Search").fill("nobody");
    await audit.getByText("No entries match.", { exact: true }).waitFor();
    expect(await audit.getByText("Nothing in the audit log yet.").count()).toBe(0);
  });
});
