// Disqus XML export: <thread dsq:id> elements (the pages), then <post dsq:id> elements (the comments), each
// naming its thread and, for replies, its parent. The dsq:id attributes are the ids; the <id> elements are
// often empty and are not used.
import type { Reader, SourceEvent, Status } from "./types.ts";
import { child, childHtml, childText, xmlRecords, type XmlFormat } from "./xml.ts";

const FORMAT: XmlFormat = { root: "disqus", what: "a Disqus export" };

const yes = (v: string) => v.trim().toLowerCase() === "true";

export const readDisqus: Reader = async function* (file, progress): AsyncGenerator<SourceEvent> {
  const records = xmlRecords(file, FORMAT, (name, parents) => (name === "thread" || name === "post") && parents.length === 1, progress);
  for await (const { node } of records) {
    const id = node.attrs["dsq:id"] ?? "";
    if (node.name === "thread") {
      const thread = { ref: id, url: childText(node, "link"), closed: yes(childText(node, "isClosed")), date: childText(node, "createdAt") || null };
      yield { type: "thread", thread };
      continue;
    }
    const author = child(node, "author");
    const status: Status = yes(childText(node, "isDeleted"))
      ? "deleted"
      : yes(childText(node, "isSpam"))
        ? "spam"
        : childText(node, "isApproved").toLowerCase() === "false"
          ? "pending"
          : "published";
    const parentId = child(node, "parent")?.attrs["dsq:id"];
    yield {
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
};
