// <admin-mail>: the owner's e-mail settings in Settings: whether the worker sends e-mail at all (and through which
// provider), the digest address as the API shows it (masked) and whether it is confirmed (with a way to send the link
// again), a new address, the digest switch, and the API's own words when it refuses (a digest needs an address).
import { html, LitElement, nothing } from "lit";
import { ApiError, type Session } from "../api/client";
import { getMail, putMail, resendMailConfirmation, type MailStatus } from "../api/site";
import { theme } from "../styles";
import { reason } from "../undo";
import { fieldErrors } from "./admin-content";

/** What Save sends: the digest switch, and the address only when one was typed (empty keeps the stored one). */
function mailChange(data: FormData): { email?: string; digest: boolean } {
  const email = String(data.get("email") ?? "").trim();
  return { ...(email ? { email } : {}), digest: data.get("digest") == "on" };
}

/** The Sending line: the provider, or why nothing is sent. */
const sendingLine = (m: MailStatus) =>
  html`<p class=${m.sending ? "muted" : "error"} id="mail-sending">${m.sending ? html`<strong>Sending</strong>` : html`<strong>Not sending</strong>`}:
    ${m.message} ${m.sending ? `${m.sentToday} of ${m.dailyBudget} e-mails sent today.` : nothing}</p>`;

/** What the digest address waits for, if anything: a digest goes only to an address confirmed through its e-mailed link. */
const confirmationLine = (m: MailStatus, resend: () => void) =>
  m.ownerEmailConfirmed
    ? html`<p class="muted" id="mail-confirmation">Confirmed: the address opened its link.</p>`
    : html`<p id="mail-confirmation">Waiting for confirmation: we sent a link to <strong>${m.ownerEmail}</strong>. No digest goes
        to it until the link is opened and confirmed. <button type="button" @click=${resend}>Send the link again</button></p>`;

/** The E-mail part of Settings; it loads and saves through the API on its own. */
export class AdminMail extends LitElement {
  static override styles = theme;
  static override properties = {
    session: { attribute: false },
    _mail: { state: true },
    _errors: { state: true },
    _message: { state: true },
  };

  session!: Session;
  private _mail: MailStatus | null = null;
  private _errors: Record<string, string> = {};
  private _message = "";

  /** The re-read after a confirmation e-mail was asked for (see _countSoon). */
  private _recount = 0;

  override connectedCallback() {
    super.connectedCallback();
    getMail(this.session).then(
      (m) => (this._mail = m),
      (e) => (this._message = reason(e)),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this._recount);
  }

  /**
   * A confirmation e-mail goes out after the API has answered (through the queue), so the answer's "sent today"
   * does not count it yet: the status is read again a few seconds later.
   */
  private _countSoon() {
    clearTimeout(this._recount);
    this._recount = window.setTimeout(() => getMail(this.session).then((m) => (this._mail = m), () => {}), 3000);
  }

  private async _save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    await this._send(mailChange(new FormData(form)), form);
  }

  private async _resend() {
    try {
      this._mail = await resendMailConfirmation(this.session);
      this._errors = {};
      this._message = `Sent the link again to ${this._mail.ownerEmail}.`;
      this._countSoon();
    } catch (err) {
      this._message = reason(err);
    }
  }

  /** Removes the digest address once the owner confirms; the keyboard then goes to the field for a new one. */
  private async _remove() {
    const asked = `Remove the digest address ${this._mail?.ownerEmail}? No digest is sent until you set an address again and it is confirmed.`;
    if (!confirm(asked)) return;
    await this._send({ email: null }, this.renderRoot.querySelector("form"));
    await this.updateComplete;
    if (!this._mail?.ownerEmail) this.renderRoot.querySelector<HTMLElement>("#mail-email")?.focus();
  }

  private async _send(change: { email?: string | null; digest?: boolean }, form: HTMLFormElement | null) {
    try {
      const mail = await putMail(this.session, change);
      this._mail = mail;
      this._errors = {};
      // The address typed is saved (and shown masked above); the checkbox already shows what was saved.
      const input = form?.querySelector<HTMLInputElement>("input[name=email]");
      if (input) input.value = "";
      if (mail.ownerEmail && !mail.ownerEmailConfirmed) this._countSoon();
      this._message = !mail.ownerEmail
        ? "Saved. No address: no digest."
        : !mail.ownerEmailConfirmed
          ? `Saved. We sent a link to ${mail.ownerEmail}: no digest goes there until it is confirmed.`
          : `Saved. ${mail.digest ? `Digests go to ${mail.ownerEmail}.` : `No digest; the address ${mail.ownerEmail} is kept.`}`;
    } catch (err) {
      this._errors = fieldErrors(err);
      const [first] = err instanceof ApiError ? err.details : [];
      this._message = first ? `Not saved. ${first.message}` : reason(err);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    }
  }

  override render() {
    const m = this._mail;
    const err = this._errors;
    return html`<section aria-labelledby="mail-h">
      <h3 id="mail-h">E-mail</h3>
      ${m
        ? html`${sendingLine(m)}
            <div class="panel"><form @submit=${this._save} novalidate>
              <p id="mail-address">Digest address: ${m.ownerEmail ? html`<strong>${m.ownerEmail}</strong>` : "none set"}
                ${m.ownerEmail ? html`<button type="button" class="danger" @click=${this._remove}>Remove address</button>` : nothing}</p>
              ${m.ownerEmail ? confirmationLine(m, () => this._resend()) : nothing}
              <div class="field"><label for="mail-email">${m.ownerEmail ? "New address" : "Address"}</label>
                <input id="mail-email" name="email" type="email" autocomplete="email"
                  aria-invalid=${err.email ? "true" : nothing} aria-describedby=${err.email ? "mail-email-e" : "mail-email-h"} />
                ${err.email
                  ? html`<p class="error" id="mail-email-e">${err.email}</p>`
                  : html`<p class="hint" id="mail-email-h">${m.ownerEmail ? "Leave empty to keep the current address." : "Where the digest goes."}</p>`}</div>
              <p><label class="inline"><input id="mail-digest" type="checkbox" name="digest" .checked=${m.digest}
                aria-invalid=${err.digest ? "true" : nothing} aria-describedby=${err.digest ? "mail-digest-e" : nothing} />
                E-mail me a digest of comments held for approval (at most one an hour)</label></p>
              ${err.digest ? html`<p class="error" id="mail-digest-e">${err.digest}</p>` : nothing}
              <p class="row"><button class="primary">Save e-mail settings</button></p>
              <div role="status" class=${Object.keys(err).length ? "error" : "muted"}>${this._message}</div>
            </form></div>`
        : html`<p role="status" class="muted">${this._message}</p>`}
    </section>`;
  }
}

customElements.get("admin-mail") || customElements.define("admin-mail", AdminMail);

declare global {
  interface HTMLElementTagNameMap {
    "admin-mail": AdminMail;
  }
}
