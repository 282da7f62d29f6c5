// Server-rendered articles: the /embed fragment and the /p page, each read through the document cache under the
// same versions as the article and thread they show, so a warm request costs no storage read at all.
import { LIMITS } from "../../contract/limits";
import type { SiteRecord } from "../../storage/types";
import { cached, scopes } from "../cache";
import type { ServiceDeps } from "../context";
import { sharedArticleView } from "../view";
import { laterPageUrl, renderFragment, type ElementOptions } from "./fragment";
import { renderLaterPage, renderPage } from "./page";

/** Part of every cache key: a change to the markup makes the old renders unreachable. */
const RENDER_VERSION = "r1";

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
  /** The host page's address (without its fragment identifier): share links and permalinks point there. */
  pageUrl: string;
  /** The article's page hosted by Parley, where a reader without JavaScript reads the later pages of comments. */
  hostedUrl: string;
}

/** The fragment for one article: <parley-article> with its Declarative Shadow DOM and view. */
export async function getEmbed(deps: ServiceDeps, site: SiteRecord, slug: string, options: EmbedOptions): Promise<string> {
  const key = await renderKey(deps, "embed", site, slug, { ...options });
  return cached(deps.cache, key, async () => {
    const view = await sharedArticleView(deps, site, slug, FIRST_PAGE);
    return renderFragment(view, { ...options, now: deps.now() }).toString();
  });
}

/**
 * The page Parley hosts for one article, at `url` on the worker at `origin`; with a `cursor`, the page of comments
 * after it, as readers without JavaScript and crawlers follow "Load more".
 */
export async function getArticlePage(
  deps: ServiceDeps,
  site: SiteRecord,
  slug: string,
  o: { url: string; origin: string; cursor?: string },
): Promise<string> {
  const key = await renderKey(deps, "page", site, slug, o);
  return cached(deps.cache, key, async () => {
    const view = await sharedArticleView(deps, site, slug, { ...FIRST_PAGE, cursor: o.cursor });
    if (o.cursor) return renderLaterPage(view, { url: laterPageUrl(o.url, o.cursor), articleUrl: o.url, now: deps.now() }).toString();
    const fragment = renderFragment(view, { pageUrl: o.url, hostedUrl: o.url, now: deps.now() });
    return renderPage(view, fragment, o).toString();
  });
}
