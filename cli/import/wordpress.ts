// WordPress WXR (1.1 and 1.2): each <item> is a post with its <wp:comment> elements inside. Comment bodies
// are WordPress's own text (paragraphs by blank lines, some HTML); pingbacks and trackbacks are skipped.
import { autoParagraphs } from "./html.ts";
import type { Reader, SourceEvent, Status } from "./types.ts";
import { childText, xmlRecords, type XmlNode } from "./xml.ts";

const STATUS: Record<string, Status> = { "1": "published", approve: "published", "0": "pending", hold: "pending", spam: "spam", trash: "deleted", "post-trashed": "deleted" };

/** WordPress writes "0000-00-00 00:00:00" for no date; both of its dates are "YYYY-MM-DD HH:MM:SS". */
function wpDate(gmt: string, local: string): string | null {
  const usable = (v: string) => v && !v.startsWith("0000") && v;
  const pick = usable(gmt) || usable(local);
  return pick ? `${pick.replace(" ", "T")}Z` : null;
}

export const readWordPress: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const isRecord = (name: string, parents: string[]) =>
    (name === "item" && parents[parents.length - 1] === "channel") || (name === "wp:comment" && parents[parents.length - 1] === "item");
  let announced: XmlNode | null = null;
  let postRef = "";
  for await (const { node, parent } of xmlRecords(file, isRecord, progress)) {
    const post = node.name === "item" ? node : parent;
    if (post && post !== announced) {
      // The post's own fields come before its comments in WXR, so they are known by the first comment.
      announced = post;
      postRef = childText(post, "wp:post_id") || childText(post, "guid") || childText(post, "link");
      yield { type: "thread", thread: { ref: postRef, url: childText(post, "link"), closed: childText(post, "wp:comment_status") === "closed" } };
    }
    if (node.name !== "wp:comment") continue;
    const type = childText(node, "wp:comment_type");
    if (type === "pingback" || type === "trackback") {
      yield { type: "skip", reason: type };
      continue;
    }
    const parentId = childText(node, "wp:comment_parent");
    yield {
      type: "comment",
      comment: {
        source: "wordpress",
        sourceId: `${postRef}:${childText(node, "wp:comment_id")}`,
        parent: parentId && parentId !== "0" ? { source: "wordpress", sourceId: `${postRef}:${parentId}` } : null,
        threadRef: postRef,
        authorName: childText(node, "wp:comment_author"),
        authorEmail: childText(node, "wp:comment_author_email") || null,
        date: wpDate(childText(node, "wp:comment_date_gmt"), childText(node, "wp:comment_date")),
        status: STATUS[childText(node, "wp:comment_approved")] ?? "pending",
        html: autoParagraphs(childText(node, "wp:comment_content")),
      },
    };
  }
};
