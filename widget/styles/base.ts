// Shared look for every Parley shadow root: theme variables, controls, and typography for rendered documents.
import { css } from "lit";

/** Each --parley-* property has a default that suits light and dark host pages alike. */
export const base = css`
  :host {
    display: block;
    font: inherit;
    color: var(--parley-fg, inherit);
    --a: var(--parley-accent, #2563eb);
    --m: var(--parley-muted, color-mix(in srgb, currentColor 60%, transparent));
    --b: var(--parley-border, color-mix(in srgb, currentColor 15%, transparent));
    --r: var(--parley-radius, 8px);
    --g: var(--parley-gap, 1rem);
  }
  * { box-sizing: border-box }
  button, input, select, textarea {
    font: inherit; color: inherit; background: var(--parley-bg, transparent);
    border: 1px solid var(--b); border-radius: var(--r); padding: .5em .8em;
  }
  button { cursor: pointer }
  button:hover, :focus { border-color: var(--a) }
  .primary { background: var(--a); border-color: var(--a); color: #fff }
  .link { border: 0; padding: 0; color: var(--m) }
  [aria-invalid="true"] { border-color: #d22 }
  .muted, .link, .err { font-size: .875em }
  .muted { color: var(--m) }
  .err { color: #d22; margin: .3em 0 0 }
  svg { width: 1.2em; height: 1.2em; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round }
  .sk { height: 1em; margin: .8em 0; border-radius: 4px; background: var(--b) }
  .doc { line-height: 1.6; overflow-wrap: anywhere }
  .doc > :first-child { margin-top: 0 }
  .doc > :last-child { margin-bottom: 0 }
  .doc a { color: var(--a) }
  .doc img { max-width: 100% }
  .doc pre { overflow: auto }
`;
