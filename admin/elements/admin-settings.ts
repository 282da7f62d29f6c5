// <admin-settings>: every site setting with the API's own validation messages, owner-token rotation (the new
// token is shown once, until dismissed), Download backup, the site's webhooks (<admin-webhooks>) and the owner's
// e-mail (<admin-mail>). Unsaved edits (to the settings, or a webhook not yet added) go up to the shell, which keeps
// them while another section is shown and warns before the tab closes.
import { css, html, LitElement, nothing } from "lit";
import { ApiError, type Session } from "../api/client";
import { rotateToken, updateSettings, type SiteView } from "../api/site";
import { readBackup, saveBackup } from "../backup";
import { copy } from "../copy";
import { plural } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";
import "./admin-mail";
import "./admin-webhooks";
import { changes, fields, labelOf, problems, type Problem } from "./settings-form";

/** The section's forms whose unsaved input the shell keeps: the site's settings and the webhook being added. */
export type DraftForm = "settings" | "webhook";
/** Each form's unsaved data, as last announced with `settings-edited`; a form without one shows what is saved. */
export type Drafts = Partial<Record<DraftForm, FormData>>;
/** A form's input, announced on every edit: its data while it holds something unsaved, else null. */
export interface Edited {
  form: DraftForm;
  data: FormData | null;
}

/** A webhook added in this page's session and its signing secret, which the API shows only in its answer to the add. */
export interface NewSecret {
  id: string;
  url: string;
  secret: string;
}

/**
 * What the API shows only once and the owner has not dismissed yet: a new owner token, new webhooks' signing
 * secrets. The shell keeps it in memory for the page's session (never in storage), so leaving Settings and coming
 * back does not lose it; only Dismiss does.
 */
export interface ShownOnce {
  token: string | null;
  secrets: NewSecret[];
}

/**
 * @fires settings-edited - The settings form or the new-webhook form changed; `detail` names the form, with its data
 * while it holds unsaved input (settings that differ from the site's, a webhook not yet added), else null.
 * @fires site-updated - The settings were saved; `detail` is the site as the API returned it.
 * @fires token-rotated - A new owner token; `detail` is the token.
 * @fires shown-once-changed - A new owner token or signing secret was shown or dismissed; `detail` is what changed.
 */
export class AdminSettings extends LitElement {
  static override styles = [
    theme,
    css`
      section { margin-bottom: 2em; }
      .grid { display: grid; gap: 0 1.25em; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); }
      output { display: block; font-family: ui-monospace, monospace; overflow-wrap: anywhere; padding: .5em; border: 1px dashed var(--line); }
    `,
  ];
  static override properties = {
    session: { attribute: false },
    site: { attribute: false },
    drafts: { attribute: false },
    _problems: { state: true },
    _message: { state: true },
    _confirm: { state: true },
    _copied: { state: true },
    _backup: { state: true },
    shown: { attribute: false },
  };

  session!: Session;
  site!: SiteView;
  drafts: Drafts = {};
  private _problems: Problem[] = [];
  private _message = "";
  private _confirm = false;
  /** What is shown once until dismissed (see ShownOnce), as the shell keeps it. */
  shown: ShownOnce = { token: null, secrets: [] };
  private _copied = "";
  /** What Download backup is doing or did, or "". */
  private _backup = "";
  private _backingUp = false;

  private _edited(e: Event) {
    const data = new FormData(e.currentTarget as HTMLFormElement);
    this._announce("settings", Object.keys(changes(this.site, data)).length ? data : null);
  }

  private _announce(form: DraftForm, data: FormData | null) {
    this.dispatchEvent(new CustomEvent<Edited>("settings-edited", { detail: { form, data }, bubbles: true, composed: true }));
  }

  private _discard() {
    this._announce("settings", null);
    this._problems = [];
    this._message = "Changes discarded.";
  }

