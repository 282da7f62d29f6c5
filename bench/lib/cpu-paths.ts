// The input-dependent CPU work of each write path, made of the worker's own modules (bundled for Node by
// esbuild): parse the JSON body, validate it with the route's contract schema, render the markdown, judge it
// (blocked words, links), and serialize what is stored and answered. D1, KV and crypto are left out: their
// cost does not depend on the body's shape. An import request runs the import service itself on stores that
// find nothing and write nothing (its ids' keyed hashes included). Three reads too: the first render of an
// article's view after a write and of its hosted page, each of a first page full of comments of one shape, and a
// warm page script of such a page; each read encodes its answer, as a response's body is.
import type { Doc } from "../../worker/contract/doc";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";
import { LIMITS } from "../../worker/contract/limits";
import type { ArticleView, PublicComment } from "../../worker/contract/types";
import { importBatchSchema } from "../../worker/contract/owner-data";
import { moderatorEditSchema, postCommentSchema, putArticleSchema, readerEditSchema, siteSettingsSchema } from "../../worker/contract/schemas";
import { HOSTILE_SHAPES } from "../../tests/fixtures/hostile-markdown";
import type { ServiceDeps } from "../../worker/services/context";
import { importBatch } from "../../worker/services/imports";
import { renderMarkdown } from "../../worker/services/markdown";
import { pageBytes } from "../../worker/services/comments";
import { renderFragment, renderShadow } from "../../worker/services/render/fragment";
import { renderPage } from "../../worker/services/render/page";
import { jsonForScript, jsonTextForScript } from "../../worker/services/render/html";
import { pageScript, type ScriptTarget } from "../../worker/services/render/script";
import { toPublicSite } from "../../worker/services/sites";
import { SHARED_TAIL } from "../../worker/services/view";
import { judge } from "../../worker/services/spam";
import type { ImportRow } from "../../worker/storage/imports";
import type { SiteRecord } from "../../worker/storage/sites";

export { HOSTILE_SHAPES, IMPORT_LIMITS, LIMITS };

/**
 * The longest comments an import request may carry within its characters' bound, each of the shape at the comment
 * size limit. (Fifty comments of 600 characters each cost less: a body's markdown costs more per character than a
 * comment's other fields.)
 */
export const IMPORT_BENCH_COMMENTS = Math.floor(IMPORT_LIMITS.bodyChars / LIMITS.commentBodyChars);

/**
 * The costliest site a reader can write to: the most blocked words the settings allow (each one a search of
 * the whole body), so the judge does its most work; links held past 3.
 */
const site: SiteRecord = {
  id: "bench",
  name: "Bench",
  ownerTokenHash: "",
  settings: siteSettingsSchema.parse({
    blockedWords: Array.from({ length: LIMITS.blockedWords }, (_, i) => `blockedword${i}`),
  }),
  createdAt: 0,
  updatedAt: 0,
};

// holdFirstComment is off, so the judge never asks whether the poster is trusted.
async function judged(body: string, tree: Doc, isEdit: boolean) {
  return judge(site, { body, tree, authorName: "Reader", shadowBanned: false, isEdit, trusted: async () => true });
}

/** The import service's stores: nothing found, nothing written (the rows are serialized, as D1's binding does). */
const importDeps = {
  secret: "bench-secret-0123456789abcdef0123456789abcdef",
  now: () => 0,
  stores: {
    imports: {
      findPlaces: async () => ({ here: new Map(), elsewhere: new Set() }),
      findBanIds: async () => ({ here: new Map(), elsewhere: new Set() }),
      write: async (_site: string, _at: number, _threads: unknown[], rows: ImportRow[], bans: unknown[]) => ({
        comments: JSON.stringify(rows).length > 0 ? rows.length : 0,
        bans: bans.length,
        locked: [],
      }),
    },
  },
  cache: { bump: async () => {} },
} as unknown as ServiceDeps;

