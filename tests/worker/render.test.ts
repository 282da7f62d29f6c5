// The server-rendered article: /embed's fragment and its markup contract, /p's page (JSON-LD, Open Graph), caching
// and cost. Hostile input is in render-hostile.test.ts.
import { describe, expect, it } from "vitest";
import { ARTICLE_CSS, BASE_CSS, COMMENTS_CSS } from "../../worker/contract/styles";
import { SELF_ORIGIN, BLOG_ORIGIN, call, createSite, expectError, json, postComment, putArticle, threadPath } from "./helpers";

const embed = (site: string, slug: string, query = "", init: { origin?: string } = {}) => call(`${SELF_ORIGIN}/embed/${site}/${slug}${query}`, init);
const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

/** The JSON the fragment carries for the hydrating widget. */
function viewOf(html: string): any {
  const m = html.match(/<script type="application\/json" data-parley-view>([\s\S]*?)<\/script>/);
  expect(m, "the view script").not.toBeNull();
  return JSON.parse(m![1]);
}

async function articleWithThread(settings: Record<string, unknown> = {}) {
  const { id, ownerToken } = await createSite({ links: [{ network: "youtube", url: "https://youtube.com/@example" }], ...settings });
  await putArticle(id, ownerToken, "post", {
    title: "Rendered on the server",
    author: "Ada",
    publishedAt: "2026-03-03T10:00:00Z",
    body: "The first paragraph, which describes the article.\n\n# A section\n\nMore *text* with [a link](https://example.com).",
  });
  const first = await postComment(id, "post", { body: "First comment", authorName: "Grace" });
  const reply = await postComment(id, "post", { body: "A reply", authorName: "Linus", parentId: first.comment.id });
  return { id, ownerToken, first: first.comment, reply: reply.comment };
}

