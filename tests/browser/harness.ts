// The one helper module of the browser suites: Chromium via playwright-core, host pages on the blog's origin,
// the worker's API (sites, articles, comments) and readers of what the widget shows. Test files import only this.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { inject } from "vitest";
import type { PostCommentResult, PublicComment, RepliesPage, SocialLink, ThreadPage } from "../../worker/contract/types";
import { executeLocalSql, launchChromium } from "../../worker/dev/local.mjs";
import type { ParleyTestEnv } from "./global-setup";

export type { Locator, Page };
/** How the worker cleans every text field (control and bidi characters out, NFC, trimmed): what a reader sees. */
export { cleanText } from "../../worker/contract/clean-text";

const env: ParleyTestEnv = inject("parley");

/** Chromium's path, or null: suites wrap themselves in `describe.skipIf(!chromiumPath)`. */
export const chromiumPath = env.chromiumPath;
export const WORKER = env.workerUrl;
/** The host blog on the allowed origin (http://localhost:port). */
export const HOST = env.hostUrl;
/** The same host blog on an origin no site allows (http://127.0.0.1:port). */
export const OTHER_HOST = env.otherHostUrl;
export const API = `${env.workerUrl}/api/v1`;

/** Runs SQL on the running worker's local D1: only for states no route can make, such as a webhook paused for hours. */
export const localSql = (sql: string): string => executeLocalSql(env.persistTo, sql);

/** The seeded demo site and its article (worker/dev/seed.ts). */
export const DEMO = { site: "demo", slug: "us-airstrikes-iran-backed-militias", ownerToken: "dev-owner-token" } as const;

// ---------------------------------------------------------------------------------------------------------------
// Chromium

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile (US English, UTC) on a temporary directory; CSP is enforced as in a real browser. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error("launchBrowser called without Chromium");
  const profile = await mkdtemp(join(tmpdir(), "parley-chromium-"));
  const context = await launchChromium(chromiumPath, profile);
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface HostPageOptions {
  /** Which element the page embeds; `fragment` inlines the worker's server-rendered article (GET /embed). */
  element?: "article" | "comments" | "counts" | "form" | "fragment";
  site?: string;
  slug?: string;
  /** Left off means `<parley-comments>` uses the page's path. */
  thread?: string;
  /** One `<parley-count>` per key (element "counts"). */
  threads?: string[];
  /** The article's `heading-level`. */
  headingLevel?: number;
  /** How many times the page includes widget.js. */
  scripts?: number;
  /**
   * The page script instead of widget.js (README: "The page script"): `<script async src=…/a/{site}/{slug}.js>`, or
   * `…/c/{site}/{thread}.js` for "comments", in the page's head; "body" puts it right after the element, as a plain
   * (blocking) script, and `scripts` then keeps widget.js in the head too.
   */
  pageScript?: "head" | "body";
  /** The README's preload hint for the element's view in the page's head (elements "article" and "comments"). */
  preload?: boolean;
  /** false serves the page without a CSP (hostile-content tests: the widget alone must keep payloads inert). */
  csp?: boolean;
  /** Adds Trusted Types enforcement to the page's CSP, allowing Lit's policy alone (`trusted-types lit-html`). */
  trustedTypes?: boolean;
  /** "other" serves the page from the origin no site allows. */
  origin?: "allowed" | "other";
  /** The element is put into the page by a deferred script of the host's, not by its HTML. */
  late?: boolean;
  /** How many times the page holds the element (default 1). */
  copies?: number;
  /** The page's path on the host blog. */
  path?: string;
  /** The element's `lang` attribute. */
  lang?: string;
  /** The page's own `<html lang>` instead of "en"; "" leaves the page's language unsaid. */
  pageLang?: string;
  /** The page script's `?lang=` instead of the element's or the page's language; "" leaves it out. */
  scriptLang?: string;
  /** The element's `theme` attribute: `light`, `dark` or `auto`. */
  theme?: string;
  /** Paragraphs of the blog's own text before the element, so that it starts below the fold. */
  intro?: number;
  /** The path of an image the page shows above the element; route it to hold the page's load event. */
  img?: string;
  /** A fragment for the page's address, e.g. `comment-abc` (a permalink). */
  hash?: string;
  /**
   * When opening the page counts as done (default "load"); "domcontentloaded" for a page whose load is held, "commit"
   * for one whose deferred scripts are.
   */
  waitUntil?: "load" | "domcontentloaded" | "commit";
  /**
   * Runs on the new tab before it loads the page: init scripts, routes and listeners that must see
   * everything from the first byte (ignored by hostPageUrl).
   */
  beforeLoad?: (page: Page) => Promise<unknown> | unknown;
  /** Sum the page's layout shifts from its first byte, for `layoutShift(page)` (ignored by hostPageUrl). */
  countLayoutShifts?: boolean;
  /** `false` turns JavaScript off for the tab, with Chromium's own switch over CDP (ignored by hostPageUrl). */
  script?: boolean;
}

