// Dashboard entry (/admin/app.js): the page's own few styles, then <parley-admin>.
import { css } from "lit";
import { ParleyAdmin } from "./elements/parley-admin";

// A constructed style sheet, like Lit's: the page's CSP allows no inline style.
const page = css`
  :root { color-scheme: light dark; background: light-dark(#ffffff, #15171c); }
  body { margin: 0; }
`.styleSheet;
if (page) document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];

customElements.get("parley-admin") || customElements.define("parley-admin", ParleyAdmin);
