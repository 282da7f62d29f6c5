// Widget entry: fills the page's articles with their rendered views (see prerender), then registers every Parley
// element, skipping any already defined (the script may be included twice).
import { ParleyArticle } from "./elements/parley-article";
import { ParleyComments } from "./elements/parley-comments";
import { ParleyCount } from "./elements/parley-count";
import { prerender } from "./elements/prerender";

await Promise.all([...document.querySelectorAll("parley-article")].map(prerender));

for (const [tag, element] of [
  ["parley-article", ParleyArticle],
  ["parley-comments", ParleyComments],
  ["parley-count", ParleyCount],
] as const)
  if (!customElements.get(tag)) customElements.define(tag, element);
