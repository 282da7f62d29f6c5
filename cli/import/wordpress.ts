// WordPress WXR (1.1 and 1.2): each <item> is a post with its <wp:comment> elements inside. Comment bodies
// are WordPress's own text (paragraphs by blank lines, some HTML); pingbacks, trackbacks and plugins' notes are skipped,
// and so are the comments of posts readers never saw (private, draft, scheduled, password-protected, in the trash).
import { decodeReferences } from "./html-text.ts";
import { autoParagraphs } from "./wpautop.ts";
import type { Reader, SourceEvent, Status } from "./types.ts";
import { childHtml, childText, xmlRecords, type XmlFormat, type XmlNode, type XmlSeen } from "./xml.ts";

/** WordPress's export namespace, of WXR 1.0, 1.1 and 1.2, bound to whatever prefix the file chose (`wp` as a rule). */
const WXR_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[012]\/?$/;

const FORMAT: XmlFormat = { root: "rss", what: "a WordPress export (WXR)", namespaces: { wp: WXR_NAMESPACE } };

const STATUS: Record<string, Status> = { "1": "published", approve: "published", "0": "pending", hold: "pending", spam: "spam", trash: "deleted", "post-trashed": "deleted" };

/**
 * The comment types readers write: WordPress's own (none before 5.5, then "comment") and WooCommerce's product
 * reviews. Pingbacks and trackbacks are skipped, and so are the types plugins keep their notes and logs as, approved
 * and on private posts (WooCommerce's `order_note`, Action Scheduler's `action_log`): they were never shown.
 */
const COMMENT_TYPES = new Set(["", "comment", "review"]);

/** Post types WordPress keeps for itself (menu items, blocks, templates, styles, revisions): their comments are always closed. */
const INTERNAL_TYPES = /^(nav_menu_item|revision|custom_css|customize_changeset|oembed_cache|user_request|wp_[a-z_]+)$/;

/**
 * Whether an item is a page readers saw, whose closed comments make a locked thread: a published one (WXR 1.0 has no
 * status), not a draft, a private post, an attachment ("inherit"), nor one of WordPress's own records.
 */
function isPage(post: XmlNode): boolean {
  const status = childText(post, "wp:status");
  return (status === "" || status === "publish") && !INTERNAL_TYPES.test(childText(post, "wp:post_type"));
}

/** A comment's state by its `wp:comment_approved`, among the table's own keys; any other word is held. */
const approval = (word: string): Status => (Object.hasOwn(STATUS, word) ? STATUS[word] : "pending");

/** Post states whose comments readers never saw, and the reason they are skipped under. */
const UNPUBLISHED: Record<string, string> = {
  private: "private post",
  draft: "draft post",
  "auto-draft": "draft post",
  pending: "draft post",
  future: "scheduled post",
  // WordPress exports the posts in its trash too. Their comments went with them (WordPress marks them
  // "post-trashed"; a plugin's or converter's file may leave them approved): skipped, as they were not readable.
  // Restored in WordPress and exported again, the post brings them in.
  trash: "trashed post",
};

/**
 * Why an item's comments were never public, or "": a private, draft (or pending review), scheduled or trashed post,
 * or one behind a password. Approved comments there are approved for the few who could read it; importing them would
 * publish them. Any other state (published, an attachment's "inherit", a plugin's own) is left to the comment's.
 */
function hiddenReason(post: XmlNode): string {
  const status = childText(post, "wp:status");
  // The file's word, looked up among the table's own keys (a status of "constructor" is no status).
  return (Object.hasOwn(UNPUBLISHED, status) ? UNPUBLISHED[status] : "") || (childText(post, "wp:post_password") ? "password-protected post" : "");
}

/** WordPress writes "0000-00-00 00:00:00" for no date; both of its dates are "YYYY-MM-DD HH:MM:SS". */
const usable = (v: string) => (v && !v.startsWith("0000") ? v : "");
/** A date that names no zone, as WordPress writes both of its dates (`2024-05-01 09:30:00`). */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** A WXR date read as if it were UTC, in milliseconds; NaN when it is not a date without a zone. */
const asUtc = (v: string) => (ZONELESS.test(v.trim()) ? Date.parse(`${v.trim().replace(" ", "T")}Z`) : NaN);

/**
 * The blog's offset from UTC when the post was written, from its local and GMT dates (WXR names no time zone);
 * null when either is missing.
 */
function offsetOf(post: XmlNode): number | null {
  const offset = asUtc(usable(childText(post, "wp:post_date"))) - asUtc(usable(childText(post, "wp:post_date_gmt")));
  return Number.isFinite(offset) ? offset : null;
}

