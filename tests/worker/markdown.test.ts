import { describe, expect, it } from "vitest";
import type { Doc } from "../../worker/contract/doc";
import { renderMarkdown } from "../../worker/services/markdown";

const comment = (md: string) => renderMarkdown(md, { article: false });
const article = (md: string) => renderMarkdown(md, { article: true });

const BLOCK_TYPES = new Set(["p", "h", "quote", "ul", "ol", "pre", "hr", "table"]);
const INLINE_TYPES = new Set(["text", "em", "strong", "del", "code", "br", "a", "img"]);

/** Walks a tree and fails on any node, key or URL outside the document allowlist. */
function assertAllowlisted(doc: Doc) {
  const inline = (node: any) => {
    expect(INLINE_TYPES).toContain(node.t);
    if (node.t === "a") {
      expect(["http:", "https:", "mailto:"]).toContain(new URL(node.href).protocol);
      expect(Object.keys(node).sort()).toEqual(["c", "href", "t"]);
    }
    if (node.t === "img") {
      expect(new URL(node.src).protocol).toBe("https:");
      expect(Object.keys(node).sort()).toEqual(["alt", "src", "t"]);
    }
    (node.c ?? []).forEach(inline);
  };
  const block = (node: any) => {
    expect(BLOCK_TYPES).toContain(node.t);
    if (node.t === "quote") node.c.forEach(block);
    else if (node.t === "ul" || node.t === "ol") node.items.forEach((item: any[]) => item.forEach(block));
    else if (node.t === "p" || node.t === "h") node.c.forEach(inline);
    else if (node.t === "table") {
      expect(Object.keys(node).sort()).toEqual(["align", "head", "rows", "t"]);
      for (const row of [node.head, ...node.rows]) for (const cell of row) cell.forEach(inline);
    }
  };
  doc.forEach(block);
}

/** All the text a reader would see, in order. */
function textOf(node: unknown): string {
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object") {
    const n = node as any;
    if (n.t === "text" || n.t === "code" || n.t === "pre") return n.v;
    if (n.t === "img") return n.alt;
    return textOf(n.c ?? n.items ?? []);
  }
  return "";
}

function links(doc: Doc): string[] {
  return JSON.stringify(doc).match(/"href":"[^"]*"/g)?.map((m) => m.slice(8, -1)) ?? [];
}

