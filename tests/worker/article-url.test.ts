// An article's address on the blog (`url`): kept with the article, exported, and where e-mails, webhooks, the
// rendered views and the hosted page's canonical link point instead of the page Parley hosts.
import { describe, expect, it } from "vitest";
import { SELF_ORIGIN, call, createSite, expectInvalid, json, postComment, putArticle } from "./helpers";
import { createWebhook, dispatched, eventually, receiver } from "./notify-helpers";

const BLOG_PAGE = "https://blog.example.com/2026/05/on-the-blog/";

describe("an article's url", () => {
  it("is kept, shown to the owner and exported; a PUT without it clears it; only http(s) addresses are taken", async () => {
    const site = await createSite();
    const put = await putArticle(site.id, site.ownerToken, "on-the-blog", { url: BLOG_PAGE });
    expect(put.url).toBe(BLOG_PAGE);
    expect((await json(`/sites/${site.id}/articles/on-the-blog`, 200)).url).toBe(BLOG_PAGE);
    const source = await json(`/sites/${site.id}/articles/on-the-blog/source`, 200, { token: site.ownerToken });
    expect(source.article.url).toBe(BLOG_PAGE);
    const exported = await json(`/sites/${site.id}/export?part=articles`, 200, { token: site.ownerToken });
    expect(exported.items[0]).toMatchObject({ slug: "on-the-blog", url: BLOG_PAGE });

    for (const bad of ["ftp://blog.example.com/post", "javascript:alert(1)", "/2026/05/on-the-blog/", `https://blog.example.com/${"x".repeat(2100)}`]) {
      const res = await call(`/sites/${site.id}/articles/on-the-blog`, { method: "PUT", token: site.ownerToken, body: { title: "T", body: "B", url: bad } });
      await expectInvalid(res, "url");
    }
    // Kept as the URL parser spells it, so that it stays one link in HTML, e-mail text and webhooks: spaces and
    // non-ASCII percent-encoded, a tab gone, the host in lower case and punycode; the image and links too.
    const messy = await putArticle(site.id, site.ownerToken, "messy", {
      url: "https://Blog.Example.com/my post/ é\t?q=a b",
      image: "https://MÜNCHEN.de/cover image.png",
      links: [{ network: "website", url: "https://Example.com" }],
    });
    expect(messy).toMatchObject({
      url: "https://blog.example.com/my%20post/%20%C3%A9?q=a%20b",
      image: "https://xn--mnchen-3ya.de/cover%20image.png",
      links: [{ network: "website", url: "https://example.com/" }],
    });
    // A PUT replaces the article: without url, it has none.
    expect((await putArticle(site.id, site.ownerToken, "on-the-blog", {}, 200)).url).toBeNull();
    expect((await putArticle(site.id, site.ownerToken, "no-url", {})).url).toBeNull();
  });

  it("is where a webhook links a comment on the article, and what the hosted page names as canonical", async () => {
    const site = await createSite();
    await putArticle(site.id, site.ownerToken, "on-the-blog", { title: "On the blog", url: BLOG_PAGE });
    const hook = receiver();
    await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.created"] });
    const { comment } = await postComment(site.id, "on-the-blog", { body: "Commented on the blog" });
    await dispatched(site.id);
    const [got] = await eventually(async () => (await hook.received()).length >= 1 && hook.received());
    expect(JSON.parse(got.body).data).toMatchObject({ pageUrl: BLOG_PAGE, links: { comment: `${BLOG_PAGE}#comment-${comment.id}` } });

    const page = await (await call(`${SELF_ORIGIN}/p/${site.id}/on-the-blog`)).text();
    expect(page).toContain(`<link rel="canonical" href="${BLOG_PAGE}">`);
    expect(page).toContain(`<meta property="og:url" content="${BLOG_PAGE}">`);
    const ld = JSON.parse(page.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
    expect(ld).toMatchObject({ url: BLOG_PAGE, mainEntityOfPage: { "@id": BLOG_PAGE } });
    // A reader on the hosted page stays there: its permalinks point at it.
    expect(page).toContain(`href="${SELF_ORIGIN}/p/${site.id}/on-the-blog#comment-${comment.id}"`);
  });

  it("is where the rendered views link before the widget takes over, unless the fragment is asked for another page", async () => {
    const site = await createSite({ origins: ["https://blog.example.com"] });
    await putArticle(site.id, site.ownerToken, "on-the-blog", { title: "On the blog", url: BLOG_PAGE });
    const { comment } = await postComment(site.id, "on-the-blog", { body: "A permalink to me" });
    const rendered = await call(`/sites/${site.id}/articles/on-the-blog/rendered?sort=oldest`, { headers: { Origin: "https://blog.example.com" } });
    expect(rendered.status).toBe(200);
    expect(await rendered.text()).toContain(`href="${BLOG_PAGE}#comment-${comment.id}"`);
    const fragment = await (await call(`${SELF_ORIGIN}/embed/${site.id}/on-the-blog`)).text();
    expect(fragment).toContain(`href="${BLOG_PAGE}#comment-${comment.id}"`);
    const elsewhere = "https://blog.example.com/moved/";
    const asked = await (await call(`${SELF_ORIGIN}/embed/${site.id}/on-the-blog?url=${encodeURIComponent(elsewhere)}`)).text();
    expect(asked).toContain(`href="${elsewhere}#comment-${comment.id}"`);
  });
});