export type WritePath = "comment POST" | "reader PATCH" | "moderator edit" | "article PUT" | "import POST";
export type CpuPath = WritePath | ReadPath;
export type ReadPath = "first render" | "hosted page" | "page script, warm";
export const READ_PATHS: readonly string[] = ["first render", "hosted page", "page script, warm"] satisfies ReadPath[];

/**
 * What the first render reads: as many comments of one shape as a first page takes within its byte budget (each
 * at least once), their trees as D1 holds them.
 */
function storedPage(markdown: string): string[] {
  const tree = JSON.stringify(renderMarkdown(markdown, { article: false }));
  // As D1 counts them for the page's budget: each `<` takes five characters more inside HTML.
  const fit = Math.floor(LIMITS.threadPageBytes / pageBytes(tree.length + 5 * (tree.match(/</g)?.length ?? 0), "Reader"));
  return Array.from({ length: Math.max(1, Math.min(LIMITS.pageSizeDefault, fit)) }, () => tree);
}

const ARTICLE_TREE = JSON.stringify(renderMarkdown("An article of **two** short paragraphs.\n\nA [link](https://example.com/).", { article: true }));

/**
 * The view a first render shows, and its JSON text's head: the rows' trees parsed, the page cached as JSON (the
 * isolate keeps the object, which the renderer takes), the head made around the page's text.
 */
function storedView(raw: string) {
  const rows = JSON.parse(raw) as string[];
  const comments = rows.map(
    (tree, i): PublicComment => ({
      ...{ id: `comment${i}`, parentId: null, authorName: "Reader", body: JSON.parse(tree) },
      ...{ createdAt: "2026-01-01T00:00:00.000Z", editedAt: null, editedBy: null, status: "published", pinned: false, votes: 0, replies: [], moreReplies: null },
    }),
  );
  const page = { thread: { key: "a-long-thread", locked: false, closed: false }, sort: "oldest" as const, comments, nextCursor: null, total: rows.length };
  const cachedPage = JSON.stringify(page);
  const article = { slug: "a-long-thread", title: "A long thread", author: null, publishedAt: "2026-01-01T00:00:00.000Z", image: null };
  const view: ArticleView = {
    site: toPublicSite(site, false),
    article: { ...article, body: JSON.parse(ARTICLE_TREE), links: [], url: null, commentCount: rows.length, locked: false, closed: false },
    thread: { ...page, own: [], formToken: "" },
    tag: "0123456789abcdef",
  };
  const head = `{"article":${JSON.stringify(view.article)},"site":${JSON.stringify(view.site)},"tag":"${view.tag}","thread":${cachedPage.slice(0, -1)}`;
  return { view, head };
}

/**
 * An article view's first render after a write (GET …/articles/{slug}/rendered), but for storage and crypto: the
 * stored view, the shadow root's HTML, and the view's JSON text escaped for the <script> after it.
 */
function firstRender(raw: string): string {
  const { view, head } = storedView(raw);
  const html = renderShadow(view, { pageUrl: "https://blog.example/a-long-thread/", hostedUrl: "https://comments.example/p/bench/a-long-thread", now: Date.now() }, true);
  return `${html}<script type="application/json" data-parley-view>${jsonTextForScript(head + SHARED_TAIL)}</script>`;
}

/**
 * The hosted page's first render after a write (GET /p/{site}/{slug}): the fragment (with its view) in the page, with
 * its JSON-LD. At its largest: with its last comment whole (`?whole=`, where a cut comment's link leads), which adds
 * that comment's HTML to what the page writes before it cuts long ones.
 */
function hostedPage(raw: string): string {
  const { view, head } = storedView(raw);
  const url = "https://comments.example/p/bench/a-long-thread";
  const whole = view.thread.comments.at(-1)?.id;
  const fragment = renderFragment(view, { pageUrl: url, hostedUrl: url, now: Date.now(), whole }, head + SHARED_TAIL);
  return renderPage(view, fragment, { url, origin: "https://comments.example" }).toString();
}

/** The shared parts a warm page script takes from the cache, by the stored page they were rendered from. */
const scriptCache = new Map<string, string>();