/** The host page's URL for these options. */
export function hostPageUrl(options: HostPageOptions = {}): string {
  const url = new URL(options.path ?? "/blog/post.html", options.origin === "other" ? OTHER_HOST : HOST);
  const q = url.searchParams;
  q.set("el", options.element ?? "article");
  q.set("site", options.site ?? DEMO.site);
  if (options.slug) q.set("slug", options.slug);
  if (options.thread !== undefined) q.set("thread", options.thread);
  if (options.threads) q.set("threads", JSON.stringify(options.threads));
  if (options.headingLevel) q.set("heading-level", String(options.headingLevel));
  if (options.scripts) q.set("scripts", String(options.scripts));
  if (options.preload) q.set("preload", "1");
  if (options.pageScript) q.set("pagescript", options.pageScript);
  if (options.csp === false) q.set("csp", "off");
  if (options.trustedTypes) q.set("tt", "1");
  if (options.lang) q.set("lang", options.lang);
  if (options.theme) q.set("theme", options.theme);
  if (options.pageLang !== undefined) q.set("pagelang", options.pageLang);
  if (options.scriptLang !== undefined) q.set("scriptlang", options.scriptLang);
  if (options.intro) q.set("intro", String(options.intro));
  if (options.img) q.set("img", options.img);
  if (options.late) q.set("late", "1");
  if (options.copies) q.set("copies", String(options.copies));
  if (options.hash) url.hash = options.hash;
  return url.href;
}

export interface RecordedRequest {
  method: string;
  url: string;
}

/** A host page with everything it did recorded: requests, console errors, uncaught errors, CSP violations. */
export interface HostPage {
  page: Page;
  url: string;
  requests: RecordedRequest[];
  consoleErrors: string[];
  pageErrors: string[];
  /** CSP violations reported by the page (`securitypolicyviolation` events). */
  cspViolations(): Promise<string[]>;
}

/** Opens a host page in a new tab and records what it does. */
/**
 * Whether this Chromium fetches a module again after a fetch of it failed. Chromium 150 keeps the failure in the
 * page's module map, as the HTML standard said until recently, so a later import() of that URL fails at once
 * without a request; later versions try again. Probed on a page whose requests the test answers: the module fails
 * once (503), then loads.
 */
