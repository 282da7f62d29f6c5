// The audit log's Change column in real Chromium against `wrangler dev`: a line per field that changed, "field:
// before → after", never the stored JSON; hostile values (markup, right-to-left text, a long list) as text,
// isolated, and a long value cut with the whole of it in its title.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, launchBrowser, openAdmin, postComment, signIn, uniq, type Browser } from "./admin-harness";

let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

describe.skipIf(!chromiumPath)("the audit log's Change column", () => {
  it("shows each changed field as before → after, as text, and what a removal took", async () => {
    const site = await createSite("dash-audit-change");
    // Right-to-left text beside markup (an override the API strips from every text it stores).
    const hostileName = `<script>alert(1)</script><img src=x onerror=alert(2)> שלום`;
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`.padEnd(12, "x"));
    await api(`/sites/${site.id}`, {
      method: "PATCH",
      token: site.ownerToken,
      body: { name: hostileName, blockedWords: words, moderation: "pre", rateLimits: { readerPerMinute: 9, threadPerMinute: 0, sitePerMinute: 0 } },
    });
    const thread = `audit-${uniq()}`;
    const held = await postComment(site.id, thread, { body: `Held ${uniq()}`, authorName: "Held" });
    await api(`/sites/${site.id}/moderation/comments/${held.id}/approve`, { method: "POST", token: site.ownerToken });
    await api(`/sites/${site.id}/threads/${encodeURIComponent(thread)}`, { method: "PUT", token: site.ownerToken, body: { locked: true } });
    const { ban } = await api<{ ban: { id: string } }>(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Troll <b>bold</b>", reason: "Spam" } });
    await api(`/sites/${site.id}/bans/${ban.id}`, { method: "DELETE", token: site.ownerToken });

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Audit log", exact: true }).click();
    const audit = page.locator("admin-audit");
    const change = (action: string) => audit.locator("tbody tr", { has: page.locator("td", { hasText: new RegExp(`^${action.replace(".", "\\.")}$`) }) }).locator("ul.change li");
    await expect.poll(() => change("site.update").count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const site_ = await change("site.update").allTextContents();
    expect(site_).toContain(`name: Test blog ${site.id} → ${hostileName}`);
    expect(site_).toContain("moderation: post → pre");
    expect(site_).toContain("rateLimits.readerPerMinute: 0 → 9");
    // Only what changed: the other rate limits stayed as they were.
    expect(site_.some((l) => l.startsWith("rateLimits.threadPerMinute"))).toBe(false);
    // A long value is cut, the whole of it in its title.
    const list = change("site.update").filter({ hasText: /^blockedWords: / });
    const joined = words.join(", ");
    expect(await list.textContent()).toBe(`blockedWords: (none) → ${joined.slice(0, 199)}…`);
    expect(await list.locator("bdi").last().getAttribute("title")).toBe(joined);
    // Markup stays text, and right-to-left text is isolated in its own value.
    expect(await audit.locator("script, img, b").count()).toBe(0);
    expect(await change("site.update").filter({ hasText: /^name: / }).locator("bdi").last().textContent()).toBe(hostileName);

    expect(await change("comment.approve").allTextContents()).toEqual(["status: pending → published"]);
    expect(await change("thread.lock").allTextContents()).toEqual(["locked: false → true"]);
    // What a removal took, as it was (markup in the banned name as text).
    const removed = audit.locator("tbody tr", { has: page.locator("td", { hasText: /^ban\.delete$/ }) });
    expect(await removed.getByText("Removed:").count()).toBe(1);
    expect(await removed.locator("ul.change li").allTextContents()).toEqual(expect.arrayContaining(["reason: Spam", "type: name", "mode: visible"]));
    // No stored JSON anywhere in the column.
    for (const text of await audit.locator("tbody td ul.change").allTextContents()) expect(text).not.toMatch(/[{"]/);
    expect(pageErrors).toEqual([]);
  });
});
