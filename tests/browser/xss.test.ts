// Hostile content in real Chromium. Every payload of tests/fixtures/xss-payloads.json goes in as a comment body, an
// author name, article text (titles and bylines for a subset) and a reply, and is shown on a host page WITHOUT a CSP:
// only the worker's document tree and the widget's Lit templates stand between a payload and the reader.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Doc, DocBlock, DocInline } from "../../worker/contract/doc";
import type { Article, PublicComment } from "../../worker/contract/types";
import payloadData from "../fixtures/xss-payloads.json";
import {
  API,
  ApiFailure,
  HOST,
  WORKER,
  allComments,
  api,
  chromiumPath,
  cleanText,
  commentLocator,
  createSite,
  launchBrowser,
  newCommentForm,
  openHostPage,
  postComment,
  publishArticle,
  refuseInvalidHosts,
  submitComment,
  type Browser,
  type HostPage,
  type Page,
  type TestSite,
} from "./harness";

interface Payload {
  id: string;
  category: string;
  payload: string;
}

const PAYLOADS: Payload[] = payloadData;
/** Payloads per article body, each its own paragraph. */
const PER_ARTICLE = 30;
/** Every n-th payload is also an article title and byline. */
const TITLE_EVERY = 6;
/** Replies hang in chains this deep under their top-level comment. */
const CHAIN = 5;
const NAME_MAX = 80;
const TITLE_MAX = 200;
const LINK_REL = "nofollow ugc noopener noreferrer";

// ---------------------------------------------------------------------------------------------------------------
// What a payload should look like once shown

