// What painting needs to know of the page, before Lit and the elements have loaded (widget.js's prerender uses it)
// and after (every element).

/**
 * Resolves once the browser has painted the next frame: a task posted from an animation callback runs after that
 * frame's paint. Work that must not hold up a first paint (a lazy chunk's evaluation, a re-render) waits for it.
 */
export const afterPaint = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r)));

/** The first background behind `el` that is not transparent, walking up through shadow roots. */
export function darkBehind(el: Element) {
  for (let e: Element | undefined = el; e; e = e.parentElement ?? (e.getRootNode() as ShadowRoot).host) {
    const bg = getComputedStyle(e).backgroundColor;
    // Colours in other spaces (oklch(), color()) are not read: the light defaults stay. Nor is anything for an
    // element out of the document (a server-rendered one its article has just replaced): it has no style.
    if (!bg.startsWith("rgb")) break;
    const [r, g, b, a = 1] = bg.match(/[\d.]+/g)!.map(Number);
    // At least half opaque; sRGB weights, roughly: dark when below mid-grey.
    if (a >= 0.5) return 2 * r + 7 * g + b < 1280;
  }
  return false;
}