/**
 * A warm page script (GET /a/{site}/{slug}.js, every request after the first): the cached literal of the shared
 * rendered view, and the reader's part serialized into the script. Its answer is `…/rendered`'s, and larger.
 */
function warmPageScript(raw: string): string {
  let shared = scriptCache.get(raw);
  if (shared === undefined) scriptCache.set(raw, (shared = jsonForScript(firstRender(raw).slice(0, -SHARED_TAIL.length - 9)).toString()));
  const target: ScriptTarget = { tag: "parley-article", site: "bench", key: "a-long-thread", attributes: [], lang: "en", siteLang: "en" };
  return pageScript({ shared, tail: `${jsonTextForScript(',"own":[],"formToken":"a-reader-s-form-token-0123456789abcdef"}}')}</script>` }, target, "https://comments.example/widget.js");
}

/** The body a write path receives, as the JSON text on the wire, for a markdown body; for the read, the stored rows. */
export function requestBody(path: CpuPath, markdown: string): string {
  switch (path) {
    case "first render":
    case "hosted page":
    case "page script, warm":
      return JSON.stringify(storedPage(markdown));
    case "comment POST":
      return JSON.stringify({ body: markdown, authorName: "Reader", authorEmail: "reader@example.com", idempotencyKey: "k".repeat(32) });
    case "reader PATCH":
    case "moderator edit":
      return JSON.stringify({ body: markdown });
    case "article PUT":
      return JSON.stringify({ title: "A long article", body: markdown, author: "Owner" });
    case "import POST":
      return JSON.stringify({
        comments: Array.from({ length: IMPORT_BENCH_COMMENTS }, (_, i) => ({
          source: "disqus",
          sourceId: `bench-${i}`,
          thread: "/a-long-thread/",
          body: markdown,
          authorName: "Reader",
          authorEmail: "reader@example.com",
          status: "published",
          createdAt: "2024-05-01T09:00:00Z",
        })),
      });
  }
}

/** Only the markdown rendering a path does, for the "of which markdown" column. */
export function renderOnly(path: CpuPath, markdown: string): number {
  let blocks = 0;
  if (READ_PATHS.includes(path)) return 0;
  for (let i = 0; i < (path === "import POST" ? IMPORT_BENCH_COMMENTS : 1); i++) blocks += renderMarkdown(markdown, { article: path === "article PUT" }).length;
  return blocks;
}

const encoder = new TextEncoder();
const encoded = (answer: string) => `${encoder.encode(answer).length}`;

/** Runs one request's input-dependent work; returns the response text so nothing is optimized away. */
export async function runPath(path: CpuPath, raw: string): Promise<string> {
  // A read's answer is encoded as its response's body, which costs CPU in proportion to its length.
  if (path === "first render") return encoded(firstRender(raw));
  if (path === "hosted page") return encoded(hostedPage(raw));
  if (path === "page script, warm") return encoded(warmPageScript(raw));
  const json: unknown = JSON.parse(raw);
  switch (path) {
    case "comment POST": {
      const input = postCommentSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      const verdict = await judged(input.body, tree, false);
      const stored = JSON.stringify(tree);
      return JSON.stringify({ comment: { body: tree, status: verdict.status, authorName: input.authorName }, stored: stored.length });
    }
    case "reader PATCH": {
      const input = readerEditSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      const verdict = await judged(input.body, tree, true);
      return JSON.stringify({ comment: { body: tree, status: verdict.status }, stored: JSON.stringify(tree).length });
    }
    case "moderator edit": {
      const input = moderatorEditSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      return JSON.stringify({ comment: { body: tree }, stored: JSON.stringify(tree).length });
    }
    case "article PUT": {
      const input = putArticleSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: true });
      const stored = JSON.stringify({ ...input, source: input.body, tree });
      return JSON.stringify({ article: { title: input.title, body: tree }, stored: stored.length });
    }
    case "import POST": {
      const input = importBatchSchema.parse(json);
      return JSON.stringify(await importBatch(importDeps, site, input));
    }
  }
}
