// Widget entry: registers every Parley element, skipping any already defined (the script may be included twice).
import { ParleyArticle } from "./elements/parley-article";
import { ParleyComments } from "./elements/parley-comments";
import { ParleyCount } from "./elements/parley-count";

for (const [tag, element] of [
  ["parley-article", ParleyArticle],
  ["parley-comments", ParleyComments],
  ["parley-count", ParleyCount],
] as const)
  if (!customElements.get(tag)) customElements.define(tag, element);
