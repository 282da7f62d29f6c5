// Hostile markdown through the worker's fetch on real D1 and KV: every shape at the size limit is stored (or
// answered) with a tree of bounded depth and size and without a 5xx, on every write path; plus the exact
// flattening rules and a property test over random markdown-ish text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanText } from "../../worker/contract/clean-text";
import { DOC_MAX_DEPTH, type Doc } from "../../worker/contract/doc";
import { LIMITS, MARKDOWN_LIMITS } from "../../worker/contract/limits";
import { renderMarkdown } from "../../worker/services/markdown";
import { HOSTILE_SHAPES, fill } from "../fixtures/hostile-markdown";
import { call, createSite, env, json, putArticle } from "./helpers";
import { editOwn, postOk, readThread } from "./safety-helpers";

const comment = (md: string) => renderMarkdown(md, { article: false });

/** The deepest nesting and the node count of a tree, walked with an explicit stack. */
function measure(doc: unknown): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: [unknown, number][] = [[doc, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (Array.isArray(node)) {
      for (const child of node) stack.push([child, d]);
      continue;
    }
    const n = node as { c?: unknown; items?: unknown; head?: unknown; rows?: unknown };
    nodes += 1;
    depth = Math.max(depth, d + 1);
    if (Array.isArray(n.c)) stack.push([n.c, d + 1]);
    if (Array.isArray(n.items)) stack.push([n.items, d + 1]);
    // A table's cells: its rows and cells are lists, as a list's items are.
    if (Array.isArray(n.head)) stack.push([[n.head, n.rows], d + 1]);
  }
  return { depth, nodes };
}

/** All the text a reader would see, in order (explicit stack, so any tree can be read). */
function textOf(doc: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const n = node as { t: string; v?: string; alt?: string; c?: unknown; items?: unknown };
    if (n.t === "text" || n.t === "code" || n.t === "pre") out.push(n.v ?? "");
    else if (n.t === "img") out.push(n.alt ?? "");
    else if (n.c) stack.push(n.c);
    else if (n.items) stack.push(n.items);
    else if (n.t === "table") stack.push([(n as { head?: unknown }).head, (n as { rows?: unknown }).rows]);
  }
  return out.join("");
}

const BLOCKS = new Set(["p", "h", "quote", "ul", "ol", "pre", "hr", "table"]);
const INLINES = new Set(["text", "em", "strong", "del", "code", "br", "a", "img"]);

/** The tree is bounded and holds only allowlisted nodes (comments: no headings, no images). */
function expectBounded(doc: Doc, maxNodes: number, article = false) {
  const { depth, nodes } = measure(doc);
  expect(depth).toBeLessThanOrEqual(MARKDOWN_LIMITS.containerDepth + 2 + MARKDOWN_LIMITS.inlineDepth);
  expect(depth).toBeLessThanOrEqual(DOC_MAX_DEPTH);
  expect(nodes).toBeLessThanOrEqual(maxNodes + 2);
  const stack: { node: any; block: boolean }[] = doc.map((node) => ({ node, block: true }));
  while (stack.length > 0) {
    const { node, block } = stack.pop()!;
    expect((block ? BLOCKS : INLINES).has(node.t), `${block ? "block" : "inline"} ${node.t}`).toBe(true);
    if (!article) expect(["h", "img", "table"]).not.toContain(node.t);
    if (node.t === "a") expect(node.href).toMatch(/^(https?:|mailto:)/);
    if (node.t === "quote") stack.push(...node.c.map((n: any) => ({ node: n, block: true })));
    else if (node.t === "ul" || node.t === "ol") for (const item of node.items) stack.push(...item.map((n: any) => ({ node: n, block: true })));
    else if (node.t === "table") for (const row of [node.head, ...node.rows]) for (const cell of row) stack.push(...cell.map((n: any) => ({ node: n, block: false })));
    else if (node.c) stack.push(...node.c.map((n: any) => ({ node: n, block: false })));
  }
}

describe("the known repros", () => {
  it("stores 2,500 > and a word as a few quotes holding the rest as text", async () => {
    const { id } = await createSite();
    const { comment: posted } = await postOk(id, "t", { body: `${">".repeat(2500)} word` });
    expectBounded(posted.body, MARKDOWN_LIMITS.commentNodes);
    let node = posted.body[0];
    let quotes = 0;
    while (node?.t === "quote") {
      quotes += 1;
      node = node.c[0];
    }
    expect(quotes).toBe(MARKDOWN_LIMITS.containerDepth);
    expect(textOf(posted.body)).toBe(`${">".repeat(2500 - MARKDOWN_LIMITS.linePrefixDepth)} word`);
    const shown = (await readThread(id, "t")).comments[0];
    expect(shown.body).toEqual(posted.body);
  });

  it("stores 10 KB of nested list markers as a bounded list, not a 500", async () => {
    const { id } = await createSite();
    const body = fill("- ", LIMITS.commentBodyChars, "", "x");
    const res = await call(`/sites/${id}/threads/t/comments`, { body: { authorName: "Reader", body } });
    expect(res.status).toBe(201);
    const { comment: posted } = (await res.json()) as any;
    expectBounded(posted.body, MARKDOWN_LIMITS.commentNodes);
    expect(textOf(posted.body).endsWith("x")).toBe(true);
  });
});

