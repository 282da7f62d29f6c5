// Server-rendered articles: the /embed fragment and the /p page, each read through the document cache under the
// same versions as the article and thread they show, so a warm request costs no storage read at all.
import { isLong } from "../../contract/doc";
import { LIMITS } from "../../contract/limits";
import type { PublicComment } from "../../contract/types";
import type { SiteRecord } from "../../storage/types";
import { cached, scopes } from "../cache";
import type { ServiceDeps } from "../context";
import { REPLIES_PER_ROOT, type OwnClaim } from "../comments";
import { chainAsThread, replyChain } from "../reply-chains";
import { SHARED_TAIL, sharedArticleView, sharedThreadView, viewTail } from "../view";
import { renderFragment, renderShadow, type ElementOptions } from "./fragment";
import { jsonForScript, jsonTextForScript } from "./html";
import type { ScriptView } from "./script";
import { localeOf } from "./locale";
import { laterPageUrl, renderThread, repliesPageUrl } from "./thread";
import { blogUrlOf, renderLaterPage, renderPage } from "./page";

/** Part of every cache key: a change to the markup (or to what a cached render holds) makes the old renders unreachable. */
const RENDER_VERSION = "r5";

/** The address of the hosted page of an article on the worker at `origin`. */
export const articlePageUrl = (origin: string, site: string, slug: string) => `${origin}/p/${encodeURIComponent(site)}/${encodeURIComponent(slug)}`;

/** The first page a rendered view shows: the widget's first page. */
const FIRST_PAGE = { sort: "oldest", limit: LIMITS.pageSizeDefault } as const;

/** The cache key of a render: the versions the article and thread are cached under, and every option. */
async function renderKey(deps: ServiceDeps, kind: string, site: SiteRecord, slug: string, options: Record<string, string | number | undefined>) {
  const [settings, thread] = await Promise.all([
    deps.cache.version(scopes.settings(site.id)),
    deps.cache.version(scopes.thread(site.id, slug)),
  ]);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(options)) if (v !== undefined) q.set(k, String(v));
  return `${kind}/${RENDER_VERSION}/${site.id}/${settings}/${thread}/${encodeURIComponent(slug)}?${q}`;
}

export interface EmbedOptions extends ElementOptions {
  /**
   * The host page's address (without its fragment identifier): share links and permalinks point there. Not given,
   * the article's address on the blog, else the hosted page.
   */
  pageUrl?: string;
  /** The article's page hosted by Parley, where a reader without JavaScript reads the later pages of comments. */
  hostedUrl: string;
}

/** The fragment for one article: <parley-article> with its Declarative Shadow DOM and view. */
export async function getEmbed(deps: ServiceDeps, site: SiteRecord, slug: string, options: EmbedOptions): Promise<string> {
  const key = await renderKey(deps, "embed", site, slug, { ...options });
  return cached(deps.cache, key, async () => {
    const { view, head } = await sharedArticleView(deps, site, slug, FIRST_PAGE);
    const pageUrl = options.pageUrl ?? blogUrlOf(view.article) ?? options.hostedUrl;
    return renderFragment(view, { ...options, pageUrl, now: deps.now() }, head + SHARED_TAIL).toString();
  });
}

/** What a reader's widget asks to have rendered: the element's attributes that change the HTML, and the sort. */
export interface ReaderRenderOptions extends Pick<ElementOptions, "headingLevel" | "formPosition" | "lang"> {
  sort: "oldest" | "newest" | "top";
  /** The worker's origin: links in the HTML point to the article's page there until the widget takes over. */
  origin: string;
}

/**
 * A reader's rendered view in its two parts: `shared`, the same for every reader and cached under `key` (the HTML and
 * the view's JSON up to the reader's part), and `tail`, this reader's part, which ends it.
 */
export interface RenderParts {
  key: string;
  shared: string;
  tail: string;
}

/**
 * What widget.js puts into a <parley-article> before defining it: the shadow root's HTML (shared by every reader,
 * cached like the fragment; without <style> or <noscript>, see renderShadow) followed by this reader's view
 * (fresh form token, own comments), which the element reads instead of fetching it. The HTML lives only until the
 * widget renders, so its links go to the article's address on the blog, else to the hosted page.
 */
export const getReaderRender = async (deps: ServiceDeps, site: SiteRecord, slug: string, o: ReaderRenderOptions, claims: OwnClaim[]) =>
  joined(await readerRenderParts(deps, site, slug, o, claims));

/** The same in its two parts (see RenderParts). */
export async function readerRenderParts(deps: ServiceDeps, site: SiteRecord, slug: string, o: ReaderRenderOptions, claims: OwnClaim[]): Promise<RenderParts> {
  const { sort, origin, ...element } = o;
  const query = { ...FIRST_PAGE, sort };
  const key = await renderKey(deps, "shadow", site, slug, { ...o });
  const shared = await cached(deps.cache, key, async () => {
    const hostedUrl = articlePageUrl(origin, site.id, slug);
    const { view, head } = await sharedArticleView(deps, site, slug, query);
    // Share links and permalinks: the article's address on the blog if it has one (most likely the page the reader is on).
    const html = renderShadow(view, { ...element, pageUrl: blogUrlOf(view.article) ?? hostedUrl, hostedUrl, now: deps.now() }, true).toString();
    return withViewHead(html, head);
  });
  // After the HTML, not beside it: a cold render has just cached the article and the thread page the view is made
  // of, which both would otherwise read from storage at once.
  return { key, shared, tail: viewTailText(await viewTail(deps, site, slug, claims)) };
}

