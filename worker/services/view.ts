// A reader's whole view of an article, for one request: the site's public profile, the article, and the first
// page of its thread. Each part comes from its own service and cache; only the thread page's reader-specific
// parts (form token, own comments) are made per request.
import type { ThreadQuery } from "../contract/schemas";
import type { ArticleView } from "../contract/types";
import type { SiteRecord } from "../storage/types";
import { getArticle } from "./articles";
import { listThread, type OwnClaim } from "./comments";
import type { ServiceDeps } from "./context";
import { toPublicSite } from "./sites";

export async function getArticleView(
  deps: ServiceDeps,
  site: SiteRecord,
  slug: string,
  query: ThreadQuery,
  claims: OwnClaim[] = [],
): Promise<ArticleView> {
  const [article, thread] = await Promise.all([getArticle(deps, site, slug), listThread(deps, site, slug, query, claims)]);
  return { site: toPublicSite(site), article, thread };
}
