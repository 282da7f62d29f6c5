// HTML and markdown that Parley's markdown (CommonMark and GFM's strikethrough, no tables) cannot say: imported
// through each way bodies are converted (Disqus's HTML, WordPress's text, Waline's and Artalk's markdown), it
// becomes readable text instead of failing the comment, as readers then see it through the API. Strikethrough
// (HTML's <del>, <s>, <strike>, and markdown's ~~…~~) stays strikethrough.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { FIXTURES, allComments, createSite, parleyJson, thread } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);

/** What a reader sees of a document tree, its whitespace collapsed. */
const shown = (doc: unknown) => docText(doc).replace(/\s+/g, " ").trim();

/** Every link target in a document tree. */
function hrefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(hrefs);
  if (typeof node !== "object" || node === null) return [];
  const n = node as Record<string, unknown>;
  return [...(typeof n.href === "string" ? [n.href] : []), ...hrefs(n.c), ...hrefs(n.items)];
}

/** The text of each strikethrough in a document tree, in order. */
function struck(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(struck);
  if (typeof node !== "object" || node === null) return [];
  const n = node as Record<string, unknown>;
  return n.t === "del" ? [docText(n.c)] : [...struck(n.c), ...struck(n.items)];
}

/** [HTML, texts a reader must see]: the constructs commenting systems store beyond CommonMark. */
const HTML_CASES: [string, string[]][] = [
  // Nesting as spam and broken editors leave it: emphasis hundreds deep took 13 s for 200 (its fourth power), and
  // thousands of unclosed tags overflowed the stack ("body could not be read as HTML").
  ["<i>".repeat(300) + "deeply slanted", ["deeply slanted"]],
  ["<div>".repeat(3_000) + "Tom &amp; *Jerry* <br> [next] line", ["Tom & *Jerry*", "[next] line"]],
  ["<b><i>".repeat(2_000) + "bold and slanted", ["bold and slanted"]],
  ["<p>It ships in <del>March</del> <ins>April</ins>; <s>sorry</s>, <strike>old</strike> news.</p>", ["It ships in March April;", "sorry", "old news."]],
  ["<p><s>a</s><s>b</s> <del>x<del>y</del>z</del></p>", ["ab xyz"]],
  [
    "<table><caption>Results</caption><colgroup><col><col></colgroup><thead><tr><th>Run</th><th>Time</th></tr></thead>" +
      "<tbody><tr><td>cold</td><td><b>1.2 s</b></td></tr></tbody><tfoot><tr><td>avg</td><td>0.75 s</td></tr></tfoot></table>",
    ["Results", "Run | Time", "cold | 1.2 s", "avg | 0.75 s"],
  ],
  ["<table><tr><td>outer<table><tr><td>in 1</td><td>in 2</td></tr></table></td><td>right</td></tr></table>", ["outer", "in 1 | in 2", "right"]],
  ["<td>lonely cell</td>", ["lonely cell"]],
  ["<th>lonely head</th>", ["lonely head"]],
  ["<tr><td>row a</td><td>row b</td></tr>", ["row a", "row b"]],
  ["<p>see</p><span><table><tr><td>in a span</td></tr></table> after</span>", ["see", "in a span", "after"]],
  ['<a href="https://example.com/t"><table><tr><td>linked cell</td></tr></table></a>', ["linked cell"]],
  ["<details><summary>More</summary><p>hidden body</p></details>", ["More", "hidden body"]],
  ["<dl><dt>term</dt><dd>definition</dd></dl>", ["term", "definition"]],
  ['<p>x<sup>2</sup> H<sub>2</sub>O <mark>marked</mark> <kbd>Ctrl</kbd> <abbr title="HyperText">HTML</abbr></p>', ["x² H₂O", "marked", "Ctrl", "HTML"]],
  [
    "<P>E = mc<SUP>2</SUP>, 10<sup>&minus;3</sup> mol, the 1<sup>st</sup> of <sup>n+1</sup>, x<sub>i,<b>j</b></sub> and a<Sub> 12 </Sub></P>",
    ["E = mc², 10⁻³ mol, the 1^(st) of ⁿ⁺¹, x_(i,", "j", ") and a₁₂"],
  ],
  ['<p>a footnote<sup><a href="https://example.com/fn">[1]</a></sup> then<sup>unclosed and <i>more</i>', ["a footnote^(", "[1]", ") then^(unclosed and", "more )"]],
  [
    '<p>Watch this:<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0&amp;showinfo=0" frameborder="0" allowfullscreen></iframe>great</p>',
    ["Watch this: https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0&showinfo=0 great"],
  ],
  ['<IFRAME SRC="//www.youtube.com/embed/Ab_12-x" TITLE="YouTube  video player"></IFRAME><iframe src="javascript:alert(1)" title="bad"></iframe><iframe src="data:text/html,x"></iframe>after', ["YouTube video player after"]],
  ['<div><iframe src="http://player.vimeo.com/video/76979871">fallback <b>text</b>', ["http://player.vimeo.com/video/76979871"]],
  ['<figure><img src="https://img.example.com/a.png" alt="a chart"><figcaption>Figure 1</figcaption></figure>', ["a chart", "Figure 1"]],
  ['<video src="https://media.example.com/v.mp4">the clip</video><audio controls><source src="https://media.example.com/a.mp3"></audio>', ["the clip", "https://media.example.com/a.mp3"]],
  ['<p>before <svg width="9"><circle r="4"></circle></svg> after</p>', ["before", "after"]],
  ['<p><math><semantics><mi>x</mi><annotation encoding="application/x-tex">x^2</annotation></semantics></math> and <math><mi>y</mi></math></p>', ["x^2", "y"]],
  ["<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>", ["漢(kan)"]],
  ['<ul><li><input type="checkbox" checked disabled> shipped</li><li><input type="checkbox" disabled> tested</li></ul>', ["[x] shipped", "[ ] tested"]],
  ["<p>a<!-- an editor's note --> b</p>", ["a b"]],
];

