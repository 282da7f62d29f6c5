// A comment's text as plain text: the edit form's starting text when the reader's own source was not kept.
import type { DocBlock, DocInline } from "../../worker/contract/doc";

/** The text of `nodes`, with `between` between blocks; images give their alt text. */
export const plain = (nodes: readonly (DocBlock | DocInline)[], between = ""): string =>
  nodes
    .map((n) =>
      "v" in n
        ? n.v
        : "c" in n
          ? plain(n.c, n.t == "quote" ? "\n\n" : "")
          : "items" in n
            ? n.items.map((item) => plain(item, "\n")).join("\n")
            : n.t == "br"
              ? "\n"
              : n.t == "img"
                ? n.alt
                : "",
    )
    .join(between);
