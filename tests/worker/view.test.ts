import { describe, expect, it } from "vitest";
import { call, createSite, expectError, json, postComment, putArticle, threadPath } from "./helpers";

describe("GET /sites/{site}/articles/{slug}/view", () => {
  it("answers the site, the article and the thread's first page in one request, as the three routes do", async () => {
    const { id, ownerToken } = await createSite({ links: [{ network: "website", url: "https://example.com" }] });
    await putArticle(id, ownerToken, "post", { title: "One request", body: "Body *text*." });
    const first = await postComment(id, "post", { body: "First!" });
    await postComment(id, "post", { body: "A reply.", parentId: first.comment.id });

    const view = await json(`/sites/${id}/articles/post/view?sort=newest`, 200);
    const [site, article, thread] = await Promise.all([
      json(`/sites/${id}`, 200),
      json(`/sites/${id}/articles/post`, 200),
      json(`${threadPath(id, "post")}?sort=newest`, 200),
    ]);
    expect(view.site).toEqual(site);
    expect(view.article).toEqual(article);
    const { formToken, ...page } = view.thread;
    const { formToken: otherToken, ...samePage } = thread;
    expect(page).toEqual(samePage);
    expect(page.sort).toBe("newest");
    expect(page.comments[0].replies[0].body).toEqual([{ t: "p", c: [{ t: "text", v: "A reply." }] }]);
    expect(formToken).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(formToken).not.toBe(otherToken);
  });

  it("is private like a thread page, and its form token posts a comment", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    const res = await call(`/sites/${id}/articles/post/view`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("vary")).toContain("X-Parley-Own");
    const view = await res.json<any>();
    const posted = await json(threadPath(id, "post"), 201, { body: { authorName: "Ann", body: "Hi", formToken: view.thread.formToken } });
    expect(posted.comment.status).toBe("published");
  });

  it("shows the reader's own held comment when they prove it", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    await putArticle(id, ownerToken, "post", {});
    const held = await postComment(id, "post", { body: "Held for review" });
    expect(held.comment.status).toBe("pending");
    const view = await json(`/sites/${id}/articles/post/view`, 200, { headers: { "x-parley-own": `${held.comment.id}:${held.editToken}` } });
    expect(view.thread.comments).toEqual([]);
    expect(view.thread.own.map((c: any) => c.id)).toEqual([held.comment.id]);
  });

  it("answers 404 ARTICLE_NOT_FOUND for a missing article and validates the query", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/articles/nope/view`), 404, "ARTICLE_NOT_FOUND");
    await expectError(await call(`/sites/${id}/articles/nope/view?sort=sideways`), 400, "VALIDATION_FAILED");
  });
});

describe("GET /sites/{site}/threads/{thread}/view", () => {
  it("answers the site and the thread's first page in one request, as the two routes do, with the reader's tag", async () => {
    const { id } = await createSite({ locale: "de" });
    const first = await postComment(id, "a/thread key", { body: "Erster!" });
    await postComment(id, "a/thread key", { body: "Antwort.", parentId: first.comment.id });
    const key = encodeURIComponent("a/thread key");
    const res = await call(`/sites/${id}/threads/${key}/view?sort=newest`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const view = await res.json<any>();
    const [site, thread] = await Promise.all([json(`/sites/${id}`, 200), json(`${threadPath(id, "a/thread key")}?sort=newest`, 200)]);
    expect(view.site).toEqual(site);
    expect(view.site.locale).toBe("de");
    const { formToken, ...page } = view.thread;
    const { formToken: _other, ...samePage } = thread;
    expect(page).toEqual(samePage);
    expect(view.article).toBeUndefined();
    // The tag is the one the reader route compares: no page comes back while it holds.
    const reader = await json(`/sites/${id}/threads/${key}/reader?sort=newest&since=${view.tag}`, 200);
    expect(reader.thread).toBeNull();
    // Its form token posts.
    const posted = await json(threadPath(id, "a/thread key"), 201, { body: { authorName: "Ann", body: "Hi", formToken } });
    expect(posted.comment.status).toBe("published");
  });

  it("shows an empty thread, the reader's own held comment, and refuses a bad query or an unknown site", async () => {
    const { id } = await createSite({ moderation: "pre" });
    const empty = await json(`/sites/${id}/threads/nobody-yet/view`, 200);
    expect(empty.thread.comments).toEqual([]);
    expect(empty.thread.total).toBe(0);
    const held = await postComment(id, "held", { body: "Held for review" });
    const view = await json(`/sites/${id}/threads/held/view`, 200, { headers: { "x-parley-own": `${held.comment.id}:${held.editToken}` } });
    expect(view.thread.own.map((c: any) => c.id)).toEqual([held.comment.id]);
    await expectError(await call(`/sites/${id}/threads/held/view?sort=sideways`), 400, "VALIDATION_FAILED");
    await expectError(await call(`/sites/no-such-site-here/threads/held/view`), 404, "SITE_NOT_FOUND");
  });
});

describe("GET /sites/{site}/threads/{thread}/reader", () => {
  it("gives a copy of a view its form token, and the page again only once it changed", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    await postComment(id, "post", { body: "Before the copy" });
    const view = await json(`/sites/${id}/articles/post/view`, 200);
    expect(view.tag).toMatch(/^[0-9a-f]{16}$/);

    const current = await json(`/sites/${id}/threads/post/reader?since=${view.tag}`, 200);
    expect(current).toMatchObject({ tag: view.tag, thread: null, own: [] });
    const posted = await json(threadPath(id, "post"), 201, { body: { authorName: "Ann", body: "With the token", formToken: current.formToken } });

    const stale = await json(`/sites/${id}/threads/post/reader?since=${view.tag}`, 200);
    expect(stale.tag).not.toBe(view.tag);
    expect(stale.thread.comments.map((c: any) => c.id)).toContain(posted.comment.id);
    expect(stale.thread.formToken).toBe(stale.formToken);
  });

  it("answers the page without a tag, and refuses a malformed one", async () => {
    const { id } = await createSite();
    const state = await json(`/sites/${id}/threads/any/reader?sort=top`, 200);
    expect(state.thread).toMatchObject({ sort: "top", comments: [], total: 0 });
    await expectError(await call(`/sites/${id}/threads/any/reader?since=%3Cscript%3E`), 400, "VALIDATION_FAILED");
  });
});
