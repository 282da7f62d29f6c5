// The Atom feed of one thread: its newest published comments, bodies rendered to escaped HTML.
import type { PublicComment } from "../contract/types";
import type { SiteRecord } from "../storage/types";
import { scopes } from "./cache";
import { publicThread } from "./comments";
import type { ServiceDeps } from "./context";
import { cachedFeed, feedContents } from "./feed-content";
import { escapeXml } from "./html";
import { threadPlace } from "./notify/payload";
import { threadName } from "../contract/readable-key";

/**
 * An Atom feed of a thread's newest published comments, their bodies rendered to escaped HTML (see feed-content); an
 * article's thread named by its title, and each entry linked to its comment where the thread is read. Cached like
 * the thread's pages, under the versions its comments, its article and the site's settings change.
 */
export async function threadFeed(deps: ServiceDeps, site: SiteRecord, threadKey: string, selfUrl: string): Promise<string> {
  // The thread is in the feed's own address (selfUrl), so in its key.
  return cachedFeed(deps, site, scopes.thread(site.id, threadKey), "thread-feed", selfUrl, () => renderThreadFeed(deps, site, threadKey, selfUrl));
}

async function renderThreadFeed(deps: ServiceDeps, site: SiteRecord, threadKey: string, selfUrl: string): Promise<string> {
  const page = await publicThread(deps, site, threadKey, { sort: "newest", limit: 50 });
  const { article, pageUrl } = await threadPlace(deps, site, threadKey, deps.notify?.publicUrl ?? new URL(selfUrl).origin);
  const flat: PublicComment[] = [];
  const walk = (list: PublicComment[]) => list.forEach((c) => (c.status === "published" && flat.push(c), walk(c.replies)));
  walk(page.comments);
  flat.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  // The feed is updated when its latest entry was (an edit of an older comment too; the times are all ISO strings,
  // so they order as text). With no entry, the site's creation: the same time on every request.
  const updated = flat.reduce((latest, c) => ((c.editedAt ?? c.createdAt) > latest ? (c.editedAt ?? c.createdAt) : latest), "") || new Date(site.createdAt).toISOString();
  const content = feedContents();
  const entries = flat
    .map(
      (c) => `<entry><id>urn:parley:${escapeXml(site.id)}:${c.id}</id><title>${escapeXml(c.authorName)}</title>` +
        (pageUrl ? `<link rel="alternate" href="${escapeXml(`${pageUrl}#comment-${c.id}`)}"/>` : "") +
        `<author><name>${escapeXml(c.authorName)}</name></author><updated>${c.editedAt ?? c.createdAt}</updated>` +
        `<published>${c.createdAt}</published>${content(c.body)}</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeXml(selfUrl)}</id><title>${escapeXml(`Comments on ${threadName(article, threadKey)} · ${site.name}`)}</title>
<link rel="self" href="${escapeXml(selfUrl)}"/><updated>${updated}</updated>
${entries}
</feed>`;
}