  private async _save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    // A number written otherwise than in digits (1e3) goes as its text: refused with every other problem at once.
    const patch = changes(this.site, data);
    if (!Object.keys(patch).length) {
      this._message = "Nothing changed.";
      return;
    }
    try {
      const { site } = await updateSettings(this.session, patch);
      this._problems = [];
      this._message = `Saved: ${Object.keys(patch).map(labelOf).join(", ")}.`;
      this.dispatchEvent(new CustomEvent("site-updated", { detail: site, bubbles: true, composed: true }));
      this._announce("settings", null);
    } catch (err) {
      void this._refused(err instanceof ApiError ? problems(err.details, data) : [], reason(err));
    }
  }

  /**
   * Says what was refused in the form's words (or, with no field to name, `why`), and moves the keyboard to the
   * first field to fix.
   */
  private async _refused(found: Problem[], why: string) {
    this._problems = found;
    const [first, ...more] = found;
    this._message = first ? `Not saved. ${first.text}${more.length ? ` (and ${more.length} more, shown by the fields)` : ""}` : why;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }

  /** Asks before rotating (or takes the question back): the keyboard goes to the button that takes its place. */
  private async _askRotate(ask: boolean) {
    this._confirm = ask;
    await this._focusIn(ask ? "#rotate-cancel" : "#rotate");
  }

  /** Moves the keyboard to `selector` once rendered: the button pressed is gone, and the focus would fall to the page. */
  private async _focusIn(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Shows the new owner token (or, with null, no more) and hands it to the shell, as `<admin-webhooks>` its secrets. */
  private _showToken(token: string | null) {
    this.shown = { ...this.shown, token };
    this._copied = "";
    this.dispatchEvent(new CustomEvent<Partial<ShownOnce>>("shown-once-changed", { detail: { token }, bubbles: true, composed: true }));
  }

  private _copyToken = async (token: string) => (this._copied = await copy(token, this.renderRoot.querySelector<HTMLElement>("#new-token")));

  private _dismissToken = async () => {
    this._showToken(null);
    await this._focusIn("#token-h");
  };

  /** Reads the whole export, saying how far it got, and saves it as one dated file. */
  private _download = async () => {
    // A second click while it reads starts nothing: the status line says how far the first one got.
    if (this._backingUp) return;
    this._backingUp = true;
    try {
      const backup = await readBackup(this.session, (part, n) => (this._backup = `Reading the ${part}… ${n.toLocaleString("en")} so far.`));
      saveBackup(backup);
      const c = backup.counts;
      this._backup = `Saved ${backup.name}: ${plural(c.articles, "article")}, ${plural(c.threads, "thread")}, ${plural(c.comments, "comment")}, ${plural(c.bans, "ban")}, ${plural(c.webhooks, "webhook")}.`;
    } catch (e) {
      this._backup = `Not saved: ${reason(e)}`;
    } finally {
      this._backingUp = false;
    }
  };

  private async _rotate() {
    try {
      const { ownerToken } = await rotateToken(this.session);
      this._confirm = false;
      this.dispatchEvent(new CustomEvent("token-rotated", { detail: ownerToken, bubbles: true, composed: true }));
      this._showToken(ownerToken);
      await this._focusIn("#new-token");
    } catch (e) {
      this._message = reason(e);
    }
  }

  override render() {
    return html`<h2 tabindex="-1">Settings</h2>
      <section aria-labelledby="site-h">
        <h3 id="site-h">Site</h3>
        <form @submit=${this._save} @input=${this._edited} novalidate>
          <div class="grid">${fields(this.site, this._problems, this.drafts.settings ?? null)}</div>
          <p class="row"><button class="primary">Save settings</button>
            ${this.drafts.settings
              ? html`<button type="button" @click=${this._discard}>Discard changes</button> <span class="muted">Unsaved changes</span>`
              : nothing}</p>
          <div role="status" class=${this._problems.length ? "error" : "muted"}>${this._message}</div>
        </form>
      </section>
      <section aria-labelledby="token-h">
        <h3 id="token-h" tabindex="-1">Owner token</h3>
        <p class="muted">A new token replaces the current one at once: the CLI and scripts using the old one stop working.</p>
        ${this._confirm
          ? html`<p class="row"><button class="danger" @click=${this._rotate}>Rotate now</button><button id="rotate-cancel" @click=${() => this._askRotate(false)}>Cancel</button></p>`
          : html`<button id="rotate" @click=${() => this._askRotate(true)}>Rotate owner token</button>`}
        ${this.shown.token ? this._tokenPanel(this.shown.token) : nothing}
      </section>
      <section aria-labelledby="backup-h">
        <h3 id="backup-h">Backup</h3>
        <p class="muted">The whole site in one JSON file: settings, articles, threads, every comment in every state, bans and
          webhooks (never a secret). <code>parley import parley FILE</code> restores it.</p>
        <p class="row"><button @click=${this._download}>Download backup</button> <span role="status">${this._backup}</span></p>
      </section>
      <admin-webhooks .session=${this.session} .draft=${this.drafts.webhook} .secrets=${this.shown.secrets}></admin-webhooks>
      <admin-mail .session=${this.session}></admin-mail>`;
  }

  /** The new owner token, with Copy, until the owner dismisses it: the API never shows it again. */
  private _tokenPanel(token: string) {
    return html`<div class="panel">
      <p><strong>New owner token</strong>, shown this once (this tab now uses it): copy it before you dismiss it.</p>
      <output id="new-token" tabindex="-1" aria-label="New owner token">${token}</output>
      <p class="row"><button class="primary" @click=${() => this._copyToken(token)} aria-label="Copy the owner token">Copy</button>
        <button @click=${this._dismissToken} aria-label="Dismiss the owner token">Dismiss</button>
        <span role="status" class="muted">${this._copied}</span></p>
    </div>`;
  }
}

customElements.get("admin-settings") || customElements.define("admin-settings", AdminSettings);

declare global {
  interface HTMLElementTagNameMap {
    "admin-settings": AdminSettings;
  }
  interface HTMLElementEventMap {
    "settings-edited": CustomEvent<Edited>;
    "shown-once-changed": CustomEvent<Partial<ShownOnce>>;
  }
}
