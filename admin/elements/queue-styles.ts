// The moderation queue's own look, on top of the dashboard's theme: the status tabs, the toolbar and the cards of
// comments, which wrap a long name or word inside themselves rather than widening the page.
import { css } from "lit";

export const queueStyles = css`
  .tabs { display: flex; flex-wrap: wrap; gap: .3em; margin-bottom: .75em; }
  .toolbar { margin-bottom: .75em; }
  /* Both search fields and the button fit one line of a phone: the list starts where it did before the Author field. */
  .toolbar input[type=search], .toolbar input#author { flex: 1; min-width: 7em; }
  .search { margin: 0 0 .75em; }
  /* One column that never grows past the page: a long name or word wraps inside its card. */
  .items { display: grid; grid-template-columns: minmax(0, 1fr); gap: .6em; }
  article { border: 1px solid var(--line); border-radius: 8px; padding: .75em; background: var(--bg); min-width: 0; overflow-wrap: anywhere; overflow: clip; overflow-clip-margin: .5em; }
  article.current { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
  article.selected { background: var(--panel); }
  .meta { font-size: .9em; }
  .held, .changed { background: var(--warn-bg); border-radius: 6px; padding: .3em .6em; margin: .5em 0; font-size: .9em; }
  .changed { font-weight: 700; }
  .body { margin: .5em 0; }
  .actions button { padding: .25em .6em; }
  .inset { margin-top: .6em; scroll-margin-bottom: 5em; }
  .grid { display: grid; gap: 0 1em; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); }
  .notice { position: sticky; bottom: .5em; margin-top: 1em; }
  .notice:empty { display: none; }
  .notice p { margin: 0; }
`;
