// The body of a comment event: the comment as its owner sees it (never the author's e-mail), where it lives,
// and links, including one-click moderation links while it waits for moderation.
import type { CommentEventData, ModerationLinks, WebhookPayload } from "../../contract/notifications";
import type { CommentRecord } from "../../storage/comments";
import type { SiteRecord } from "../../storage/sites";
import type { ServiceDeps } from "../context";
import type { CommentStatus } from "../../contract/types";
import { cutBefore } from "../../contract/doc";
import { slugSchema } from "../../contract/schemas";
import { toModerationComment } from "../moderation";
import { articlePageUrl } from "../render";
import { blogUrlOf } from "../render/page";
import type { NotifyDeps } from "./context";
import { createModerationLinkSets } from "./links";

/**
 * The page a thread lives on, when its key is a path and the site names an origin. The key is a reader's
 * (`location.pathname`, or any path a page gives): every character outside a URL path's own (and `(`, `)`, `|`,
 * which chat apps read as link syntax) is percent-encoded, and a `%` that starts no escape too, so the address is one
 * link on the site's origin in every format that carries it (a Slack `<url|label>`, a Discord `[label](<url>)`).
 */
export function pageUrlOf(site: SiteRecord, threadKey: string): string | null {
  const origin = site.settings.origins[0];
  if (!origin || !threadKey.startsWith("/")) return null;
  return origin + threadKey.replace(/%(?![0-9A-Fa-f]{2})|[^\w\-.~!$&'*+,;=:@/%]/gu, escapeInPath);
}

/** One character of a path as a URL carries it (a lone surrogate, which has no UTF-8, as U+FFFD's). */
function escapeInPath(c: string) {
  if (c == "%") return "%25";
  try {
    // encodeURIComponent leaves ( and ) as they are.
    return c == "(" ? "%28" : c == ")" ? "%29" : encodeURIComponent(c);
  } catch {
    return "%EF%BF%BD";
  }
}

/**
 * Where a thread's comments are read: the site's page at the thread's key (a path or address on its first origin),
 * else, for an article's thread (keyed by its slug), the article's address on the blog if its owner gave one, else
 * the article's page Parley hosts at `origin`; with the article.
 */
export async function threadPlace(deps: ServiceDeps, site: SiteRecord, threadKey: string, origin: string) {
  // Only a key that can be a slug can be an article's: a page path ("/2024/05/post/") costs no KV read.
  const article = slugSchema.safeParse(threadKey).success ? await deps.stores.articles.get(site.id, threadKey).catch(() => null) : null;
  const pageUrl = pageUrlOf(site, threadKey) ?? (article ? (blogUrlOf(article) ?? articlePageUrl(origin, site.id, article.slug)) : null);
  return { article, pageUrl };
}

/** A comment an event is about, with the status it had before (for a moderation or author event that changed it). */
export interface EventComment {
  eventId: string;
  comment: CommentRecord;
  previousStatus?: CommentStatus | null;
}

/**
 * Builds `data` for the comments of several events, by event id, as the worker at `origin` links them: each thread's
 * place read once, `moderate` links made (in one write) only for those pending. A comment on an article (keyed by its
 * slug) lives on the article's page that Parley hosts, at `origin`.
 */
export async function commentEventData(deps: ServiceDeps, nd: NotifyDeps, site: SiteRecord, origin: string, items: EventComment[]): Promise<Map<string, CommentEventData>> {
  const keys = [...new Set(items.map((i) => i.comment.threadKey))];
  const places = new Map(await Promise.all(keys.map(async (k) => [k, await threadPlace(deps, site, k, origin)] as const)));
  const pending = items.filter((i) => i.comment.status === "pending").map((i) => i.comment.id);
  const links = pending.length > 0 ? await createModerationLinkSets(nd, site.id, pending, origin) : new Map<string, ModerationLinks>();
  return new Map(
    items.map(({ eventId, comment, previousStatus }) => {
      const { authorEmail: _email, version: _version, ...view } = toModerationComment(comment);
      const { article, pageUrl } = places.get(comment.threadKey) as Awaited<ReturnType<typeof threadPlace>>;
      const data: CommentEventData = {
        comment: view,
        threadKey: comment.threadKey,
        article: article ? { slug: article.slug, title: article.title } : null,
        pageUrl,
        links: { comment: pageUrl ? `${pageUrl}#comment-${comment.id}` : null, moderate: links.get(comment.id) ?? null },
        ...(previousStatus === undefined ? {} : { previousStatus }),
      };
      return [eventId, data];
    }),
  );
}

export function payloadOf(eventId: string, type: string, createdAt: number, site: SiteRecord, data: CommentEventData): WebhookPayload {
  return { id: eventId, type, createdAt: new Date(createdAt).toISOString(), site: { id: site.id, name: site.name }, data };
}

/** A comment's text on one line, cut to `max` characters: for chat messages and e-mail subjects. */
export function excerpt(source: string, max: number): string {
  const flat = source.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${cutBefore(flat, max - 1)}…` : flat;
}
