// "Notify me of replies": the checkbox under a form's e-mail field, shown while that field holds an address, and
// what the reader is told once a comment went out with it ticked. The API does the rest: a confirmation e-mail the
// first time (double opt-in), then reply e-mails, each with a one-click unsubscribe.
import { html, nothing, type ReactiveControllerHost } from "lit";
import type { ReplyEmails } from "../../worker/contract/types";
import { t, type StringKey } from "../i18n/index";
import type { FormMemory } from "./form-memory";

export class NotifyBox {
  /** What each open form's e-mail field holds, by form key, once the reader has typed in it. */
  private _typed = new Map<string, string>();
  /** The comment last posted with the box ticked, and what the API said of its reply e-mails. */
  private _posted?: { id: string; key: StringKey };

  constructor(
    private _host: ReactiveControllerHost,
    private _memory: FormMemory,
  ) {}

  /** What form `key`'s e-mail field holds: what the reader typed in it, else `email`, what it started out with. */
  email(key: string, email: string) {
    return this._typed.get(key) ?? email;
  }

  /** The box under an e-mail field that holds `email` (see email()); nothing while it holds no more than blanks. */
  render(l: string, email: string) {
    if (!email.trim()) return nothing;
    return html`
      <label class="check">
        <input type="checkbox" name="notify" .checked=${this._memory.notify}
          @change=${(ev: Event) => (this._memory.notify = (ev.target as HTMLInputElement).checked)} />
        <span>${t(l, "notifyMe")}</span>
      </label>
    `;
  }

  /** For the e-mail field's input events: the box comes when the field holds something, and goes when it is emptied. */
  typed(key: string, ev: Event) {
    const field = ev.target as HTMLInputElement;
    this._typed.set(key, field.value);
    // Whether the box shows now: a form may open with an address already in its field.
    if (!field.form?.elements.namedItem("notify") != !field.value.trim()) this._host.requestUpdate();
  }

  /** Reply forms start afresh each time they open: forget what was typed in them. */
  closed() {
    for (const key of this._typed.keys()) if (key) this._typed.delete(key);
  }

  /** Whether `form` asks for reply e-mails: its box is there (so an address is too) and ticked. */
  ticked(form: HTMLFormElement): boolean | undefined {
    return (form.elements.namedItem("notify") as HTMLInputElement | null)?.checked;
  }

  /**
   * Comment `id` went out asking for reply e-mails (`notify`; undefined when the box was not shown), and the API
   * answered `replies`. Remembers the choice, and answers what to tell the reader: to look for the confirmation
   * e-mail, or that replies will come; nothing when the worker sends none.
   */
  posted(id: string, notify: boolean | undefined, replies: ReplyEmails | undefined, l: string): string {
    if (notify != null) this._memory.chooseNotify(notify);
    const key: StringKey | "" = replies == "confirm" ? "notifyConfirm" : replies == "on" ? "notifyOn" : "";
    this._posted = key ? { id, key } : undefined;
    return key && t(l, key);
  }

  /** Under comment `id` when it was just posted with the box ticked: what happens next with its reply e-mails. */
  notice(id: string, l: string) {
    const p = this._posted;
    return p?.id == id ? html`<p class="notice" part="notice">${t(l, p.key)}</p>` : nothing;
  }
}
