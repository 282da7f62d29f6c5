// The server-rendered article: /embed's fragment and its markup contract, /p's page (JSON-LD, Open Graph), caching
// and cost. Hostile input is in render-hostile.test.ts.
import { describe, expect, it } from "vitest";
import { FOLD_CHARS, FOLD_LINES, isLong } from "../../worker/contract/doc";
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

/**
 * That a cold answer read some D1 rows, but no more than a cold `viewPath` (the view endpoint) does: a comment
 * elsewhere on the site makes the thread documents cold again before the view is read.
 */
async function expectColdRowsWithinView(cold: Response, site: string, viewPath: string) {
  await postComment(site, "other", { body: "bump" });
  const view = await call(viewPath);
  await view.arrayBuffer();
  expect(rowsRead(cold)).toBeGreaterThan(0);
  expect(rowsRead(cold)).toBeLessThanOrEqual(rowsRead(view));
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
    // A group named after the comment it answers, which the widget's "Hide replies" controls by its id.
    expect(html).toContain(`<div class="replies" part="replies" role="group" id="replies-${first.id}" aria-label="Replies to Grace"><article class="c" part="comment" id="comment-${reply.id}">`);
    // The form's space is held for the widget's form; without JavaScript a notice takes it instead.
    expect(html).toContain(
      '<div class="fslot" data-failed="The comment form could not be loaded. Reload the page to try again."></div><noscript><p class="notice" part="form">Posting a comment needs JavaScript.</p><style>.fslot,.more,.head select,.rel{display:none}.long{max-height:none;mask-image:none}.long.cut{height:auto}.abs[hidden]{display:inline}</style></noscript></section></template><slot name="turnstile" slot="turnstile"></slot></parley-comments>',
    );
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
    const html = await (
      await embed(id, "post", `?heading-level=2&form-position=above&api=${encodeURIComponent("https://comments.example.com")}&url=${encodeURIComponent(`${host}#top`)}`)
    ).text();
    expect(html).toMatch(new RegExp(`^<parley-article site="${id}" slug="post" heading-level="2" form-position="above" api="https://comments.example.com">`));
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
    expect(html).toContain(
      `<article class="c" part="comment" id="comment-${root.id}"><p class="muted" part="body">Comment deleted</p></article><div class="replies" part="replies" role="group" id="replies-${root.id}" aria-label="Replies to a deleted comment">`,
    );
    expect(html.match(/<div class="replies" part="replies" role="group"/g)).toHaveLength(3);
    expect(html.match(/<div class="" part="replies" role="group"/g)).toHaveLength(2);
    // No form, but the sort menu (and "Load more") still need the widget: without JavaScript they are hidden.
    expect(html).toContain('<p class="notice" part="closed">Comments are closed.</p><noscript><style>.fslot,.more,.head select,.rel{display:none}.long{max-height:none;mask-image:none}.long.cut{height:auto}.abs[hidden]{display:inline}</style></noscript></section>');
    expect(html).not.toContain('part="form"');
  });

  it("says so when there are no comments, in the requested language with its dates", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { publishedAt: "2026-03-03T10:00:00Z" });
    const html = await (await embed(id, "post", "?lang=de")).text();
    expect(html).toContain('<p class="muted">Noch keine Kommentare.</p>');
    expect(html).toContain('<h2 part="heading">0 Kommentare</h2>');
    expect(html).toContain('<select part="sort" aria-label="Sortieren nach"><option value="oldest" selected>Älteste</option>');
    expect(html).toContain('<p class="notice" part="form">Zum Kommentieren wird JavaScript benötigt.</p>');
    expect(html).toContain('<span class="muted">Teilen</span>');
    expect(html).toContain('aria-label="Auf Facebook teilen"');
    expect(html).toContain('aria-label="Auf E-Mail teilen"');
    expect(html).toContain(">3. März 2026</time>");
    expect(html).toContain('lang="de"><template');
  });

  it("speaks each of Parley's languages as the widget does, plural forms included, and English for any other", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { publishedAt: "2026-03-03T10:00:00Z" });
    for (let i = 0; i < 3; i++) await postComment(id, "post", { body: `Comment ${i}` });
    const heading = async (lang: string) => (await (await embed(id, "post", `?lang=${lang}`)).text()).match(/<h2 part="heading">([^<]*)<\/h2>/)![1];
    expect(await heading("de-AT")).toBe("3 Kommentare");
    expect(await heading("fr")).toBe("3 commentaires");
    expect(await heading("es")).toBe("3 comentarios");
    expect(await heading("pt-BR")).toBe("3 comentários");
    expect(await heading("ja")).toBe("コメント 3 件");
    expect(await heading("zh")).toBe("3 条评论");
    // Arabic has a form for three to ten ("few"), and the thread reads right to left.
    expect(await heading("ar")).toBe("3 تعليقات");
    expect(await (await embed(id, "post", "?lang=ar")).text()).toContain('<section part="thread" dir="rtl"');
    // A language Parley does not speak reads in English, with its own dates.
    expect(await heading("nl")).toBe("3 comments");
    expect(await (await embed(id, "post", "?lang=nl")).text()).toContain(">3 maart 2026</time>");
  });

  it("folds long comments as the widget does (by their text or their lines), and a later page folds none", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "long-ones", { title: "Long comments", body: "Text." });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(" ");
    const bodies = {
      short: "Short and sweet.",
      lines: Array.from({ length: FOLD_LINES + 1 }, (_, i) => `Line ${i}`).join("\n\n"),
      text: words(Math.ceil(FOLD_CHARS / 6)),
      justUnder: Array.from({ length: FOLD_LINES }, (_, i) => `Line ${i}`).join("\n\n"),
    };
    for (const [name, body] of Object.entries(bodies)) await postComment(id, "long-ones", { body, authorName: name });
    for (let n = 0; n < 20; n++) await postComment(id, "long-ones", { body: `Filler ${n}`, authorName: `Filler ${n}` });
    const html = await (await embed(id, "long-ones")).text();
    const classOf = (name: string) => html.match(new RegExp(`>${name}</strong>.*?<div class="([^"]+)" part="body"`))?.[1];
    expect([classOf("short"), classOf("lines"), classOf("text"), classOf("justUnder")]).toEqual(["doc", "doc long", "doc long", "doc"]);
    // The stored trees agree with the widget's own test of them.
    const view = viewOf(html);
    const long = view.thread.comments.filter((c: { body: unknown }) => isLong(c.body)).map((c: { authorName: string }) => c.authorName);
    expect(long).toEqual(["lines", "text"]);
    // Shapes the API never sends are not long; a tree 5,000 levels deep costs one step per node.
    let deep: unknown = [{ t: "p", c: [{ t: "text", v: "x" }] }];
    for (let i = 0; i < 5000; i++) deep = [{ t: "quote", c: deep }];
    expect(isLong(deep)).toBe(false);
    expect(isLong([null, "not a node", 7, { t: "p", c: null }, { v: 12345 }, { t: "text", v: ["a", "b"] }])).toBe(false);
    // A later page (no widget, no style sheet for readers without JavaScript) shows every comment whole.
    const next = html.match(/<a href="([^"]+\?cursor=[^"]+)">/)![1].replaceAll("&amp;", "&");
    const later = await (await call(next)).text();
    expect(later).toContain("Filler 19");
    expect(later).not.toContain("doc long");
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
    // Both requests below find the site record cached (comment writes leave it warm): they compare the page's reads.
    await call(`/sites/${id}`);
    const cold = await embed(id, "post");
    const coldHtml = await cold.text();
    expect(coldHtml.match(/part="comment"/g)).toHaveLength(20);
    const warm = await embed(id, "post");
    expect(await warm.text()).toBe(coldHtml);
    expect(rowsRead(warm)).toBe(0);
    await expectColdRowsWithinView(cold, id, `/sites/${id}/articles/post/view`);
    await postComment(id, "post", { body: "the newest" });
    const after = await embed(id, "post");
    expect(viewOf(await after.text()).thread.total).toBe(26);
  });
});