export async function refetchesFailedModules(browser: Browser): Promise<boolean> {
  const page = await browser.context.newPage();
  const probe = `${WORKER}/__module-probe-${uniq()}`;
  let fetches = 0;
  await page.route(`${probe}.html`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>probe</title>" }));
  await page.route(`${probe}.js`, (route) =>
    fetches++ == 0 ? route.fulfill({ status: 503, body: "down" }) : route.fulfill({ status: 200, contentType: "text/javascript", body: "export const ok = 1;" }),
  );
  await page.goto(`${probe}.html`);
  // A string, not a function: vitest would rewrite an import() in the test's own code.
  await page.evaluate(`(async () => { for (let i = 0; i < 2; i++) await import(${JSON.stringify(`${probe}.js`)}).catch(() => null); })()`);
  await page.close();
  return fetches > 1;
}

export async function openHostPage(browser: Browser, options: HostPageOptions = {}): Promise<HostPage> {
  const page = await browser.context.newPage();
  const requests: RecordedRequest[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url() }));
  page.on("console", (m) => {
    if (m.type() === "error" || /content security policy/i.test(m.text())) consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Init scripts come from the test driver, not the page, so the page's CSP does not apply to them.
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) => w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  if (options.script === false) await (await page.context().newCDPSession(page)).send("Emulation.setScriptExecutionDisabled", { value: true });
  if (options.countLayoutShifts) {
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
  }
  await options.beforeLoad?.(page);
  const url = hostPageUrl(options);
  await page.goto(url, { waitUntil: options.waitUntil });
  return {
    page,
    url,
    requests,
    consoleErrors,
    pageErrors,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/**
 * Whether the article on the page still shows the server's HTML (its view script is in the shadow root); undefined
 * while it has no shadow root at all (widget.js has not put the HTML in yet), which is neither.
 */
export const serverHtmlShown = (page: Page) =>
  page.locator("parley-article").evaluate((el) => (el.shadowRoot ? !!el.shadowRoot.querySelector("script[data-parley-view]") : undefined));

/**
 * Records the page's layout shifts, and when the HTML widget.js put into `tag` has painted (the frame after the
 * element is defined), for `hydrationShift`.
 */
export const recordShifts = (page: Page, tag: string) =>
  page.addInitScript((tag) => {
    const w = window as unknown as { __shifts: number[][]; __paintedAt: number };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number })[]) w.__shifts.push([e.startTime, e.value]);
    }).observe({ type: "layout-shift", buffered: true });
    void customElements.whenDefined(tag).then(() => requestAnimationFrame(() => setTimeout(() => (w.__paintedAt = performance.now()))));
  }, tag);

/** The layout shift after that paint (two frames on): what the widget's own rendering of the HTML moved. */
export async function hydrationShift(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const w = window as unknown as { __shifts: number[][]; __paintedAt: number };
    return w.__shifts.filter(([at]) => at > w.__paintedAt).reduce((sum, [, value]) => sum + value, 0);
  });
}

/** A promise and the function that resolves it: holds a routed request until a test lets it go. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The cumulative layout shift of a page opened with `countLayoutShifts`, so far. */
export const layoutShift = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

// ---------------------------------------------------------------------------------------------------------------
// What the widget shows

/** The XSS corpus's payloads aim at `*.invalid` hosts: their requests are refused at once instead of waiting for DNS. */
export const refuseInvalidHosts = (page: Page) => page.route(/^https?:\/\/[^/]*\.invalid(?:[:/]|$)/, (route) => route.abort());

/** Waits until a `<parley-comments>` (top-level or inside an article) shows its "N comments" heading. */
export async function waitForThread(page: Page): Promise<Locator> {
  const heading = page.locator("parley-comments [part~=heading]").first();
  await heading.waitFor();
  // The worker's HTML that widget.js put in first (or a fragment's) is replaced by the widget's own rendering once
  // painted: wait for that, so that what a test then finds stays in the page.
  await page.waitForFunction(() => {
    const rendered = (root: Document | ShadowRoot | null | undefined): boolean =>
      !!root && [...root.querySelectorAll("parley-article, parley-comments")].some((el) => !!el.shadowRoot?.querySelector("script[data-parley-view]") || rendered(el.shadowRoot));
    return !rendered(document);
  });
  return heading;
}

