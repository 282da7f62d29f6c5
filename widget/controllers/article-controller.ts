// Loads what <parley-article> shows, in one request: the site's profile, the article, and its thread's first page,
// which it hands to its <parley-comments>.
import type { ArticleView } from "../../worker/contract/types";
import { getView } from "../api/comments";
import { sortOf } from "../api/local";
import { LoadController, type Host } from "./load-controller";

/** `args` returns [api, site, slug]. */
export const createArticleController = (host: Host, args: () => [string | undefined, string, string]) =>
  new LoadController<[string | undefined, string, string], ArticleView>(host, args, ([api, site, slug], signal) =>
    getView(api, site, slug, sortOf(site), signal),
  );