/**
 * A comment's instant: its GMT date, else its local date moved by the post's offset (an export from a blog in
 * another zone, where comment_date_gmt is zero), else the local date as UTC. A date that names its zone (a
 * converter's `2021-03-28T00:31:00+02:00` or `Sun, 28 Mar 2021 01:00:00 +0000`) is that instant, as the
 * pipeline reads it; WordPress's own GMT date is read there as UTC.
 */
function wpDate(gmt: string, local: string, offset: number | null): string | null {
  if (usable(gmt)) return gmt.trim();
  if (!usable(local)) return null;
  const at = asUtc(local) - (offset ?? 0);
  return Number.isFinite(at) ? new Date(at).toISOString() : local.trim();
}

export const readWordPress: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const isRecord = (name: string, parents: string[]) =>
    (name === "item" && parents[parents.length - 1] === "channel") || (name === "wp:comment" && parents[parents.length - 1] === "item");
  let announced: XmlNode | null = null;
  let postRef = "";
  let offset: number | null = null;
  let hidden = "";
  let posts = 0;
  let comments = 0;
  const seen: XmlSeen = { inNamespaces: 0, declared: new Map() };
  for await (const { node, parent } of xmlRecords(file, FORMAT, isRecord, progress, seen)) {
    const post = node.name === "item" ? node : parent;
    if (post && post !== announced) {
      // The post's own fields come before its comments in WXR, so they are known by the first comment.
      announced = post;
      posts += 1;
      postRef = childText(post, "wp:post_id") || childText(post, "guid") || childText(post, "link");
      offset = offsetOf(post);
      hidden = hiddenReason(post);
      const date = wpDate(childText(post, "wp:post_date_gmt"), childText(post, "wp:post_date"), offset);
      const closed = childText(post, "wp:comment_status") === "closed" && isPage(post);
      yield { type: "thread", thread: { ref: postRef, url: childText(post, "link"), closed, date } };
    }
    if (node.name !== "wp:comment") continue;
    comments += 1;
    const type = childText(node, "wp:comment_type");
    // A comment without an id has none here either (it fails as "no id in the file"), rather than the id
    // "post:" that every comment of its post without one would share.
    const id = childText(node, "wp:comment_id").trim();
    if (!COMMENT_TYPES.has(type) || hidden) {
      const ref = id ? { ref: { source: "wordpress", sourceId: `${postRef}:${id}` } } : {};
      yield { type: "skip", reason: COMMENT_TYPES.has(type) ? hidden : type, ...ref };
      continue;
    }
    const parentId = childText(node, "wp:comment_parent");
    yield {
      type: "comment",
      comment: {
        source: "wordpress",
        sourceId: id ? `${postRef}:${id}` : "",
        parent: parentId && parentId !== "0" ? { source: "wordpress", sourceId: `${postRef}:${parentId}` } : null,
        threadRef: postRef,
        // WordPress stores a commenter's name escaped (_wp_specialchars): `Tom &amp; Jerry`, shown as `Tom & Jerry`.
        authorName: decodeReferences(childText(node, "wp:comment_author")),
        authorEmail: decodeReferences(childText(node, "wp:comment_author_email")) || null,
        date: wpDate(childText(node, "wp:comment_date_gmt"), childText(node, "wp:comment_date"), offset),
        status: approval(childText(node, "wp:comment_approved")),
        html: autoParagraphs(childHtml(node, "wp:comment_content").trim()),
      },
    };
  }
  if (comments === 0) yield emptyExport(posts, seen);
};

/** Why a WordPress export holds no comment: no WordPress elements at all (the blog's feed), no posts, or posts without. */
function emptyExport(posts: number, seen: XmlSeen): SourceEvent {
  if (seen.inNamespaces === 0) {
    // A namespace of WordPress's that is none of the versions read here (a later one), bound to another prefix than `wp`.
    const other = [...seen.declared].find(([, uri]) => /wordpress\.org\/export\/[^/]+\/?$/.test(uri));
    const why = other
      ? `it binds xmlns:${other[0]} to ${other[1]}, which is not one of WordPress's export namespaces that parley reads (http://wordpress.org/export/1.0/, 1.1/ or 1.2/)`
      : "none of its elements is in WordPress's export namespace (http://wordpress.org/export/1.2/, 1.1/ or 1.0/). Is it the blog's RSS feed? An export comes from Tools → Export in WordPress's admin";
    return { type: "empty", reason: `no WordPress elements found: ${why}.`, wrongFile: true };
  }
  const reason = posts === 0 ? "it has no posts (no <item> in its <channel>)." : posts === 1 ? "its one post has no comment." : `none of its ${posts.toLocaleString("en")} posts has a comment.`;
  return { type: "empty", reason, wrongFile: false };
}