/** [markdown as Waline and Artalk store it, texts a reader must see]. */
const MARKDOWN_CASES: [string, string[]][] = [
  ["I was ~~wrong~~ right", ["I was wrong right"]],
  ["| a | b |\n|:--|--:|\n| 1 | **2** |\n| `x \\| y` | |", ["a | b", "1 | 2", "x | y"]],
  ["- [x] done\n- [ ] todo", ["[x] done", "[ ] todo"]],
  ["A claim[^1].\n\n[^1]: Source: the manual.", ["A claim[^1].", "[^1]: Source: the manual."]],
  ["see www.example.com/docs and <https://example.com/x>", ["www.example.com/docs", "https://example.com/x"]],
];

/** A Disqus export with one post per body, by authors c0, c1, …, on one page. */
const disqusFile = (bodies: string[]) => `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><id/><link>https://blog.example.com/markup/</link><title>Markup</title><isClosed>false</isClosed></thread>
${bodies.map((b, i) => `  <post dsq:id="${i + 1}"><id/><message><![CDATA[${b}]]></message><createdAt>2019-02-01T09:00:${String(i).padStart(2, "0")}Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>c${i}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="1"/></post>`).join("\n")}
</disqus>
`;

/** A WordPress export with one comment per body (WordPress's text, paragraphs by blank lines). */
const wordpressFile = (bodies: string[]) => `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example.com</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Markup</title><link>https://blog.example.com/markup/</link><wp:post_id>1</wp:post_id><wp:comment_status>open</wp:comment_status><wp:post_type>post</wp:post_type>
${bodies.map((b, i) => `<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_author><![CDATA[c${i}]]></wp:comment_author><wp:comment_date_gmt>2019-02-01 09:00:${String(i).padStart(2, "0")}</wp:comment_date_gmt><wp:comment_content><![CDATA[${b}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`).join("\n")}
</item></channel></rss>
`;

/** A Waline export with one comment per body (the author's markdown, raw HTML allowed). */
const walineFile = (bodies: string[]) =>
  JSON.stringify({
    type: "waline",
    version: 1,
    data: { Comment: bodies.map((comment, i) => ({ objectId: `w${i}`, url: "/markup/", comment, nick: `c${i}`, status: "approved", insertedAt: `2019-02-01T09:00:${String(i).padStart(2, "0")}Z` })) },
  });

describe("markup beyond Parley's markdown", () => {
  const importers: [string, string, (bodies: string[]) => string, [string, string[]][]][] = [
    ["disqus", "xml", disqusFile, HTML_CASES],
    ["wordpress", "xml", wordpressFile, HTML_CASES],
    ["waline", "json", walineFile, [...HTML_CASES, ...MARKDOWN_CASES]],
  ];
  for (const [format, extension, write, cases] of importers) {
    it(`becomes readable text in a ${format} import, failing no comment`, async () => {
      const { site, token } = await createSite();
      const file = join(await mkdtemp(join(tmpdir(), "parley-markup-")), `${format}.${extension}`);
      await writeFile(file, write(cases.map(([source]) => source)));
      const r = await parleyJson(["--site", site, "import", format, file, "--no-progress"], token);
      expect(r.failed).toEqual([]);
      expect(r.imported).toBe(cases.length);
      const byName = new Map<string, any>((await thread(site, "/markup/")).comments.map((c: any) => [c.authorName, c]));
      for (const [i, [source, texts]] of cases.entries()) {
        const text = shown(byName.get(`c${i}`).body);
        for (const t of texts) expect(text, source).toContain(t);
        // A frame is a link to its address (http or https only), never an embed.
        if (/iframe/i.test(source)) {
          expect(hrefs(byName.get(`c${i}`).body).length, source).toBeGreaterThan(0);
          expect(hrefs(byName.get(`c${i}`).body).every((h) => /^https?:\/\/(www\.youtube|player\.vimeo)\.com\//.test(h)), source).toBe(true);
          expect(text, source).not.toMatch(/javascript|data:|bad/);
        }
        // Nothing shows as markup: no tags, no strikethrough tildes, no table rules; a strikethrough is one.
        expect(text, source).not.toMatch(/<\/?[a-z]|~~|\|\s*-{3}/i);
        if (source.startsWith("<p>It ships")) expect(struck(byName.get(`c${i}`).body)).toEqual(["March", "sorry", "old"]);
        if (source.startsWith("<p><s>a")) expect(struck(byName.get(`c${i}`).body)).toEqual(["ab", "xyz"]);
        if (source.startsWith("I was ~~")) expect(struck(byName.get(`c${i}`).body)).toEqual(["wrong"]);
      }
    });
  }
});

/** A paragraph's marks as a reader gets them: `em(strong(x))`, the text's whitespace collapsed. */
function marks(node: unknown): string {
  if (Array.isArray(node)) return node.map(marks).join("");
  const n = node as { t: string; v?: string; c?: unknown[] };
  if (n.t === "text") return (n.v ?? "").replace(/\s+/g, " ");
  return n.t === "p" ? marks(n.c) : `${n.t}(${marks(n.c ?? [])})`;
}

const nested = (tags: string[], text: string) => tags.map((t) => `<${t}>`).join("") + text + tags.map((t) => `</${t}>`).reverse().join("");

/**
 * [HTML, its paragraph's marks]: an emphasis within one of its kind adds nothing to it, as the page showed it
 * (`<i><i>a</i></i>` is italic), at any depth; written as nested markers it was bold (`__a__`, `______a______`).
 */
const NESTED_EMPHASIS_CASES: [string, string][] = [
  ...[1, 2, 3, 5, 6, 7, 10, 300].map((n): [string, string] => [`<p>${nested(Array(n).fill("i"), `lvl${n}`)}</p>`, `em(lvl${n})`]),
  [`<p>${"<i>".repeat(300)}unclosed</p>`, "em(unclosed)"],
  [`<p>${nested(Array(6).fill("b"), "bold")}</p>`, "strong(bold)"],
  [`<p>${nested(["em", "i", "cite", "i", "em", "i", "i"], "mixed")}</p>`, "em(mixed)"],
  ...[2, 3, 4, 5].map((n): [string, string] => [`<p>${nested(Array(n).fill(["i", "b"]).flat(), "both")}</p>`, "em(strong(both))"]),
  [`<p>${nested(Array(4).fill(["b", "i"]).flat(), "both")} after</p>`, "strong(em(both)) after"],
  ["<p><i>a <i>b</i> c</i> and <b>d <i>e <b>f</b></i></b></p>", "em(a b c) and strong(d em(e f))"],
  ["<p><i>a</i><i>b</i> <b>c</b><b>d</b> <i><b>e</b><b>f</b></i></p>", "em(ab) strong(cd) em(strong(ef))"],
];

describe("emphasis nested in emphasis", () => {
  it("comes in as one emphasis of each kind, at any depth, never as another", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-nested-")), "disqus.xml");
    await writeFile(file, disqusFile(NESTED_EMPHASIS_CASES.map(([source]) => source)));
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect([r.imported, r.failed]).toEqual([NESTED_EMPHASIS_CASES.length, []]);
    const byName = new Map<string, any>((await thread(site, "/markup/")).comments.map((c: any) => [c.authorName, c]));
    expect(NESTED_EMPHASIS_CASES.map((_, i) => marks(byName.get(`c${i}`).body))).toEqual(NESTED_EMPHASIS_CASES.map(([, shape]) => shape));
  });
});

/**
 * [the author's markdown as Remark42, isso and Commento store it (kept as written), what strikes through]: pairs of
 * two tildes do, as GFM has it; code, escapes and runs of one or three tildes do not.
 */
const STRIKE_CASES: [string, string[]][] = [
  ["I was ~~wrong~~ right", ["wrong"]],
  ["Use `~~x~~` or ``a ` ~~b~~ `` to strike; ~~not~~ this", ["not"]],
  ["```js\nconst s = '~~kept~~';\n```\n\n~~Gone~~ **bold ~~both~~**", ["Gone", "both"]],
  ["~~~\n~~a fence of tildes~~\n~~~\n~~x~~ y", ["x"]],
  ["para\n\n    ~~indented code~~\n\n~~z~~", ["z"]],
  ["\\~~escaped\\~~, ~ single ~, ~~ spaced ~~, ~~~three~~~ and ~~unclosed", []],
  ["> ~~two\n> lines~~ & ~~a ~~nested~~ one~~\n- ~~Ünïcödé 🚀~~", ["two\nlines", "a   nested  one", "Ünïcödé 🚀"]],
  ["unclosed `code ~~x~~ here\n\n```\n~~in a fence never closed~~", ["x"]],
];

const at = (i: number) => `2019-02-01T09:00:${String(i).padStart(2, "0")}Z`;

/** A Remark42 backup with one comment per markdown body (`orig`; `text` is its rendered HTML). */
const remark42File = (bodies: string[]) =>
  [
    JSON.stringify({ version: 1, users: [], posts: [] }),
    ...bodies.map((orig, i) =>
      JSON.stringify({ id: `r${i}`, pid: "", text: "<p>rendered</p>", orig, user: { name: `c${i}`, id: `anonymous_${i}` }, locator: { site: "r", url: "https://r42.example.net/markup/" }, time: at(i) }),
    ),
  ].join("\n");

/** A Commento export with one comment per markdown body. */
const commentoFile = (bodies: string[]) =>
  JSON.stringify({
    version: 1,
    comments: bodies.map((markdown, i) => ({ commentHex: `c${i}`.padEnd(64, "0"), domain: "blog.example.org", url: "/markup/", commenterHex: "anonymous", markdown, html: "", parentHex: "root", score: 0, state: "approved", creationDate: at(i), deleted: false })),
    commenters: [],
  });

/** An isso database with one comment per markdown body (isso's schema). */
async function issoDb(file: string, bodies: string[]) {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(file);
  db.exec(`CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
    INSERT INTO threads VALUES (1, '/markup/', 'Markup');
    CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL, modified FLOAT, mode INTEGER,
      remote_addr VARCHAR, text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0,
      voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);`);
  const insert = db.prepare("INSERT INTO comments (tid, id, parent, created, mode, text, author, voters) VALUES (1, ?, NULL, ?, 1, ?, ?, X'00')");
  for (const [i, body] of bodies.entries()) insert.run(i + 1, Date.parse(at(i)) / 1000, body, `c${i}`);
  db.close();
}

describe("strikethrough in the author's markdown", () => {
  const importers: [string, string, (file: string, bodies: string[]) => Promise<void>][] = [
    ["remark42", "jsonl", (file, bodies) => writeFile(file, remark42File(bodies))],
    ["isso", "db", issoDb],
    ["commento", "json", (file, bodies) => writeFile(file, commentoFile(bodies))],
  ];
  for (const [format, extension, write] of importers) {
    it(`keeps it as written in a ${format} import, and it strikes through as GFM's does`, async () => {
      const { site, token } = await createSite();
      const file = join(await mkdtemp(join(tmpdir(), "parley-strike-")), `${format}.${extension}`);
      await write(file, STRIKE_CASES.map(([source]) => source));
      const r = await parleyJson(["--site", site, "import", format, file, "--no-progress"], token);
      expect(r.failed).toEqual([]);
      expect(r.imported).toBe(STRIKE_CASES.length);
      const stored = (await allComments(site, token)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      expect(stored.map((c) => c.source)).toEqual(STRIKE_CASES.map(([source]) => source));
      const shownOf = new Map<string, any>((await thread(site, "/markup/")).comments.map((c: any) => [c.id, c.body]));
      expect(stored.map((c) => struck(shownOf.get(c.id)))).toEqual(STRIKE_CASES.map(([, strikes]) => strikes));
    });
  }
});

describe("importing comments with strikethrough and tables", () => {
  it("keeps tildes that HTML shows as text, text", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-tildes-")), "disqus.xml");
    await writeFile(file, disqusFile(["<p>literal ~~not struck~~, ~one~ and ~~~three~~~ <del>but this</del></p>"]));
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r.failed).toEqual([]);
    const [comment] = (await thread(site, "/markup/")).comments;
    expect(struck(comment.body)).toEqual(["but this"]);
    expect(shown(comment.body)).toBe("literal ~~not struck~~, ~one~ and ~~~three~~~ but this");
  });

  it("imports every Disqus post, the stored text readable", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "disqus", fixture("disqus-markup.xml"), "--no-progress"], token);
    expect(r.failed).toEqual([]);
    expect(r.read).toBe(6);
    expect(r.imported).toBe(6);
    const page = await thread(site, "/2019/02/benchmarks/");
    const byName = new Map<string, any>(page.comments.flatMap((c: any) => [c, ...c.replies]).map((c: any) => [c.authorName, c]));
    expect(shown(byName.get("Strike").body)).toBe("It ships in March April. Sorry , old news.");
    expect(struck(byName.get("Strike").body)).toEqual(["March", "Sorry", "old"]);
    const table = byName.get("Table").body;
    expect(table.map((b: any) => b.t)).toEqual(["p", "p", "p", "p", "p", "p", "p"]);
    expect(shown(table)).toBe("My numbers: Results, median Run | Time cold | 1.2 s - warm | 0.3 s avg | 0.75 s Thoughts?");
    expect(shown(byName.get("Nested").body)).toBe("outer in 1 | in 2 in 3 | in 4 | right item");
    expect(shown(byName.get("Cell").body)).toBe("lonely cell");
    expect(shown(byName.get("Row").body)).toBe("row head | row cell");
    const misc = byName.get("Misc").body;
    for (const t of ["[x] shipped", "[ ] tested", "Spoiler it was fine", "HTML is x² H₂O 漢(kan)", "the chart Figure 1", "watch the clip", "e^x", "Term its meaning"]) {
      expect(shown(misc)).toContain(t);
    }
    expect(hrefs(misc)).toEqual(["https://media.example.com/v.mp4", "https://media.example.com/a.mp3", "https://www.youtube.com/embed/dQw4w9WgXcQ"]);

    const sources = new Map((await allComments(site, token)).map((c) => [c.authorName, c.source as string]));
    expect(sources.get("Table")).toBe("My numbers:\n\nResults, _median_\n\nRun | Time\n\ncold | **1.2 s**\n\n\\- warm | 0.3\u00a0s\n\navg | 0.75 s\n\nThoughts?");
    expect(sources.get("Misc")).not.toContain("editor note");
  });

  it("imports every Waline comment, its strikethrough kept and its tables readable", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "waline", fixture("waline-markup.json"), "--no-progress"], token);
    expect(r.failed).toEqual([]);
    expect(r.imported).toBe(5);
    const byName = new Map<string, any>((await thread(site, "/2019/02/markup/")).comments.map((c: any) => [c.authorName, c]));
    expect(shown(byName.get("Strike").body)).toBe("I was wrong right, really .");
    expect(struck(byName.get("Strike").body)).toEqual(["wrong", "really"]);
    expect(shown(byName.get("Table").body)).toBe("Compare: Plan | Price | Notes Free | $0 | limited Pro | $5 | x | y Done.");
    expect(shown(byName.get("Tasks").body)).toBe("[x] done [ ] todo");
    expect(shown(byName.get("Notes").body)).toBe("A claim[^1] and www.example.com/docs and https://example.com/x . [^1]: Source: the manual, page 3.");
    expect(hrefs(byName.get("Notes").body)).toContain("https://example.com/x");
    expect(shown(byName.get("Html").body)).toBe("k | v a | 1 More hidden bit");
    const sources = new Map((await allComments(site, token)).map((c) => [c.authorName, c.source as string]));
    expect(sources.get("Strike")).toBe("I was ~~wrong~~ right, ~~really~~.");
    expect(sources.get("Table")).toBe("Compare:\n\nPlan | Price | Notes\n\nFree | $0 | _limited_\n\nPro | $5 | `x | y`\n\nDone.");
  });

  it("imports every Artalk comment, a reply to a table under it", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "artalk", fixture("artalk-markup.artrans"), "--no-progress"], token);
    expect(r.failed).toEqual([]);
    expect(r.imported).toBe(3);
    const [ana, cleo] = (await thread(site, "/2023/06/markup/")).comments;
    expect(shown(ana.body)).toBe("Results: a | b 1 | 2 3 | 4");
    expect(struck(ana.body)).toEqual(["3"]);
    expect(ana.replies.map((c: any) => [c.authorName, shown(c.body), struck(c.body)])).toEqual([["Ben", "Disagree agree, see the table", ["Disagree"]]]);
    expect(shown(cleo.body)).toBe("html | in artalk");
  });
});

