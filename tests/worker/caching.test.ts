import { describe, expect, it } from "vitest";
import { call, createSite, json, postComment, putArticle, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

async function readTwice(path: string, headers: Record<string, string> = {}) {
  const cold = await call(path, { headers });
  const warm = await call(path, { headers });
  return { cold, warm, body: await warm.json<any>() };
}

describe("cached public documents", () => {
  it("serves a repeated thread view from the cache without reading D1", async () => {
    const { id } = await createSite();
    await postComment(id, "t", { body: "cached" });
    const { cold, warm } = await readTwice(threadPath(id, "t"));
    expect(rowsRead(cold)).toBeGreaterThan(0);
    expect(rowsRead(warm)).toBe(0);
  });

  it("serves repeated counts and articles without reading D1", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { title: "Post", body: "Body" });
    const counts = await readTwice(`/sites/${id}/counts?threads=post,other`);
    expect(rowsRead(counts.warm)).toBe(0);
    const article = await readTwice(`/sites/${id}/articles/post`);
    expect(rowsRead(article.warm)).toBe(0);
    const list = await readTwice(`/sites/${id}/articles?limit=10`);
    expect(rowsRead(list.warm)).toBe(0);
    // A new article, and a deleted one, are in the very next list.
    await putArticle(id, ownerToken, "later", { title: "Later", body: "Body", publishedAt: "2030-01-01" });
    expect((await json(`/sites/${id}/articles?limit=10`, 200)).articles.map((a: any) => a.slug)).toEqual(["later", "post"]);
    await call(`/sites/${id}/articles/post`, { method: "DELETE", token: ownerToken });
    expect((await json(`/sites/${id}/articles?limit=10`, 200)).articles.map((a: any) => a.slug)).toEqual(["later"]);
  });

  it("shows a new comment on the very next read, in the thread, the counts and the article", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { title: "Post", body: "Body" });
    await readTwice(threadPath(id, "post"));
    await readTwice(`/sites/${id}/counts?threads=post`);
    await readTwice(`/sites/${id}/articles/post`);
    await postComment(id, "post", { body: "fresh" });
    expect((await json(threadPath(id, "post"), 200)).comments.map((c: any) => c.body[0].c[0].v)).toEqual(["fresh"]);
    expect((await json(`/sites/${id}/counts?threads=post`, 200)).counts.post).toBe(1);
    expect((await json(`/sites/${id}/articles/post`, 200)).commentCount).toBe(1);
  });

  it("shows a reader's edit and hides a reader's delete on the very next read", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postComment(id, "t", { body: "first words" });
    await readTwice(threadPath(id, "t"));
    await call(`/sites/${id}/comments/${comment.id}`, { method: "PATCH", token: editToken, body: { body: "second words" } });
    expect(JSON.stringify((await json(threadPath(id, "t"), 200)).comments)).toContain("second words");
    await call(`/sites/${id}/comments/${comment.id}`, { method: "DELETE", token: editToken });
    expect((await json(threadPath(id, "t"), 200)).comments).toEqual([]);
  });

  it("reflects moderation actions, pins and locks on the very next read", async () => {
    const { id, ownerToken } = await createSite();
    const { comment } = await postComment(id, "t", { body: "to be judged" });
    const other = (await postComment(id, "t", { body: "to be pinned" })).comment;
    await readTwice(threadPath(id, "t"));
    await call(`/sites/${id}/moderation/comments/${comment.id}/reject`, { method: "POST", token: ownerToken });
    let page = await json(threadPath(id, "t"), 200);
    expect(page.comments.map((c: any) => c.id)).toEqual([other.id]);
    expect(page.total).toBe(1);
    await call(`/sites/${id}/moderation/comments/${comment.id}/approve`, { method: "POST", token: ownerToken });
    await call(`/sites/${id}/moderation/comments/${other.id}/pin`, { method: "POST", token: ownerToken });
    page = await json(threadPath(id, "t"), 200);
    expect(page.comments.map((c: any) => c.id)).toEqual([other.id, comment.id]);
    await call(`/sites/${id}/threads/t`, { method: "PUT", token: ownerToken, body: { locked: true } });
    expect((await json(threadPath(id, "t"), 200)).thread.locked).toBe(true);
  });

  it("shows a settings change on the very next read of the site", async () => {
    const { id, ownerToken } = await createSite();
    await readTwice(`/sites/${id}`);
    await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { links: [{ network: "rss", url: "https://blog.example.com/feed" }] } });
    expect((await json(`/sites/${id}`, 200)).links).toEqual([{ network: "rss", url: "https://blog.example.com/feed" }]);
  });

  it("never lets a pending comment into the shared cache, while its author still sees it", async () => {
    const { id } = await createSite({ moderation: "pre" });
    const { comment, editToken } = await postComment(id, "t", { body: "awaiting" });
    const own = { "X-Parley-Own": `${comment.id}:${editToken}` };
    const mine = await json(threadPath(id, "t"), 200, { headers: own });
    expect(mine.own.map((c: any) => c.id)).toEqual([comment.id]);
    const theirs = await readTwice(threadPath(id, "t"));
    expect(theirs.body.own).toEqual([]);
    expect(JSON.stringify(theirs.body)).not.toContain("awaiting");
    // The author's view is computed per request, even when the shared part is cached.
    expect((await json(threadPath(id, "t"), 200, { headers: own })).own.map((c: any) => c.id)).toEqual([comment.id]);
  });

  it("keeps a shadow-banned author's comment out of everyone else's next read", async () => {
    const { id, ownerToken } = await createSite();
    await call(`/sites/${id}/bans`, { method: "POST", token: ownerToken, body: { type: "name", value: "Shadowed", mode: "shadow" } });
    await readTwice(threadPath(id, "t"));
    const res = await call(threadPath(id, "t"), { body: { body: "from the shadows", authorName: "Shadowed" } });
    expect(res.status).toBe(201);
    const { comment, editToken } = await res.json<any>();
    expect(comment.status).toBe("published");
    expect((await json(threadPath(id, "t"), 200)).comments).toEqual([]);
    expect((await json(threadPath(id, "t"), 200, { headers: { "X-Parley-Own": `${comment.id}:${editToken}` } })).own).toHaveLength(1);
  });

  it("gives every reader a fresh form token even from a cached page", async () => {
    const { id } = await createSite();
    const { cold, body } = await readTwice(threadPath(id, "t"));
    const first = (await cold.json<any>()).formToken;
    expect(body.formToken).not.toBe(first);
  });
});

describe("ETags on public documents", () => {
  it("answers a revalidation with 304 while nothing changed, and 200 with a new body after a write", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { title: "Post", body: "Body" });
    for (const path of [`/sites/${id}`, `/sites/${id}/articles/post`, `/sites/${id}/counts?threads=post`, `/sites/${id}/articles`]) {
      const first = await call(path);
      const tag = first.headers.get("ETag");
      expect(tag, path).toBeTruthy();
      expect(first.headers.get("Cache-Control")).toBe("no-cache");
      const again = await call(path, { headers: { "If-None-Match": tag ?? "" } });
      expect(again.status, path).toBe(304);
    }
    const before = (await call(`/sites/${id}/counts?threads=post`)).headers.get("ETag") ?? "";
    await postComment(id, "post", { body: "changes the count" });
    const after = await call(`/sites/${id}/counts?threads=post`, { headers: { "If-None-Match": before } });
    expect(after.status).toBe(200);
    expect((await after.json<any>()).counts.post).toBe(1);
  });
});
