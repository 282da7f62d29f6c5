// The elements, which widget.js imports once its first paint is done (see index.ts): Lit, every element and what
// they need. Registers each element, skipping any already defined (widget.js may be included twice, under two URLs).
import "./running";
import { ParleyArticle } from "./parley-article";
import { ParleyComments } from "./parley-comments";
import { ParleyCount } from "./parley-count";

for (const [tag, element] of [
  ["parley-article", ParleyArticle],
  ["parley-comments", ParleyComments],
  ["parley-count", ParleyCount],
] as const)
  if (!customElements.get(tag)) customElements.define(tag, element);
