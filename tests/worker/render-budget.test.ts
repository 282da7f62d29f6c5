// What a first render after a write may cost: a page of the largest comments is bounded in bytes as its view's
// <script> holds them (each `<` six characters), its HTML writes whole comments up to BODY_HTML_CHARS and then only
// the start of each long one, and its JSON-LD the same for text. CPU: `npm run bench -- cpu` (README "CPU per request").
import { describe, expect, it } from "vitest";
import { FOLD_CHARS, isLong, leadText } from "../../worker/contract/doc";
import { LIMITS } from "../../worker/contract/limits";
import type { ArticleView, PublicComment, ThreadPage } from "../../worker/contract/types";
import { renderMarkdown } from "../../worker/services/markdown";
import { renderFragment } from "../../worker/services/render/fragment";
import { renderPage } from "../../worker/services/render/page";
import { BODY_HTML_CHARS, renderThread } from "../../worker/services/render/thread";
import { decodeCursor } from "../../worker/lib/cursor";
import { BLOG_ORIGIN, SELF_ORIGIN, call, createSite, json, putArticle, threadPath } from "./helpers";
import { postOk } from "./safety-helpers";

/**
 * A long comment that is mostly markup: each word bold, a paragraph every ten (the renderer's bound on delimiters
 * leaves the last ones as text).
 */
const markupHeavy = (n: number) =>
  Array.from({ length: 800 }, (_, i) => `**w${n}.${i}**${i % 10 == 9 ? "\n\n" : " "}`).join("").slice(0, LIMITS.commentBodyChars);

const comment = (id: string, markdown: string): PublicComment => ({
  ...{ id, parentId: null, authorName: "Reader", body: renderMarkdown(markdown, { article: false }), createdAt: "2026-01-01T00:00:00.000Z" },
  ...{ editedAt: null, editedBy: null, status: "published", pinned: false, votes: 0, replies: [], moreReplies: null },
});

const pageOf = (comments: PublicComment[]): ThreadPage => ({
  ...{ thread: { key: "t", locked: false, closed: false }, sort: "oldest", comments, nextCursor: null, total: comments.length },
  ...{ own: [], formToken: "" },
});

/** Each comment's body <div> in rendered thread HTML, by comment id. */
function bodies(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<article class="c" part="comment" id="comment-([^"]+)">[\s\S]*?(<div class="doc[^"]*" part="body" dir="auto">[\s\S]*?)<div class="tools">/g)) {
    out.set(m[1], m[2]);
  }
  return out;
}

/** A comment of a word and `x>` × 4,990: four characters of HTML for each `>`, so four or five pass the budget. */
const heavy = (word: string) => `${word} ${"x>".repeat(4990)}`;
const heavyHtml = (word: string) => `${word} ${"x&gt;".repeat(4990)}`;

/** An article for the heavy comments, on a site made by createSite. */
async function heavyArticle(site: { id: string; ownerToken: string }, slug: string) {
  await putArticle(site.id, site.ownerToken, slug, { title: "A thread of heavy comments", body: "The article." });
}

