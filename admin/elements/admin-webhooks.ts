// <admin-webhooks>: Settings → Webhooks: the site's webhooks (a paused one says why, with Resume), each one's
// deliveries (<admin-deliveries>), the form that adds one, and a new one's signing secret, shown once until dismissed.
// The form's unsaved input goes up to the shell (`settings-edited`, form "webhook"), which keeps it.
import { css, html, LitElement, nothing } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { live } from "lit/directives/live.js";
import { ApiError, type Session } from "../api/client";
import { COMMENT_EVENT_TYPES } from "../../worker/contract/events";
import { createWebhook, deleteWebhook, listWebhooks, resumeWebhook, testWebhook, type Webhook, type WebhookEvent, type WebhookFormat } from "../api/site";
import { copy } from "../copy";
import { formatDateTime } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";
import { fieldErrors } from "./admin-content";
import "./admin-deliveries";
import { loadFailed } from "./load-failed";
import type { DraftForm, Edited, NewSecret, ShownOnce } from "./admin-settings";

// The event list comes from the contract's plain events module (the notifications module would load zod).
const EVENTS = COMMENT_EVENT_TYPES;
const FORMATS = ["json", "slack", "discord", "telegram"] as const satisfies readonly WebhookFormat[];
/**
 * What the new-webhook form starts with: new comments and held ones, as `parley webhooks add` and the API's examples
 * do. Held ones alone told a site on post-moderation (the default) of almost nothing. In the form's (the events') order.
 */
const HOOK_EVENTS: readonly string[] = ["comment.created", "comment.pending"];
const HOOK_FORMAT: WebhookFormat = "json";

/** "1 event" or "34 events". */
const eventCount = (n: number) => `${n} ${n == 1 ? "event" : "events"}`;

/** A webhook's State cell: active, or paused with the reason (which never starts with "Paused") and what it holds. */
function state(h: Webhook) {
  if (!h.pausedAt) return "Active";
  return html`<strong>Paused</strong> since ${formatDateTime(h.pausedAt)}${h.pausedReason ? html`<br />${h.pausedReason}` : nothing}
    <br /><span class="muted">${h.held ? `${eventCount(h.held)} held; Resume sends them, oldest first.` : "Nothing held."}</span>`;
}

/** Whether the new-webhook form holds anything beyond what it starts with. */
const hookEdited = (data: FormData) =>
  String(data.get("url") ?? "").trim() != "" || data.get("format") != HOOK_FORMAT || String(data.getAll("events")) != String(HOOK_EVENTS);

/**
 * @fires settings-edited - The new-webhook form changed; `detail` names the form ("webhook"), with its data while it
 * holds a webhook not yet added, else null.
 * @fires shown-once-changed - A signing secret was shown or dismissed; `detail.secrets` is those still shown.
 */
export class AdminWebhooks extends LitElement {
  static override styles = [
    theme,
    css`
      section { margin-bottom: 2em; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; }
      fieldset label { font-weight: normal; }
      output { display: block; font-family: ui-monospace, monospace; overflow-wrap: anywhere; padding: .5em; border: 1px dashed var(--line); }
    `,
  ];
  static override properties = {
    session: { attribute: false },
    draft: { attribute: false },
    _hooks: { state: true },
    _hooksFailed: { state: true },
    secrets: { attribute: false },
    _hookErrors: { state: true },
    _hookMessage: { state: true },
    _log: { state: true },
  };

