// The queue's keyboard: which key does what, the help panel that lists them (its look, and where the keyboard goes
// as it opens and closes), and a key press read as a command.
import { css, html } from "lit";
import type { BulkAction } from "../api/moderation";

const KEYS: [string, string][] = [
  ["j / k", "Next / previous comment"],
  ["a", "Approve"],
  ["r", "Reject"],
  ["s", "Spam"],
  ["d", "Delete"],
  ["p", "Pin or unpin"],
  ["x", "Select or unselect"],
  ["u", "Undo the last action (5 seconds)"],
  ["?", "Show or hide this help"],
];

/** What the action keys stand for; with a selection, they act on all of it. */
const KEY_ACTIONS: Record<string, BulkAction | "pin-toggle"> = { a: "approve", r: "reject", s: "spam", d: "delete", p: "pin-toggle" };

/** What a key press asks of the queue. */
export type QueueCommand =
  | { kind: "move"; by: 1 | -1 }
  | { kind: "select" }
  | { kind: "undo" }
  | { kind: "help" }
  | { kind: "close-help" }
  | { kind: "close-forms" }
  | { kind: "action"; action: BulkAction | "pin-toggle" };

/**
 * The command of a key press, or null when it is not a shortcut: with a modifier held, or while the owner types or
 * is anywhere in an open form (its Save and Cancel buttons too: a letter there must not act on the comment under
 * it). Escape there closes the open forms (an edit's text is kept for the next time), and the key goes on.
 */
export function keyCommand(e: KeyboardEvent): QueueCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const target = e.composedPath()[0] as HTMLElement;
  if (target.closest?.("input, textarea, select, [contenteditable], form")) return e.key == "Escape" ? { kind: "close-forms" } : null;
  const k = e.key;
  if (k == "j" || k == "k") return { kind: "move", by: k == "j" ? 1 : -1 };
  if (k == "x") return { kind: "select" };
  if (k == "u") return { kind: "undo" };
  if (k == "?") return { kind: "help" };
  if (k == "Escape") return { kind: "close-help" };
  return KEY_ACTIONS[k] ? { kind: "action", action: KEY_ACTIONS[k] } : null;
}

/** The shortcuts, as a dialog-like panel; it takes the keyboard when it opens (tabindex -1 lets it). */
export function helpPanel() {
  return html`<div id="help" class="panel" role="dialog" aria-labelledby="help-title" tabindex="-1">
    <h3 id="help-title">Keyboard shortcuts</h3>
    <dl>${KEYS.map(([k, what]) => html`<dt><kbd>${k}</kbd></dt><dd>${what}</dd>`)}</dl>
    <p class="hint">With comments selected, a, r, s, d and p act on all of them. Esc closes this.</p>
  </div>`;
}

/** The help panel's look, for the element that shows it. */
export const helpStyles = css`
  [role=dialog] { margin-bottom: 1em; }
  /* It takes the keyboard when it opens, so it shows that it has it (a heading the keyboard is moved to does not). */
  #help:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .2em 1em; margin: 0; }
  dt { font-weight: 700; }
  dd { margin: 0; }
  kbd { font: inherit; font-family: ui-monospace, monospace; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3em; }
`;

/** The element that has the keyboard, looked for inside shadow roots (the dashboard's sections are in them). */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * Once the panel in `root` has opened, the keyboard goes into it (so a screen reader reads it and Escape closes it);
 * once it has closed, back to `opener` (or the panel's button, #help-toggle), if the keyboard was in the panel.
 */
export function focusAfterHelp(root: ShadowRoot, open: boolean, hadKeyboard: boolean, opener: HTMLElement | null) {
  if (open) root.querySelector<HTMLElement>("#help")?.focus();
  else if (hadKeyboard) (opener?.isConnected ? opener : root.querySelector<HTMLElement>("#help-toggle"))?.focus();
}
