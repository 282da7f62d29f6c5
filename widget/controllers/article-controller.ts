// Loads a site's public profile and one article in parallel for <parley-article>, and its thread alongside when
// the reader came for the comments.
import type { Article, PublicSite } from "../../worker/contract/types";
import { getArticle } from "../api/articles";
import { prefetch } from "../api/comments";
import { sortOf } from "../api/local";
import { getSite } from "../api/sites";
import { LoadController, type Host } from "./load-controller";

export interface SiteAndArticle {
  site: PublicSite;
  article: Article;
}

/** `args` returns [api, site, slug]. */
export const createArticleController = (host: Host, args: () => [string | undefined, string, string]) =>
  new LoadController(host, args, async ([api, site, slug], signal): Promise<SiteAndArticle> => {
    // A link to a comment, or a reader already scrolled into the article (a reload, Back): the thread is wanted
    // at once, so it need not wait for the article to arrive and lay out first.
    if (location.hash.startsWith("#comment-") || host.getBoundingClientRect().top < 0) prefetch(api, site, slug, sortOf(site));
    const [s, article] = await Promise.all([getSite(api, site, signal), getArticle(api, site, slug, signal)]);
    return { site: s, article };
  });
