// The page scripts: GET /a/{site}/{slug}.js and /c/{site}/{thread}.js carry what …/rendered answers (the shadow
// root's HTML and the reader's view) into a classic script that paints it and then loads widget.js. Whatever the
// address gets wrong, the script still loads widget.js, which then shows the error. What the script does in a page
// is in tests/browser/page-script.test.ts.
import { describe, expect, it } from "vitest";
import { ARTICLE_CSS, BASE_CSS, COMMENTS_CSS } from "../../worker/contract/styles";
import { BLOG_ORIGIN, SELF_ORIGIN, call, env, createSite, json, postComment, putArticle, threadPath } from "./helpers";

type Args = [tag: string, site: string, key: string, attributes: [string, string | null][], lang: string, siteLang: string, alias: string, html: string | null, articleCss: string, threadCss: string, widget: string];

/**
 * The script's arguments: the JSON array it spreads into its function, with the rendered view joined (it carries it
 * in two parts, the shared one and the reader's).
 */
function argsOf(text: string): Args {
  const m = text.match(/\}\)\(\.\.\.(\[[\s\S]*\])\);\n$/);
  expect(m, "the script's arguments").not.toBeNull();
  const args = JSON.parse(m![1]);
  expect(args[7] === null || (Array.isArray(args[7]) && args[7].length === 2)).toBe(true);
  return [...args.slice(0, 7), args[7]?.join("") ?? null, ...args.slice(8)] as Args;
}

/** The HTML before the reader's view, and the view. */
function split(html: string) {
  const at = html.indexOf('<script type="application/json" data-parley-view>');
  expect(at).toBeGreaterThan(0);
  return { markup: html.slice(0, at), view: JSON.parse(html.slice(at).replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "")) };
}

const script = (path: string, headers?: Record<string, string>) => call(`${SELF_ORIGIN}${path}`, { headers });

