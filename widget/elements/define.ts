// The elements, which widget.js imports once its first paint is done (see index.ts): Lit, every element and what
// they need. Registers each element, skipping any already defined by Parley (widget.js may be included twice, under
// two URLs). A tag another script took with its own class leaves what widget.js painted there dead: this module then
// throws, naming it, and widget.js says so (see giveUp there).
import "./running";
import { ParleyArticle } from "./parley-article";
import { ParleyComments } from "./parley-comments";
import { ParleyCount } from "./parley-count";
import { PARLEY } from "./parley-element";

const taken: string[] = [];
for (const [tag, element] of [
  ["parley-article", ParleyArticle],
  ["parley-comments", ParleyComments],
  ["parley-count", ParleyCount],
] as const) {
  const defined = customElements.get(tag);
  if (!defined) customElements.define(tag, element);
  else if (!(PARLEY in defined)) taken.push(`<${tag}>`);
}
if (taken.length)
  throw new Error(`${taken.join(", ")} already defined by another script with a class of its own, not Parley's: remove or rename that element.`);
