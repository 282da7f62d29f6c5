// Bare URLs in comments and articles become links under the rules of explicit links: the same schemes, the
// same `a` node (so the widget gives them the same rel), counted by the link rules, and bounded in cost.
import { describe, expect, it } from "vitest";
import type { Doc } from "../../worker/contract/doc";
import { LIMITS, MARKDOWN_LIMITS } from "../../worker/contract/limits";
import { RENDERER_VERSION, renderMarkdown } from "../../worker/services/markdown";
import { fill } from "../fixtures/hostile-markdown";
import { createSite, env, putArticle } from "./helpers";
import { postOk, readThread } from "./safety-helpers";

const comment = (md: string) => renderMarkdown(md, { article: false });
const article = (md: string) => renderMarkdown(md, { article: true });

/** A paragraph's inlines as a compact string: `<href|text>` for a link, the text as it is otherwise. */
function inline(md: string): string {
  const [first] = comment(md) as any[];
  expect(first.t).toBe("p");
  return first.c.map((n: any) => (n.t === "a" ? `<${n.href}|${n.c.map((c: any) => c.v).join("")}>` : n.t === "text" ? n.v : `{${n.t}}`)).join("");
}

/** Every link of a tree, with an explicit stack. */
function linksOf(doc: Doc): { href: string; text: string }[] {
  const out: { href: string; text: string }[] = [];
  const stack: any[] = [...doc].reverse();
  while (stack.length > 0) {
    const n = stack.pop();
    if (n.t === "a") out.push({ href: n.href, text: n.c.map((c: any) => c.v ?? "").join("") });
    const kids = n.c ?? n.items?.flat() ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

/** All the text a reader sees, in order. */
function textOf(doc: Doc): string {
  const out: string[] = [];
  const stack: any[] = [...doc].reverse();
  while (stack.length > 0) {
    const n = stack.pop();
    if (n.t === "text" || n.t === "code" || n.t === "pre") out.push(n.v);
    const kids = n.c ?? n.items?.flat() ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out.join("");
}

describe("bare URLs", () => {
  it("links https, http and www URLs, showing them as typed", () => {
    expect(inline("See https://example.com/a?b=1#c now")).toBe("See <https://example.com/a?b=1#c|https://example.com/a?b=1#c> now");
    expect(inline("old http://example.org/x")).toBe("old <http://example.org/x|http://example.org/x>");
    expect(inline("visit www.example.com/docs")).toBe("visit <http://www.example.com/docs|www.example.com/docs>");
    expect(inline("HTTPS://EXAMPLE.COM")).toBe("<https://example.com/|HTTPS://EXAMPLE.COM>");
  });

  it("leaves sentence punctuation after a URL outside it", () => {
    expect(inline("Read https://example.com/page.")).toBe("Read <https://example.com/page|https://example.com/page>.");
    expect(inline("https://example.com/page, then")).toBe("<https://example.com/page|https://example.com/page>, then");
    expect(inline("Really https://example.com/page?!")).toBe("Really <https://example.com/page|https://example.com/page>?!");
    expect(inline("(see https://example.com/page).")).toBe("(see <https://example.com/page|https://example.com/page>).");
    expect(inline("(wow https://example.com/page!)")).toBe("(wow <https://example.com/page|https://example.com/page>!)");
    expect(inline("at https://example.com/page: done")).toBe("at <https://example.com/page|https://example.com/page>: done");
    expect(inline("\"https://example.com/q\"")).toBe("\"<https://example.com/q|https://example.com/q>\"");
    expect(inline("www.example.com...")).toBe("<http://www.example.com/|www.example.com>...");
  });

  it("keeps balanced parentheses and inner punctuation that belong to the URL", () => {
    expect(inline("https://en.wikipedia.org/wiki/Foo_(bar)")).toBe("<https://en.wikipedia.org/wiki/Foo_(bar)|https://en.wikipedia.org/wiki/Foo_(bar)>");
    expect(inline("https://example.com/a.b/c,d?x=1.5")).toBe("<https://example.com/a.b/c,d?x=1.5|https://example.com/a.b/c,d?x=1.5>");
  });

  it("keeps underscores and stars inside a URL in it, and emphasis around it outside it", () => {
    expect(inline("https://example.com/_a_b_")).toBe("<https://example.com/_a_b_|https://example.com/_a_b_>");
    expect(comment("*https://example.com*")).toEqual([
      { t: "p", c: [{ t: "em", c: [{ t: "a", href: "https://example.com/", c: [{ t: "text", v: "https://example.com" }] }] }] },
    ]);
  });

  it("applies the scheme allowlist of explicit links, keeping anything else as text", () => {
    for (const md of ["ftp://files.example.com/x", "//cdn.example.com/x", "javascript://alert(1)", "data://x", "file:///etc/passwd"]) {
      expect(linksOf(comment(md)), md).toEqual([]);
      expect(textOf(comment(md))).toBe(md);
    }
  });

  it("does not link bare domains, e-mail addresses or look-alikes", () => {
    for (const md of ["readme.md and node.js", "mail alice@example.com", "wwww.example.com", "xwww.example.com", "www.nodot", "http:// nothing", "a:://b"]) {
      expect(linksOf(comment(md)), md).toEqual([]);
      expect(textOf(comment(md))).toBe(md);
    }
  });

  it("leaves URLs in code, in link labels and in explicit links alone", () => {
    expect(comment("`https://example.com`")).toEqual([{ t: "p", c: [{ t: "code", v: "https://example.com" }] }]);
    expect(linksOf(comment("```\nhttps://example.com\n```"))).toEqual([]);
    expect(linksOf(comment("[see https://a.example](https://b.example)"))).toEqual([{ href: "https://b.example/", text: "see https://a.example" }]);
    expect(linksOf(comment("<https://example.com/x>"))).toEqual([{ href: "https://example.com/x", text: "https://example.com/x" }]);
  });

  it("links in articles too", () => {
    expect(linksOf(article("## Sources\n\n- https://example.com/one\n- www.example.org"))).toEqual([
      { href: "https://example.com/one", text: "https://example.com/one" },
      { href: "http://www.example.org/", text: "www.example.org" },
    ]);
  });
});

describe("bounds on bare URLs", () => {
  it("links at most the URL tries of a comment and keeps the rest as text, in order", () => {
    const count = MARKDOWN_LIMITS.commentUrlTries + 50;
    const md = Array.from({ length: count }, (_, i) => `https://e.x/${i}`).join(" ");
    const doc = comment(md);
    const found = linksOf(doc);
    expect(found.length).toBeLessThanOrEqual(MARKDOWN_LIMITS.commentUrlTries);
    expect(found.slice(0, 10).map((l) => l.href)).toEqual(Array.from({ length: 10 }, (_, i) => `https://e.x/${i}`));
    expect(textOf(doc)).toBe(md);
  });

  it.each([
    ["one URL as long as a comment", fill("a", LIMITS.commentBodyChars, "https://a.example/")],
    ["glued URLs", fill("https://a.b", LIMITS.commentBodyChars)],
    ["www runs", fill("www.", LIMITS.commentBodyChars)],
    ["open brackets in a path", fill("(", LIMITS.commentBodyChars, "https://a.b/")],
    ["trailing punctuation runs", fill("!?.,;:", LIMITS.commentBodyChars, "https://a.b/x")],
    ["hosts that fail late", fill(`https://${"a.".repeat(10)}a_ `, LIMITS.commentBodyChars)],
    ["colon-slash runs", fill("://", LIMITS.commentBodyChars)],
  ])("keeps every character of %s and stays within the node budget", (_, md) => {
    const doc = comment(md);
    expect(textOf(doc)).toBe(md);
    expect(linksOf(doc).length).toBeLessThanOrEqual(MARKDOWN_LIMITS.commentUrlTries);
    expect(JSON.stringify(doc).match(/"t":/g)!.length).toBeLessThanOrEqual(MARKDOWN_LIMITS.commentNodes + 2);
  });

  it("does not end a URL that fills a comment with its trailing punctuation", () => {
    const md = fill("!", LIMITS.commentBodyChars, "https://a.example/x");
    expect(linksOf(comment(md))).toEqual([{ href: "https://a.example/x", text: "https://a.example/x" }]);
  });
});

describe("through the API", () => {
  it("stores and serves a posted comment's bare URL as a link", async () => {
    const { id } = await createSite();
    const { comment: posted } = await postOk(id, "t", { body: "Source: https://example.com/report." });
    expect(posted.body).toEqual([
      { t: "p", c: [{ t: "text", v: "Source: " }, { t: "a", href: "https://example.com/report", c: [{ t: "text", v: "https://example.com/report" }] }, { t: "text", v: "." }] },
    ]);
    expect((await readThread(id, "t")).comments[0].body).toEqual(posted.body);
  });

  it("links the bare URLs of a comment stored by the previous renderer when it is read", async () => {
    expect(RENDERER_VERSION).toBeGreaterThan(2);
    const { id } = await createSite();
    const { comment: posted } = await postOk(id, "t", { body: "Old www.example.com" });
    const old = JSON.stringify([{ t: "p", c: [{ t: "text", v: "Old www.example.com" }] }]);
    await env.DB.prepare("UPDATE comments SET renderer_version = 2, body_tree = ?3 WHERE site_id = ?1 AND id = ?2").bind(id, posted.id, old).run();
    const shown = (await readThread(id, "t")).comments[0];
    expect(linksOf(shown.body)).toEqual([{ href: "http://www.example.com/", text: "www.example.com" }]);
  });

  it("counts bare URLs as links for the site's link limit", async () => {
    const { id } = await createSite({ maxLinks: 2 });
    expect((await postOk(id, "t", { body: "Two: https://a.example and www.b.example" })).comment.status).toBe("published");
    const { comment: held } = await postOk(id, "t", { body: "Three: https://a.example www.b.example http://c.example" });
    expect(held.status).toBe("pending");
  });

  it("publishes an article's bare URLs as links", async () => {
    const { id, ownerToken } = await createSite();
    const published = await putArticle(id, ownerToken, "linked", { title: "Linked", body: "More at https://example.com/more." });
    expect(linksOf(published.body)).toEqual([{ href: "https://example.com/more", text: "https://example.com/more" }]);
  });
});
