// The dashboard's article editor in real Chromium against `wrangler dev`: a save keeps what the editor does not
// show (the article's social links, its date) and what it shows besides the text (the image); a new article does
// not replace one of the same slug; Close with unsaved changes and Delete article ask first, and the keyboard then
// goes to the section's heading. A site with more articles than one page lists the rest with More articles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, focusedElement, launchBrowser, openAdmin, signIn, type Browser } from "./admin-harness";

describe.skipIf(!chromiumPath)("articles in the dashboard", () => {
  let owner: Browser;

  beforeAll(async () => {
    owner = await launchBrowser();
  });
  afterAll(async () => {
    await owner?.close();
  });

  it("saves an edited article with its image, links and date as they were, and a changed image", async () => {
    const site = await createSite("dash-article-keep");
    const links = [
      { network: "youtube", url: "https://www.youtube.com/watch?v=abc" },
      { network: "mastodon", url: "https://mastodon.social/@zoë" },
    ];
    const url = "https://blog.example.com/2021/03/with-links/";
    const article = { title: "With links", body: "The text.", image: "https://blog.example.com/cover.png", links, publishedAt: "2021-03-04T05:06:07Z", url };
    await api(`/sites/${site.id}/articles/with-links`, { method: "PUT", token: site.ownerToken, body: article, expect: 201 });
    // As the worker stores them: as the URL parser spells them (@zoë percent-encoded).
    const stored = links.map((l) => ({ ...l, url: new URL(l.url).href }));
    expect(stored[1].url).toBe("https://mastodon.social/@zo%C3%AB");

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    await page.getByRole("button", { name: "Edit With links" }).click();
    expect(await page.getByLabel("Image (optional)").inputValue()).toBe(article.image);
    expect(await page.getByLabel("Address on your blog (optional)").inputValue()).toBe(url);
    expect(await page.locator("admin-content form .hint", { hasText: "social links" }).textContent()).toMatch(
      /^Its 2 social links \(youtube, mastodon\)\s+are kept as they are: the CLI and the API change them\.$/,
    );
    await page.getByLabel("Body (markdown)").fill("The text, edited.");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("admin-content [role=status]").textContent(), { timeout: 10_000 }).toBe("Published “With links”.");
    const saved = await api<any>(`/sites/${site.id}/articles/with-links/source`, { token: site.ownerToken });
    expect(saved.article).toMatchObject({ body: "The text, edited.", image: article.image, links: stored, publishedAt: "2021-03-04T05:06:07.000Z", url });

    // The address on the blog is the editor's to change: a wrong one is refused under its field.
    const address = page.getByLabel("Address on your blog (optional)");
    await address.fill("blog.example.com/moved/");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => address.getAttribute("aria-invalid"), { timeout: 10_000 }).toBe("true");
    await address.fill("https://blog.example.com/moved/");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await api<any>(`/sites/${site.id}/articles/with-links/source`, { token: site.ownerToken })).article.url, { timeout: 10_000 }).toBe(
      "https://blog.example.com/moved/",
    );

    // The image is the editor's to change, or to clear.
    await page.getByLabel("Image (optional)").fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await api<any>(`/sites/${site.id}/articles/with-links/source`, { token: site.ownerToken })).article.image, { timeout: 10_000 }).toBeNull();
    expect((await api<any>(`/sites/${site.id}/articles/with-links/source`, { token: site.ownerToken })).article.links).toEqual(stored);
    expect(pageErrors).toEqual([]);
  });

  it("refuses a new article whose slug the site has, and asks before closing unsaved changes or deleting", async () => {
    const site = await createSite("dash-article-guard");
    await api(`/sites/${site.id}/articles/hello-world`, { method: "PUT", token: site.ownerToken, body: { title: "The original", body: "Kept." }, expect: 201 });
    const { page, pageErrors } = await openAdmin(owner);
    const asked: string[] = [];
    let answer = false;
    page.on("dialog", (d) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    await page.locator("admin-content").getByRole("button", { name: "New article" }).click();
    await page.getByLabel("Slug").fill("hello-world");
    await page.getByLabel("Title").fill("Overwritten?");
    await page.getByLabel("Body (markdown)").fill("No.");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect
      .poll(() => page.locator("admin-content #e-slug").textContent(), { timeout: 10_000 })
      .toBe("The site has an article with this slug: open it with its Edit button, or choose another slug.");
    expect((await api<any>(`/sites/${site.id}/articles/hello-world/source`, { token: site.ownerToken })).article).toMatchObject({ title: "The original", body: "Kept." });

    // Close with changes not saved asks; dismissed, the draft stays.
    await page.getByRole("button", { name: "Close" }).click();
    expect(asked).toEqual(["Close without saving? Your changes to the new article are lost."]);
    expect(await page.getByLabel("Title").inputValue()).toBe("Overwritten?");
    answer = true;
    await page.getByRole("button", { name: "Close" }).click();
    await expect.poll(() => page.locator("admin-content form").count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe("h2");

    // An article opened and closed unchanged closes at once; Delete article asks, dismissed deletes nothing.
    await page.getByRole("button", { name: "Edit The original" }).click();
    await page.getByRole("button", { name: "Close" }).click();
    await expect.poll(() => page.locator("admin-content form").count()).toBe(0);
    expect(asked).toHaveLength(2);
    await page.getByRole("button", { name: "Edit The original" }).click();
    answer = false;
    await page.getByRole("button", { name: "Delete article" }).click();
    expect(asked[2]).toBe("Delete the article “The original”? Readers no longer see it, and this cannot be undone.");
    await api(`/sites/${site.id}/articles/hello-world`, { expect: 200 });
    answer = true;
    await page.getByRole("button", { name: "Delete article" }).click();
    await expect.poll(() => page.locator("admin-content [role=status]").textContent(), { timeout: 10_000 }).toBe("Deleted hello-world.");
    await api(`/sites/${site.id}/articles/hello-world`, { expect: 404 });
    await expect.poll(() => focusedElement(page), { timeout: 10_000 }).toBe("h2");
    expect(pageErrors).toEqual([]);
  });

  it("clears a field's error as that field is edited: a refused slug corrected says nothing until Publish", async () => {
    const site = await createSite("dash-article-stale");
    const { page, pageErrors } = await openAdmin(owner);
    const failedReads: string[] = [];
    page.on("response", (r) => void (r.status() >= 400 && r.request().method() == "GET" && failedReads.push(r.url())));
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    await page.locator("admin-content").getByRole("button", { name: "New article" }).click();
    const slug = page.getByLabel("Slug");
    await slug.fill("Bad Slug!");
    await page.getByLabel("Title").fill("Second post");
    await page.getByLabel("Body (markdown)").fill("Text.");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.locator("admin-content #e-slug").textContent(), { timeout: 10_000 }).toMatch(/^Use 1-128 letters/);
    expect(await slug.getAttribute("aria-invalid")).toBe("true");

    await slug.fill("second-post");
    expect(await page.locator("admin-content #e-slug").count()).toBe(0);
    expect(await slug.getAttribute("aria-invalid")).toBe("false");
    expect(await page.locator("admin-content #h-slug").textContent()).toContain("The article's address and thread key");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.locator("admin-content [role=status]").textContent(), { timeout: 10_000 }).toBe("Published “Second post”.");
    // A new article is published create-only (If-None-Match: *): no read of its slug first, whose 404 the console shows.
    expect(failedReads).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("lists the articles after the first 100 with More articles, the keyboard on the first one it brings", async () => {
    const site = await createSite("dash-article-more");
    // 107 articles, a day apart: the newest, number 107, comes first.
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString();
    for (let batch = 0; batch < 107; batch += 10) {
      const numbers = Array.from({ length: Math.min(10, 107 - batch) }, (_, i) => batch + i + 1);
      await Promise.all(
        numbers.map((n) =>
          api(`/sites/${site.id}/articles/post-${n}`, { method: "PUT", token: site.ownerToken, body: { title: `Post ${n}`, body: "Text.", publishedAt: day(n) }, expect: 201 }),
        ),
      );
    }
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Threads & articles", exact: true }).click();
    const titles = page.locator("admin-content section[aria-labelledby=articles-h] tbody tr td:first-child");
    await expect.poll(() => titles.count()).toBe(100);
    expect(await titles.last().textContent()).toBe("Post 8");

    await page.getByRole("button", { name: "More articles" }).click();
    await expect.poll(() => titles.count()).toBe(107);
    expect(await titles.allTextContents()).toEqual(Array.from({ length: 107 }, (_, i) => `Post ${107 - i}`));
    // The last page is in: its button goes, and the keyboard is on the first article it brought, not the page.
    expect(await page.getByRole("button", { name: "More articles" }).count()).toBe(0);
    await expect.poll(() => page.locator("admin-content").evaluate((e) => e.shadowRoot!.activeElement?.getAttribute("aria-label"))).toBe("Edit Post 7");
    expect(pageErrors).toEqual([]);
  });
});