describe("every hostile shape at the comment size limit", () => {
  it.each(HOSTILE_SHAPES.map((s) => [s.name, s] as const))("stores %s with a bounded tree", async (_, shape) => {
    const { id, ownerToken } = await createSite({ maxLinks: 100 });
    const body = shape.make(LIMITS.commentBodyChars);
    expect(body.length).toBe(LIMITS.commentBodyChars);
    const res = await call(`/sites/${id}/threads/t/comments`, { body: { authorName: "Reader", body } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { comment: posted, editToken } = (await res.json()) as any;
    expectBounded(posted.body, MARKDOWN_LIMITS.commentNodes);
    const row = await env.DB.prepare("SELECT body_source, body_tree FROM comments WHERE site_id = ?1 AND id = ?2").bind(id, posted.id).first<any>();
    // Stored as typed, but for what cleaning takes out (a Zalgo pile past ten marks on a letter).
    expect(row.body_source).toBe(cleanText(body));
    expectBounded(JSON.parse(row.body_tree), MARKDOWN_LIMITS.commentNodes);

    // The reader's edit and the moderator's edit take the same renderer on their own paths.
    const edited = shape.make(LIMITS.commentBodyChars - 1) + "!";
    const patched = await editOwn(id, posted.id, editToken, { body: edited });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expectBounded(((await patched.json()) as any).comment.body, MARKDOWN_LIMITS.commentNodes);
    const moderated = await json<any>(`/sites/${id}/moderation/comments/${posted.id}`, 200, { method: "PATCH", token: ownerToken, body: { body } });
    expectBounded(moderated.comment.body, MARKDOWN_LIMITS.commentNodes);
    for (const c of (await readThread(id, "t")).comments) expectBounded(c.body, MARKDOWN_LIMITS.commentNodes);
  });
});

describe("every hostile shape at the article size limit", () => {
  it.each(HOSTILE_SHAPES.map((s) => [s.name, s] as const))("publishes %s with a bounded tree", async (_, shape) => {
    const { id, ownerToken } = await createSite();
    const body = shape.make(LIMITS.articleBodyChars);
    const article = await putArticle(id, ownerToken, "a", { body });
    expectBounded(article.body, MARKDOWN_LIMITS.articleNodes, true);
    const read = await json<any>(`/sites/${id}/articles/a`, 200);
    expect(read.article?.body ?? read.body).toEqual(article.body);
  });

  it("refuses an article body over the limit with a code", async () => {
    const { id, ownerToken } = await createSite();
    const res = await call(`/sites/${id}/articles/a`, { method: "PUT", token: ownerToken, body: { title: "T", body: "a".repeat(LIMITS.articleBodyChars + 1) } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("VALIDATION_FAILED");
  });
});

describe("stored trees", () => {
  it("redoes a deep tree stored by the previous renderer from its source on read", async () => {
    const { id } = await createSite();
    const body = `${">".repeat(2500)} word`;
    const { comment: posted } = await postOk(id, "t", { body });
    let deep: unknown = [{ t: "p", c: [{ t: "text", v: "word" }] }];
    for (let i = 0; i < 2500; i++) deep = [{ t: "quote", c: deep }];
    await env.DB.prepare("UPDATE comments SET renderer_version = 1, body_tree = ?3 WHERE site_id = ?1 AND id = ?2")
      .bind(id, posted.id, JSON.stringify(deep))
      .run();
    const shown = (await readThread(id, "t")).comments[0];
    expectBounded(shown.body, MARKDOWN_LIMITS.commentNodes);
    expect(shown.body).toEqual(posted.body);
    const feed = await call(`/sites/${id}/threads/t/feed`);
    expect(feed.status).toBe(200);
  });
});

describe("flattening rules", () => {
  it("keeps exactly the container depth of nested lists and the rest as text", () => {
    const doc = comment(`${"- ".repeat(30)}x`);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    expect(measure(doc).depth).toBe(MARKDOWN_LIMITS.containerDepth + 2);
    expect(textOf(doc)).toBe(`${"- ".repeat(30 - MARKDOWN_LIMITS.linePrefixDepth)}x`);
  });

  it("flattens mixed quotes and lists, and deep indentation, the same way", () => {
    for (const md of ["> - ".repeat(40) + "x", `${" ".repeat(60)}- x`, Array.from({ length: 30 }, (_, i) => `${"  ".repeat(i)}- ${i}`).join("\n")]) {
      const doc = comment(md);
      expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
      expect(measure(doc).depth).toBeLessThanOrEqual(MARKDOWN_LIMITS.containerDepth + 2);
    }
  });

  it("keeps a thematic break written with many spaced dashes", () => {
    expect(comment("- ".repeat(40).trim())).toEqual([{ t: "hr" }]);
  });

  it("keeps delimiter runs past the bound as text", () => {
    const run = "*".repeat(MARKDOWN_LIMITS.delimiterRun + 1);
    expect(comment(`${run}a${run}`)).toEqual([{ t: "p", c: [{ t: "text", v: `${run}a${run}` }] }]);
    expect(comment("***a***")).toEqual([{ t: "p", c: [{ t: "em", c: [{ t: "strong", c: [{ t: "text", v: "a" }] }] }] }]);
    // Only a run of exactly two tildes strikes through: one, three or a long run is text.
    const tildes = "~".repeat(5000);
    expect(comment(`x${tildes}a${tildes}`)).toEqual([{ t: "p", c: [{ t: "text", v: `x${tildes}a${tildes}` }] }]);
    expect(comment("~a~ ~~~b~~~")).toEqual([{ t: "p", c: [{ t: "text", v: "~a~ ~~~b~~~" }] }]);
  });

  it("keeps strikethrough nested past the inline bound as its text", () => {
    const md = "~~*_".repeat(10) + "x" + "_*~~".repeat(10);
    const doc = comment(md);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    expect(measure(doc).depth).toBeLessThanOrEqual(1 + MARKDOWN_LIMITS.inlineDepth + 1);
    expect(textOf(doc)).toContain("x");
  });

  it("keeps emphasis nested past the inline bound as its text", () => {
    const md = Array.from({ length: 20 }, (_, i) => (i % 2 ? "_a " : "*a ")).join("") + "x" + Array.from({ length: 20 }, (_, i) => (i % 2 ? " a*" : " a_")).join("");
    const doc = comment(md);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    expect(measure(doc).depth).toBe(1 + MARKDOWN_LIMITS.inlineDepth + 1);
    expect(textOf(doc)).toContain("x");
  });

  it("ends a document past the node budget with its remaining text as one plain paragraph", () => {
    const md = Array.from({ length: 3000 }, (_, i) => `*${i}*`).join(" ");
    const doc = comment(md);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    expect(textOf(doc).match(/\d+/g)).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
  });

  it("keeps the lines past the block work bound as plain text, in order", () => {
    const md = Array.from({ length: 2000 }, (_, i) => `- item ${i}`).join("\n");
    const doc = comment(md);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    const last = doc[doc.length - 1] as any;
    expect(last.t).toBe("p");
    expect(last.c[0].v.endsWith("- item 1999")).toBe(true);
    expect(textOf(doc)).toContain("item 0");
  });

  it("keeps links past the number of tries as text, in order", () => {
    const md = Array.from({ length: MARKDOWN_LIMITS.commentLabels + 100 }, (_, i) => `[l${i}](https://e.x/${i})`).join(" ");
    const doc = comment(md);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    // The labels past the tries are text; what is left of their destinations are bare URLs, linked within
    // their own budget of tries.
    const labelled = JSON.stringify(doc).match(/"t":"a","href":"[^"]*","c":\[\{"t":"text","v":"l\d+"/g);
    expect(labelled).toHaveLength(MARKDOWN_LIMITS.commentLabels);
    const bare = JSON.stringify(doc).match(/"t":"a","href":"([^"]*)","c":\[\{"t":"text","v":"https:/g) ?? [];
    expect(bare.length).toBeLessThanOrEqual(MARKDOWN_LIMITS.commentUrlTries);
    expect(textOf(doc).match(/l\d+/g)).toEqual(Array.from({ length: MARKDOWN_LIMITS.commentLabels + 100 }, (_, i) => `l${i}`));
  });

  it("keeps links nested in link labels past the bound as text", () => {
    const doc = comment(`${"[".repeat(50)}a${"](https://e.x)".repeat(50)}`);
    expectBounded(doc, MARKDOWN_LIMITS.commentNodes);
    expect(textOf(doc)).toContain("a");
  });
});

describe("random markdown-ish text", () => {
  const atoms = [">", "> ", "- ", "* ", "1. ", "  ", "\t", "\n", "\n\n", "*", "**", "_", "`", "```", "[", "]", "(", ")", "![", "](", "<", ">", "&amp;", "&#", "#", "\\", "a", "word ", "https://e.x", "---", "|", "www.", "http://", "://", ".", ",", ":", "!", "?", "e.x/", "@"];
  const markdownish = fc.array(fc.constantFrom(...atoms), { maxLength: 600 }).map((parts) => parts.join(""));

  it("always gives a bounded, allowlisted tree, for comments and articles", () => {
    fc.assert(
      fc.property(markdownish, (md) => {
        expectBounded(renderMarkdown(md, { article: false }), MARKDOWN_LIMITS.commentNodes);
        expectBounded(renderMarkdown(md, { article: true }), MARKDOWN_LIMITS.articleNodes, true);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