describe("GET /a/{site}/{slug}.js", () => {
  it("carries the article's rendered view, with a fresh form token that posts, and loads widget.js from the worker", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post.v2", { title: "Painted by its script", body: "The article's text." });
    await postComment(id, "post.v2", { body: "First </script><script>alert(1)</script>\u2028 comment", authorName: "Grace" });
    const res = await script(`/a/${id}/post.v2.js?heading-level=2&lang=fr`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    // Nothing of a comment's text reaches the script as markup or as a line break: it is JSON with <, > and & escaped.
    expect(text).not.toMatch(/<\/?script|\u2028/);
    const [tag, site, key, attributes, lang, siteLang, alias, html, articleCss, threadCss, widget] = argsOf(text);
    // fr-FR, the language's own region, reads as fr: a page that says it is painted too.
    expect([tag, site, key, attributes, lang, siteLang, alias]).toEqual(["parley-article", id, "post.v2", [["heading-level", "2"], ["form-position", null]], "fr", "en", "fr-fr"]);
    expect([articleCss, threadCss, widget]).toEqual([BASE_CSS + ARTICLE_CSS, BASE_CSS + COMMENTS_CSS, `${SELF_ORIGIN}/widget.js`]);
    // The same HTML as …/rendered answers for those attributes, and the same view but for the fresh token.
    const rendered = split(await (await call(`/sites/${id}/articles/post.v2/rendered?sort=oldest&heading-level=2&lang=fr`)).text());
    const carried = split(html!);
    expect(carried.markup).toBe(rendered.markup);
    expect(carried.markup).toContain('role="heading" aria-level="2" dir="auto">Painted by its script</div>');
    expect(carried.markup).toContain("First &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect({ ...carried.view, thread: { ...carried.view.thread, formToken: "" } }).toEqual({ ...rendered.view, thread: { ...rendered.view.thread, formToken: "" } });
    expect(carried.view.thread.formToken).not.toBe(rendered.view.thread.formToken);
    const posted = await json(threadPath(id, "post.v2"), 201, { body: { authorName: "Ann", body: "Posted with the script's token", formToken: carried.view.thread.formToken } });
    expect(posted.comment.status).toBe("published");
  });

  it("reads no D1 row when warm, like the rendered view", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "warm", { title: "Warm" });
    for (let n = 0; n < 5; n++) await postComment(id, "warm", { body: `comment ${n}` });
    const cold = await script(`/a/${id}/warm.js`);
    await cold.text();
    expect(Number(cold.headers.get("X-D1-Rows-Read"))).toBeGreaterThan(0);
    const warm = await script(`/a/${id}/warm.js`);
    expect(argsOf(await warm.text())[7]).toContain("comment 4");
    expect(Number(warm.headers.get("X-D1-Rows-Read"))).toBe(0);
  });

  it("still loads widget.js, with nothing to paint, for an unknown site or article or a query it does not take", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { title: "Here" });
    for (const path of [`/a/no-such-site/post.js`, `/a/${id}/missing.js`, `/a/${id}/post.js?heading-level=9`, `/a/${id}/post.js?sort=newest`, `/a/${id}/-bad.js`]) {
      const res = await script(path);
      const text = await res.text();
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("text/javascript; charset=utf-8");
      const args = argsOf(text);
      expect(args[7], path).toBeNull();
      expect(args[10], path).toBe(`${SELF_ORIGIN}/widget.js`);
      // The widget shows an unknown site or article; what only the script's own address gets wrong, the console says.
      expect(text.startsWith('console.warn("Parley: the page script\'s address does not work: '), path).toBe(path.includes("?"));
    }
    expect(argsOf(await (await script(`/a/${id}/post.js`)).text())[7]).toContain("Here");
    // Only a name ending in .js is a script.
    expect((await script(`/a/${id}/post`)).status).toBe(404);
  });

  it("is still a script that loads widget.js at an address that names no article or thread, and says what to write", async () => {
    const { id } = await createSite();
    // A template that wrote a page's path with its slashes, or an empty site id, slug or key.
    for (const path of [`/c/${id}//2026/03/a-post/.js`, `/c/${id}/.js`, `/a//post.js`, `/a/${id}/2026/post.js`, `/a/${id}/.js`, "/c/.js"]) {
      const res = await script(path);
      const text = await res.text();
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("text/javascript; charset=utf-8");
      expect(argsOf(text)[7], path).toBeNull();
      expect(argsOf(text)[10], path).toBe(`${SELF_ORIGIN}/widget.js`);
      expect(text, path).toMatch(/^console\.warn\("Parley: the page script's address \/[ac]\/.* names no (article|thread): write \/[ac]\/\{site\}/);
    }
    expect(await (await script(`/c/${id}//a-post/.js`)).text()).toContain("encodeURIComponent");
  });

  it("still loads widget.js when storage fails, which then tries again itself, rather than answer a 500 the browser refuses", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "outage", { title: "During an outage" });
    // The article's render is not cached yet: it needs a table D1 cannot find, as in an outage.
    await env.DB.exec("ALTER TABLE threads RENAME TO threads_away");
    try {
      const res = await script(`/a/${id}/outage.js`);
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(argsOf(text)[7]).toBeNull();
      expect(argsOf(text)[10]).toBe(`${SELF_ORIGIN}/widget.js`);
    } finally {
      await env.DB.exec("ALTER TABLE threads_away RENAME TO threads");
    }
    expect(argsOf(await (await script(`/a/${id}/outage.js`)).text())[7]).toContain("During an outage");
  });

  it("paints nothing on a page of an origin the site does not allow, which the widget then tells", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", { title: "Allowed pages only" });
    const html = async (headers?: Record<string, string>) => argsOf(await (await script(`/a/${id}/post.js`, headers)).text())[7];
    // A browser sends the page's origin as the Referer of a classic script (the whole address from its own origin).
    expect(await html({ Referer: `${BLOG_ORIGIN}/` })).toContain("Allowed pages only");
    expect(await html({ Referer: `${SELF_ORIGIN}/p/${id}/post?utm=x` })).toContain("Allowed pages only");
    expect(await html({ Referer: "https://blog.example.com.evil.test/" })).toBeNull();
    expect(await html({ Referer: "http://blog.example.com/" })).toBeNull();
    // A crossorigin tag's Origin header, and a Referer that is no URL (nothing to judge: painted, as without one).
    expect(await html({ Origin: "https://elsewhere.test", Referer: `${BLOG_ORIGIN}/` })).toBeNull();
    expect(await html({ Referer: "not a url" })).toContain("Allowed pages only");
    expect(await html()).toContain("Allowed pages only");
    // A browser's request from a page that sends no Referer (Referrer-Policy: no-referrer) cannot be judged: nothing
    // painted, and widget.js's own request, which carries the page's origin, decides. From the worker's own pages, painted.
    expect(await html({ "Sec-Fetch-Site": "cross-site" })).toBeNull();
    expect(await html({ "Sec-Fetch-Site": "same-site" })).toBeNull();
    expect(await html({ "Sec-Fetch-Site": "same-site", Referer: `${BLOG_ORIGIN}/` })).toContain("Allowed pages only");
    expect(await html({ "Sec-Fetch-Site": "same-origin" })).toContain("Allowed pages only");
  });
});

describe("GET /c/{site}/{thread}.js", () => {
  it("carries a thread alone, keyed by a page's path, as …/threads/{thread}/rendered renders it, in the site's locale", async () => {
    const { id } = await createSite({ locale: "de" });
    const key = "/2026/03/a post/";
    await postComment(id, key, { body: "A thread with no article", authorName: "Solo" });
    const res = await script(`/c/${id}/${encodeURIComponent(key)}.js?form-position=above`);
    const [tag, site, thread, attributes, lang, siteLang, , html] = argsOf(await res.text());
    // Without `lang` the HTML is in the site's locale, for a page that says German or no language at all.
    expect([tag, site, thread, attributes, lang, siteLang]).toEqual(["parley-comments", id, key, [["form-position", "above"]], "de", "de"]);
    const rendered = split(await (await call(`${threadPath(id, key).replace(/\/comments$/, "/rendered")}?sort=oldest&form-position=above`)).text());
    expect(split(html!).markup).toBe(rendered.markup);
    expect(rendered.markup).toContain("A thread with no article");
    expect(rendered.markup).toContain("1 Kommentar");
    // A thread has no heading level.
    expect(argsOf(await (await script(`/c/${id}/${encodeURIComponent(key)}.js?heading-level=2`)).text())[7]).toBeNull();
  });
});
