// Rich text through the API: the markdown subset comments and articles may use, the sanitized tree readers get,
// re-rendering of trees made by an older renderer, and the escaped HTML of the Atom feed.
import { describe, expect, it } from "vitest";
import { call, createSite, env, putArticle } from "./helpers";
import { postOk, readThread } from "./safety-helpers";

/** Posts a comment and returns the tree the POST answered with, after checking the thread GET serves the same. */
async function rendered(body: string): Promise<unknown[]> {
  const { id } = await createSite();
  const { comment } = await postOk(id, "t", { body });
  const shown = (await readThread(id, "t")).comments.find((c: any) => c.id === comment.id);
  expect(shown.body).toEqual(comment.body);
  return comment.body;
}

const text = (v: string) => ({ t: "text", v });
const p = (...c: unknown[]) => ({ t: "p", c });

/** Every node type and attribute a comment tree may hold. */
const INLINE = new Set(["text", "em", "strong", "del", "code", "br", "a"]);
const BLOCK = new Set(["p", "quote", "ul", "ol", "pre", "hr"]);
function expectOnlyCommentNodes(doc: any[]): void {
  const inline = (nodes: any[]) => {
    for (const n of nodes) {
      expect(INLINE.has(n.t), `inline node ${n.t}`).toBe(true);
      if (n.t === "a") expect(n.href).toMatch(/^(https?:|mailto:)/);
      if (n.c) inline(n.c);
    }
  };
  const block = (nodes: any[]) => {
    for (const n of nodes) {
      expect(BLOCK.has(n.t), `block node ${n.t}`).toBe(true);
      if (n.t === "p") inline(n.c);
      if (n.t === "quote") block(n.c);
      if (n.t === "ul" || n.t === "ol") n.items.forEach(block);
    }
  };
  block(doc);
}