/** A page's cut comments: each one's id, its text's first word, and where its "Read the whole comment" leads. */
function cutLinks(page: string) {
  const cut = /<article class="c" part="comment" id="comment-([^"]+)">(?:(?!<\/article>)[\s\S])*?<div class="doc(?: long)? cut" part="body" dir="auto"><p>(\w+) [^<]*<\/p><p><a href="([^"]+)">Read the whole comment<\/a><\/p><\/div>/g;
  return [...page.matchAll(cut)].map(([, id, word, href]) => ({ id, word, link: new URL(href.replaceAll("&amp;", "&")) }));
}

/** The text of a comment a page shows whole (folded or not), or undefined. */
const shownWhole = (page: string, id: string) => bodies(page).get(id)?.match(/^<div class="doc(?: long)?" part="body" dir="auto"><p>([^<]*)<\/p><\/div>$/)?.[1];

describe("the start of a comment's text", () => {
  it("joins text inside a paragraph as it reads, and paragraphs, items, line breaks and code blocks with a space", () => {
    const lead = (markdown: string, max = 280) => leadText(renderMarkdown(markdown, { article: false }), max);
    expect(lead("A **tr**oll, *a* `npm`-thing and [a link](https://e.x)!")).toBe("A troll, a npm-thing and a link!");
    expect(lead("One.\n\nTwo  lines\\\nhere\n\n- an item\n- another\n\n```\ncode  block\n```\n\n> quoted")).toBe(
      "One. Two lines here an item another code block quoted",
    );
    expect(lead("word ".repeat(100), 20)).toBe("word word word word…");
  });
});

describe("the server's HTML of a page of comments", () => {
  it("writes whole comments up to BODY_HTML_CHARS, then the start of each long one as text, and short ones whole", () => {
    const long = Array.from({ length: 16 }, (_, i) => comment(`long${i}`, markupHeavy(i)));
    expect(long.every((c) => isLong(c.body))).toBe(true);
    const page = pageOf([...long, comment("short", "A **short** reply after them.")]);
    const html = renderThread(page, { locale: "en", pageUrl: "https://blog.example/p/", now: Date.now(), scripted: true }).toString();
    const shown = bodies(html);
    expect(shown.size).toBe(17);
    let written = 0;
    let cut = 0;
    for (const c of long) {
      const body = shown.get(c.id)!;
      if (written < BODY_HTML_CHARS) {
        // Whole, as the widget renders it: every bold word, in its paragraphs.
        expect(body).toMatch(/^<div class="doc long" part="body" dir="auto"><p><strong>w/);
        expect(body).toContain(`<strong>w${c.id.slice(4)}.0</strong>`);
        expect(body).toContain(`w${c.id.slice(4)}.799`);
        written += body.length;
      } else {
        // Folded, as long as its fold shows: the first FOLD_CHARS of its text, without markup.
        cut++;
        const text = body.match(/^<div class="doc long cut" part="body" dir="auto"><p>([^<]*)<\/p><\/div>$/)?.[1];
        expect(text, body.slice(0, 200)).toBeDefined();
        expect(text!.startsWith(`w${c.id.slice(4)}.0 w${c.id.slice(4)}.1 `)).toBe(true);
        expect(text!.length).toBeLessThanOrEqual(FOLD_CHARS);
        expect(text!.endsWith("…")).toBe(true);
      }
    }
    expect(cut).toBeGreaterThan(0);
    expect(shown.get("short")).toBe('<div class="doc" part="body" dir="auto"><p>A <strong>short</strong> reply after them.</p></div>');
    // What the page wrote is the budget, one comment past it, and a fold's worth of text for each of the others.
    expect(html.length).toBeLessThan(BODY_HTML_CHARS + 30_000 + cut * (FOLD_CHARS + 400));
  });

  it("links a cut comment to the hosted page that begins with its top-level comment, where it shows whole", async () => {
    const site = await createSite();
    const { id } = site;
    await heavyArticle(site, "heavy");
    // `x>` writes four characters of HTML for each `>`: four or five of these pass the budget.
    for (let n = 0; n < 9; n++) await postOk(id, "heavy", { body: heavy(`w${n}`), authorName: `Heavy ${n}` });
    const cut = cutLinks(await (await call(`${SELF_ORIGIN}/p/${id}/heavy`)).text());
    expect(cut.length).toBeGreaterThan(0);
    const { word, link } = cut[cut.length - 1];
    expect(link.pathname).toBe(`/p/${id}/heavy`);
    expect(decodeCursor(link.searchParams.get("cursor") ?? "")).toMatchObject({ sort: "oldest", id: "~" });
    // That page begins with the comment, whole (no fold on a later page), and links on to the rest.
    const later = await (await call(`${link.origin}${link.pathname}${link.search}`)).text();
    const first = later.match(/<article class="c" part="comment" id="comment-([^"]+)">[\s\S]*?<div class="doc" part="body" dir="auto"><p>([^<]*)<\/p><\/div>/);
    expect(link.hash).toBe(`#comment-${first![1]}`);
    expect(link.searchParams.get("whole")).toBe(first![1]);
    expect(first![2]).toBe(heavyHtml(word));
  });

  it("shows a cut reply whole on its page, however many long replies come before it there", async () => {
    const site = await createSite();
    const { id } = site;
    await heavyArticle(site, "replies");
    // One top-level comment whose replies alone pass the budget: a later page that begins with it cuts them too.
    const root = (await postOk(id, "replies", { body: heavy("root"), authorName: "Root" })).comment.id;
    for (let n = 0; n < 9; n++) await postOk(id, "replies", { body: heavy(`r${n}`), parentId: root, authorName: `Reply ${n}` });
    const cut = cutLinks(await (await call(`${SELF_ORIGIN}/p/${id}/replies`)).text());
    expect(cut.map((c) => c.word)).toContain("r8");
    for (const { word, link, id: cutId } of cut) {
      const page = await (await call(`${link.origin}${link.pathname}${link.search}`)).text();
      expect(shownWhole(page, cutId), word).toBe(heavyHtml(word));
      // Only that one: the others the page cut are still cut there.
      expect(cutLinks(page).map((c) => c.id)).not.toContain(cutId);
      expect(cutLinks(page).length).toBeGreaterThan(0);
    }
  });

  it("shows a cut pinned comment whole on the first page, which always holds it", async () => {
    const site = await createSite();
    const { id, ownerToken } = site;
    await heavyArticle(site, "pins");
    const pinned: string[] = [];
    for (let n = 0; n < 9; n++) {
      const c = (await postOk(id, "pins", { body: heavy(`p${n}`), authorName: `Pinned ${n}` })).comment.id;
      const res = await call(`/sites/${id}/moderation/comments/${c}/pin`, { method: "POST", token: ownerToken });
      expect(res.status, await res.text()).toBe(200);
      pinned.push(c);
    }
    const cut = cutLinks(await (await call(`${SELF_ORIGIN}/p/${id}/pins`)).text());
    expect(cut.length).toBeGreaterThan(0);
    for (const { word, link, id: cutId } of cut) {
      expect(pinned).toContain(cutId);
      expect(link.searchParams.get("cursor")).toBeNull();
      const page = await (await call(`${link.origin}${link.pathname}${link.search}`)).text();
      expect(shownWhole(page, cutId), word).toBe(heavyHtml(word));
    }
  });

  it("answers a `whole` that is no comment id with a page that says so, and one the page does not cut with the page itself", async () => {
    const site = await createSite();
    const { id } = site;
    await heavyArticle(site, "plain");
    const short = (await postOk(id, "plain", { body: "A short comment." })).comment.id;
    const plain = await call(`${SELF_ORIGIN}/p/${id}/plain`);
    const page = await plain.text();
    for (const whole of [short, "AAAAAAAAAAAAAAAAAAAA"]) {
      const res = await call(`${SELF_ORIGIN}/p/${id}/plain?whole=${whole}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe(plain.headers.get("etag"));
      expect(await res.text()).toBe(page);
    }
    const bad = await call(`${SELF_ORIGIN}/p/${id}/plain?whole=${encodeURIComponent("<no>")}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Bad address");
  });
  it("carries the whole text of every comment in its view, for the widget to render in place of a cut one", () => {
    const page = pageOf(Array.from({ length: 16 }, (_, i) => comment(`long${i}`, markupHeavy(i))));
    const view: ArticleView = {
      site: { id: "s", name: "S", links: [], locale: "en", turnstileSiteKey: null, editWindowMinutes: 15, replyEmails: false },
      article: { slug: "t", title: "T", author: null, publishedAt: "2026-01-01T00:00:00.000Z", image: null, body: [], links: [], url: null, commentCount: 16, locked: false, closed: false },
      thread: page,
      tag: "0123456789abcdef",
    };
    const url = "https://comments.example/p/s/t";
    const html = renderPage(view, renderFragment(view, { pageUrl: url, hostedUrl: url, now: Date.now() }), { url, origin: "https://comments.example" }).toString();
    expect(html).toContain('class="doc long cut"');
    const carried = JSON.parse(html.match(/<script type="application\/json" data-parley-view>([\s\S]*?)<\/script>/)![1]);
    expect(carried.thread.comments.map((c: PublicComment) => c.body)).toEqual(page.comments.map((c) => c.body));
    // The JSON-LD: whole texts while fewer than 30,000 characters of them are written, then each one's start.
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
    const texts: string[] = ld.comment.map((c: { text: string }) => c.text);
    expect(texts).toHaveLength(16);
    expect(texts[0]).toContain("w0.799");
    expect(texts[15].endsWith("…")).toBe(true);
    expect(texts[15].length).toBeLessThanOrEqual(FOLD_CHARS);
    expect(texts.join("").length).toBeLessThan(30_000 + LIMITS.commentBodyChars + 16 * FOLD_CHARS);
  });
});

describe("a page's byte budget inside HTML", () => {
  it("counts each < as the six characters a view's <script> writes, so a page of them holds fewer, and loses none", async () => {
    const { id } = await createSite();
    const angles: string[] = [];
    const plain: string[] = [];
    for (let n = 0; n < 8; n++) {
      angles.push((await postOk(id, "angles", { body: `${n} ${"<".repeat(LIMITS.commentBodyChars - 2)}` })).comment.id);
      plain.push((await postOk(id, "plain", { body: `${n} ${"a".repeat(LIMITS.commentBodyChars - 2)}` })).comment.id);
    }
    // Eight plain comments of the same length fit one page.
    const plainPage = await json<{ comments: { id: string }[]; nextCursor: string | null }>(`${threadPath(id, "plain")}?limit=100`, 200);
    expect(plainPage.comments.map((c) => c.id)).toEqual(plain);
    // Eight of `<` would make a view's script of ~480 KB: the rendered view stays within the budget, its script
    // holds no `<`, and the page's next pages hold the rest.
    const res = await call(`/sites/${id}/threads/angles/rendered?sort=oldest`, { headers: { Origin: BLOG_ORIGIN } });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    const script = text.slice(text.indexOf("<script"));
    expect(script.length).toBeLessThan(LIMITS.threadPageBytes + 70_000);
    expect(script.slice(script.indexOf(">") + 1, -"</script>".length)).not.toContain("<");
    const seen: string[] = [];
    let cursor = "";
    for (let pages = 0; pages < 8; pages++) {
      const page = await json<{ comments: { id: string }[]; nextCursor: string | null }>(
        `${threadPath(id, "angles")}?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
        200,
      );
      if (pages === 0) expect(page.comments.length).toBeLessThan(8);
      seen.push(...page.comments.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(angles);
  });
});
