// The site-wide Atom feed: the newest published comments across every thread (never pending, spam or shadowed).
import type { SiteRecord } from "../../storage/sites";
import { scopes } from "../cache";
import type { ServiceDeps } from "../context";
import { leadText } from "../../contract/doc";
import { cachedFeed, feedContents } from "../feed-content";
import { escapeXml } from "../html";
import type { NotifyDeps } from "./context";
import { threadPlace } from "./payload";
import { threadName } from "../../contract/readable-key";

const FEED_ENTRIES = 50;
// Characters XML 1.0 forbids, even escaped, are dropped.
const xmlSafe = escapeXml;

/**
 * The feed; each entry links to its comment where its thread is read (an article's on the page Parley hosts at the
 * worker's origin) and names an article's thread by the article's title, as webhooks and e-mails do. Cached like a
 * thread page, under the versions that a comment, an article or the site's settings change.
 */
export async function siteFeed(deps: ServiceDeps, nd: NotifyDeps, site: SiteRecord, selfUrl: string): Promise<string> {
  return cachedFeed(deps, site, scopes.comments(site.id), "feed", selfUrl, () => renderSiteFeed(deps, nd, site, selfUrl));
}

async function renderSiteFeed(deps: ServiceDeps, nd: NotifyDeps, site: SiteRecord, selfUrl: string): Promise<string> {
  const rows = await nd.stores.feeds.recentPublished(site.id, FEED_ENTRIES);
  // An entry is updated when its text was edited; the feed, when its latest entry was. With no entry, the site's
  // creation: a reader polling an empty feed sees the same time on every request.
  const entryUpdated = (r: (typeof rows)[number]) => (r.edited ? r.updatedAt : r.createdAt);
  const updated = new Date(rows.reduce((latest, r) => Math.max(latest, entryUpdated(r)), rows.length ? 0 : site.createdAt)).toISOString();
  const origin = nd.publicUrl ?? new URL(selfUrl).origin;
  const keys = [...new Set(rows.map((r) => r.threadKey))];
  const places = new Map(await Promise.all(keys.map(async (k) => [k, await threadPlace(deps, site, k, origin)] as const)));
  const content = feedContents();
  const entries = rows.map((r) => {
    const { article, pageUrl: page } = places.get(r.threadKey)!;
    const link = page ? `<link rel="alternate" href="${xmlSafe(`${page}#comment-${r.id}`)}"/>` : "";
    const title = `${r.authorName} on ${threadName(article, r.threadKey)}: ${leadText(r.bodyTree, 80)}`;
    return (
      `<entry><id>urn:parley:${xmlSafe(site.id)}:${xmlSafe(r.id)}</id><title>${xmlSafe(title)}</title>${link}` +
      `<author><name>${xmlSafe(r.authorName || "Anonymous")}</name></author>` +
      `<updated>${new Date(entryUpdated(r)).toISOString()}</updated><published>${new Date(r.createdAt).toISOString()}</published>` +
      `<category term="${xmlSafe(r.threadKey)}"/>${content(r.bodyTree)}</entry>`
    );
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${xmlSafe(selfUrl)}</id><title>${xmlSafe(`Comments · ${site.name}`)}</title>
<link rel="self" href="${xmlSafe(selfUrl)}"/><updated>${updated}</updated><author><name>${xmlSafe(site.name)}</name></author>
${entries.join("\n")}
</feed>`;
}