describe("renderMarkdown", () => {
  it("turns paragraphs and inline formatting into the allowlisted nodes", () => {
    expect(comment("Plain *em* **strong** `code`  \nnext line\n\nSecond paragraph")).toEqual([
      {
        t: "p",
        c: [
          { t: "text", v: "Plain " },
          { t: "em", c: [{ t: "text", v: "em" }] },
          { t: "text", v: " " },
          { t: "strong", c: [{ t: "text", v: "strong" }] },
          { t: "text", v: " " },
          { t: "code", v: "code" },
          { t: "br" },
          { t: "text", v: "next line" },
        ],
      },
      { t: "p", c: [{ t: "text", v: "Second paragraph" }] },
    ]);
  });

  it("strikes through text between two tildes on each side, as GFM does", () => {
    const del = (...c: unknown[]) => ({ t: "del", c });
    expect(comment("I was ~~wrong~~ right")).toEqual([{ t: "p", c: [{ t: "text", v: "I was " }, del({ t: "text", v: "wrong" }), { t: "text", v: " right" }] }]);
    expect(comment("~~**bold** and [a link](https://a.example/)~~")).toEqual([
      {
        t: "p",
        c: [del({ t: "strong", c: [{ t: "text", v: "bold" }] }, { t: "text", v: " and " }, { t: "a", href: "https://a.example/", c: [{ t: "text", v: "a link" }] })],
      },
    ]);
    // One tilde, three, an escaped pair, code and an unclosed pair stay as written.
    expect(comment("~one~ ~~~three~~~ \\~~escaped~~ `~~code~~` ~~open")).toEqual([
      { t: "p", c: [{ t: "text", v: "~one~ ~~~three~~~ ~~escaped~~ " }, { t: "code", v: "~~code~~" }, { t: "text", v: " ~~open" }] },
    ]);
  });

  it("keeps quotes, lists, code blocks and rules", () => {
    const doc = comment("> quoted\n\n- one\n- two\n\n3. three\n4. four\n\n```js\nlet x = '<b>';\n```\n\n---");
    expect(doc).toEqual([
      { t: "quote", c: [{ t: "p", c: [{ t: "text", v: "quoted" }] }] },
      { t: "ul", items: [[{ t: "p", c: [{ t: "text", v: "one" }] }], [{ t: "p", c: [{ t: "text", v: "two" }] }]] },
      { t: "ol", start: 3, items: [[{ t: "p", c: [{ t: "text", v: "three" }] }], [{ t: "p", c: [{ t: "text", v: "four" }] }]] },
      { t: "pre", v: "let x = '<b>';" },
      { t: "hr" },
    ]);
  });

  it("renders nothing for empty input", () => {
    expect(comment("")).toEqual([]);
    expect(comment("   \n\n  ")).toEqual([]);
  });

  describe("character references", () => {
    it("takes out of the text the direction overrides and other hidden characters a reference spells, as cleaning does from text as typed", () => {
      const doc = comment("Best deals: &#x202E;onisac&#x202C; here &#x2067;x&#x2069; &#xFEFF;&#x200B;a&#xFFFE;b &#x200D;");
      // (U+FFFE is not a character: the parser makes it U+FFFD, as CommonMark says.)
      expect(textOf(doc)).toBe("Best deals: onisac here x a\uFFFDb \u200D");
    });

    it("decodes HTML 4's names, &apos; and numeric references, in text and in link destinations and titles", () => {
      expect(textOf(comment("&Eacute;t&eacute; &mdash; &copy; 2026 &rarr; &hellip; &apos;ok&apos; &amp; &lt;b&gt; &nbsp;|"))).toBe(
        "Été — © 2026 → … 'ok' & <b> \u00a0|",
      );
      expect(textOf(comment("&#233; &#x1F600; &#0; &#xD800;"))).toBe("é 😀 \ufffd \ufffd");
      const [p] = comment('[the &alpha; test](https://example.com/?a=1&amp;b=&eacute; "&copy;")') as any[];
      expect(p.c[0]).toEqual({ t: "a", href: "https://example.com/?a=1&b=%C3%A9", c: [{ t: "text", v: "the α test" }] });
    });

    it("leaves HTML5's rarer names, unknown names and names of object properties as typed", () => {
      for (const typed of ["&NotLessSlantEqual;", "&bigstar;", "&nosuchname;", "&constructor;", "&toString;", "&valueOf;", "&amp", "&eacute"])
        expect(textOf(comment(`a ${typed} b`))).toBe(`a ${typed} b`);
    });
  });

  describe("links", () => {
    it.each([
      ["https", "https://example.com/a?b=c#d", "https://example.com/a?b=c#d"],
      ["http", "http://example.com/", "http://example.com/"],
      ["mailto", "mailto:ada@example.com", "mailto:ada@example.com"],
    ])("keeps %s links", (_, url, href) => {
      expect(comment(`[go](${url})`)).toEqual([{ t: "p", c: [{ t: "a", href, c: [{ t: "text", v: "go" }] }] }]);
    });

    it.each([
      ["javascript:", "javascript:alert(1)"],
      ["mixed-case javascript:", "JaVaScRiPt:alert(1)"],
      ["entity-encoded javascript:", "java&#115;cript:alert(1)"],
      ["javascript: behind a tab", "java%09script:alert(1)"],
      ["data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="],
      ["vbscript:", "vbscript:msgbox(1)"],
      ["file:", "file:///etc/passwd"],
      ["ftp:", "ftp://example.com/file"],
      ["a relative path", "/admin"],
      ["a protocol-relative URL", "//evil.example/x"],
      ["a fragment", "#top"],
    ])("drops %s links but keeps their text", (_, url) => {
      const doc = comment(`before [the text](${url}) after`);
      expect(links(doc)).toEqual([]);
      expect(textOf(doc)).toBe("before the text after");
      assertAllowlisted(doc);
    });

    it("drops a javascript: autolink", () => {
      const doc = comment("<javascript:alert(1)>");
      expect(links(doc)).toEqual([]);
      expect(JSON.stringify(doc)).not.toContain('"a"');
    });

    it("keeps an https autolink", () => {
      expect(comment("<https://example.com/x>")).toEqual([
        { t: "p", c: [{ t: "a", href: "https://example.com/x", c: [{ t: "text", v: "https://example.com/x" }] }] },
      ]);
    });

    it("keeps the formatting inside a link", () => {
      expect(comment("[**bold** link](https://example.com)")).toEqual([
        { t: "p", c: [{ t: "a", href: "https://example.com/", c: [{ t: "strong", c: [{ t: "text", v: "bold" }] }, { t: "text", v: " link" }] }] },
      ]);
    });
  });

  describe("references", () => {
    it("resolves reference links and drops the definitions", () => {
      const doc = comment("See [the docs][Docs] and [again][docs].\n\n[docs]: https://example.com/docs \"Title\"");
      expect(doc).toHaveLength(1);
      expect(links(doc)).toEqual(["https://example.com/docs", "https://example.com/docs"]);
      expect(textOf(doc)).toBe("See the docs and again.");
    });

    it("resolves collapsed and shortcut references", () => {
      const doc = comment("[site][] and [site]\n\n[site]: https://example.com/");
      expect(links(doc)).toEqual(["https://example.com/", "https://example.com/"]);
    });

    it("holds no more characters of addresses than twice the markdown and a base: later links keep their text", () => {
      // One address of 2,000 characters defined once, then named by 2,000 links: 4,000,000 characters of addresses.
      const address = `https://example.com/${"a".repeat(1_980)}`;
      const markdown = `[a]: ${address}\n\n${"[a] ".repeat(2_000)}`;
      const doc = comment(markdown);
      const kept = links(doc);
      expect(kept.length).toBe(Math.floor((2 * markdown.length + 2_048) / address.length));
      expect(kept.every((href) => href === address)).toBe(true);
      expect(JSON.stringify(doc).length).toBeLessThan(3 * markdown.length + 4_096);
      // The rest are their text, unlinked: nothing a reader reads is lost.
      expect(textOf(doc).split("a").length - 1).toBe(2_000);
      // Ordinary links, each address written out, are all kept, also where encoding makes them nine times longer:
      // what is counted is the address as written.
      const many = Array.from({ length: 200 }, (_, i) => `[${i}](https://example.com/été/${i})`).join(" ");
      expect(links(comment(many))).toHaveLength(200);
      const japanese = Array.from({ length: 40 }, (_, i) => `https://ja.wikipedia.org/wiki/日本語の記事${i}`).join("\n");
      expect(links(comment(japanese))).toHaveLength(40);
      const references = Array.from({ length: 150 }, (_, i) => `[出典${i}](https://ja.wikipedia.org/wiki/参考文献の記事の題名${i})`).join(" ");
      expect(links(article(references))).toHaveLength(150);
      // An address that is an image's and a link's: the image still takes only https.
      expect(JSON.stringify(article("[a](http://example.com/x.png) ![b](http://example.com/x.png) ![c](https://example.com/x.png)"))).toBe(
        JSON.stringify([{ t: "p", c: [{ t: "a", href: "http://example.com/x.png", c: [{ t: "text", v: "a" }] }, { t: "text", v: " b " }, { t: "img", src: "https://example.com/x.png", alt: "c" }] }]),
      );
      // One long address in Chinese named by every link: what is stored stays within a few times the markdown.
      const chinese = `[a]: https://example.com/${"中".repeat(2_000)}\n\n${"[a] ".repeat(1_995)}`;
      expect(JSON.stringify(comment(chinese)).length).toBeLessThan(8 * chinese.length);
    });

    it("drops reference links whose definition is unsafe", () => {
      const doc = comment("[click][x]\n\n[x]: javascript:alert(1)");
      expect(doc).toEqual([{ t: "p", c: [{ t: "text", v: "click" }] }]);
    });

    it("leaves an undefined reference as text", () => {
      expect(textOf(comment("[nothing][missing]"))).toBe("[nothing][missing]");
      expect(links(comment("[nothing][missing]"))).toEqual([]);
    });

    it("resolves image references in articles only", () => {
      const md = "![chart][c]\n\n[c]: https://img.example.com/c.png";
      expect(article(md)).toEqual([{ t: "p", c: [{ t: "img", src: "https://img.example.com/c.png", alt: "chart" }] }]);
      expect(comment(md)).toEqual([{ t: "p", c: [{ t: "text", v: "chart" }] }]);
    });
  });

  describe("images", () => {
    it("keeps https images in articles", () => {
      expect(article("![A cat](https://img.example.com/cat.jpg)")).toEqual([
        { t: "p", c: [{ t: "img", src: "https://img.example.com/cat.jpg", alt: "A cat" }] },
      ]);
    });

    it.each([
      ["http", "http://img.example.com/cat.jpg"],
      ["data:", "data:image/png;base64,iVBORw0KGgo="],
      ["javascript:", "javascript:alert(1)"],
      ["relative", "/cat.jpg"],
    ])("turns %s images in articles into their alt text", (_, url) => {
      expect(article(`![A cat](${url})`)).toEqual([{ t: "p", c: [{ t: "text", v: "A cat" }] }]);
    });

    it("turns every image in a comment into its alt text", () => {
      expect(comment("look: ![A cat](https://img.example.com/cat.jpg)!")).toEqual([{ t: "p", c: [{ t: "text", v: "look: A cat!" }] }]);
    });

    it("links an image without a description to its address where it is not shown, rather than showing nothing", () => {
      const link = (href: string) => ({ t: "a", href, c: [{ t: "text", v: href }] });
      expect(comment("see ![](https://img.example.com/cat.jpg)")).toEqual([{ t: "p", c: [{ t: "text", v: "see " }, link("https://img.example.com/cat.jpg")] }]);
      expect(comment("![  ](<http://img.example.com/a b>)")).toEqual([{ t: "p", c: [link("http://img.example.com/a%20b")] }]);
      expect(article("![](http://img.example.com/cat.jpg)")).toEqual([{ t: "p", c: [link("http://img.example.com/cat.jpg")] }]);
      // Nothing to link to safely, or inside a link already: nothing, as before.
      expect(comment("a ![](javascript:alert(1)) b")).toEqual([{ t: "p", c: [{ t: "text", v: "a  b" }] }]);
      expect(comment("[x ![](https://img.example.com/l.png)](https://example.com/)")).toEqual([
        { t: "p", c: [{ t: "a", href: "https://example.com/", c: [{ t: "text", v: "x " }] }] },
      ]);
      expect(comment("[*![](https://img.example.com/l.png)*](https://example.com/)")).toEqual([
        { t: "p", c: [{ t: "a", href: "https://example.com/", c: [{ t: "em", c: [] }] }] },
      ]);
    });

    it("keeps an image inside a link in articles and only the alt text in comments", () => {
      const md = "[![logo](https://img.example.com/l.png)](https://example.com/)";
      expect(article(md)).toEqual([
        { t: "p", c: [{ t: "a", href: "https://example.com/", c: [{ t: "img", src: "https://img.example.com/l.png", alt: "logo" }] }] },
      ]);
      expect(comment(md)).toEqual([{ t: "p", c: [{ t: "a", href: "https://example.com/", c: [{ t: "text", v: "logo" }] }] }]);
    });
  });

  describe("headings", () => {
    it("makes article headings h2 to h4", () => {
      const doc = article("# One\n\n## Two\n\n### Three\n\n###### Six\n\nSetext\n======");
      expect(doc.map((b) => (b.t === "h" ? b.level : b.t))).toEqual([2, 3, 4, 4, 2]);
      expect(textOf(doc[0])).toBe("One");
    });

    it("turns headings in comments into bold paragraphs", () => {
      expect(comment("# Shouting")).toEqual([{ t: "p", c: [{ t: "strong", c: [{ t: "text", v: "Shouting" }] }] }]);
    });
  });

  describe("html", () => {
    it("keeps a block of html as literal text", () => {
      expect(comment("<script>alert(1)</script>")).toEqual([{ t: "p", c: [{ t: "text", v: "<script>alert(1)</script>" }] }]);
    });

    it("keeps inline html as literal text inside the paragraph", () => {
      expect(comment('a <img src=x onerror="alert(1)"> b <b>c</b>')).toEqual([
        { t: "p", c: [{ t: "text", v: 'a <img src=x onerror="alert(1)"> b <b>c</b>' }] },
      ]);
    });

    it("keeps an html comment and an iframe as text, never as markup", () => {
      const doc = comment("<!-- hidden -->\n\n<iframe src=\"https://evil.example\"></iframe>");
      expect(doc).toEqual([
        { t: "p", c: [{ t: "text", v: "<!-- hidden -->" }] },
        { t: "p", c: [{ t: "text", v: '<iframe src="https://evil.example"></iframe>' }] },
      ]);
    });

    it("decodes character references to plain text rather than markup", () => {
      expect(comment("&lt;b&gt; &amp; &#60;i&#62;")).toEqual([{ t: "p", c: [{ t: "text", v: "<b> & <i>" }] }]);
    });
  });

  it("produces only allowlisted nodes from a hostile mix", () => {
    const md = [
      "# <script>x</script>",
      "[a](javascript:a) [b](https://ok.example) ![c](data:image/png,x) ![d](https://img.example/d.png)",
      "> - [e](vbscript:e)\n>   1. `f`",
      "<style>body{display:none}</style>",
      "| table | not gfm |\n|---|---|\n| x | y |",
      "~~strike~~ www.autolink.example",
      "[ref]\n\n[ref]: data:text/html,x",
    ].join("\n\n");
    // A comment's table stays text; an article's is a table.
    expect(JSON.stringify(comment(md))).not.toContain('"table"');
    expect(article(md).some((n) => n.t === "table")).toBe(true);
    for (const doc of [comment(md), article(md)]) {
      assertAllowlisted(doc);
      expect(JSON.stringify(doc)).not.toMatch(/"(href|src)":"(javascript|data|vbscript):/);
    }
  });
});
