// The dashboard's look: light and dark from the system setting, one accent, readable at 360 px. Shared by every
// element through Lit's static styles (constructed style sheets), so the strict CSP needs no inline style.
import { css } from "lit";

export const theme = css`
  :host {
    color-scheme: light dark;
    --bg: light-dark(#ffffff, #15171c);
    --panel: light-dark(#f5f6f8, #1e2128);
    --fg: light-dark(#1b1d22, #e8e6e3);
    --muted: light-dark(#555b66, #a9afba);
    --line: light-dark(#d5d8de, #363b45);
    --accent: light-dark(#1d4ed8, #8fb0ff);
    --accent-fg: light-dark(#ffffff, #0b1020);
    --danger: light-dark(#b42318, #ff9b8f);
    --ok: light-dark(#116329, #7ee2a0);
    --warn-bg: light-dark(#fff4d6, #3a2f12);
    display: block;
    color: var(--fg);
    font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  }
  * { box-sizing: border-box; }
  h1, h2, h3 { line-height: 1.25; margin: 0 0 .5em; }
  h2 { font-size: 1.25rem; }
  h3 { font-size: 1.05rem; }
  a { color: var(--accent); }
  button, input, select, textarea {
    font: inherit; color: inherit; background: var(--bg);
    border: 1px solid var(--line); border-radius: 6px; padding: .35em .7em; min-height: 2.25em;
  }
  textarea { width: 100%; min-height: 6em; resize: vertical; }
  button { cursor: pointer; background: var(--panel); }
  button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
  button.danger { color: var(--danger); }
  button:disabled { opacity: .6; cursor: default; }
  button[aria-pressed="true"], button[aria-selected="true"], button[aria-current="page"] {
    border-color: var(--accent); box-shadow: inset 0 -3px 0 var(--accent);
  }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  /* A heading the dashboard moves the keyboard to (a section opened, an editor shown) is a place, not a control. */
  [tabindex="-1"]:focus { outline: none; }
  label { display: block; font-weight: 600; margin: .75em 0 .25em; }
  /* A box's label ticks it too: at least 24 px wide (WCAG 2.5.8), the box centred in it when it has no words. */
  label.inline { display: inline-flex; gap: .4em; align-items: center; justify-content: center; min-width: 24px; font-weight: normal; margin: 0; }
  .field input:not([type=checkbox]), .field select, .field textarea { width: 100%; }
  .hint { color: var(--muted); font-size: .875em; margin: .2em 0 0; overflow-wrap: anywhere; }
  .error { color: var(--danger); font-size: .9em; margin: .25em 0 0; overflow-wrap: anywhere; }
  .muted { color: var(--muted); }
  .row { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
  .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1em; }
  .doc { line-height: 1.55; overflow-wrap: anywhere; }
  .doc > :first-child { margin-top: 0; }
  .doc > :last-child { margin-bottom: 0; }
  .doc img { max-width: 100%; }
  .doc pre { overflow: auto; }
  .doc.long { max-height: 20em; overflow: auto; padding-inline-end: .5em; border-block: 1px solid var(--line); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .45em .5em; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
  th { font-size: .875em; color: var(--muted); }
  /* Positioned, so that a screen-reader-only heading inside scrolls with the table instead of widening the page. */
  .table { overflow-x: auto; position: relative; }
  /* Free text (names, reasons, titles, keys, URLs) wraps anywhere but keeps a readable width; short cells never break. */
  .text { overflow-wrap: anywhere; }
  /* An event's name (comment.pending) breaks at its dot, not inside a word. */
  .event { overflow-wrap: normal; word-break: normal; }
  td.text { min-width: 8em; }
  /* A thread key is the reader's page path: a long one shows its first lines, the whole of it on hover (title). */
  .key { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; overflow-wrap: anywhere; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .badge { display: inline-block; font-size: .8em; padding: 0 .5em; border-radius: 999px; border: 1px solid var(--line); }
  @media (max-width: 600px) {
    :host { font-size: 14px; }
    th, td { padding: .35em .3em; }
    /* Two free-text columns and a button fit 360 px: the articles' Edit is not cut off at the screen's edge. */
    td.text { min-width: 7em; }
    /* A finger's target: the box itself 24 px wide (it is already as tall), drawn as large. */
    input[type=checkbox] { width: 24px; }
  }
`;