/** One comment as a reader sees it, with the replies shown under it. */
export interface ShownComment {
  author: string;
  body: string;
  /** Horizontal offset of the comment on screen; replies sit further right than their parent. */
  left: number;
  replies: ShownComment[];
}

/**
 * Reads the thread shown by the first `<parley-comments>` on the page as a tree, from the parts the element
 * documents: `comment` (one comment), `author`, `body`, and `replies` (the replies under a comment).
 */
export async function shownThread(page: Page): Promise<ShownComment[]> {
  return page
    .locator("parley-comments")
    .first()
    .evaluate((el) => {
      type Node = { author: string; body: string; left: number; replies: Node[] };
      const text = (e: Element | null | undefined) => (e?.textContent ?? "").replace(/\s+/g, " ").trim();
      // A comment's own part, not one of a nested comment's.
      const own = (comment: Element, part: string) =>
        [...comment.querySelectorAll(`[part~=${part}]`)].find((e) => e.closest("[part~=comment]") === comment);
      const read = (container: Element | ShadowRoot): Node[] => {
        const out: Node[] = [];
        for (const child of container.children) {
          if (child.matches("[part~=comment]")) {
            const node: Node = {
              author: text(own(child, "author")),
              body: text(own(child, "body")),
              left: child.getBoundingClientRect().left,
              replies: [],
            };
            const inner = own(child, "replies");
            if (inner) node.replies.push(...read(inner));
            out.push(node);
          } else if (child.matches("[part~=replies]")) {
            const parent = out[out.length - 1];
            if (!parent) throw new Error("replies shown without a comment before them");
            parent.replies.push(...read(child));
          } else {
            out.push(...read(child));
          }
        }
        return out;
      };
      return read(el.shadowRoot!);
    });
}

/** Author and body only, for comparing with what was posted. */
export const outline = (comments: ShownComment[]): { author: string; body: string; replies: unknown[] }[] =>
  comments.map((c) => ({ author: c.author, body: c.body, replies: outline(c.replies) }));

/** Finds a shown comment (at any depth) by a piece of its body. */
export function findShown(comments: ShownComment[], bodyPart: string): ShownComment | undefined {
  for (const c of comments) {
    if (c.body.includes(bodyPart)) return c;
    const hit = findShown(c.replies, bodyPart);
    if (hit) return hit;
  }
}

/** The `<article part="comment">` whose text contains `text`, inside any `<parley-comments>`. */
export const commentLocator = (page: Page, text: string) =>
  page.locator("parley-comments [part~=comment]").filter({ has: page.locator("[part~=body]", { hasText: text }) });

/** The new-comment form of the first thread on the page (while no reply form is open, the only form). */
export const newCommentForm = (page: Page) => page.locator("parley-comments [part~=form]");

/** The reply form opened under the comment whose text contains `parentText`. */
export const replyForm = (page: Page, parentText: string) => commentLocator(page, parentText).locator("[part~=form]");

/** Fills a comment form as a reader would (labelled controls, the Post button) and sends it. */
export async function submitComment(form: Locator, fields: { body: string; name: string }) {
  await form.getByRole("textbox", { name: "Comment", exact: true }).fill(fields.body);
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(fields.name);
  await form.getByRole("button", { name: /^post/i }).click();
}

/**
 * The elements that an element's `aria-describedby` points at, resolved in its own (shadow) root,
 * with their text: how a screen reader would announce a field's message.
 */
export async function describedBy(field: Locator): Promise<string[]> {
  return field.evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => (root.getElementById(id)?.textContent ?? `(missing #${id})`).replace(/\s+/g, " ").trim());
  });
}

/** Every element matching `selector` in the document and in every open shadow root, as outerHTML. */
export async function deepQueryAll(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      root.querySelectorAll(sel).forEach((e) => found.push(e.outerHTML));
      root.querySelectorAll("*").forEach((e) => e.shadowRoot && visit(e.shadowRoot));
    };
    visit(document);
    return found;
  }, selector);
}

