/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../worker/dev/seed";
import articleText from "../../worker/dev/seed-article.txt?raw";
import { call, env, expectError, json } from "./helpers";

const SITE = "demo";
const SLUG = "us-airstrikes-iran-backed-militias";
const DEV_OWNER = "dev-owner-token";

async function snapshot() {
  // Only the stored state: a page may also carry per-request fields (such as a fresh form token).
  const { thread: meta, comments, total } = await json(`/sites/${SITE}/threads/${SLUG}/comments`, 200);
  const thread = { meta, comments, total };
  const rows = await env.DB.prepare("SELECT id, parent_id, created_at FROM comments WHERE site_id = ?1 ORDER BY id").bind(SITE).all();
  const sites = await env.DB.prepare("SELECT COUNT(*) AS n FROM sites").first<number>("n");
  const articles = await env.DB.prepare("SELECT slug, updated_at FROM articles WHERE site_id = ?1").bind(SITE).all();
  return { thread, rows: rows.results, sites, articles: articles.results };
}

describe("seedDemo", () => {
  let first: Awaited<ReturnType<typeof snapshot>>;
  let second: Awaited<ReturnType<typeof snapshot>>;

  // Storage is shared within this file, so the demo site is seeded once, twice over, for every test.
  beforeAll(async () => {
    await seedDemo(env, articleText, { origins: [] });
    first = await snapshot();
    const result = await seedDemo(env, articleText, { origins: [] });
    expect(result).toMatchObject({ site: SITE, slug: SLUG, paragraphs: 8, comments: 4 });
    second = await snapshot();
  });

  it("creates the demo site with the blog's YouTube and Instagram links", async () => {
    const site = await json(`/sites/${SITE}`, 200);
    expect(site.name).toBe("The Parley Dispatch");
    expect(site.links.map((l: any) => l.network)).toEqual(["youtube", "instagram"]);
    for (const link of site.links) expect(link.url).toMatch(/^https:\/\/www\.(youtube|instagram)\.com\//);
  });

  it("publishes the article with its exact title and its 8 paragraphs", async () => {
    const article = await json(`/sites/${SITE}/articles/${SLUG}`, 200);
    expect(article.title).toBe("U.S. airstrikes on Iranian-backed militias");
    expect(article.body).toHaveLength(8);
    for (const block of article.body) {
      expect(block.t).toBe("p");
      expect(block.c.length).toBeGreaterThan(0);
    }
    expect(article.body[0].c[0].v).toMatch(/^In retaliation to drone attacks/);
    expect(article.body[7].c[0].v).toMatch(/Islamic State remnants in the country\.$/);
    expect(article.commentCount).toBe(4);
    expect(article.locked).toBe(false);
    expect(article.closed).toBe(false);
  });

  it("keeps the page furniture and the comments section out of the article", async () => {
    const res = await call(`/sites/${SITE}/articles/${SLUG}`);
    const text = (await res.text()).toLowerCase();
    expect(text).not.toContain("top of page");
    expect(text).not.toContain("bottom of page");
    const article = JSON.parse(text);
    const paragraphs = article.body.map((b: any) => b.c.map((i: any) => i.v ?? "").join(""));
    expect(paragraphs).not.toContain("comments");
    expect(paragraphs.some((p: string) => /youtube|instagram|•/.test(p))).toBe(false);
  });

  it("lists the article", async () => {
    const { articles } = await json(`/sites/${SITE}/articles`, 200);
    expect(articles.map((a: any) => a.slug)).toEqual([SLUG]);
  });

  it("seeds 4 comments, one of them a reply", async () => {
    const { thread } = second;
    expect(thread.total).toBe(4);
    expect(thread.comments).toHaveLength(3);
    const withReplies = thread.comments.filter((c: any) => c.replies.length > 0);
    expect(withReplies).toHaveLength(1);
    expect(withReplies[0].authorName).toBe("Maya Rahman");
    expect(withReplies[0].replies).toHaveLength(1);
    expect(withReplies[0].replies[0]).toMatchObject({ authorName: "Daniel Kovacs", parentId: withReplies[0].id });
    expect(second.rows).toHaveLength(4);
  });

  it("changes nothing when run again", () => {
    expect(second.rows).toEqual(first.rows);
    expect(second.thread).toEqual(first.thread);
    expect(second.articles).toEqual(first.articles);
    expect(second.sites).toBe(1);
  });

  it("accepts the dev owner token on the demo site's owner routes", async () => {
    const put = await call(`/sites/${SITE}/articles/dev-token-check`, {
      method: "PUT",
      token: DEV_OWNER,
      body: { title: "Check", body: "Written with the dev token." },
    });
    expect(put.status).toBe(201);
    expect((await call(`/sites/${SITE}/articles/dev-token-check`, { method: "DELETE", token: DEV_OWNER })).status).toBe(204);
    await expectError(await call(`/sites/${SITE}/articles/${SLUG}`, { method: "DELETE", token: "dev-admin-token" }), 401, "UNAUTHORIZED");
  });

  it("restores the dev owner token when it was rotated", async () => {
    const { ownerToken } = await json(`/sites/${SITE}/token`, 200, { method: "POST", token: DEV_OWNER });
    await expectError(await call(`/sites/${SITE}/token`, { method: "POST", token: DEV_OWNER }), 401, "UNAUTHORIZED");
    await seedDemo(env, articleText, { origins: [] });
    const put = await call(`/sites/${SITE}/articles/after-restore`, { method: "PUT", token: DEV_OWNER, body: { title: "Again", body: "x" } });
    expect(put.status).toBe(201);
    await expectError(await call(`/sites/${SITE}/token`, { method: "POST", token: ownerToken }), 401, "UNAUTHORIZED");
  });
});