describe("GET /embed/{site}/{slug}", () => {
  it("answers the fragment of the markup contract: the article and thread in declarative shadow roots, with the view", async () => {
    const { id, first, reply } = await articleWithThread();
    const res = await embed(id, "post", "?theme=auto&lang=en");
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(html).toMatch(new RegExp(`^<parley-article site="${id}" slug="post" theme="auto" lang="en"><template shadowrootmode="open"><style>`));
    expect(html).toContain(`<style>${BASE_CSS}${ARTICLE_CSS}</style><article part="article" dir="ltr"`);
    expect(html).toContain('<h1 class="title" part="title" dir="auto">Rendered on the server</h1>');
    expect(html).toContain('<p class="muted" part="meta" dir="auto">Ada · <time datetime="2026-03-03T10:00:00.000Z">March 3, 2026</time></p>');
    // Markdown's level 2 sits under the <h1> title as an <h2>.
    expect(html).toContain("<h2>A section</h2>");
    expect(html).toContain('<a href="https://example.com/" rel="nofollow ugc noopener noreferrer" target="_blank">a link</a>');
    expect(html).toContain('<nav class="icons" part="links" aria-label="Site ');
    expect(html).toContain('<a href="https://youtube.com/@example" target="_blank" rel="noopener noreferrer me" aria-label="YouTube"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 8');
    expect(html).toContain('<div class="icons" part="share" role="group" aria-label="Share"><span class="muted">Share</span>');
    const page = encodeURIComponent(`${SELF_ORIGIN}/p/${id}/post`);
    expect(html).toContain(`https://www.facebook.com/sharer/sharer.php?u=${page}`);
    expect(html).toContain(
      '<parley-comments part="thread" exportparts="heading,sort,comment,author,permalink,body:comment-body,badge,vote,replies,closed,form,input,button,error" lang="en"><template shadowrootmode="open">',
    );
    expect(html).toContain(`<style>${BASE_CSS}${COMMENTS_CSS}</style><section part="thread" dir="ltr"`);
    expect(html).toContain('<h2 part="heading">2 comments</h2>');
    expect(html).toContain('<select part="sort" aria-label="Sort by"><option value="oldest" selected>Oldest</option><option value="newest">Newest</option><option value="top">Top</option></select>');
    expect(html).toContain(`<article class="c" part="comment" id="comment-${first.id}"><div class="meta"><span class="av" aria-hidden="true">G</span><strong part="author" dir="auto">Grace</strong>`);
    expect(html).toContain(`href="${SELF_ORIGIN}/p/${id}/post#comment-${first.id}"`);
    expect(html).toContain('<div class="doc" part="body" dir="auto"><p>First comment</p></div><div class="tools"></div></article>');
    expect(html).toContain(`<div class="replies" part="replies"><article class="c" part="comment" id="comment-${reply.id}">`);
    expect(html).toContain('<p class="notice" part="form">Posting a comment needs JavaScript.</p></section></template><slot name="turnstile" slot="turnstile"></slot></parley-comments>');
    expect(html).toMatch(/<\/parley-comments><script type="application\/json" data-parley-view>.*<\/script><\/template><\/parley-article>$/);

    // The view is the view endpoint's, minus what belongs to one reader.
    const view = viewOf(html);
    const live = await json(`/sites/${id}/articles/post/view`, 200);
    expect(view.thread.formToken).toBe("");
    expect(view.thread.own).toEqual([]);
    expect(view).toEqual({ ...live, thread: { ...live.thread, formToken: "", own: [] } });
  });

  it("passes the attributes through, renders at another heading level, the form above, and links to the host page", async () => {
    const { id, first } = await articleWithThread();
    const host = "https://blog.example.com/2026/03/post/?ref=x";
    const html = await (await embed(id, "post", `?heading-level=2&form-position=above&url=${encodeURIComponent(`${host}#top`)}`)).text();
    expect(html).toMatch(new RegExp(`^<parley-article site="${id}" slug="post" heading-level="2" form-position="above">`));
    expect(html).toContain('<div class="title" part="title" role="heading" aria-level="2" dir="auto">Rendered on the server</div>');
    expect(html).toContain("<h3>A section</h3>");
    expect(html).toContain(`href="https://blog.example.com/2026/03/post/?ref=x#comment-${first.id}"`);
    expect(html).toContain(`https://x.com/intent/tweet?text=Rendered%20on%20the%20server&amp;url=${encodeURIComponent(host)}`);
    expect(html.indexOf('part="form"')).toBeLessThan(html.indexOf('part="comment"'));
  });

  it("shows tombstones, deep replies without the reply line, the closed notice and no form on a closed thread", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    let parent = (await postComment(id, "post", { body: "root" })).comment;
    const root = parent;
    for (let i = 0; i < 5; i++) parent = (await postComment(id, "post", { body: `level ${i + 2}`, parentId: parent.id })).comment;
    await json(`/sites/${id}/moderation/comments/${root.id}`, 200, { method: "DELETE", token: ownerToken });
    await json(`/sites/${id}/threads/post`, 200, { method: "PUT", token: ownerToken, body: { locked: true } });
    const html = await (await embed(id, "post")).text();
    expect(html).toContain(`<article class="c" part="comment" id="comment-${root.id}"><p class="muted" part="body">Comment deleted</p></article>`);
    expect(html.match(/<div class="replies" part="replies">/g)).toHaveLength(3);
    expect(html.match(/<div class="" part="replies">/g)).toHaveLength(2);
    expect(html).toContain('<p class="notice" part="closed">Comments are closed.</p></section>');
    expect(html).not.toContain('part="form"');
  });

  it("says so when there are no comments, and formats dates in the requested language", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { publishedAt: "2026-03-03T10:00:00Z" });
    const html = await (await embed(id, "post", "?lang=de")).text();
    expect(html).toContain('<p class="muted">No comments yet.</p>');
    expect(html).toContain('<h2 part="heading">0 comments</h2>');
    expect(html).toContain(">3. März 2026</time>");
    expect(html).toContain('lang="de"><template');
  });

  it("answers 404 for an unknown site or article, and 400 for a bad query", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    await expectError(await embed("no-such-site", "post"), 404, "SITE_NOT_FOUND");
    await expectError(await embed(id, "nope"), 404, "ARTICLE_NOT_FOUND");
    await expectError(await embed(id, "post", "?theme=purple"), 400, "VALIDATION_FAILED");
    await expectError(await embed(id, "post", "?url=javascript:alert(1)"), 400, "VALIDATION_FAILED");
    await expectError(await embed(id, "post", "?heading-level=9"), 400, "VALIDATION_FAILED");
    await expectError(await embed(id, "post", "?other=1"), 400, "VALIDATION_FAILED");
  });

  it("lets an allowed origin read it across origins and refuses others, like the API", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    const ok = await embed(id, "post", "", { origin: BLOG_ORIGIN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(BLOG_ORIGIN);
    expect(ok.headers.get("vary")).toContain("Origin");
    await expectError(await embed(id, "post", "", { origin: "https://elsewhere.example" }), 403, "ORIGIN_NOT_ALLOWED");
  });

  it("reads no more than the view endpoint when cold, nothing when warm, and is fresh after a new comment", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    for (let n = 0; n < 25; n++) await postComment(id, "post", { body: `comment ${n}` });
    await postComment(id, "other", { body: "bump" });
    const cold = await embed(id, "post");
    const coldHtml = await cold.text();
    expect(coldHtml.match(/part="comment"/g)).toHaveLength(20);
    await postComment(id, "other", { body: "bump again" });
    const view = await call(`/sites/${id}/articles/post/view`);
    await view.arrayBuffer();
    expect(rowsRead(cold)).toBeLessThanOrEqual(rowsRead(view));
    const warm = await embed(id, "post");
    expect(await warm.text()).toBe(coldHtml);
    expect(rowsRead(warm)).toBe(0);
    await postComment(id, "post", { body: "the newest" });
    const after = await embed(id, "post");
    expect(viewOf(await after.text()).thread.total).toBe(26);
  });
});