describe("comment markdown", () => {
  it("keeps paragraphs apart and turns a hard line break into br", async () => {
    expect(await rendered("First paragraph.\n\nSecond, line one  \nline two")).toEqual([
      p(text("First paragraph.")),
      p(text("Second, line one"), { t: "br" }, text("line two")),
    ]);
  });

  it("renders emphasis, strong and inline code", async () => {
    expect(await rendered("*soft* and **loud** and `x < y`")).toEqual([
      p({ t: "em", c: [text("soft")] }, text(" and "), { t: "strong", c: [text("loud")] }, text(" and "), { t: "code", v: "x < y" }),
    ]);
  });

  it("strikes through text between pairs of two tildes, and in the feed and the server's HTML", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "I was ~~*very* wrong~~ right, ~not~ ~~~this~~~" });
    const del = { t: "del", c: [{ t: "em", c: [text("very")] }, text(" wrong")] };
    expect(comment.body).toEqual([p(text("I was "), del, text(" right, ~not~ ~~~this~~~"))]);
    const feed = await (await call(`/sites/${id}/threads/t/feed`)).text();
    expect(feed).toContain("&lt;del&gt;&lt;em&gt;very&lt;/em&gt; wrong&lt;/del&gt;");
    const html = await (await call(`/sites/${id}/threads/t/rendered`)).text();
    expect(html).toContain("<del><em>very</em> wrong</del>");
  });

  it("re-renders a comment written before strikethrough with it", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "~~old~~ new" });
    const before = JSON.stringify([p(text("~~old~~ new"))]);
    await env.DB.prepare("UPDATE comments SET renderer_version = 3, body_tree = ?3 WHERE site_id = ?1 AND id = ?2").bind(id, comment.id, before).run();
    expect((await readThread(id, "t")).comments[0].body).toEqual([p({ t: "del", c: [text("old")] }, text(" new"))]);
  });

  it("keeps a fenced code block verbatim, markup and all", async () => {
    expect(await rendered("```html\n<script>alert(1)</script>\n  indented\n```")).toEqual([{ t: "pre", v: "<script>alert(1)</script>\n  indented" }]);
  });

  it("renders blockquotes, bullet lists and numbered lists with their start", async () => {
    expect(await rendered("> quoted *words*\n\n- one\n- two\n\n3. three\n4. four")).toEqual([
      { t: "quote", c: [p(text("quoted "), { t: "em", c: [text("words")] })] },
      { t: "ul", items: [[p(text("one"))], [p(text("two"))]] },
      { t: "ol", start: 3, items: [[p(text("three"))], [p(text("four"))]] },
    ]);
  });

  it("keeps http, https and mailto links", async () => {
    expect(await rendered("[a](https://a.example/x?y=1) [b](http://b.example) [c](mailto:me@example.com)")).toEqual([
      p(
        { t: "a", href: "https://a.example/x?y=1", c: [text("a")] },
        text(" "),
        { t: "a", href: "http://b.example/", c: [text("b")] },
        text(" "),
        { t: "a", href: "mailto:me@example.com", c: [text("c")] },
      ),
    ]);
  });

  it.each([
    ["javascript:", "[click me](javascript:alert(document.cookie))"],
    ["JavaScript: in mixed case", "[click me](JaVaScRiPt:alert(1))"],
    ["data:", "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["vbscript:", "[click me](vbscript:msgbox(1))"],
    ["a javascript: reference definition", "[click me][evil]\n\n[evil]: javascript:alert(1)"],
  ])("drops a %s link and keeps its text", async (_, body) => {
    expect(await rendered(body)).toEqual([p(text("click me"))]);
  });

  it("drops a javascript: autolink", async () => {
    const tree = await rendered("<javascript:alert(1)>");
    expectOnlyCommentNodes(tree);
    expect(JSON.stringify(tree)).not.toContain('"t":"a"');
  });

  it("keeps raw HTML as literal text, inline and as a block", async () => {
    expect(await rendered('Hello <b onmouseover="x()">bold</b> world')).toEqual([p(text('Hello <b onmouseover="x()">bold</b> world'))]);
    expect(await rendered('<div onclick="steal()">\nblock\n</div>')).toEqual([p(text('<div onclick="steal()">\nblock\n</div>'))]);
    expect(await rendered("<script>alert(1)</script>")).toEqual([p(text("<script>alert(1)</script>"))]);
  });

  it("turns an image into its alt text", async () => {
    expect(await rendered("Look: ![a cat](https://img.example/cat.png)")).toEqual([p(text("Look: a cat"))]);
    expect(await rendered("![tracker](http://evil.example/pixel.gif)")).toEqual([p(text("tracker"))]);
  });

  it("turns headings into strong paragraphs", async () => {
    expect(await rendered("# Big\n\n### Smaller *one*")).toEqual([
      p({ t: "strong", c: [text("Big")] }),
      p({ t: "strong", c: [text("Smaller "), { t: "em", c: [text("one")] }] }),
    ]);
  });

  it("answers only allowlisted nodes and safe links to a hostile mix", async () => {
    const tree = await rendered(
      [
        "# Head <img src=x onerror=alert(1)>",
        "![x](javascript:alert(1)) [y](data:text/html,hi) <iframe src=//evil></iframe>",
        "| table | x |\n|---|---|\n| a | b |",
        "<!-- comment --> <style>body{}</style>",
        "[ok](https://ok.example)",
      ].join("\n\n"),
    );
    expectOnlyCommentNodes(tree);
    const links = JSON.stringify(tree).match(/"href":"[^"]*"/g);
    expect(links).toEqual(['"href":"https://ok.example/"']);
  });
});

describe("article markdown", () => {
  it("keeps headings and https images but drops http and data images to their alt text", async () => {
    const { id, ownerToken } = await createSite();
    const body = [
      "# Top",
      "## Section",
      "![safe](https://cdn.example/a.png)",
      "![plain](http://cdn.example/b.png)",
      "![inline](data:image/png;base64,iVBORw0KGgo=)",
      "[link](javascript:alert(1))",
    ].join("\n\n");
    const article = await putArticle(id, ownerToken, "story", { body });
    const expected = [
      { t: "h", level: 2, c: [text("Top")] },
      { t: "h", level: 3, c: [text("Section")] },
      p({ t: "img", src: "https://cdn.example/a.png", alt: "safe" }),
      p(text("plain")),
      p(text("inline")),
      p(text("link")),
    ];
    expect(article.body).toEqual(expected);
    const res = await call(`/sites/${id}/articles/story`);
    expect(res.status).toBe(200);
    expect((await res.json<any>()).body).toEqual(expected);
  });

  it("keeps raw HTML in an article as text", async () => {
    const { id, ownerToken } = await createSite();
    const article = await putArticle(id, ownerToken, "html", { body: "<img src=x onerror=alert(1)>" });
    expect(article.body).toEqual([p(text("<img src=x onerror=alert(1)>"))]);
  });
});