  session!: Session;
  /** The new-webhook form's unsaved input, kept by the shell while another section was shown; else undefined. */
  draft: FormData | undefined;
  /** The site's webhooks; null until they are read. */
  private _hooks: Webhook[] | null = null;
  /** Why the webhooks could not be read, or "". */
  private _hooksFailed = "";
  /**
   * The signing secrets of the webhooks added in this page's session, kept apart from the status line (which every
   * later action rewrites) until the owner dismisses each: the API never shows one again. The shell keeps them
   * (`shown-once-changed`) while another section is shown.
   */
  secrets: NewSecret[] = [];
  private _hookErrors: Record<string, string> = {};
  private _hookMessage = "";
  /** The webhook whose deliveries are shown under its row, if any. */
  private _log: string | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this._loadHooks();
  }

  /** Reads the webhooks; a failure shows why, with Try again, in place of the list. */
  private _loadHooks = async () => {
    try {
      this._hooks = (await listWebhooks(this.session)).webhooks;
      this._hooksFailed = "";
    } catch (e) {
      this._hooksFailed = reason(e);
    }
  };

  private _hookEdited(e: Event) {
    const data = new FormData(e.currentTarget as HTMLFormElement);
    this._announce("webhook", hookEdited(data) ? data : null);
  }

  private _announce(form: DraftForm, data: FormData | null) {
    this.dispatchEvent(new CustomEvent<Edited>("settings-edited", { detail: { form, data }, bubbles: true, composed: true }));
  }

  /** Shows `secrets` at once, and hands them to the shell, which gives them back when Settings is shown again. */
  private _setSecrets(secrets: NewSecret[]) {
    this.secrets = secrets;
    this.dispatchEvent(new CustomEvent<Partial<ShownOnce>>("shown-once-changed", { detail: { secrets }, bubbles: true, composed: true }));
  }

  /** Moves the keyboard to `selector` once rendered: the button pressed is gone, and the focus would fall to the page. */
  private async _focusIn(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async _addHook(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    try {
      const { webhook, secret } = await createWebhook(this.session, {
        url: String(data.get("url") ?? ""),
        events: data.getAll("events") as WebhookEvent[],
        format: String(data.get("format")) as WebhookFormat,
      });
      this._hooks = [...(this._hooks ?? []), webhook];
      // The list that could not be read is read again, now with the new one.
      if (this._hooksFailed) void this._loadHooks();
      this._hookErrors = {};
      this._setSecrets([...this.secrets, { id: webhook.id, url: webhook.url, secret }]);
      this._hookMessage = "Added. Its signing secret is shown below, this once.";
      // The form goes back to its defaults with the draft (its controls follow the draft).
      this._announce("webhook", null);
      await this._focusIn(`#secret-${CSS.escape(webhook.id)}`);
    } catch (err) {
      // The field's own message says what to fix (a password in the URL, a URL the site already has).
      this._hookErrors = fieldErrors(err);
      const [first] = err instanceof ApiError ? err.details : [];
      this._hookMessage = first ? `Not added. ${first.message}` : reason(err);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("form.panel [aria-invalid=true]")?.focus();
    }
  }

  private _discardHook() {
    this._announce("webhook", null);
    this._hookErrors = {};
    this._hookMessage = "New webhook discarded.";
  }

  private async _hookAction(h: Webhook, action: "test" | "resume" | "delete") {
    this._hookErrors = {};
    try {
      if (action == "delete") {
        const asked = `Remove the webhook to ${h.url}? Its secret and its deliveries go with it: added again, it gets a new secret for the receiver. This cannot be undone.`;
        if (!confirm(asked)) return;
        await deleteWebhook(this.session, h.id);
        this._hooks = (this._hooks ?? []).filter((x) => x.id != h.id);
        // Its secret signs nothing any more.
        this._setSecrets(this.secrets.filter((x) => x.id != h.id));
        this._hookMessage = `Removed ${h.url}.`;
        // Its row and buttons are gone: the keyboard goes to the webhooks' heading.
        await this._focusIn("#hooks-h");
      } else if (action == "resume") {
        const { webhook, released } = await resumeWebhook(this.session, h.id);
        this._replaceHook(webhook);
        this._hookMessage = `Resumed ${h.url}${released ? `: sending ${eventCount(released)} it held, oldest first` : ""}.`;
      } else {
        const { delivery } = await testWebhook(this.session, h.id);
        // A successful test does not resume: the owner decides when the held events go out.
        const paused = h.pausedAt ? " It stays paused until you resume it." : "";
        this._hookMessage = `Test delivery to ${h.url}: ${delivery.status}${delivery.lastError ? ` (${delivery.lastError})` : ""}.${paused}`;
        await this._reloadHooks();
      }
    } catch (e) {
      this._hookMessage = reason(e);
    }
  }

  /** The webhooks as they are now (after a Test, or when a watched Retry found the webhook paused). */
  private _reloadHooks = async () => {
    try {
      this._hooks = (await listWebhooks(this.session)).webhooks;
    } catch (e) {
      this._hookMessage = reason(e);
    }
  };

  private _replaceHook(webhook: Webhook) {
    this._hooks = (this._hooks ?? []).map((x) => (x.id == webhook.id ? webhook : x));
  }

  override render() {
    return this._webhooks(this._hooks ?? []);
  }

  /**
   * The open webhook's deliveries, under the table rather than in it: inside, on a phone, they would be as wide as
   * the table, which scrolls sideways, and the status line saying how a Retry went would be cut off. Keyed by the
   * webhook: opening another webhook's deliveries makes a new list (the old one's Retries stop being watched); a
   * reloaded copy of the same webhook keeps it.
   */
  private _deliveries(hook: Webhook | undefined) {
    return hook
      ? html`<div class="panel" id="deliveries" role="region" aria-label="Deliveries to ${hook.url}" @webhook-changed=${this._reloadHooks}>
          <h4 class="text">Deliveries to ${hook.url}</h4>${keyed(hook.id, html`<admin-deliveries .session=${this.session} .webhook=${hook}></admin-deliveries>`)}</div>`
      : nothing;
  }

  private _webhooks(hooks: Webhook[]) {
    const err = this._hookErrors;
    // Unsaved input kept while another section was shown, else the form's defaults; `live()` as in the settings form.
    const draft = this.draft;
    return html`<section aria-labelledby="hooks-h">
      <h3 id="hooks-h" tabindex="-1">Webhooks</h3>
      <div class="table"><table>
        <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Format</th><th scope="col">State</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
        <tbody>${hooks.map(
          (h) => html`<tr><td class="text">${h.url}</td><td>${h.events.join(", ")}</td><td>${h.format}</td><td class="text">${state(h)}</td>
            <td><div class="row">
              ${h.pausedAt ? html`<button class="primary" @click=${() => this._hookAction(h, "resume")} aria-label="Resume ${h.url}">Resume</button>` : nothing}
              <button @click=${() => this._hookAction(h, "test")} aria-label="Test ${h.url}">Test</button>
              <button @click=${() => (this._log = this._log == h.id ? null : h.id)} aria-expanded=${this._log == h.id ? "true" : "false"}
                aria-controls="deliveries" aria-label="Deliveries to ${h.url}">Deliveries</button>
              <button class="danger" @click=${() => this._hookAction(h, "delete")} aria-label="Remove ${h.url}">Remove</button></div></td></tr>`,
        )}</tbody>
      </table></div>
      ${this._hooksFailed
        ? loadFailed("The webhooks", this._hooksFailed, () => void this._loadHooks())
        : this._hooks && !hooks.length ? html`<p class="muted">No webhooks yet.</p>` : nothing}
      ${this._deliveries(hooks.find((h) => h.id == this._log))}
      <form @submit=${this._addHook} @input=${this._hookEdited} novalidate class="panel">
        <div class="field"><label for="hook-url">Webhook URL</label>
          <input id="hook-url" name="url" .value=${live(String(draft?.get("url") ?? ""))}
            aria-invalid=${err.url ? "true" : nothing} aria-describedby=${err.url ? "hook-url-e" : nothing} />
          ${err.url ? html`<p class="error" id="hook-url-e">${err.url}</p>` : nothing}</div>
        <fieldset><legend>Events</legend>
          ${EVENTS.map(
            (ev) => html`<label class="inline"><input type="checkbox" name="events" value=${ev}
              .checked=${live((draft ? draft.getAll("events") : HOOK_EVENTS).includes(ev))} /> ${ev}</label> `,
          )}
          ${err.events ? html`<p class="error">${err.events}</p>` : nothing}
        </fieldset>
        <div class="field"><label for="hook-format">Format</label>
          <select id="hook-format" name="format">${FORMATS.map((f) => html`<option .selected=${live(f == (draft?.get("format") ?? HOOK_FORMAT))}>${f}</option>`)}</select></div>
        <p class="row"><button>Add webhook</button>
          ${draft ? html`<button type="button" @click=${this._discardHook}>Discard</button> <span class="muted">Not added yet</span>` : nothing}</p>
        <div role="status" class=${Object.keys(err).length ? "error" : "muted"}>${this._hookMessage}</div>
      </form>
      ${this.secrets.map((s) => this._secret(s))}
    </section>`;
  }

  /** A new webhook's signing secret, with Copy, until the owner dismisses it. */
  private _secret({ id, url, secret }: NewSecret) {
    const copied = async () => (this._hookMessage = await copy(secret, this.renderRoot.querySelector<HTMLElement>(`#secret-${CSS.escape(id)}`)));
    const dismiss = async () => {
      this._setSecrets(this.secrets.filter((x) => x.id != id));
      await this._focusIn("#hooks-h");
    };
    return html`<div class="panel" role="region" aria-label="Signing secret for ${url}">
      <p><strong>Signing secret</strong> for <span class="text">${url}</span>: the receiver checks each delivery's signature with
        it. It cannot be shown again: copy it before you dismiss it.</p>
      <output id="secret-${id}" tabindex="-1" aria-label="Signing secret for ${url}">${secret}</output>
      <p class="row"><button class="primary" @click=${copied} aria-label="Copy the signing secret for ${url}">Copy</button>
        <button @click=${dismiss} aria-label="Dismiss the signing secret for ${url}">Dismiss</button></p>
    </div>`;
  }
}

customElements.get("admin-webhooks") || customElements.define("admin-webhooks", AdminWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    "admin-webhooks": AdminWebhooks;
  }
}
