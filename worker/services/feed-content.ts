// What a feed entry carries of its comment: its text as HTML while the feed's budget of written HTML lasts, then a
// plain excerpt. A feed is public and lists fifty comments; rendering fifty of the largest a reader may post (ten
// thousand characters, escaped twice, as HTML and then in the XML) took 15–55 ms of CPU in Node, where a request has
// 10. With the budget, the newest comments carry their whole text and a feed renders at most the budget plus one
// comment's HTML (README: Feeds).
import { leadText, type Doc } from "../contract/doc";
import type { SiteRecord } from "../storage/sites";
import { cached, scopes } from "./cache";
import type { ServiceDeps } from "./context";
import { escapeXml, renderDocHtml } from "./html";

/** The characters of escaped HTML a feed writes before its entries carry excerpts instead (about two long comments). */
export const FEED_HTML_CHARS = 60_000;
/** An excerpt's most characters. */
export const EXCERPT_CHARS = 280;

/**
 * The <content> of a feed's entries, asked for newest first: the comment as HTML while fewer than FEED_HTML_CHARS
 * have been written (so the newest always has its whole text), then each entry's excerpt as text.
 */
export function feedContents(): (tree: Doc) => string {
  let written = 0;
  return (tree) => {
    if (written < FEED_HTML_CHARS) {
      const html = escapeXml(renderDocHtml(tree));
      written += html.length;
      return `<content type="html">${html}</content>`;
    }
    return `<content type="text">${escapeXml(leadText(tree, EXCERPT_CHARS))}</content>`;
  };
}

/**
 * A feed's own address (its Atom id and self link, and part of its cache key): the request's URL without its query,
 * so that the id stays one and no query makes a copy of its own to render and keep.
 */
export function feedUrl(requestUrl: string): string {
  const url = new URL(requestUrl);
  url.search = "";
  url.hash = "";
  return url.href;
}

/**
 * A feed through the document cache, under the site's settings version and the version of `scope` (its comments and
 * their articles), for its own address: `render` runs only after a write.
 */
export async function cachedFeed(deps: ServiceDeps, site: SiteRecord, scope: string, name: string, selfUrl: string, render: () => Promise<string>) {
  const [settings, version] = await Promise.all([deps.cache.version(scopes.settings(site.id)), deps.cache.version(scope)]);
  return cached(deps.cache, `${name}/${site.id}/${settings}/${version}?self=${encodeURIComponent(selfUrl)}`, render);
}
