// Hostile input through the server renderer: the XSS corpus in every field of a rendered view, read back with a
// real HTML parser (HTMLRewriter), and trees deeper than any renderer should walk.
import { describe, expect, it } from "vitest";
import corpus from "../fixtures/xss-payloads.json?raw";
import type { Doc, DocBlock } from "../../worker/contract/doc";
import { DOC_MAX_DEPTH } from "../../worker/contract/doc";
import type { ArticleView, PublicComment } from "../../worker/contract/types";
import { renderDoc } from "../../worker/services/render/doc";
import { renderFragment } from "../../worker/services/render/fragment";
import { renderLaterPage, renderPage } from "../../worker/services/render/page";
import { SELF_ORIGIN, call, createSite, json, postComment, putArticle } from "./helpers";

// Read as text: the corpus holds lone surrogates and NUL, which a JSON module import does not survive.
const payloads = JSON.parse(corpus) as { id: string; category: string; payload: string }[];
const PAYLOADS = payloads.map((p) => p.payload);

/** Every tag the renderer makes; anything else in the output came from someone's text. */
const TAGS = new Set(
  ("parley-article template style article h1 div p time a svg path nav span parley-comments section h2 h3 h4 select option " +
    "strong em del code br img blockquote ul ol li pre hr table thead tbody tr th td slot script html head body meta title link main footer noscript button").split(" "),
);
const ATTRIBUTES = new Set(
  ("site slug theme heading-level form-position lang api shadowrootmode part dir class role aria-level aria-label aria-hidden " +
    "datetime href target rel viewbox d id title value selected src alt referrerpolicy start exportparts name slot type " +
    "data-parley-view data-failed charset content property tabindex hidden data-align").split(" "),
);

interface Seen {
  tags: string[];
  problems: string[];
  scripts: { type: string; src: string | null; text: string }[];
}

/** Parses `html` as a browser would tokenize it and lists what could run or load. */
async function inspect(html: string): Promise<Seen> {
  const seen: Seen = { tags: [], problems: [], scripts: [] };
  let script: Seen["scripts"][number] | undefined;
  await new HTMLRewriter()
    .on("*", {
      element(e) {
        const tag = e.tagName.toLowerCase();
        seen.tags.push(tag);
        if (!TAGS.has(tag)) seen.problems.push(`<${tag}>`);
        for (const [rawName, value] of e.attributes) {
          const name = rawName.toLowerCase();
          if (!ATTRIBUTES.has(name)) seen.problems.push(`<${tag} ${name}>`);
          // The page's own icon is an empty data: URL (so browsers ask the worker for no favicon).
          const ownIcon = tag === "link" && e.getAttribute("rel") === "icon" && value === "data:,";
          if (!ownIcon && /^\s*(javascript|data|vbscript):/i.test(value)) seen.problems.push(`<${tag} ${name}="${value.slice(0, 40)}">`);
          if (name === "href" && !ownIcon && !/^(https?:|mailto:)/i.test(value)) seen.problems.push(`<${tag} href="${value.slice(0, 40)}">`);
          if (name === "src" && tag === "img" && !/^https:/i.test(value)) seen.problems.push(`<img src="${value.slice(0, 40)}">`);
        }
        if (tag === "script") {
          script = { type: e.getAttribute("type") ?? "", src: e.getAttribute("src"), text: "" };
          seen.scripts.push(script);
        }
      },
    })
    .on("script", {
      text(t) {
        if (script) script.text += t.text;
      },
    })
    .transform(new Response(html))
    .text();
  return seen;
}

/** What must hold for any rendered output: only our tags and attributes, and only the known scripts. */
function expectInert(seen: Seen, pageScripts = false) {
  expect(seen.problems).toEqual([]);
  const types = seen.scripts.map((s) => s.type).sort();
  expect(types).toEqual(pageScripts ? ["application/json", "application/ld+json", "module"] : ["application/json"]);
  for (const s of seen.scripts) {
    if (s.type === "module") expect(s.src).toBe(`${SELF_ORIGIN}/widget.js`);
    else {
      // Data blocks hold no "<" at all, so nothing in them can end the element, and they parse back.
      expect(s.text).not.toContain("<");
      expect(() => JSON.parse(s.text)).not.toThrow();
    }
  }
}

