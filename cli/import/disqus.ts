// Disqus XML export: <thread dsq:id> elements (the pages), then <post dsq:id> elements (the comments), each
// naming its thread and, for replies, its parent. The dsq:id attributes are the ids; the <id> elements are
// often empty and are not used.
import type { Reader, SourceEvent, Status } from "./types.ts";
import { child, childHtml, childText, xmlRecords, type XmlFormat, type XmlNode } from "./xml.ts";

/** The namespace of Disqus's ids (`dsq:id`), under whatever prefix the file chose. */
const FORMAT: XmlFormat = { root: "disqus", what: "a Disqus export", namespaces: { dsq: /^https?:\/\/disqus\.com\/disqus-internals\/?$/ } };

const yes = (v: string) => v.trim().toLowerCase() === "true";

export const readDisqus: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const records = xmlRecords(file, FORMAT, (name, parents) => (name === "thread" || name === "post") && parents.length === 1, progress);
  // Disqus writes the threads first; a file put together otherwise may name a thread further on. Such posts wait
  // for the file's end, when every thread is known (where the file breaks off, they are not read: as the replies
  // held back then, a run on the whole file brings them).
  const threads = new Set<string>();
  // A thread deleted in Disqus took its comments off the page with it: they are skipped, as WordPress's trashed posts'.
  const deleted = new Set<string>();
  const early: (SourceEvent & { type: "comment" })[] = [];
  const shown = (post: SourceEvent & { type: "comment" }): SourceEvent =>
    deleted.has(post.comment.threadRef) ? { type: "skip", reason: "deleted thread" } : post;
  let posts = 0;
  for await (const { node } of records) {
    const id = node.attrs["dsq:id"] ?? "";
    if (node.name === "thread") {
      threads.add(id);
      if (yes(childText(node, "isDeleted"))) deleted.add(id);
      yield { type: "thread", thread: { ref: id, url: childText(node, "link"), closed: yes(childText(node, "isClosed")), date: childText(node, "createdAt") || null } };
      continue;
    }
    posts += 1;
    const post = readPost(node, id);
    if (threads.has(post.comment.threadRef)) yield shown(post);
    else early.push(post);
  }
  for (const post of early) yield shown(post);
  if (posts > 0) return;
  yield threads.size === 0
    ? { type: "empty", reason: "no Disqus elements found: it has no <thread> and no <post> under its <disqus>.", wrongFile: true }
    : { type: "empty", reason: threads.size === 1 ? "its one thread has no comment (a <post>)." : `none of its ${threads.size.toLocaleString("en")} threads has a comment (a <post>).`, wrongFile: false };
};

function readPost(node: XmlNode, id: string): SourceEvent & { type: "comment" } {
  const author = child(node, "author");
  const status: Status = yes(childText(node, "isDeleted"))
    ? "deleted"
    : yes(childText(node, "isSpam"))
      ? "spam"
      : childText(node, "isApproved").toLowerCase() === "false"
        ? "pending"
        : "published";
  const parentId = child(node, "parent")?.attrs["dsq:id"];
  return {
    type: "comment",
    comment: {
      source: "disqus",
      sourceId: id,
      parent: parentId ? { source: "disqus", sourceId: parentId } : null,
      threadRef: child(node, "thread")?.attrs["dsq:id"] ?? "",
      authorName: author ? childText(author, "name") || childText(author, "username") : "",
      authorEmail: author ? childText(author, "email") || null : null,
      date: childText(node, "createdAt") || null,
      status,
      html: childHtml(node, "message"),
    },
  };
}
