// The widget's look as plain CSS text: the Lit elements adopt it, and the server-rendered Declarative Shadow DOM
// (/embed, /p) inlines the very same text, so a hydrated element paints exactly what the HTML showed.

/** Plain strings, tagged so that the widget's build minifies them as it does Lit's css`` (nothing here escapes). */
const css = String.raw;

/**
 * Each --parley-* property has a default that suits light and dark host pages alike: text takes the page's
 * colour, and light-dark() picks the accent by the `theme` attribute's color-scheme or, without one, by the page's
 * actual background (`.dark`, see ParleyElement). With a `theme`, the element paints its own background, and both
 * palettes keep body text above 4.5:1. Long unbroken names, links and code wrap rather than widen the page. --m
 * mixes currentColor, which a quote inside a quote would fade once more at each level: nested quotes keep the colour
 * of the outermost one.
 */
export const BASE_CSS = css`
  :host {
    display: block;
    font: inherit;
    color: var(--parley-fg, inherit);
    overflow-wrap: anywhere;
    --a: var(--parley-accent, light-dark(#1d4ed8, #93b4ff));
    --m: var(--parley-muted, color-mix(in srgb, currentColor 72%, transparent));
    --b: var(--parley-border, color-mix(in srgb, currentColor 18%, transparent));
    --r: var(--parley-radius, 8px);
    --g: var(--parley-gap, 1rem);
  }
  :host([theme]) {
    color-scheme: light;
    background: var(--parley-bg, light-dark(#fff, #17191e));
    color: var(--parley-fg, light-dark(#1c1c1e, #e9e7e4));
    padding: var(--g);
    border-radius: var(--r);
  }
  :host([theme=dark]) { color-scheme: dark }
  :host([theme=auto]) { color-scheme: light dark }
  * { box-sizing: border-box }
  .dark { color-scheme: dark }
  .notice { padding: 1em; text-align: center; border-radius: var(--r); background: var(--b) }
  button, input, select, textarea {
    font: inherit; color: inherit; background: var(--parley-bg, transparent);
    border: 1px solid var(--b); border-radius: var(--r); padding: .5em .8em;
  }
  button { cursor: pointer }
  button:hover, :focus { border-color: var(--a) }
  :focus-visible { outline: 2px solid var(--a); outline-offset: 2px }
  .link { border: 0; padding: 0; color: var(--m); min-height: 24px; min-width: 24px }
  .muted, .link { font-size: .875em }
  .muted { color: var(--m) }
  svg { width: 1.2em; height: 1.2em; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round }
  .sk { height: 1em; margin-bottom: 1.6em; border-radius: 4px; background: var(--b) }
  .doc { line-height: 1.6; overflow-wrap: anywhere }
  .doc > :first-child { margin-top: 0 }
  .doc > :last-child { margin-bottom: 0 }
  .doc a, a.muted:hover { color: var(--a) }
  .doc :is(h2, h3, h4) { font-size: 1.15em; line-height: 1.3; margin: 1.4em 0 .5em }
  .doc h2 { font-size: 1.3em }
  .doc h4 { font-size: 1em }
  .doc blockquote { margin: 1em 0; padding-inline-start: 1em; border-inline-start: 3px solid var(--b); color: var(--m) }
  .doc blockquote blockquote { color: inherit }
  .doc blockquote blockquote blockquote blockquote { margin: .5em 0; padding-inline-start: .35em }
  .doc code { font: .9em ui-monospace, monospace; padding: .1em .3em; border-radius: 4px; background: var(--b) }
  .doc pre { padding: .8em 1em; border-radius: var(--r); background: var(--b); overflow-x: auto }
  .doc pre code { padding: 0; background: none }
  .doc img { max-width: 100%; height: auto }
  .doc li > p { margin: .25em 0 }
`;

/** <parley-article>'s own rules, after BASE_CSS. */
export const ARTICLE_CSS = css`
      .title { font-size: 2em; line-height: 1.2; margin: 0 }
      .bar { display: flex; flex-wrap: wrap; justify-content: space-between; gap: var(--g); margin: 2em 0; padding: var(--g) 0; border-block: 1px solid var(--b) }
      .icons { display: flex; align-items: center; gap: .8em }
      .icons a { color: var(--m); display: grid; place-items: center; min-width: 24px; min-height: 24px }
      a:hover { color: var(--a) }
      .load { min-height: 30em }
      .table { overflow-x: auto; margin: 1em 0 }
      .table table { border-collapse: collapse; overflow-wrap: normal }
      .table :is(th, td) { padding: .3em .7em; border: 1px solid var(--b); text-align: start; vertical-align: top }
      .table [data-align=center] { text-align: center }
      .table [data-align=left] { text-align: left }
      .table [data-align=right] { text-align: right }
    `;

/**
 * <parley-comments>'s own rules, after BASE_CSS. A comment's name and text are clipped to their boxes (`overflow:
 * clip`), so that combining marks a font stacks high stay off the rows around; a focus ring inside the text is
 * drawn within it. (No comments in the CSS itself: they would ship in widget.js.)
 */
export const COMMENTS_CSS = css`
      .head { display: flex; justify-content: space-between; align-items: center; padding-bottom: .6em; border-bottom: 1px solid var(--b) }
      h2 { font-size: 1.2em; margin: 0 }
      .c { margin: var(--g) 0 }
      .meta, .tools { display: flex; flex-wrap: wrap; align-items: center; gap: .6em }
      .meta a { display: flex; align-items: center; min-height: 24px; min-width: 24px }
      .tools { min-height: 2em }
      .c .doc, .meta strong { overflow: clip }
      .c .doc :focus-visible { outline-offset: -2px }
      .av { width: 2em; line-height: 2em; border-radius: 50%; text-align: center; text-transform: uppercase; background: color-mix(in srgb, var(--a) 15%, transparent); color: var(--a) }
      .badge { font-size: .75em; padding: 0 .6em; border-radius: 1em; background: #fde68a; color: #713f12 }
      .pin { background: var(--b); color: inherit }
      .replies { padding-inline-start: 1.2em; border-inline-start: 2px solid var(--b) }
      .more { display: block; margin: auto }
      .long { max-height: 16em; overflow: hidden; mask-image: linear-gradient(#000 60%, #0000) }
      .long.cut { height: 16em }
      .fslot { min-height: 16.5em }
      .load { min-height: 24em }
      .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap }
    `;