const text = (v: string) => ({ t: "text" as const, v });

/** A tree holding `payload` everywhere text or a URL can go. */
function hostileDoc(payload: string): Doc {
  return [
    { t: "p", c: [text(payload), { t: "em", c: [text(payload)] }, { t: "code", v: payload }, { t: "a", href: payload, c: [text(payload)] }] },
    { t: "p", c: [{ t: "a", href: `javascript:${payload}`, c: [text("x")] }, { t: "img", src: payload, alt: payload }, { t: "img", src: `data:text/html,${payload}`, alt: "" }] },
    { t: "h", level: 2, c: [text(payload)] },
    { t: "pre", v: payload },
    { t: "ol", start: 3, items: [[{ t: "quote", c: [{ t: "p", c: [text(payload)] }] }]] },
  ];
}

function hostileComment(payload: string, n: number, replies: PublicComment[] = []): PublicComment {
  return {
    id: `c${n}`,
    parentId: null,
    authorName: payload,
    body: hostileDoc(payload),
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: "2026-01-02T00:00:00.000Z",
    editedBy: "author",
    status: "published",
    pinned: n % 2 === 0,
    votes: 1,
    replies,
    moreReplies: null,
  };
}

/** A view in which every string a reader or owner can set is `payload`. */
function hostileView(payload: string, n: number, nextCursor: string | null = null): ArticleView {
  return {
    site: { id: "s", name: payload, links: [{ network: "website", url: payload, label: payload }, { network: "rss", url: "https://example.com/feed", label: payload }], locale: "en", turnstileSiteKey: null, editWindowMinutes: 15, replyEmails: true },
    article: {
      slug: "a",
      title: payload,
      author: payload,
      publishedAt: "2026-01-01T00:00:00.000Z",
      image: payload,
      body: hostileDoc(payload),
      links: [{ network: "x", url: `javascript:${payload}` }],
      url: `javascript:${payload}`,
      commentCount: 2,
      locked: false,
      closed: false,
    },
    thread: {
      thread: { key: "a", locked: false, closed: false },
      sort: "oldest",
      comments: [hostileComment(payload, n, [hostileComment(payload, n + 1)])],
      nextCursor,
      total: 2,
      own: [],
      formToken: "",
    },
    tag: "0123456789abcdef",
  };
}

