// Settings → Backup in real Chromium against `wrangler dev`: Download backup saves the site's export document, read
// part by part as `parley export` reads it, under a dated file name; hostile text travels as data, no secret with it.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, launchBrowser, openAdmin, postComment, publishArticle, signIn, uniq, type Browser } from "./admin-harness";

let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

describe.skipIf(!chromiumPath)("downloading a backup", () => {
  it("saves the whole export as one dated JSON file, the same items the API exports, hostile text as data", async () => {
    const site = await createSite("dash-backup");
    const slug = `backup-${uniq()}`;
    await publishArticle(site, slug, { title: "Backed up", body: "Text." });
    const hostileName = `<script>alert(1)</script>${"n".repeat(40)}`;
    const hostileBody = `<img src=x onerror=alert(1)> \u202Eevil ${"b".repeat(2000)}`;
    await postComment(site.id, slug, { body: hostileBody, authorName: hostileName, authorEmail: "reader@example.com" });
    await postComment(site.id, slug, { body: `Second ${uniq()}`, authorName: "Second" });
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Troll", reason: "Spam" } });
    const { secret } = await api<{ secret: string }>(`/sites/${site.id}/webhooks`, {
      token: site.ownerToken,
      body: { url: `http://127.0.0.1:9/hook?site=${site.id}`, events: ["comment.created"] },
      expect: 201,
    });

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const settings = page.locator("admin-settings");
    const [download] = await Promise.all([page.waitForEvent("download"), settings.getByRole("button", { name: "Download backup" }).click()]);
    const today = new Date().toISOString().slice(0, 10);
    expect(download.suggestedFilename()).toBe(`${site.id}-${today}.json`);
    const text = await readFile((await download.path())!, "utf8");
    const doc = JSON.parse(text);
    await expect
      .poll(() => settings.locator("section[aria-labelledby=backup-h] [role=status]").textContent())
      .toBe(`Saved ${site.id}-${today}.json: 1 article, 1 thread, 2 comments, 1 ban, 1 webhook.`);

    // The document `parley export` writes: the head, then every part, as the API pages them.
    expect(doc.version).toBe(1);
    expect(doc.exportedAt.slice(0, 10)).toBe(today);
    expect(Object.keys(doc)).toEqual(["version", "exportedAt", "site", "articles", "threads", "comments", "bans", "webhooks"]);
    for (const part of ["articles", "threads", "comments", "bans", "webhooks"]) {
      const page1 = await api<{ items: unknown[] }>(`/sites/${site.id}/export?part=${part}`, { token: site.ownerToken });
      expect(doc[part], part).toEqual(page1.items);
    }
    expect(doc.articles.map((a: { slug: string }) => a.slug)).toEqual([slug]);
    const hostile = doc.comments.find((c: { authorName: string }) => c.authorName == hostileName);
    expect(hostile.body).toContain("<img src=x onerror=alert(1)>");
    // Never a secret, nor a raw address.
    expect(text).not.toContain(secret);
    expect(text).not.toContain("reader@example.com");
    expect(pageErrors).toEqual([]);
  });
});