/**
 * Rendered HTML followed by the view it shows, which the element reads when it hydrates: kept with the HTML up to the
 * reader's part (the view's shared head, escaped once), which each answer then ends with its reader's tail. Escaping
 * is one character at a time, so the two escaped parts are the escaped whole.
 */
const withViewHead = (html: string, head: string) => `${html}<script type="application/json" data-parley-view>${jsonTextForScript(head)}`;
const viewTailText = (tail: string) => `${jsonTextForScript(tail)}</script>`;
const joined = (parts: RenderParts) => parts.shared + parts.tail;

/**
 * The same for a <parley-comments> alone: its shadow root's thread (the page's own path links to each comment:
 * `#comment-ID`), cached like the article's, and the reader's thread view.
 */
export const getThreadRender = async (deps: ServiceDeps, site: SiteRecord, threadKey: string, o: ThreadRenderOptions, claims: OwnClaim[]) =>
  joined(await threadRenderParts(deps, site, threadKey, o, claims));

type ThreadRenderOptions = Omit<ReaderRenderOptions, "headingLevel" | "origin">;

/** The same in its two parts (see RenderParts). */
export async function threadRenderParts(deps: ServiceDeps, site: SiteRecord, threadKey: string, o: ThreadRenderOptions, claims: OwnClaim[]): Promise<RenderParts> {
  const query = { ...FIRST_PAGE, sort: o.sort };
  const key = await renderKey(deps, "thread", site, threadKey, { ...o });
  const shared = await cached(deps.cache, key, async () => {
    const { view, head } = await sharedThreadView(deps, site, threadKey, query);
    const html = renderThread(view.thread, { locale: localeOf(o.lang, view.site.locale), pageUrl: "", formPosition: o.formPosition, now: deps.now(), scripted: true }).toString();
    return withViewHead(html, head);
  });
  return { key, shared, tail: viewTailText(await viewTail(deps, site, threadKey, claims)) }; // after the HTML, as above
}

/** Rendered view parts as the page script carries them: the shared part's string literal, cached beside it. */
export async function scriptView(deps: ServiceDeps, parts: RenderParts): Promise<ScriptView> {
  return { shared: await cached(deps.cache, `literal/${parts.key}`, async () => jsonForScript(parts.shared).toString()), tail: parts.tail };
}

/**
 * The page Parley hosts for one article, at `url` on the worker at `origin`; with a `cursor`, the page of comments
 * after it, as readers without JavaScript and crawlers follow "Load more"; with `replies`, that top-level comment
 * and its replies after `cursor`, as they follow "Show more replies"; with `whole`, the same page with that
 * comment whole where a long one would be cut (a cut comment's link). A `whole` the page does not hold as a long
 * comment changes nothing: the page is the one without it, so its renders are at most one per long comment.
 */
export async function getArticlePage(
  deps: ServiceDeps,
  site: SiteRecord,
  slug: string,
  o: { url: string; origin: string; cursor?: string; replies?: string; whole?: string },
): Promise<string> {
  if (o.replies) return chainPage(deps, site, slug, { ...o, replies: o.replies });
  const query = { ...FIRST_PAGE, cursor: o.cursor };
  const whole = o.whole && holdsLong((await sharedArticleView(deps, site, slug, query)).view.thread.comments, o.whole) ? o.whole : undefined;
  const key = await renderKey(deps, "page", site, slug, { ...o, whole });
  return cached(deps.cache, key, async () => {
    const { view, head } = await sharedArticleView(deps, site, slug, query);
    if (o.cursor) return renderLaterPage(view, { url: laterPageUrl(o.url, o.cursor), articleUrl: o.url, now: deps.now(), whole }).toString();
    const fragment = renderFragment(view, { pageUrl: o.url, hostedUrl: o.url, now: deps.now(), whole }, head + SHARED_TAIL);
    return renderPage(view, fragment, o).toString();
  });
}

/**
 * The hosted page of a long reply chain (getArticlePage with `replies`): its top-level comment, then its replies after
 * `cursor`, as many as its first page shows of them, and a link to the next ones.
 */
async function chainPage(deps: ServiceDeps, site: SiteRecord, slug: string, o: { url: string; cursor?: string; replies: string; whole?: string }) {
  const read = async () => {
    // Read beside the article, but an unknown article is what a page for one is refused for first.
    const replies = replyChain(deps, site, slug, o.replies, { cursor: o.cursor, limit: REPLIES_PER_ROOT });
    replies.catch(() => {});
    const { view } = await sharedArticleView(deps, site, slug, FIRST_PAGE);
    return { view, root: chainAsThread(await replies) };
  };
  // As on the other pages, a `whole` the page does not hold as a long comment changes nothing.
  const known = o.whole ? await read() : undefined;
  const whole = o.whole && holdsLong([known!.root], o.whole) ? o.whole : undefined;
  const key = await renderKey(deps, "page", site, slug, { ...o, whole });
  return cached(deps.cache, key, async () => {
    const { view, root } = known ?? (await read());
    const url = repliesPageUrl(o.url, o.replies, o.cursor ?? null);
    const page = { ...view, thread: { ...view.thread, comments: [root], nextCursor: null } };
    const wholeUrl = (c: PublicComment) => `${url}&whole=${c.id}#comment-${c.id}`;
    return renderLaterPage(page, { url, articleUrl: o.url, now: deps.now(), whole, wholeUrl }).toString();
  });
}

/** Whether a page's comments hold a long one with this id (at most a page of comments: one page of a thread). */
function holdsLong(comments: PublicComment[], id: string): boolean {
  const stack = [...comments];
  while (stack.length) {
    const c = stack.pop()!;
    if (c.id == id) return isLong(c.body);
    stack.push(...c.replies);
  }
  return false;
}