describe("the server renderer with the XSS corpus in every field", () => {
  it("makes only its own elements and attributes, no URL that runs, and a view that parses back exactly", async () => {
    expect(PAYLOADS.length).toBeGreaterThan(200);
    for (const [n, payload] of PAYLOADS.entries()) {
      // A cursor is opaque to the renderer: the corpus stands in for one in the links to later pages.
      const view = hostileView(payload, n * 2, payload.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
      const fragment = renderFragment(view, { pageUrl: `https://blog.example.com/?q=${n}`, hostedUrl: `${SELF_ORIGIN}/p/s/a`, now: Date.now() });
      const seen = await inspect(fragment.toString());
      expectInert(seen);
      expect(JSON.parse(seen.scripts[0].text).article.title, payload).toBe(payload);
      const page = renderPage(view, fragment, { url: `${SELF_ORIGIN}/p/s/a`, origin: SELF_ORIGIN });
      const pageSeen = await inspect(page.toString());
      expectInert(pageSeen, true);
      const ld = JSON.parse(pageSeen.scripts.find((s) => s.type === "application/ld+json")!.text);
      expect(ld.comment[0].author.name).toBe(payload);
      const later = renderLaterPage(view, { url: `${SELF_ORIGIN}/p/s/a?cursor=${n}`, articleUrl: `${SELF_ORIGIN}/p/s/a`, now: Date.now() });
      const laterSeen = await inspect(later.toString());
      expect(laterSeen.problems).toEqual([]);
      expect(laterSeen.scripts.map((s) => s.type)).toEqual(["application/ld+json"]);
      expect(laterSeen.scripts[0].text).not.toContain("<");
    }
  });

  it("cannot be broken out of its view script by </script> or <!-- in any text", async () => {
    for (const payload of ["</script><script>alert(1)</script>", "<!--<script>", "</SCRIPT >", "\u2028\u2029</script"]) {
      const html = renderFragment(hostileView(payload, 0), { pageUrl: "https://blog.example.com/", now: Date.now() }).toString();
      const seen = await inspect(html);
      expectInert(seen);
      expect(html.match(/<script/gi)).toHaveLength(1);
      expect(html.match(/<\/script>/gi)).toHaveLength(1);
    }
  });

  it("renders posted comments, author names, and an article made of the corpus inertly through /embed and /p", async () => {
    const { id, ownerToken } = await createSite({ name: PAYLOADS[0].slice(0, 100), maxLinks: 100 });
    await putArticle(id, ownerToken, "post", {
      title: PAYLOADS[1].slice(0, 200),
      author: PAYLOADS[2].slice(0, 80),
      body: PAYLOADS.join("\n\n"),
    });
    // One comment per category of the corpus (within the comment size), names from the corpus too.
    const byCategory = new Map<string, string[]>();
    for (const p of payloads) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p.payload]);
    let posted = 0;
    for (const [category, list] of byCategory) {
      const name = list.find((p) => p.length <= 80 && !/[\n\u2028\u2029]/.test(p)) ?? category;
      const res = await call(`/sites/${id}/threads/post/comments`, { body: { authorName: name, body: list.join("\n\n").slice(0, 10_000) } });
      expect(res.status, await res.text()).toBe(201);
      posted++;
    }
    const view = await json(`/sites/${id}/articles/post/view`, 200);
    expect(view.thread.comments.filter((c: any) => c.status === "published")).toHaveLength(posted);

    const embed = await (await call(`${SELF_ORIGIN}/embed/${id}/post`)).text();
    expectInert(await inspect(embed));
    expect(embed).toContain("&lt;script&gt;window.__xss(&#39;script-basic&#39;)&lt;/script&gt;");
    const page = await (await call(`${SELF_ORIGIN}/p/${id}/post`)).text();
    expectInert(await inspect(page), true);
    // A title with a lone surrogate (which encodeURIComponent refuses) still makes share links.
    await putArticle(id, ownerToken, "lone", { title: "half \ud800 a pair" });
    const lone = await call(`${SELF_ORIGIN}/embed/${id}/lone`);
    expect(lone.status, await lone.clone().text()).toBe(200);
    expect(await lone.text()).toContain("text=half%20%EF%BF%BD%20a%20pair");
  });
});

describe("trees deeper than DOC_MAX_DEPTH", () => {
  it("renders a hand-made tree 100,000 levels deep as its text below the depth bound, without overflowing the stack", () => {
    let node: DocBlock = { t: "p", c: [text("innermost")] };
    for (let i = 0; i < 100_000; i++) node = { t: "quote", c: [node] };
    const html = renderDoc([node]).toString();
    expect(html.match(/<blockquote>/g)).toHaveLength(DOC_MAX_DEPTH);
    expect(html).toContain("innermost");
    let inline: any = text("deep text");
    for (let i = 0; i < 100_000; i++) inline = { t: "em", c: [inline] };
    const em = renderDoc([{ t: "p", c: [inline] }]).toString();
    expect(em).toContain("deep text");
    expect(em.match(/<em>/g)!.length).toBeLessThan(DOC_MAX_DEPTH);
  });

  it("renders a comment of deeply nested markdown through /embed", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "post", {});
    await postComment(id, "post", { body: `${">".repeat(2000)} bottom of the well` });
    const res = await call(`${SELF_ORIGIN}/embed/${id}/post`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("bottom of the well");
  });
});
