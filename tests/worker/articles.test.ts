import { describe, expect, it } from "vitest";
import { call, createSite, env, expectError, expectInvalid, json, lockThread, postComment, putArticle } from "./helpers";

/** Every piece of text in a document tree, in order. */
function textOf(node: unknown): string {
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object") {
    const n = node as Record<string, unknown>;
    if (n.t === "text" || n.t === "code") return String(n.v);
    if (n.t === "img") return String(n.alt);
    return textOf(n.c ?? n.items ?? []);
  }
  return "";
}

/** Every node of a document tree, depth first. */
function nodesOf(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(nodesOf);
  if (node && typeof node === "object") {
    const n = node as Record<string, unknown>;
    return [n, ...nodesOf(n.c ?? []), ...nodesOf(n.items ?? [])];
  }
  return [];
}

describe("PUT /sites/{site}/articles/{slug}", () => {
  it("publishes an article from markdown with 201", async () => {
    const { id, ownerToken } = await createSite();
    const links = [{ network: "youtube", url: "https://youtube.com/watch?v=abc" }];
    const res = await call(`/sites/${id}/articles/first-post`, {
      method: "PUT",
      token: ownerToken,
      body: {
        title: "First post",
        body: "Hello *world*.",
        author: "Ada",
        publishedAt: "2024-05-01T10:00:00Z",
        image: "https://images.example.com/cover.jpg",
        links,
      },
    });
    expect(res.status).toBe(201);
    const { article } = await res.json<any>();
    expect(article).toMatchObject({
      slug: "first-post",
      title: "First post",
      author: "Ada",
      publishedAt: "2024-05-01T10:00:00.000Z",
      image: "https://images.example.com/cover.jpg",
      links,
      commentCount: 0,
      locked: false,
      body: [{ t: "p", c: [{ t: "text", v: "Hello " }, { t: "em", c: [{ t: "text", v: "world" }] }, { t: "text", v: "." }] }],
    });
  });

  it("answers 200 to an update and keeps the publication date when none is sent", async () => {
    const { id, ownerToken } = await createSite();
    const first = await putArticle(id, ownerToken, "post", { title: "Draft title", publishedAt: "2023-01-02T03:04:05Z" });
    const updated = await putArticle(id, ownerToken, "post", { title: "Final title", body: "New text." }, 200);
    expect(updated.publishedAt).toBe(first.publishedAt);
    expect(updated.publishedAt).toBe("2023-01-02T03:04:05.000Z");
    expect(updated.title).toBe("Final title");
    expect(textOf(updated.body)).toBe("New text.");
    const fetched = await json(`/sites/${id}/articles/post`, 200);
    expect(fetched).toMatchObject({ title: "Final title", publishedAt: "2023-01-02T03:04:05.000Z" });
    const { articles } = await json(`/sites/${id}/articles`, 200);
    expect(articles.map((a: any) => a.title)).toEqual(["Final title"]);
  });

  it("publishes only a new article with If-None-Match: *, leaving one the site has as it was (409 ARTICLE_EXISTS)", async () => {
    const { id, ownerToken } = await createSite();
    const put = (title: string, headers: Record<string, string>) =>
      call(`/sites/${id}/articles/once`, { method: "PUT", token: ownerToken, body: { title, body: "Text." }, headers });
    expect((await put("The first", { "If-None-Match": "*" })).status).toBe(201);
    const again = await expectError(await put("The second", { "If-None-Match": "*" }), 409, "ARTICLE_EXISTS");
    expect(again.message).toContain('"once"');
    expect((await json(`/sites/${id}/articles/once`, 200)).title).toBe("The first");
    // An entity tag would ask for a check the API does not make: refused, not ignored.
    await expectInvalid(await put("The third", { "If-None-Match": '"abc"' }), "if-none-match");
    expect((await put("The fourth", {})).status).toBe(200);
    expect((await json(`/sites/${id}/articles/once`, 200)).title).toBe("The fourth");
    const audit = await json(`/sites/${id}/audit?limit=10`, 200, { token: ownerToken });
    expect(audit.entries.map((e: any) => e.action)).toEqual(["article.update", "article.create"]);
  });

  it("moves the publication date when an update sends one", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { publishedAt: "2023-01-01T00:00:00Z" });
    const updated = await putArticle(id, ownerToken, "post", { publishedAt: "2024-02-02T12:00:00+02:00" }, 200);
    expect(updated.publishedAt).toBe("2024-02-02T10:00:00.000Z");
  });

  it("takes a plain date as publishedAt, meaning midnight UTC of that day", async () => {
    const { id, ownerToken } = await createSite();
    const article = await putArticle(id, ownerToken, "dated", { publishedAt: "2024-05-01" });
    expect(article.publishedAt).toBe("2024-05-01T00:00:00.000Z");
    for (const publishedAt of ["2024-13-01", "2024-05-01T", "May 1, 2024", "20240501"]) {
      const res = await call(`/sites/${id}/articles/bad-date`, { method: "PUT", token: ownerToken, body: { title: "T", body: "B", publishedAt } });
      const error = await expectInvalid(res, "publishedAt");
      expect(error.details?.find((d) => d.field === "publishedAt")?.message, publishedAt).toMatch(/date \(2024-05-01\) or date-time/);
    }
  });

  it("dates a new article without publishedAt now", async () => {
    const { id, ownerToken } = await createSite();
    const before = Date.now();
    const article = await putArticle(id, ownerToken, "now", {});
    expect(Date.parse(article.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(article.publishedAt)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it.each([
    ["a missing title", { body: "x" }, "title"],
    ["an empty body", { title: "T", body: "  " }, "body"],
    ["a date that is not ISO 8601", { title: "T", body: "x", publishedAt: "yesterday" }, "publishedAt"],
    ["an http image", { title: "T", body: "x", image: "http://images.example.com/a.jpg" }, "image"],
    ["an unknown field", { title: "T", body: "x", draft: true }, "draft"],
  ])("rejects %s", async (_, body, field) => {
    const { id, ownerToken } = await createSite();
    await expectInvalid(await call(`/sites/${id}/articles/post`, { method: "PUT", token: ownerToken, body }), field);
    await expectError(await call(`/sites/${id}/articles/post`), 404, "ARTICLE_NOT_FOUND");
  });

  it("rejects a slug with characters outside the allowed set", async () => {
    const { id, ownerToken } = await createSite();
    const res = await call(`/sites/${id}/articles/${encodeURIComponent("no spaces")}`, { method: "PUT", token: ownerToken, body: { title: "T", body: "x" } });
    await expectInvalid(res, "slug");
  });
});

describe("GET /sites/{site}/articles/{slug}", () => {
  const MARKDOWN = [
    "# Big heading",
    "",
    "Intro with [a link](https://example.com/a) and [a trap](javascript:alert(1)).",
    "",
    "![A photo](https://images.example.com/p.jpg)",
    "",
    "<script>alert(1)</script>",
    "",
    "Inline <b onclick=\"x()\">bold</b> stays text.",
  ].join("\n");

  it("renders the markdown to a document tree with headings, images and safe links", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "rich", { body: MARKDOWN });
    const { body } = await json(`/sites/${id}/articles/rich`, 200);
    expect(body[0]).toEqual({ t: "h", level: 2, c: [{ t: "text", v: "Big heading" }] });
    expect(body[1].t).toBe("p");
    expect(textOf(body[1])).toBe("Intro with a link and a trap.");
    expect(nodesOf(body[1]).filter((n) => n.t === "a")).toEqual([{ t: "a", href: "https://example.com/a", c: [{ t: "text", v: "a link" }] }]);
    expect(body[2]).toEqual({ t: "p", c: [{ t: "img", src: "https://images.example.com/p.jpg", alt: "A photo" }] });
    expect(body[3]).toEqual({ t: "p", c: [{ t: "text", v: "<script>alert(1)</script>" }] });
    expect(body[4]).toEqual({ t: "p", c: [{ t: "text", v: 'Inline <b onclick="x()">bold</b> stays text.' }] });
    expect(body).toHaveLength(5);
    expect(JSON.stringify(body)).not.toContain("javascript:");
  });

  it("gives comments no headings or images for the same markdown", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: MARKDOWN });
    const types = nodesOf(comment.body).map((n) => n.t);
    expect(types).not.toContain("h");
    expect(types).not.toContain("img");
    expect(comment.body[0]).toEqual({ t: "p", c: [{ t: "strong", c: [{ t: "text", v: "Big heading" }] }] });
    expect(comment.body[2]).toEqual({ t: "p", c: [{ t: "text", v: "A photo" }] });
  });

  it("counts the published comments of the article's thread, replies included", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "talked-about", {});
    const { comment } = await postComment(id, "talked-about", { body: "First" });
    await postComment(id, "talked-about", { body: "Reply", parentId: comment.id });
    await postComment(id, "talked-about", { body: "Second" });
    await postComment(id, "elsewhere", { body: "Not this thread" });
    const article = await json(`/sites/${id}/articles/talked-about`, 200);
    expect(article.commentCount).toBe(3);
    expect(article.locked).toBe(false);
  });

  it("shows that the article's thread is locked", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "closed", {});
    await lockThread(id, "closed");
    expect((await json(`/sites/${id}/articles/closed`, 200)).locked).toBe(true);
  });

  it("answers 404 ARTICLE_NOT_FOUND for an unknown slug", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/articles/never-written`), 404, "ARTICLE_NOT_FOUND");
  });
});

describe("GET /sites/{site}/articles", () => {
  async function siteWithArticles(dates: Record<string, string>) {
    const site = await createSite();
    for (const [slug, publishedAt] of Object.entries(dates)) {
      await putArticle(site.id, site.ownerToken, slug, { publishedAt, author: "Ada", body: "Long body that the list leaves out." });
    }
    return site;
  }

  it("lists article summaries newest first", async () => {
    const { id } = await siteWithArticles({ middle: "2024-02-01T00:00:00Z", oldest: "2024-01-01T00:00:00Z", newest: "2024-03-01T00:00:00Z" });
    const list = await json(`/sites/${id}/articles`, 200);
    expect(list.articles.map((a: any) => a.slug)).toEqual(["newest", "middle", "oldest"]);
    expect(list.articles[0]).toEqual({ slug: "newest", title: "Article newest", author: "Ada", publishedAt: "2024-03-01T00:00:00.000Z", image: null });
    expect(list.nextCursor).toBeNull();
  });

  it("pages with a cursor until nextCursor is null", async () => {
    const { id } = await siteWithArticles({
      a: "2024-01-01T00:00:00Z",
      b: "2024-01-02T00:00:00Z",
      c: "2024-01-03T00:00:00Z",
      d: "2024-01-04T00:00:00Z",
      e: "2024-01-05T00:00:00Z",
    });
    const first = await json(`/sites/${id}/articles?limit=2`, 200);
    expect(first.articles.map((a: any) => a.slug)).toEqual(["e", "d"]);
    expect(typeof first.nextCursor).toBe("string");
    const second = await json(`/sites/${id}/articles?limit=2&cursor=${first.nextCursor}`, 200);
    expect(second.articles.map((a: any) => a.slug)).toEqual(["c", "b"]);
    const last = await json(`/sites/${id}/articles?limit=2&cursor=${second.nextCursor}`, 200);
    expect(last.articles.map((a: any) => a.slug)).toEqual(["a"]);
    expect(last.nextCursor).toBeNull();
  });

  it("gives no cursor when the page size equals the number of articles", async () => {
    const { id } = await siteWithArticles({ a: "2024-01-01T00:00:00Z", b: "2024-01-02T00:00:00Z", c: "2024-01-03T00:00:00Z" });
    const page = await json(`/sites/${id}/articles?limit=3`, 200);
    expect(page.articles).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
  });

  it("pages through articles published at the same instant without skipping or repeating", async () => {
    const same = "2024-06-01T00:00:00Z";
    const { id } = await siteWithArticles({ x: same, y: same, z: same });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await json(`/sites/${id}/articles?limit=1${cursor ? `&cursor=${cursor}` : ""}`, 200);
      seen.push(...page.articles.map((a: any) => a.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["z", "y", "x"]);
  });

  it("lists nothing for a site without articles", async () => {
    const { id } = await createSite();
    expect(await json(`/sites/${id}/articles`, 200)).toEqual({ articles: [], nextCursor: null });
  });

  it.each([
    ["a garbage cursor", "cursor=not-a-cursor!!"],
    ["a cursor of well-formed base64 that is not ours", `cursor=${btoa("hello world")}`],
    ["a limit of 0", "limit=0"],
    ["a limit of 101", "limit=101"],
    ["an unknown parameter", "page=2"],
  ])("answers 400 VALIDATION_FAILED to %s", async (_, query) => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/articles?${query}`), 400, "VALIDATION_FAILED");
  });
});