describe("GET /sites/{site}/articles/{slug}/rendered", () => {
  const rendered = (site: string, slug: string, query = "", init: { headers?: Record<string, string> } = {}) =>
    call(`/sites/${site}/articles/${slug}/rendered${query}`, init);

  it("answers the fragment's shadow root with the reader's view: a fresh form token that posts, private like the view", async () => {
    const { id, first } = await articleWithThread();
    const fragment = await (await embed(id, "post")).text();
    const res = await rendered(id, "post");
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("vary")).toContain("X-Parley-Own");
    // The fragment's inside, to the view: the same article and thread, with links to the hosted page, and no <style>
    // (the widget adopts its own style sheets: a strict CSP would block inline ones).
    const inside = fragment.slice(fragment.indexOf('<template shadowrootmode="open">') + 32, fragment.indexOf('<script type="application/json"'));
    const shadowStyles = [`<style>${BASE_CSS}${ARTICLE_CSS}</style>`, `<style>${BASE_CSS}${COMMENTS_CSS}</style>`];
    expect(shadowStyles.every((style) => inside.includes(style))).toBe(true);
    // Nor <noscript>: HTML put in by script is parsed with scripting off, so its notice and style would apply. Nor the
    // dates that only a reader without scripts sees: the widget's HTML says the time ago alone, as the widget does.
    const forWidget = shadowStyles
      .reduce((rest, style) => rest.replace(style, ""), inside)
      .replace(/<noscript>.*?<\/noscript>/g, "")
      .replace(/<span class="rel">(.*?)<\/span><span class="abs" hidden>.*?<\/span>/g, "$1");
    expect(html.startsWith(forWidget)).toBe(true);
    expect(html).not.toMatch(/<style|<noscript/);
    expect(html).toContain(`href="${SELF_ORIGIN}/p/${id}/post#comment-${first.id}"`);
    expect(html).not.toContain("<parley-article");
    const view = viewOf(html);
    const fresh = await json(`/sites/${id}/articles/post/view`, 200);
    expect({ ...view, thread: { ...view.thread, formToken: "" } }).toEqual({ ...fresh, thread: { ...fresh.thread, formToken: "" } });
    expect(view.thread.formToken).toMatch(/^[\w-]+\.[\w-]+$/);
    const posted = await json(threadPath(id, "post"), 201, { body: { authorName: "Ann", body: "Posted with the rendered token", formToken: view.thread.formToken } });
    expect(posted.comment.status).toBe("published");
  });

  it("renders the element's attributes and the reader's sort, and shows their own held comment in the view", async () => {
    const { id, ownerToken } = await createSite({ moderation: "pre" });
    await putArticle(id, ownerToken, "post", { title: "Sorted" });
    const held = await postComment(id, "post", { body: "Held </script><script>alert(1)</script> for review" });
    const html = await (
      await rendered(id, "post", "?sort=newest&heading-level=3&form-position=above&lang=de", { headers: { "x-parley-own": `${held.comment.id}:${held.editToken}` } })
    ).text();
    expect(html).toContain('<div class="title" part="title" role="heading" aria-level="3" dir="auto">Sorted</div>');
    expect(html).toContain('<option value="newest" selected>');
    expect(html).toContain('lang="de"');
    expect(html.indexOf('part="form"')).toBeLessThan(html.indexOf("<p class=\"muted\">"));
    // The held comment is the reader's alone: in their view, escaped so that it cannot end the script; not in the shared HTML.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const view = viewOf(html);
    expect(view.thread.own.map((c: any) => c.id)).toEqual([held.comment.id]);
    expect(view.thread.sort).toBe("newest");
    expect(html.slice(0, html.indexOf("<script"))).not.toContain("Held");
  });

  it("reads a page language that is not BCP 47 (en_US) as English, as the widget does, rather than refusing it", async () => {
    const { id, ownerToken } = await createSite({ locale: "de" });
    await putArticle(id, ownerToken, "post", { title: "Sprache" });
    await postComment(id, "post", { body: "Hallo" });
    for (const lang of ["en_US", "x", "123", "de_DE.UTF-8"]) {
      const res = await rendered(id, "post", `?lang=${encodeURIComponent(lang)}`);
      const html = await res.text();
      expect(res.status, `${lang}: ${html}`).toBe(200);
      expect(html, lang).toContain('<h2 part="heading">1 comment</h2>');
    }
    // The German site's own language when the page says none.
    expect(await (await rendered(id, "post")).text()).toContain('<h2 part="heading">1 Kommentar</h2>');
    await expectError(await rendered(id, "post", `?lang=${"a".repeat(65)}`), 400, "VALIDATION_FAILED");
  });

  it("reads no more D1 rows than the view endpoint when cold", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    for (let n = 0; n < 25; n++) await postComment(id, "post", { body: `comment ${n}` });
    await call(`/sites/${id}`);
    const cold = await rendered(id, "post");
    expect(viewOf(await cold.text()).thread.comments).toHaveLength(20);
    await expectColdRowsWithinView(cold, id, `/sites/${id}/articles/post/view`);
  });

  it("answers 404 for an unknown article, 400 for a bad query, and reads nothing from D1 for the HTML when warm", async () => {
    const { id } = await articleWithThread();
    await expectError(await rendered(id, "nope"), 404, "ARTICLE_NOT_FOUND");
    await expectError(await rendered(id, "post", "?sort=sideways"), 400, "VALIDATION_FAILED");
    await expectError(await rendered(id, "post", "?url=https://blog.example/"), 400, "VALIDATION_FAILED");
    const cold = await rendered(id, "post");
    const coldHtml = await cold.text();
    const warm = await rendered(id, "post");
    const warmHtml = await warm.text();
    expect(rowsRead(warm)).toBe(0);
    // Only the view differs between the two: each reader gets a form token of their own.
    expect(warmHtml.slice(0, warmHtml.indexOf("<script"))).toBe(coldHtml.slice(0, coldHtml.indexOf("<script")));
    expect(viewOf(warmHtml).thread.formToken).not.toBe(viewOf(coldHtml).thread.formToken);
  });
});