describe("links relative to the comment's page", () => {
  it("point where they did on the blog: a Disqus post's are resolved against its thread's link", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-relative-"));
    const html =
      '<p>See <a href="/2019/05/older-post/">my older post</a>, <a href="#comment-2">the one above</a> and ' +
      '<a href="javascript:alert(1)">this</a>.</p><p><img src="../img/chart.png" alt="The chart"> <img src="//cdn.example.net/pic.png"></p>';
    await writeFile(
      join(dir, "disqus.xml"),
      `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
        `<thread dsq:id="1"><link>https://blog.example.com/2019/06/post/?utm_source=feed</link><title>Post</title></thread>\n` +
        `<post dsq:id="11"><message><![CDATA[${html}]]></message><createdAt>2019-06-02T10:00:00Z</createdAt><author><name>Ann</name></author><thread dsq:id="1"/></post>\n</disqus>\n`,
    );
    expect((await parleyJson(["--site", site, "import", "disqus", join(dir, "disqus.xml"), "--no-progress"], token)).imported).toBe(1);
    const [comment] = await allComments(site, token);
    // A comment shows a picture as its description (one without: a link to it); its address is whole in the source.
    expect(hrefs(comment.body)).toEqual(["https://blog.example.com/2019/05/older-post/", "https://cdn.example.net/pic.png"]);
    expect(comment.source).toContain("![The chart](https://blog.example.com/2019/06/img/chart.png)");
    expect(shown(comment.body)).toContain("the one above and this. The chart");
  });

  it("a protocol-relative address is https where the comment's page is only a path (a Waline export's url)", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-relative-"));
    const comment = (objectId: string, html: string) => ({
      ...{ objectId, url: "/2019/02/rel/", comment: html, nick: objectId, mail: "", status: "approved" },
      ...{ insertedAt: "2021-01-01T00:00:00.000Z", createdAt: "2021-01-01T00:00:00.000Z", link: "", pid: null, rid: null },
    });
    const data = { Comment: [comment("a", '<p>See <a href="//cdn.example.net/doc">the doc</a> and <a href="/about/">about</a>.</p>')] };
    await writeFile(join(dir, "waline.json"), JSON.stringify({ type: "waline", version: 1, tables: ["Comment"], data }));
    expect((await parleyJson(["--site", site, "import", "waline", join(dir, "waline.json"), "--no-progress"], token)).imported).toBe(1);
    const [c] = (await thread(site, "/2019/02/rel/")).comments;
    // A path alone has no host to resolve against: that link keeps its words.
    expect(hrefs(c.body)).toEqual(["https://cdn.example.net/doc"]);
    expect(shown(c.body)).toBe("See the doc and about.");
  });
});
