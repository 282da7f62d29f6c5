// The thread's lazy chunk: what readers do once a thread shows (write, edit, delete, vote, unfold long reply
// chains, follow permalinks), its English strings and its styles. <parley-comments> imports it after its first paint.
import { css } from "lit";
import { enExtras } from "../i18n/en-extras";
import { addStrings } from "../i18n/index";
import { CommentTools } from "./comment-tools";
import { FormsController } from "./forms-controller";
import { ReaderController } from "./reader-controller";
import type { ThreadContext, ThreadExtras } from "./thread-context";

addStrings("en", enExtras);

const styles = css`
  form, label, .row { display: grid; gap: .8em }
  label { gap: .3em }
  .row { grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)) }
  textarea { min-height: 6em }
  .actions { display: flex; gap: .5em; justify-content: flex-end }
  /* Text on the accent: --parley-accent-fg, else white or near-black, whichever reads on the accent (CIE L* 49.5
     is where both reach 4.5:1). */
  .primary {
    background: var(--a); border-color: var(--a);
    color: var(--parley-accent-fg, light-dark(
      lab(from var(--parley-accent, #1d4ed8) clamp(0, (49.5 - l) * 100, 100) 0 0),
      lab(from var(--parley-accent, #93b4ff) clamp(0, (49.5 - l) * 100, 100) 0 0)));
  }
  .danger { background: light-dark(#b91c1c, #ffa3a3); border-color: transparent; color: light-dark(#fff, #111); font-size: .875em; padding: .1em .7em; min-height: 24px }
  .compact { gap: .5em }
  .compact textarea { min-height: 3.5em }
  .hint { margin: -.4em 0 0; font-size: .8em }
  .to { margin: 0 }
  .check { display: flex; align-items: center; gap: .5em; justify-self: start }
  .check input { inline-size: 24px; block-size: 24px; margin: 0; padding: 0; accent-color: var(--a) }
  [part=notice] { margin: .5em 0 0; padding: .6em .9em; text-align: start }
  [aria-invalid="true"] { border-color: light-dark(#c81e1e, #ff8a8a) }
  .err { font-size: .875em; color: light-dark(#b91c1c, #ffa3a3); margin: .3em 0 0 }
  .vote[aria-pressed="true"] { color: var(--a); font-weight: 600 }
  .hl { animation: hl 3s ease-out; border-radius: var(--r) }
  @keyframes hl {
    from { background: color-mix(in srgb, var(--a) 18%, transparent); box-shadow: 0 0 0 .4em color-mix(in srgb, var(--a) 18%, transparent) }
  }
`;

/**
 * Brings a thread to life: its styles, the reader's and the forms' controllers, and a jump to a linked comment.
 * Answers what the element renders from them.
 */
export function start(ctx: ThreadContext): ThreadExtras {
  const root = ctx.host.renderRoot as ShadowRoot;
  if (styles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
  const reader = new ReaderController(ctx);
  const forms = new FormsController(ctx, reader);
  const tools = new CommentTools(ctx, forms);
  reader._jump();
  return {
    folded: reader.folded,
    unfolded: reader.unfolded,
    body: (c, l) => forms.body(c, l),
    tools: (c, l) => tools.render(c, l),
    after: (c, l) => reader.after(c, l),
    inReplyTo: (parent, l) => reader.inReplyTo(parent, l),
    form: (l) => [forms.form(l), forms.status()],
  };
}