describe("GET /sites/{site}/threads/{thread}/rendered", () => {
  it("answers a thread alone as its shadow root's HTML, dates linking to the page itself, with the reader's thread view", async () => {
    const { id } = await createSite();
    const key = "/2026/03/a post/";
    const first = await postComment(id, key, { body: "A thread <b>with no</b> article", authorName: "Solo" });
    const path = `${threadPath(id, key)}`.replace(/\/comments$/, "/rendered");
    const res = await call(`${path}?sort=newest&form-position=above&lang=fr`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(html).toMatch(/^<section part="thread" dir="ltr" class=""><div class="head"><h2 part="heading">1 commentaire<\/h2>/);
    expect(html).toContain(`<a class="muted" part="permalink" href="#comment-${first.comment.id}">`);
    expect(html).toContain("A thread &lt;b&gt;with no&lt;/b&gt; article");
    expect(html.indexOf('class="fslot"')).toBeLessThan(html.indexOf('part="comment"'));
    expect(html).not.toMatch(/<style|<noscript/);
    const view = viewOf(html);
    const fresh = await json(`${path.replace(/\/rendered$/, "/view")}?sort=newest`, 200);
    expect({ ...view, thread: { ...view.thread, formToken: "" } }).toEqual({ ...fresh, thread: { ...fresh.thread, formToken: "" } });
    const posted = await json(threadPath(id, key), 201, { body: { authorName: "Ann", body: "With the rendered token", formToken: view.thread.formToken } });
    expect(posted.comment.status).toBe("published");
  });

  it("reads no more D1 rows than the thread view when cold", async () => {
    const { id } = await createSite();
    for (let n = 0; n < 25; n++) await postComment(id, "alone", { body: `comment ${n}` });
    await call(`/sites/${id}`);
    const cold = await call(`/sites/${id}/threads/alone/rendered`);
    expect(viewOf(await cold.text()).thread.comments).toHaveLength(20);
    await expectColdRowsWithinView(cold, id, `/sites/${id}/threads/alone/view`);
  });

  it("refuses a heading level (a thread has none), a bad sort and an unknown site", async () => {
    const { id } = await createSite();
    const path = `${threadPath(id, "t")}`.replace(/\/comments$/, "/rendered");
    await expectError(await call(`${path}?heading-level=2`), 400, "VALIDATION_FAILED");
    await expectError(await call(`${path}?sort=sideways`), 400, "VALIDATION_FAILED");
    await expectError(await call(`/sites/no-such-site/threads/t/rendered`), 404, "SITE_NOT_FOUND");
    expect((await call(`${path}`)).status).toBe(200);
  });
});

/** The content of `<meta property|name="key" content="…">`, unescaped. */
function metaOf(html: string, key: string): string | undefined {
  const m = html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`));
  return m?.[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

async function sha256Base64(text: string) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

describe("GET /p/{site}/{slug}", () => {
  it("is a complete page: canonical URL, description, Open Graph and Twitter tags, the fragment and widget.js, under a strict CSP", async () => {
    const { id, ownerToken } = await articleWithThread();
    await putArticle(id, ownerToken, "post", { title: "Rendered on the server", author: "Ada", publishedAt: "2026-03-03T10:00:00Z", image: "https://img.example.com/cover.jpg", body: "The first paragraph, which describes the article.\n\nMore." }, 200);
    const res = await call(`${SELF_ORIGIN}/p/${id}/post`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const url = `${SELF_ORIGIN}/p/${id}/post`;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain(`<title>Rendered on the server · Site ${id}</title>`);
    expect(metaOf(html, "description")).toBe("The first paragraph, which describes the article.");
    expect(html).toContain(`<link rel="canonical" href="${url}">`);
    expect(metaOf(html, "og:type")).toBe("article");
    expect(metaOf(html, "og:title")).toBe("Rendered on the server");
    expect(metaOf(html, "og:description")).toBe("The first paragraph, which describes the article.");
    expect(metaOf(html, "og:url")).toBe(url);
    expect(metaOf(html, "og:image")).toBe("https://img.example.com/cover.jpg");
    expect(metaOf(html, "og:site_name")).toBe(`Site ${id}`);
    expect(metaOf(html, "article:published_time")).toBe("2026-03-03T10:00:00.000Z");
    expect(metaOf(html, "article:author")).toBe("Ada");
    expect(metaOf(html, "twitter:card")).toBe("summary_large_image");
    expect(metaOf(html, "twitter:image")).toBe("https://img.example.com/cover.jpg");
    expect(html).toContain(`<script type="module" src="${SELF_ORIGIN}/widget.js"></script>`);
    expect(html).toContain(`<main><parley-article site="${id}" slug="post"><template shadowrootmode="open">`);
    // Permalinks and share links point at the page itself.
    expect(html).toContain(`href="${url}#comment-`);

    // The CSP allows exactly the page's inline style blocks, by hash, and scripts from this origin.
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self' https://challenges.cloudflare.com;");
    expect(csp).not.toContain("unsafe-inline");
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(4);
    for (const style of styles) expect(csp).toContain(`'sha256-${await sha256Base64(style)}'`);
  });

  it("holds JSON-LD that meets Google's Article and Comment rules", async () => {
    const { id, ownerToken, first, reply } = await articleWithThread();
    await putArticle(id, ownerToken, "post", { title: "T".repeat(150), author: "Ada", publishedAt: "2026-03-03T10:00:00Z", image: "https://img.example.com/cover.jpg", body: "Para one.\n\nPara two." }, 200);
    const html = await (await call(`${SELF_ORIGIN}/p/${id}/post`)).text();
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    const ld = JSON.parse(blocks[0][1]);
    const url = `${SELF_ORIGIN}/p/${id}/post`;
    expect(ld["@context"]).toBe("https://schema.org");
    expect(ld["@type"]).toBe("Article");
    // Google: a headline of at most 110 characters; ISO 8601 dates; an author with a name; images as URLs.
    expect(ld.headline.length).toBeLessThanOrEqual(110);
    expect(ld.headline.startsWith("TTT")).toBe(true);
    expect(new Date(ld.datePublished).toISOString()).toBe("2026-03-03T10:00:00.000Z");
    expect(ld.author).toEqual({ "@type": "Person", name: "Ada" });
    expect(ld.image).toEqual(["https://img.example.com/cover.jpg"]);
    expect(ld.url).toBe(url);
    expect(ld.mainEntityOfPage).toEqual({ "@type": "WebPage", "@id": url });
    expect(ld.publisher).toEqual({ "@type": "Organization", name: `Site ${id}` });
    expect(ld.commentCount).toBe(2);
    expect(ld.interactionStatistic).toEqual({ "@type": "InteractionCounter", interactionType: "https://schema.org/CommentAction", userInteractionCount: 2 });
    expect(ld.comment).toHaveLength(1);
    const [c] = ld.comment;
    expect(c).toMatchObject({ "@type": "Comment", text: "First comment", author: { "@type": "Person", name: "Grace" }, url: `${url}#comment-${first.id}` });
    expect(new Date(c.datePublished).toISOString()).toBe(c.datePublished);
    expect(c.comment).toEqual([expect.objectContaining({ "@type": "Comment", text: "A reply", author: { "@type": "Person", name: "Linus" }, url: `${url}#comment-${reply.id}` })]);
    // Every Comment, at any depth, has what Google requires of one: author.name, datePublished and text.
    const stack = [...ld.comment];
    while (stack.length) {
      const x = stack.pop();
      expect(x.author.name.length).toBeGreaterThan(0);
      expect(x.text.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(x.datePublished))).toBe(false);
      stack.push(...(x.comment ?? []));
    }
  });

  it("leaves deleted comments out of the JSON-LD but keeps their replies, and names the site when the article has no author", async () => {
    const { id, ownerToken, first, reply } = await articleWithThread();
    await putArticle(id, ownerToken, "post", { title: "No author", body: "Text." }, 200);
    await json(`/sites/${id}/moderation/comments/${first.id}`, 200, { method: "DELETE", token: ownerToken });
    const html = await (await call(`${SELF_ORIGIN}/p/${id}/post`)).text();
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
    expect(ld.author).toEqual({ "@type": "Organization", name: `Site ${id}` });
    expect(ld.comment.map((c: any) => c.url)).toEqual([`${SELF_ORIGIN}/p/${id}/post#comment-${reply.id}`]);
    expect(metaOf(html, "article:author")).toBeUndefined();
    expect(metaOf(html, "og:image")).toBeUndefined();
    expect(metaOf(html, "twitter:card")).toBe("summary");
  });

  it("takes a reader without JavaScript, or a crawler, through every comment: 'Load more' links to later pages", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "long", { title: "Many comments", body: "Text." });
    const names: string[] = [];
    for (let n = 0; n < 41; n++) names.push((await postComment(id, "long", { body: `Comment number ${n}`, authorName: `Reader ${n}` })).comment.authorName);
    const url = `${SELF_ORIGIN}/p/${id}/long`;
    const nextLink = (html: string) => html.match(/<p class="notice"><a href="([^"]+)">Load more<\/a><\/p>/)?.[1]?.replaceAll("&amp;", "&");
    const authors = (html: string) => [...html.matchAll(/<strong part="author" dir="auto">([^<]+)<\/strong>/g)].map((m) => m[1]);

    // The article's page and the fragment: the widget's button, and for browsers without scripts the link.
    const first = await (await call(url)).text();
    expect(first).toContain(`<button class="more" part="button">Load more</button><noscript><p class="notice"><a href="${url}?cursor=`);
    const fromEmbed = await (await embed(id, "long", `?url=${encodeURIComponent("https://blog.example.com/long/")}`)).text();
    expect(nextLink(fromEmbed)).toBe(nextLink(first));
    // A build that fetched the fragment by an internal address names the public worker with `api`.
    const viaApi = await (await embed(id, "long", `?api=${encodeURIComponent("https://comments.example.com")}`)).text();
    expect(nextLink(viaApi)).toBe(nextLink(first)!.replace(SELF_ORIGIN, "https://comments.example.com"));
    expect(viaApi).toContain(`href="https://comments.example.com/p/${id}/long#comment-`);
    expect(authors(first)).toEqual(names.slice(0, 20));

    // Each later page: the next comments, canonical to itself, back to the article, no widget and no form.
    const seen = [...authors(first)];
    let link = nextLink(first);
    const pages: string[] = [];
    for (let i = 0; link && i < 5; i++) {
      const res = await call(link);
      const html = await res.text();
      expect(res.status, html).toBe(200);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(html).toContain(`<link rel="canonical" href="${link.replaceAll("&", "&amp;")}">`);
      expect(html).toContain(`<h1 dir="auto"><a href="${url}">Many comments</a></h1>`);
      expect(html).not.toContain("widget.js");
      expect(html).not.toContain("<select");
      expect(html).not.toContain("Posting a comment needs JavaScript");
      expect(html).toContain(`href="${link.replaceAll("&", "&amp;")}#comment-`);
      const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
      expect(ld.url).toBe(url);
      expect(ld.comment.map((c: any) => c.author.name)).toEqual(authors(html));
      seen.push(...authors(html));
      pages.push(html);
      link = nextLink(html);
    }
    expect(pages).toHaveLength(2);
    expect(seen).toEqual(names);
    expect(pages[1]).not.toContain("Load more");

    // A cursor that is not one: a plain page that says so, never a 5xx; other query parameters are ignored.
    for (const bad of ["nonsense", "x".repeat(300)]) {
      const res = await call(`${url}?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain(`This page of comments does not exist. The article and its first comments are at ${url}.`);
    }
    expect(await (await call(`${url}?utm_source=feed&cursor=`)).text()).toBe(first);
  });

  it("answers unknown sites and articles with a 404 HTML page that says what is missing", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    for (const [path, says] of [
      [`/p/no-such-site/post`, "There is no site &quot;no-such-site&quot;"],
      [`/p/${id}/nope`, `Site &quot;${id}&quot; has no article &quot;nope&quot;.`],
      [`/p/${id}/%3Cscript%3E`, "has no article"],
    ]) {
      const res = await call(`${SELF_ORIGIN}${path}`);
      const html = await res.text();
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(says);
      expect(html).not.toContain("<script");
    }
  });

  it("is revalidated with an ETag, reads no more than the view endpoint when cold, and nothing from D1 when warm", async () => {
    const { id } = await articleWithThread();
    // The site record cached, as after any earlier read: both requests below read only the article and thread.
    await call(`/sites/${id}`);
    const first = await call(`${SELF_ORIGIN}/p/${id}/post`);
    await first.arrayBuffer();
    await postComment(id, "other", { body: "makes the thread documents cold again" });
    const view = await call(`/sites/${id}/articles/post/view`);
    await view.arrayBuffer();
    expect(rowsRead(first)).toBeGreaterThan(0);
    expect(rowsRead(first)).toBeLessThanOrEqual(rowsRead(view));
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await call(`${SELF_ORIGIN}/p/${id}/post`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(rowsRead(again)).toBe(0);
  });
});

describe("the demo page", () => {
  it("inlines the rendered article inside <main>, with theme=auto, under a CSP that allows its styles by hash", async () => {
    const created = await json("/sites", 201, { token: "test-admin-token", body: { id: "demo", name: "Demo", origins: [] } });
    await putArticle("demo", created.ownerToken, "us-airstrikes-iran-backed-militias", { title: "U.S. airstrikes" });
    const res = await call(`${SELF_ORIGIN}/demo/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<main>\s*<parley-article site="demo" slug="us-airstrikes-iran-backed-militias" theme="auto"><template shadowrootmode="open">/);
    expect(html).toContain('<h1 class="title" part="title" dir="auto">U.S. airstrikes</h1>');
    expect(html).toContain(encodeURIComponent(`${SELF_ORIGIN}/demo/`));
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const style of [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1])) expect(csp).toContain(`'sha256-${await sha256Base64(style)}'`);
  });
});