/** A single-line field (name, title): line breaks become spaces, cut to `max` UTF-16 units without splitting a pair. */
function singleLine(text: string, max: number): string {
  let out = "";
  for (const ch of cleanText(text.replace(/[\r\n\u2028\u2029]+/g, " "))) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** The text a reader sees for a document tree: what the widget must render, character for character. */
const docText = (doc: Doc): string => doc.map(blockText).join("");
const inlineText = (nodes: DocInline[]): string => nodes.map(inlineNodeText).join("");
function blockText(n: DocBlock): string {
  switch (n.t) {
    case "p":
    case "h":
      return inlineText(n.c);
    case "quote":
      return docText(n.c);
    case "ul":
    case "ol":
      return n.items.map(docText).join("");
    case "pre":
      return n.v;
    case "hr":
      return "";
    case "table":
      return [n.head, ...n.rows].flat().map(inlineText).join("");
  }
}
function inlineNodeText(n: DocInline): string {
  switch (n.t) {
    case "text":
    case "code":
      return n.v;
    case "em":
    case "strong":
    case "del":
    case "a":
      return inlineText(n.c);
    case "br":
      return "";
    case "img":
      // An https image is an element (its alt is an attribute); anything else would fall back to its alt text.
      return /^https:/i.test(n.src) ? "" : n.alt;
  }
}

/**
 * Payloads that CommonMark must leave exactly as typed: one line with raw `<` markup and none of the characters
 * that markdown gives a meaning to (escapes, entities, code, emphasis, links), and no autolink. Shown as a comment,
 * their text must be the payload itself: proof that the markup was displayed, not interpreted.
 */
function isVerbatim(p: Payload): boolean {
  const text = cleanText(p.payload);
  return (
    text.includes("<") &&
    !/[\n\\`&*[\]~]/.test(text) &&
    !text.replace(/(window|top)\.__xss\(/g, "").includes("_") &&
    isWellFormed(text) &&
    !/<[a-z][a-z0-9+.-]{1,31}:[^\s<>]*>/i.test(text) &&
    !/^(#|>|[-+=|] |\d+[.)] | {4})/.test(text)
  );
}

/** Whether a string is well-formed UTF-16 (no lone surrogates). */
const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Every link and image in a tree, for the URL checks. */
function urlsOf(doc: Doc): { t: "a" | "img"; url: string }[] {
  const out: { t: "a" | "img"; url: string }[] = [];
  const inline = (nodes: DocInline[]) =>
    nodes.forEach((n) => {
      if (n.t === "a") out.push({ t: "a", url: n.href });
      if (n.t === "img") out.push({ t: "img", url: n.src });
      if ("c" in n) inline(n.c);
    });
  const block = (nodes: DocBlock[]) =>
    nodes.forEach((n) => {
      if (n.t === "p" || n.t === "h") inline(n.c);
      else if (n.t === "quote") block(n.c);
      else if (n.t === "ul" || n.t === "ol") n.items.forEach(block);
    });
  block(doc);
  return out;
}

/** Why a tree's link or image URL is unsafe, or null: links http(s)/mailto only, images https only. */
function unsafeUrl(node: { t: "a" | "img"; url: string }): string | null {
  let protocol: string;
  try {
    protocol = new URL(node.url).protocol;
  } catch {
    return `${node.t} with an unparseable URL ${JSON.stringify(node.url)}`;
  }
  const allowed = node.t === "a" ? /^(https?|mailto):/i : /^https:/i;
  const ok = allowed.test(node.url) && allowed.test(protocol);
  return ok ? null : `${node.t} to ${JSON.stringify(node.url)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Watching a page for anything a payload could do

interface Watch {
  dialogs: string[];
  navigations: string[];
  popups: string[];
  /** Requests to anyone but the worker and the host page itself (the host page's own CSS and icon). */
  foreign: string[];
}

/** Opens a CSP-less host page with the XSS marker defined before any script, and records what the page does. */
async function openWatched(browser: Browser, options: Parameters<typeof openHostPage>[1]): Promise<HostPage & { watch: Watch }> {
  const watch: Watch = { dialogs: [], navigations: [], popups: [], foreign: [] };
  const host = await openHostPage(browser, {
    ...options,
    csp: false,
    async beforeLoad(page) {
      // Every executable payload calls window.__xss(its id) (top.__xss from frames); a hit names the payload.
      await page.addInitScript(() => {
        const w = window as unknown as { __xss(id: string): void; __xssHits?: string[]; __xssOriginal?: unknown };
        w.__xss = (id: string) => void (w.__xssHits ||= []).push(id);
        w.__xssOriginal = w.__xss;
        // The host page's own elements, before the widget could add anything.
        if (window === window.top)
          document.addEventListener("DOMContentLoaded", () => {
            (window as unknown as { __lightDom: string[] }).__lightDom = [...document.querySelectorAll("*")].map((e) => e.localName);
          });
      });
      page.on("dialog", (d) => {
        watch.dialogs.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      page.on("framenavigated", (f) => f === page.mainFrame() && watch.navigations.push(f.url()));
      page.on("popup", (p) => watch.popups.push(p.url()));
      page.on("request", (r) => {
        const url = new URL(r.url());
        if (url.protocol === "data:" || url.origin === WORKER) return;
        if (url.origin === HOST && ["/blog/post.html", "/host.css", "/favicon.ico"].includes(url.pathname)) return;
        // Images that the article markdown may legitimately show (https only, owner-written).
        if (url.hostname === "img.invalid" && r.resourceType() === "image") return;
        watch.foreign.push(`${r.resourceType()} ${r.url()}`);
      });
      await refuseInvalidHosts(page);
    },
  });
  return { ...host, watch };
}

/** How many comments all threads on the page show (runs in the page; self-contained). */
function shownCommentCount(): number {
  let total = 0;
  const visit = (root: Document | ShadowRoot) =>
    root.querySelectorAll("*").forEach((e) => {
      if (e.localName === "parley-comments" && e.shadowRoot) total += e.shadowRoot.querySelectorAll("[part~=comment]").length;
      if (e.shadowRoot) visit(e.shadowRoot);
    });
  visit(document);
  return total;
}

/** Whether the page shows more than `n` comments (runs in the page; self-contained). */
function showsMoreThan(n: number): boolean {
  let total = 0;
  const visit = (root: Document | ShadowRoot) =>
    root.querySelectorAll("*").forEach((e) => {
      if (e.localName === "parley-comments" && e.shadowRoot) total += e.shadowRoot.querySelectorAll("[part~=comment]").length;
      if (e.shadowRoot) visit(e.shadowRoot);
    });
  visit(document);
  return total > n;
}

/** Clicks "Load more" until no thread on the page has one left, then waits for `expected` comments. */
async function loadEveryComment(page: Page, expected: number) {
  const more = page.locator("parley-comments").getByRole("button", { name: "Load more", exact: true });
  await page.locator("parley-comments [part~=heading]").first().waitFor();
  while ((await more.count()) > 0) {
    const before = await page.evaluate(shownCommentCount);
    await more.first().click();
    await page.waitForFunction(showsMoreThan, before);
  }
  await page.waitForFunction(showsMoreThan, expected - 1);
}

/** Opens the reply form under the first comment, so the forms' templates render next to hostile text too. */
async function openAReplyForm(page: Page) {
  const reply = page.locator("parley-comments").getByRole("button", { name: "Reply", exact: true }).first();
  await reply.click();
  await page.locator("parley-comments [part~=comment] [part~=form]").first().waitFor();
}

/** A shown comment: its id (from `comment-{id}`), author, avatar letter and body text exactly as rendered. */
interface ShownText {
  id: string;
  author: string;
  avatar: string;
  body: string;
}

const readComments = (page: Page): Promise<ShownText[]> =>
  page.evaluate(() => {
    const out: { id: string; author: string; avatar: string; body: string }[] = [];
    const visit = (root: Document | ShadowRoot) =>
      root.querySelectorAll("*").forEach((e) => {
        if (e.localName === "parley-comments" && e.shadowRoot) {
          e.shadowRoot.querySelectorAll("[part~=comment]").forEach((c) => {
            const own = (sel: string) => [...c.querySelectorAll(sel)].find((x) => x.closest("[part~=comment]") === c);
            out.push({
              id: c.id.replace(/^comment-/, ""),
              author: own("[part~=author]")?.textContent ?? "",
              avatar: own(".av")?.textContent ?? "",
              body: own("[part~=body]")?.textContent ?? "",
            });
          });
        }
        if (e.shadowRoot) visit(e.shadowRoot);
      });
    visit(document);
    return out;
  });

interface ShownArticle {
  slug: string;
  title: string;
  meta: string;
  body: string;
}

const readArticles = (page: Page): Promise<ShownArticle[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll("parley-article")].map((a) => {
      const part = (p: string) => a.shadowRoot?.querySelector(`[part~=${p}]`)?.textContent ?? "";
      return { slug: a.getAttribute("slug") ?? "", title: part("title"), meta: part("meta"), body: part("body") };
    }),
  );

/**
 * Everything that would mean a payload became markup, in the document and in every shadow root: script-capable or
 * page-changing elements, inline handlers, style attributes, non-web URLs in any URL attribute, SVG outside the
 * widget's own icons, and, inside user text (bodies, names, titles, bylines), any element or attribute the
 * document renderer does not produce. Returns one line per problem, naming the comment or article it is in.
 */
const auditDom = (page: Page, extra: Record<string, number>): Promise<string[]> =>
  page.evaluate(
    ([extra, linkRel, worker]) => {
      const problems: string[] = [];
      const FORBIDDEN = new Set(
        "script style iframe frame frameset object embed applet base meta link portal template noscript xmp noembed math marquee video audio source track image foreignobject animate set use isindex keygen".split(" "),
      );
      const URL_ATTRS = new Set(
        "href src action formaction xlink:href data srcdoc poster background ping codebase cite manifest srcset lowsrc dynsrc longdesc usemap classid archive icon".split(" "),
      );
      const WEB_URL = /^(https?:|mailto:)/i;
      const CONTENT: Record<string, string[]> = {
        p: [], h2: [], h3: [], h4: [], blockquote: [], ul: [], ol: ["start"], li: [], pre: ["tabindex"], code: [], em: [], strong: [], del: [], br: [], hr: [],
        a: ["href", "rel", "target"],
        img: ["src", "alt", "referrerpolicy"],
      };
      // An article's tables (a comment's stay text): the box that scrolls a wide one, and the table's own parts.
      const TABLE: Record<string, string[]> = { div: ["class", "tabindex"], table: [], thead: [], tbody: [], tr: [], th: ["data-align"], td: ["data-align"] };
      /** Where an element is: its comment (by id) and the elements whose shadow roots hold it. */
      const place = (el: Element) => {
        const parts: string[] = [];
        const comment = el.closest("[part~=comment]");
        if (comment) parts.push(`comment ${comment.id.replace(/^comment-/, "")}`);
        for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
          const host = root.host;
          parts.push(host.localName === "parley-article" ? `article ${host.getAttribute("slug")}` : host.localName);
        }
        return parts.join(" in ") || "the document";
      };
      const show = (el: Element) => el.outerHTML.slice(0, 160);
      // Browsers drop leading C0 controls and spaces and every tab and newline before reading a URL's scheme.
      const scheme = (v: string) => v.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");

      const checkElement = (el: Element, shadow: boolean) => {
        const tag = el.localName.toLowerCase();
        if (shadow && FORBIDDEN.has(tag)) problems.push(`<${tag}> in ${place(el)}: ${show(el)}`);
        if (shadow && tag === "svg" && !el.closest("[part~=links], [part~=share]")) problems.push(`<svg> outside the icons in ${place(el)}: ${show(el)}`);
        for (const attr of el.attributes) {
          const name = attr.name.toLowerCase();
          if (name.startsWith("on")) problems.push(`${name}= in ${place(el)}: ${show(el)}`);
          if (shadow && name === "style") problems.push(`style= in ${place(el)}: ${show(el)}`);
          if (URL_ATTRS.has(name) || name.endsWith(":href")) {
            const value = scheme(attr.value);
            const relative = !/^[a-z][a-z0-9+.-]*:/i.test(value);
            if (shadow ? !WEB_URL.test(value) : !relative && !WEB_URL.test(value) && !/^data:,$/.test(value))
              problems.push(`${name}=${JSON.stringify(attr.value)} in ${place(el)}: ${show(el)}`);
          }
        }
      };

      // User text: only what renderDoc makes, only its attributes, only safe URLs.
      const checkContent = (container: Element, allowImages: boolean) =>
        container.querySelectorAll("*").forEach((el) => {
          const tag = el.localName;
          const allowed = CONTENT[tag] ?? (allowImages ? TABLE[tag] : undefined);
          if (!allowed || (tag === "img" && !allowImages)) return problems.push(`<${tag}> in user text in ${place(el)}: ${show(el)}`);
          if (tag === "div" && el.getAttribute("class") !== "table") problems.push(`a <div> other than a table's box in ${place(el)}: ${show(el)}`);
          if (el.hasAttribute("data-align") && !/^(left|center|right)$/.test(el.getAttribute("data-align")!)) problems.push(`data-align= in ${place(el)}: ${show(el)}`);
          for (const attr of el.attributes)
            if (!allowed.includes(attr.name)) problems.push(`${attr.name}= in user text in ${place(el)}: ${show(el)}`);
          if (tag === "a" && (!/^(https?|mailto):/i.test(el.getAttribute("href") ?? "") || el.getAttribute("rel") !== linkRel || el.getAttribute("target") !== "_blank"))
            problems.push(`unsafe link in ${place(el)}: ${show(el)}`);
          if (tag === "img" && !/^https:/i.test(el.getAttribute("src") ?? "")) problems.push(`non-https image in ${place(el)}: ${show(el)}`);
        });
      const checkPlainText = (el: Element) => {
        if (el.children.length) problems.push(`markup in a plain-text field in ${place(el)}: ${show(el)}`);
      };

      const visit = (root: ShadowRoot) => {
        root.querySelectorAll("*").forEach((el) => {
          checkElement(el, true);
          if (el.shadowRoot) visit(el.shadowRoot);
        });
        const inArticle = root.host.localName === "parley-article";
        root.querySelectorAll(".doc, [part~=body]").forEach((el) => checkContent(el, inArticle));
        root.querySelectorAll("[part~=author], [part~=title], .av").forEach(checkPlainText);
        root.querySelectorAll("[part~=meta]").forEach((meta) =>
          [...meta.children].forEach((el) => {
            if (el.localName !== "time" || el.attributes.length !== 1) problems.push(`markup in the byline in ${place(el)}: ${show(el)}`);
          }),
        );
      };

      // The light DOM: nothing new but the elements the test added itself, and nothing active.
      const tally = (tags: string[]) => tags.reduce<Record<string, number>>((n, t) => ((n[t] = (n[t] ?? 0) + 1), n), {});
      const was = tally((window as unknown as { __lightDom: string[] }).__lightDom ?? []);
      const now = tally([...document.querySelectorAll("*")].map((e) => e.localName));
      for (const tag of new Set([...Object.keys(was), ...Object.keys(now)])) {
        const added = (now[tag] ?? 0) - (was[tag] ?? 0);
        if (added !== (extra[tag] ?? 0)) problems.push(`the light DOM has ${added} more <${tag}> than the host page had`);
      }
      document.querySelectorAll("*").forEach((el) => {
        checkElement(el, false);
        if (el.shadowRoot) visit(el.shadowRoot);
      });
      document.querySelectorAll("script").forEach((s) => {
        if (!s.src.startsWith(`${worker}/widget.js`)) problems.push(`a script in the page that is not widget.js: ${s.outerHTML.slice(0, 160)}`);
      });

      const w = window as unknown as { __xss: unknown; __xssOriginal: unknown };
      if (w.__xss !== w.__xssOriginal) problems.push("window.__xss was replaced");
      if (/(^|;\s*)xss=/.test(document.cookie)) problems.push(`a payload set a cookie: ${document.cookie}`);
      if (document.title !== "A post on the host blog") problems.push(`the page title changed to ${JSON.stringify(document.title)}`);
      return problems;
    },
    [extra, LINK_REL, WORKER] as const,
  );

/** The ids of payloads that ran: window.__xssHits (a clobbered value is reported as such). */
const hitsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const hits = (window as unknown as { __xssHits?: unknown }).__xssHits;
    if (hits === undefined) return [];
    return Array.isArray(hits) ? hits.map(String) : [`(window.__xssHits was clobbered: ${Object.prototype.toString.call(hits)})`];
  });

/**
 * Runs every check on a loaded page; returns the problems (empty when the page is clean). `extra` counts the
 * light-DOM elements the test itself added; `label` says which payload a comment id carries.
 */
async function inspect(host: HostPage & { watch: Watch }, label: (commentId: string) => string, extra: Record<string, number> = {}): Promise<string[]> {
  const { page, watch, url } = host;
  // Time for autofocus, animations, transitions, media errors, meta refreshes and lazy frames to fire.
  await page.waitForTimeout(500);
  const problems = (await auditDom(page, extra)).map((p) => p.replace(/^(.*?)comment ([\w-]+)/, (m, _, id: string) => `${m} (${label(id)})`));
  const hits = await hitsOf(page);
  if (hits.length) problems.unshift(`EXECUTED: ${hits.join(", ")}`);
  for (const d of watch.dialogs) problems.push(`dialog ${d}`);
  for (const n of watch.navigations.slice(1)) problems.push(`navigated to ${n}`);
  if (watch.navigations[0] !== url) problems.push(`the page is not the host page: ${watch.navigations.join(", ")}`);
  if (page.url() !== url) problems.push(`the page is now at ${page.url()}`);
  for (const p of watch.popups) problems.push(`opened a window: ${p}`);
  if (page.frames().length !== 1) problems.push(`${page.frames().length - 1} frame(s) in the page`);
  for (const r of watch.foreign) problems.push(`requested ${r}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Posts a comment, retrying while `wrangler dev` answers 503 without a body (it reloads when source files change);
 * the idempotency key makes a retry return the comment instead of posting it twice.
 */
async function post(site: string, thread: string, comment: { body: string; authorName: string; parentId?: string }) {
  const idempotencyKey = `xss-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await postComment(site, thread, { ...comment, idempotencyKey });
    } catch (err) {
      if (!(err instanceof ApiFailure && err.status === 503 && err.body === null) || attempt === 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Runs `fn` over `items`, `size` at a time. */
async function inPool<T, R>(items: T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

const chunk = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Shown text that differs from what was expected, as readable lines. */
function mismatches(pairs: { what: string; shown: string; expected: string }[]): string[] {
  return pairs
    .filter((p) => p.shown !== p.expected)
    .map((p) => `${p.what}: shown ${JSON.stringify(p.shown)}, expected ${JSON.stringify(p.expected)}`);
}

/** Each shown body against the API's tree, and, for payloads that survive as typed, against the payload itself. */
function bodyMismatches(
  shown: { id: string; body: string }[],
  posted: Map<string, { payload: Payload }>,
  trees: Map<string, { body: Doc }>,
  what: string,
) {
  return mismatches(
    shown.flatMap((c) => {
      const { payload } = posted.get(c.id)!;
      const pairs = [{ what: `${payload.id} ${what}`, shown: c.body, expected: docText(trees.get(c.id)!.body) }];
      if (isVerbatim(payload)) pairs.push({ what: `${payload.id} ${what} as typed`, shown: c.body, expected: cleanText(payload.payload) });
      return pairs;
    }),
  );
}

describe.skipIf(!chromiumPath)("hostile content on a host page without a CSP", () => {
  let browser: Browser;
  let site: TestSite;
  /** A second site for the replies, so that no reply repeats a comment body (the duplicate check is per site). */
  let replySite: TestSite;
  const started = Date.now();
  /** Payloads checked per context, for the summary line. */
  const checked = new Map<string, number>();
  let executed = 0;
  /** Every comment posted, by id, with the payload it carries and where (for the API check). */
  const posted = new Map<string, { payload: Payload; context: string; comment: PublicComment }>();
  const articles: { slug: string; payloads: Payload[]; title?: Payload }[] = [];
  /** Which payload a shown comment carries, for problem reports. */
  const label = (commentId: string) => {
    const p = posted.get(commentId);
    return p ? `payload ${p.payload.id} as ${p.context}` : "not a payload";
  };
  /** Opens a thread on the host page, loads every comment and opens a reply form, so all templates render. */
  async function openThread(siteId: string, thread: string, count: number) {
    const host = await openWatched(browser, { element: "comments", site: siteId, thread });
    await loadEveryComment(host.page, count);
    await openAReplyForm(host.page);
    return host;
  }

  /** The page's problems after everything rendered; payloads that ran are added to the suite's count. */
  async function inspectPage(host: Awaited<ReturnType<typeof openWatched>>, hosts?: Parameters<typeof inspect>[2]) {
    const problems = await inspect(host, label, hosts);
    executed += (await hitsOf(host.page)).length;
    return problems;
  }


  beforeAll(async () => {
    browser = await launchBrowser();
    // maxLinks: payloads with many URLs must be published, not held for moderation (held ones are not shown).
    site = await createSite("xss", { maxLinks: 100 });
    replySite = await createSite("xss-replies", { maxLinks: 100 });
  });

  afterAll(async () => {
    await browser?.close();
    const contexts = ["comment body", "author name", "article body", "reply body"].filter((c) => checked.has(c));
    const detail = [...checked.entries()].map(([c, n]) => `${c} ${n}`).join(", ");
    const total = [...checked.values()].reduce((a, b) => a + b, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `XSS: ${PAYLOADS.length} payloads × ${contexts.length} contexts, ${executed} executed ` +
        `(${total} payload placements checked: ${detail}; ${PAYLOADS.filter(isVerbatim).length} also compared character for character; ${seconds} s)`,
    );
  });

  it("has at least 150 distinct payloads, each with an id, a category and text", () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(PAYLOADS.map((p) => p.id)).size).toBe(PAYLOADS.length);
    expect(new Set(PAYLOADS.map((p) => cleanText(p.payload))).size).toBe(PAYLOADS.length);
    for (const p of PAYLOADS) {
      expect(p.id, JSON.stringify(p)).toMatch(/^[a-z0-9-]+$/);
      expect(p.category, p.id).toBeTruthy();
      expect(cleanText(p.payload), p.id).not.toBe("");
    }
    expect(new Set(PAYLOADS.map((p) => singleLine(p.payload, NAME_MAX))).size).toBeGreaterThanOrEqual(150);
  });

  it("shows every payload posted as a comment body as text, and runs none of them", async () => {
    const thread = "bodies";
    await inPool(PAYLOADS, 8, async (payload, i) => {
      const comment = await post(site.id, thread, { body: payload.payload, authorName: `Reader ${i + 1}` });
      expect(comment.status, payload.id).toBe("published");
      posted.set(comment.id, { payload, context: "comment body", comment });
    });
    const trees = new Map((await allComments(site.id, thread)).map((c) => [c.id, c]));

    const host = await openThread(site.id, thread, PAYLOADS.length);
    const problems = await inspectPage(host);

    const shown = (await readComments(host.page)).filter((c) => posted.get(c.id)?.context === "comment body");
    expect(shown).toHaveLength(PAYLOADS.length);
    const texts = bodyMismatches(shown, posted, trees, "body");
    checked.set("comment body", PAYLOADS.length);
    expect(problems).toEqual([]);
    expect(texts).toEqual([]);
  }, 120_000);

  it("shows every payload used as an author name exactly as typed, and runs none of them", async () => {
    const thread = "names";
    await inPool(PAYLOADS, 8, async (payload) => {
      const name = singleLine(payload.payload, NAME_MAX);
      const comment = await post(site.id, thread, { body: `Name check: ${payload.id}`, authorName: name });
      expect(comment.status, payload.id).toBe("published");
      posted.set(comment.id, { payload, context: "author name", comment });
    });

    const host = await openThread(site.id, thread, PAYLOADS.length);

    // A reader types hostile text into the form, posts it, and opens it again in the edit form.
    const body = "<img src=x onerror=window.__xss('ui-body')> <script>window.__xss('ui-body-2')</script> [x](javascript:window.__xss('ui-link'))";
    const name = `"><svg onload=window.__xss('ui-name')>`;
    await host.page.locator("parley-comments").getByRole("button", { name: "Cancel", exact: true }).first().click();
    await submitComment(newCommentForm(host.page), { body, name });
    const mine = commentLocator(host.page, "ui-body-2");
    await mine.waitFor();
    expect((await mine.locator("[part~=author]").textContent()) ?? "").toBe(name);
    await mine.getByRole("button", { name: "Edit", exact: true }).click();
    const draft = host.page.locator("parley-comments [part~=comment] [part~=form] textarea").first();
    await draft.waitFor();
    expect(await draft.inputValue()).toBe(body);

    const problems = await inspectPage(host);

    const stored = new Map((await allComments(site.id, thread)).map((c) => [c.id, c.authorName]));
    const shown = (await readComments(host.page)).filter((c) => posted.get(c.id)?.context === "author name");
    expect(shown).toHaveLength(PAYLOADS.length);
    const texts = mismatches(
      shown.flatMap((c) => {
        const { payload } = posted.get(c.id)!;
        const typed = cleanText(singleLine(payload.payload, NAME_MAX));
        const name = stored.get(c.id)!;
        // Ill-formed text (lone surrogates) has its own test below; everything else must survive as typed.
        return [
          ...(isWellFormed(typed) ? [{ what: `${payload.id} name as stored`, shown: name, expected: typed }] : []),
          { what: `${payload.id} name`, shown: c.author, expected: name },
          { what: `${payload.id} avatar`, shown: c.avatar, expected: [...name][0] },
        ];
      }),
    );
    checked.set("author name", shown.length);
    expect(problems).toEqual([]);
    expect(texts).toEqual([]);
  }, 120_000);

  it("shows payloads in article bodies, titles and bylines as text, and runs none of them", async () => {
    const titles = PAYLOADS.filter((_, i) => i % TITLE_EVERY === 0);
    const bodies = chunk(PAYLOADS, PER_ARTICLE);
    // Payloads that open an HTML block only their own terminator ends (<script, <style, <!--, <?, <![CDATA[…)
    // would swallow the paragraphs after them; they go last, so the others keep their own markdown meaning.
    const swallows = (p: Payload) => /^\s{0,3}(<(script|pre|style|textarea)(\s|>|$)|<!--|<\?|<![a-zA-Z[])/im.test(cleanText(p.payload));
    bodies.forEach((batch, n) => {
      batch.sort((a, b) => Number(swallows(a)) - Number(swallows(b)));
      articles.push({ slug: `xss-body-${n + 1}`, payloads: batch, title: titles[n] });
    });
    titles.slice(bodies.length).forEach((title, n) => articles.push({ slug: `xss-title-${n + 1}`, payloads: [], title }));

    await inPool(articles, 6, (a) =>
      publishArticle(site, a.slug, {
        title: a.title ? singleLine(a.title.payload, TITLE_MAX) : `Article ${a.slug}`,
        author: a.title ? singleLine(a.title.payload, NAME_MAX) : undefined,
        body: a.payloads.length ? a.payloads.map((p) => p.payload).join("\n\n") : "Title check.",
      }),
    );
    const trees = new Map(
      await inPool(articles, 6, async (a) => [a.slug, await api<Article>(`/sites/${site.id}/articles/${a.slug}`)] as const),
    );

    // One page, every article: the first from the host page's markup, the others added the way a blog's script would.
    const host = await openWatched(browser, { element: "article", site: site.id, slug: articles[0].slug });
    await host.page.evaluate(
      ([siteId, slugs]) => {
        for (const slug of slugs) {
          const el = document.createElement("parley-article");
          el.setAttribute("site", siteId);
          el.setAttribute("slug", slug);
          document.querySelector("main")!.append(el);
        }
      },
      [site.id, articles.slice(1).map((a) => a.slug)] as const,
    );
    await host.page.waitForFunction(
      (n) =>
        [...document.querySelectorAll("parley-article")].filter((a) => a.shadowRoot?.querySelector("parley-comments")?.shadowRoot?.querySelector("[part~=heading]"))
          .length === n,
      articles.length,
    );
    const problems = await inspectPage(host, { "parley-article": articles.length - 1 });

    const shown = new Map((await readArticles(host.page)).map((a) => [a.slug, a]));
    const texts = mismatches(
      articles.flatMap((a) => {
        const s = shown.get(a.slug) ?? { title: "(not shown)", meta: "", body: "" };
        const article = trees.get(a.slug)!;
        const pairs = [{ what: `${a.slug} body`, shown: s.body, expected: docText(article.body) }];
        if (a.title) {
          const title = cleanText(singleLine(a.title.payload, TITLE_MAX));
          const byline = cleanText(singleLine(a.title.payload, NAME_MAX));
          pairs.push({ what: `${a.title.id} as a title`, shown: s.title, expected: title });
          pairs.push({ what: `${a.title.id} as a byline`, shown: s.meta.replace(/\s+/g, " ").split(" · ")[0].trim(), expected: byline.replace(/\s+/g, " ").trim() });
        }
        for (const p of a.payloads.filter(isVerbatim))
          if (!s.body.includes(cleanText(p.payload))) pairs.push({ what: `${p.id} in ${a.slug} as typed`, shown: "(not in the article text)", expected: cleanText(p.payload) });
        return pairs;
      }),
    );
    checked.set("article body", articles.reduce((n, a) => n + a.payloads.length, 0));
    checked.set("article title and byline", titles.length);
    expect(problems).toEqual([]);
    expect(texts).toEqual([]);
  }, 120_000);

  it("shows every payload posted as a reply, at every nesting depth, as text, and runs none of them", async () => {
    const thread = "replies";
    // Ten replies per top-level comment, in chains of five: depths 1 to 5.
    const groups = chunk(PAYLOADS, CHAIN * 2);
    const roots = await inPool(groups, 8, (_, n) => post(replySite.id, thread, { body: `Parent ${n + 1}`, authorName: `Starter ${n + 1}` }));
    const chains = groups.flatMap((g, n) => chunk(g, CHAIN).map((c) => ({ root: roots[n], payloads: c })));
    await inPool(chains, 8, async ({ root, payloads }) => {
      let parentId = root.id;
      for (const payload of payloads) {
        const comment = await post(replySite.id, thread, { body: payload.payload, authorName: `Replier ${payload.id}`.slice(0, NAME_MAX), parentId });
        expect(comment.status, payload.id).toBe("published");
        posted.set(comment.id, { payload, context: "reply body", comment });
        parentId = comment.id;
      }
    });
    const trees = new Map((await allComments(replySite.id, thread)).map((c) => [c.id, c]));

    const host = await openThread(replySite.id, thread, PAYLOADS.length + roots.length);
    const problems = await inspectPage(host);

    const shown = (await readComments(host.page)).filter((c) => posted.get(c.id)?.context === "reply body");
    expect(shown).toHaveLength(PAYLOADS.length);
    const texts = bodyMismatches(shown, posted, trees, "reply");
    checked.set("reply body", shown.length);
    expect(problems).toEqual([]);
    expect(texts).toEqual([]);
  }, 120_000);

  it("notices a payload that does run: the checks' own control", async () => {
    // Simulates the bug this suite exists to catch: markup that reached a comment as HTML.
    const control = await post(site.id, "control", { body: "Benign text.", authorName: "Control" });
    const host = await openWatched(browser, { element: "comments", site: site.id, thread: "control" });
    await loadEveryComment(host.page, 1);
    // Once the forms' chunk has rendered its buttons, the thread does not render again by itself.
    await host.page.locator("parley-comments").getByRole("button", { name: "Reply", exact: true }).waitFor();
    await host.page.locator("parley-comments [part~=comment] .doc").evaluate((doc) => {
      doc.innerHTML = `<img src=x onerror="window.__xss('control-img')"><a href=" javascript:void 0">x</a><style>p{}</style>`;
    });
    const problems = await inspect(host, (id) => (id === control.id ? "the control comment" : "?"));
    expect(problems[0]).toBe("EXECUTED: control-img");
    const joined = problems.join("\n");
    for (const expected of ["onerror=", 'href=" javascript:void 0"', "<style>", "<img> in user text", "requested image " + HOST + "/blog/x"])
      expect(joined, expected).toContain(expected);
    expect(joined).toContain(`comment ${control.id} (the control comment)`);
  });

  it("stores, answers and shows text with a lone surrogate the same way everywhere", async () => {
    // Not script execution, but text that changes between the API's answer, storage and the screen: a lone
    // surrogate (possible through the API, never from a form) should become one U+FFFD at the door, or be refused.
    const payload = PAYLOADS.find((p) => p.id === "uni-lone-surrogate")!;
    const name = singleLine(payload.payload, NAME_MAX);
    const answered = await post(site.id, "ill-formed", { body: `${payload.payload} (ill-formed check)`, authorName: name });
    const [stored] = await allComments(site.id, "ill-formed");
    const escape = (s: string) => s.replace(/[\uD800-\uDFFF\uFFFD]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    expect(escape(stored.authorName), "name as stored").toBe(escape(answered.authorName));
    expect(isWellFormed(answered.authorName), "name is well-formed").toBe(true);
    expect(isWellFormed(docText(stored.body)), "body is well-formed").toBe(true);
  });

  it("never returns a link or image with a script, data or other non-web URL in the API's document trees", async () => {
    const threads: [string, string][] = [
      [site.id, "bodies"],
      [site.id, "names"],
      [replySite.id, "replies"],
    ];
    const unsafe: string[] = [];
    let trees = 0;
    for (const [siteId, thread] of threads)
      for (const c of await allComments(siteId, thread)) {
        trees++;
        for (const node of urlsOf(c.body)) {
          const why = unsafeUrl(node);
          // Comments never carry images, whatever their URL.
          if (why || node.t === "img") unsafe.push(`${posted.get(c.id)?.payload.id ?? c.id}: ${why ?? `image ${node.url}`}`);
        }
      }
    for (const a of articles) {
      const article = await api<Article>(`/sites/${site.id}/articles/${a.slug}`);
      trees++;
      for (const node of urlsOf(article.body)) {
        const why = unsafeUrl(node);
        if (why) unsafe.push(`${a.slug}: ${why}`);
      }
    }
    expect(trees).toBeGreaterThanOrEqual(PAYLOADS.length * 3);
    expect(unsafe).toEqual([]);
  });

  it("escapes every payload in the threads' Atom feeds, so feed readers see text too", async () => {
    const page = await browser.context.newPage();
    try {
      const problems: string[] = [];
      for (const [siteId, thread] of [
        [site.id, "bodies"],
        [site.id, "names"],
        [replySite.id, "replies"],
      ]) {
        const res = await fetch(`${API}/sites/${siteId}/threads/${thread}/feed`);
        expect(res.status, `${thread} feed`).toBe(200);
        const xml = await res.text();
        // Parsed as XML, then each entry's HTML content as an inert document: only the renderer's tags may appear.
        problems.push(
          ...(await page.evaluate(
            ([text, name]) => {
              const out: string[] = [];
              const feed = new DOMParser().parseFromString(text, "application/xml");
              if (feed.querySelector("parsererror")) return [`${name}: the feed is not well-formed XML: ${feed.querySelector("parsererror")!.textContent}`];
              const allowed = new Set("p h2 h3 h4 blockquote ul ol li pre code em strong del br hr a img".split(" "));
              const entries = feed.getElementsByTagName("entry");
              if (entries.length === 0) out.push(`${name}: no entries`);
              for (const entry of entries) {
                for (const child of entry.getElementsByTagName("*"))
                  if (child.children.length && child.localName !== "author") out.push(`${name}: markup in <${child.localName}>`);
                const html = entry.getElementsByTagName("content")[0]?.textContent ?? "";
                const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
                doc.body.querySelectorAll("*").forEach((el) => {
                  if (!allowed.has(el.localName)) out.push(`${name}: <${el.localName}> in an entry: ${el.outerHTML.slice(0, 120)}`);
                  for (const attr of el.attributes) {
                    if (!["href", "rel", "src", "alt", "loading", "start"].includes(attr.name)) out.push(`${name}: ${attr.name}= in an entry`);
                    if ((attr.name === "href" || attr.name === "src") && !/^(https?:|mailto:)/i.test(attr.value)) out.push(`${name}: ${attr.name}=${attr.value}`);
                  }
                });
              }
              return out;
            },
            [xml, thread] as const,
          )),
        );
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
