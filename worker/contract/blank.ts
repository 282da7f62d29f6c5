// What counts as a comment that shows nothing, for the worker (posting, importing, moderating) and the dashboard.
// Apart from doc.ts, which the widget ships and which imports nothing.
import { showsNothing } from "./clean-text";
import { someNode } from "./doc";

/** Whether a tree holds no text, code or image with anything visible in it (an imported blank, a tombstone). */
export const treeShowsNothing = (tree: unknown) => !someNode(tree, (n) => n.t == "img" || (typeof n.v == "string" && !showsNothing(n.v)));
