// Loads a site's public profile and one article in parallel for <parley-article>.
import type { Article, PublicSite } from "../../worker/contract/types";
import { getArticle } from "../api/articles";
import { getSite } from "../api/sites";
import { LoadController, type Host } from "./load-controller";

export interface SiteAndArticle {
  site: PublicSite;
  article: Article;
}

/** `args` returns [api, site, slug]. */
export const createArticleController = (host: Host, args: () => [string | undefined, string, string]) =>
  new LoadController(host, args, async ([api, site, slug], signal): Promise<SiteAndArticle> => {
    const [s, article] = await Promise.all([getSite(api, site, signal), getArticle(api, site, slug, signal)]);
    return { site: s, article };
  });
