// Widget entry: fills the page's articles with their rendered views (see prerender, imported first so that its
// requests go out before the rest evaluates), then registers every Parley element, skipping any already defined
// (the script may be included twice).
import { prerendered } from "./elements/prerender";
import type { CSSResult, CSSResultGroup } from "lit";
import { ParleyArticle } from "./elements/parley-article";
import { ParleyComments } from "./elements/parley-comments";
import { ParleyCount } from "./elements/parley-count";
import { darkBehind } from "./elements/parley-element";

/** An element's style sheets: the objects Lit adopts into each of its shadow roots. */
const sheets = (styles: CSSResultGroup | undefined) => (styles as CSSResult[]).map((s) => s.styleSheet!);

// A stalled request must not keep the elements undefined: after 3 s they are defined anyway and load their views
// themselves (what arrives later is dropped). Nor may a page that refuses the HTML: one enforcing Trusted Types
// throws on setHTMLUnsafe, and its elements, left with an empty shadow root, render their views themselves.
await Promise.race([prerendered(sheets(ParleyArticle.styles), sheets(ParleyComments.styles), darkBehind), new Promise((r) => setTimeout(r, 3000))]).catch(() => {});

for (const [tag, element] of [
  ["parley-article", ParleyArticle],
  ["parley-comments", ParleyComments],
  ["parley-count", ParleyCount],
] as const)
  if (!customElements.get(tag)) customElements.define(tag, element);