/** What has the keyboard focus, looking through shadow roots: the innermost focused element as `tag#id.class`, or "". */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "";
    return `${el.localName}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}`;
  });
}

/**
 * Runs axe-core (WCAG 2.2 A and AA rules) over every element matching `selector`, shadow roots included, and
 * returns the serious and critical violations as `rule: target` lines. The page must be served without a CSP
 * (`csp: false`): axe is injected as an inline script.
 */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (sel) => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe;
    const out: string[] = [];
    for (const el of document.querySelectorAll(sel)) {
      const result = await axe.run(el, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
      for (const v of result.violations)
        if (v.impact === "serious" || v.impact === "critical")
          for (const n of v.nodes) out.push(`${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`);
    }
    return out;
  }, selector);
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * WCAG's contrast ratio of a text colour over a background colour, both as the browser computes them
 * (`rgb(…)`, `rgba(…)` or `color(srgb …)`); a translucent text colour is blended over the background first.
 */
export function contrastRatio(text: string, background: string): number {
  const parse = (css: string) => {
    const n = (css.match(/[\d.]+/g) ?? []).map(Number);
    const scale = css.startsWith("color(") ? 1 : 255;
    return { rgb: n.slice(0, 3).map((v) => v / scale), alpha: n.length > 3 ? n[3] : 1 };
  };
  const bg = parse(background).rgb;
  const fg = parse(text);
  const blended = fg.rgb.map((c, i) => c * fg.alpha + bg[i] * (1 - fg.alpha));
  const luminance = ([r, g, b]: number[]) => {
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [luminance(blended), luminance(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// ---------------------------------------------------------------------------------------------------------------
// The worker's API, called from node (no Origin header, like curl)

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** Calls the API and returns the parsed JSON; throws ApiFailure unless the status is `expect` (default: any 2xx). */
export async function api<T = unknown>(
  path: string,
  options: { method?: string; token?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const method = options.method ?? (options.body !== undefined ? "POST" : "GET");
  const res = await fetch(`${API}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  const ok = options.expect !== undefined ? res.status === options.expect : res.ok;
  if (!ok) throw new ApiFailure(res.status, data, `${method} ${path}`);
  return data as T;
}

/**
 * Confirms the owner's digest address `email` as its owner would: the link in its confirmation e-mail (read from the
 * dev outbox, waiting up to 20 s), then the page's button (a POST to the same URL).
 */
export async function confirmOwnerMail(email: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { messages } = (await (await fetch(`${WORKER}/dev/mail.json`)).json()) as { messages: { to: string; subject: string; text: string }[] };
    const link = messages.find((m) => m.to === email && m.subject.startsWith("Confirm the moderation digest"))?.text.match(/https?:\/\/\S+\/mail\/confirm\/\S+/)?.[0];
    if (link) {
      const res = await fetch(link, { method: "POST" });
      if (res.status !== 200) throw new Error(`confirming ${email} answered ${res.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no confirmation e-mail to ${email} in /dev/mail`);
}

const threadPath = (site: string, thread: string) => `/sites/${encodeURIComponent(site)}/threads/${encodeURIComponent(thread)}/comments`;

export interface TestSite {
  id: string;
  ownerToken: string;
}

let siteCounter = 0;

/**
 * Creates a fresh site through the admin API that allows the host blog's origin. Spam timing checks and rate
 * limits are off (0), so tests can publish quickly; pass `settings` to change anything else.
 */
export async function createSite(prefix: string, settings: Record<string, unknown> = {}): Promise<TestSite> {
  const id = `${prefix}-${++siteCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const { ownerToken } = await api<{ ownerToken: string }>("/sites", {
    token: env.adminToken,
    body: {
      id,
      name: `Test blog ${id}`,
      origins: [HOST],
      minFillSeconds: 0,
      rateLimits: { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 },
      ...settings,
    },
    expect: 201,
  });
  return { id, ownerToken };
}

export interface ArticleInput {
  title: string;
  body: string;
  author?: string;
  publishedAt?: string;
  links?: SocialLink[];
}

/** Publishes (or replaces) an article with the site's owner token. */
export const publishArticle = (site: TestSite, slug: string, article: ArticleInput) =>
  api(`/sites/${site.id}/articles/${encodeURIComponent(slug)}`, { method: "PUT", token: site.ownerToken, body: article });

/** Posts a comment like a reader would, but from node. */
export async function postComment(
  site: string,
  thread: string,
  comment: { body: string; authorName: string; authorEmail?: string; parentId?: string; idempotencyKey?: string },
): Promise<PublicComment> {
  const result = await api<PostCommentResult>(threadPath(site, thread), { body: comment, expect: 201 });
  return result.comment;
}

/**
 * Publishes an article with 23 comments by "Early 1"…"Early 23", oldest first: a first page of 20 and one more.
 * Returns its slug and the authors in order.
 */
export async function publishLongArticle(site: TestSite, title: string) {
  const slug = `long-${uniq()}`;
  await publishArticle(site, slug, { title, body: "Text." });
  const authors = Array.from({ length: 23 }, (_, n) => `Early ${n + 1}`);
  // Bodies differ from thread to thread: the duplicate check is per site.
  for (const authorName of authors) await postComment(site.id, slug, { authorName, body: `Said by ${authorName} in ${slug}.` });
  return { key: slug, authors };
}

/** The order the reader chose on this site, as the page stored it; forgotten, so that the next page starts afresh. */
export async function takeStoredSort(page: Page, site: string) {
  return page.evaluate((key) => {
    const sort = localStorage.getItem(key);
    localStorage.removeItem(key);
    return sort;
  }, `parley:sort:${site}`);
}

/** Upvotes (or with `up: false` takes back) a comment as the reader with this key, from node. */
export const voteAs = (site: string, commentId: string, readerKey: string, up = true, expect?: number) =>
  api<{ votes: number; voted: boolean }>(`/sites/${encodeURIComponent(site)}/comments/${commentId}/votes`, {
    body: { readerKey, up },
    expect,
  });

/** Edits a comment with its edit token, as its author would from node; `expect` is the status to insist on. */
export const editAs = (site: string, commentId: string, editToken: string, body: string, expect?: number) =>
  api(`/sites/${encodeURIComponent(site)}/comments/${commentId}`, { method: "PATCH", token: editToken, body: { body }, expect });

/** Locks (or unlocks) a thread with the site's owner token. */
export const lockThread = (site: TestSite, thread: string, locked = true) =>
  api(`/sites/${site.id}/threads/${encodeURIComponent(thread)}`, { method: "PUT", token: site.ownerToken, body: { locked } });

/** One page of a thread as the API returns it. */
export const getThread = (site: string, thread: string, query = "limit=100") =>
  api<ThreadPage>(`${threadPath(site, thread)}?${query}`);

/** Every comment of a thread (all pages, replies flattened, with those a page's byte budget left to `moreReplies`). */
export async function allComments(site: string, thread: string): Promise<PublicComment[]> {
  const out: PublicComment[] = [];
  const walk = (list: PublicComment[]) => list.forEach((c) => (out.push(c), walk(c.replies)));
  let cursor: string | null = null;
  do {
    const page: ThreadPage = await getThread(site, thread, `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    walk(page.comments);
    for (const root of page.comments) {
      for (let more = root.moreReplies; more; ) {
        const replies: RepliesPage = await api<RepliesPage>(`${threadPath(site, thread)}/${root.id}/replies?limit=100&cursor=${encodeURIComponent(more)}`);
        out.push(...replies.replies);
        more = replies.nextCursor;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** A short random tag that makes a test's texts unique across runs. */
export const uniq = () => Math.random().toString(36).slice(2, 8);
