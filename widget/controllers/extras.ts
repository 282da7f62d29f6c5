// The thread's lazy chunk: what readers do once a thread shows (write, edit, delete, vote, unfold long reply
// chains, follow permalinks), its English strings and its styles. <parley-comments> imports it after its first paint.
import { css } from "lit";
import type { ParleyComments } from "../elements/parley-comments";
import { enExtras } from "../i18n/en-extras";
import { addStrings } from "../i18n/index";
import { FormsController } from "./forms-controller";
import { ReaderController } from "./reader-controller";

addStrings("en", enExtras);

const styles = css`
  form, label, .row { display: grid; gap: .8em }
  label { gap: .3em }
  .row { grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)) }
  textarea { min-height: 6em }
  .actions { display: flex; gap: .5em; justify-content: flex-end }
  .primary { background: var(--a); border-color: var(--a); color: light-dark(#fff, #111) }
  [aria-invalid="true"] { border-color: light-dark(#c81e1e, #ff8a8a) }
  .err { font-size: .875em; color: light-dark(#b91c1c, #ffa3a3); margin: .3em 0 0 }
  .vote[aria-pressed="true"] { color: var(--a); font-weight: 600 }
  .hl { animation: hl 3s ease-out; border-radius: var(--r) }
  @keyframes hl {
    from { background: color-mix(in srgb, var(--a) 18%, transparent); box-shadow: 0 0 0 .4em color-mix(in srgb, var(--a) 18%, transparent) }
  }
`;

/** Brings a thread to life: its styles, the reader's and the forms' controllers, and a jump to a linked comment. */
export function start(host: ParleyComments) {
  const root = host.renderRoot as ShadowRoot;
  if (styles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
  const reader = (host._reader = new ReaderController(host));
  host._forms = new FormsController(host);
  host.requestUpdate();
  reader._jump();
}