describe("DELETE /sites/{site}/articles/{slug}", () => {
  it("deletes an article with 204, after which it answers 404 ARTICLE_NOT_FOUND and leaves the list", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "doomed", {});
    await putArticle(id, ownerToken, "kept", {});
    const res = await call(`/sites/${id}/articles/doomed`, { method: "DELETE", token: ownerToken });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await call(`/sites/${id}/articles/doomed`), 404, "ARTICLE_NOT_FOUND");
    const { articles } = await json(`/sites/${id}/articles`, 200);
    expect(articles.map((a: any) => a.slug)).toEqual(["kept"]);
    const row = await env.DB.prepare("SELECT slug FROM articles WHERE site_id = ?1 AND slug = ?2").bind(id, "doomed").first();
    expect(row).toBeNull();
  });

  it("answers 404 ARTICLE_NOT_FOUND to deleting an article twice or one that never was", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "once", {});
    expect((await call(`/sites/${id}/articles/once`, { method: "DELETE", token: ownerToken })).status).toBe(204);
    await expectError(await call(`/sites/${id}/articles/once`, { method: "DELETE", token: ownerToken }), 404, "ARTICLE_NOT_FOUND");
    await expectError(await call(`/sites/${id}/articles/never`, { method: "DELETE", token: ownerToken }), 404, "ARTICLE_NOT_FOUND");
  });

  it("takes the article's thread along while it holds no comment and no lock; one with comments stays listed", async () => {
    const { id, ownerToken } = await createSite();
    for (const slug of ["quiet", "talked", "locked"]) await putArticle(id, ownerToken, slug, {});
    await postComment(id, "talked", { body: "Said before it went.", authorName: "Ann" });
    await lockThread(id, "locked");
    for (const slug of ["quiet", "talked", "locked"]) expect((await call(`/sites/${id}/articles/${slug}`, { method: "DELETE", token: ownerToken })).status).toBe(204);
    const { threads } = await json(`/sites/${id}/threads`, 200, { token: ownerToken });
    expect(threads.map((t: any) => t.key).sort()).toEqual(["locked", "talked"]);
    expect((await json(`/sites/${id}/threads/talked/comments`, 200)).comments).toHaveLength(1);
  });

  it("lets the slug be published again after deletion", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "phoenix", { title: "First life" });
    await call(`/sites/${id}/articles/phoenix`, { method: "DELETE", token: ownerToken });
    const again = await putArticle(id, ownerToken, "phoenix", { title: "Second life" }, 201);
    expect(again.title).toBe("Second life");
  });
});