describe("stored trees", () => {
  it("re-renders a comment made by an older renderer from its source on read", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "Fresh **render**" });
    await env.DB.prepare("UPDATE comments SET renderer_version = 0, body_tree = '[]' WHERE site_id = ?1 AND id = ?2").bind(id, comment.id).run();
    const shown = (await readThread(id, "t")).comments[0];
    expect(shown.body).toEqual([p(text("Fresh "), { t: "strong", c: [text("render")] })]);
  });

  it("never serves a stale tree from an older renderer, whatever it holds", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "[safe](javascript:alert(1))" });
    const stale = JSON.stringify([{ t: "p", c: [{ t: "a", href: "javascript:alert(1)", c: [text("safe")] }] }]);
    await env.DB.prepare("UPDATE comments SET renderer_version = 0, body_tree = ?3 WHERE site_id = ?1 AND id = ?2").bind(id, comment.id, stale).run();
    expect((await readThread(id, "t")).comments[0].body).toEqual([p(text("safe"))]);
    const feed = await (await call(`/sites/${id}/threads/t/feed`)).text();
    expect(feed).not.toContain("javascript:");
  });

  it("serves the stored tree of the current renderer as it is", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "Source text" });
    const marker = JSON.stringify([p(text("stored tree"))]);
    await env.DB.prepare("UPDATE comments SET body_tree = ?3 WHERE site_id = ?1 AND id = ?2").bind(id, comment.id, marker).run();
    expect((await readThread(id, "t")).comments[0].body).toEqual([p(text("stored tree"))]);
  });
});

describe("GET /sites/{site}/threads/{thread}/feed", () => {
  /** The text of every <content> element in a feed. */
  const contents = (xml: string) => [...xml.matchAll(/<content type="html">([\s\S]*?)<\/content>/g)].map((m) => m[1]);
  const unescapeXml = (v: string) =>
    v.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

  it("is an Atom document", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { body: "Hello feed" });
    const res = await call(`/sites/${id}/threads/t/feed`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(contents(xml)).toEqual(["&lt;p&gt;Hello feed&lt;/p&gt;"]);
  });

  it("escapes a hostile body so that no raw tag appears in the content", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { body: "<script>alert(1)</script> and <img src=x onerror=alert(2)> and ]]> &amp;" });
    const xml = await (await call(`/sites/${id}/threads/t/feed`)).text();
    const [content] = contents(xml);
    expect(content).not.toMatch(/[<>]/);
    expect(xml).not.toMatch(/<script|<img/i);
    // Decoded once, as a feed reader does, the HTML shows the tags as text and runs nothing.
    const html = unescapeXml(content);
    expect(html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt; and ]]&gt; &amp;amp;</p>");
    expect(html).not.toMatch(/<script|<img/i);
  });

  it("escapes a hostile author name in the title and author", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { authorName: '<img src=x onerror="alert(1)">', body: "hi" });
    const xml = await (await call(`/sites/${id}/threads/t/feed`)).text();
    expect(xml).not.toMatch(/<img/i);
    expect(xml).toContain("<name>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</name>");
  });

  it("renders links with rel and only safe hrefs", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { body: "[ok](https://ok.example) [bad](javascript:alert(1))" });
    const html = unescapeXml(contents(await (await call(`/sites/${id}/threads/t/feed`)).text())[0]);
    expect(html).toBe('<p><a href="https://ok.example/" rel="nofollow ugc noopener noreferrer">ok</a> bad</p>');
  });

  it("lists only published comments", async () => {
    const { id } = await createSite({ maxLinks: 0 });
    await postOk(id, "t", { body: "Visible" });
    expect((await postOk(id, "t", { body: "Held https://spam.example" })).comment.status).toBe("pending");
    const xml = await (await call(`/sites/${id}/threads/t/feed`)).text();
    expect(contents(xml)).toHaveLength(1);
    expect(xml).not.toContain("spam.example");
  });
});
