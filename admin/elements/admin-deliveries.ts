// <admin-deliveries>: one webhook's newest deliveries (the event, how it went, the next try) with Retry on a failed
// one, which sends it again under its same Parley-Delivery id so a receiver that already has it can drop it.
import { html, LitElement, nothing } from "lit";
import type { Session } from "../api/client";
import { listDeliveries, retryDelivery, type Webhook, type WebhookDelivery } from "../api/site";
import { formatDateTime } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";

/** The delivery's last answer in words: the error, or the HTTP status of a success. */
const lastAnswer = (d: WebhookDelivery) => d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "");

/** Part of Settings → Webhooks, shown under a webhook's row; it loads and retries through the API on its own. */
export class AdminDeliveries extends LitElement {
  static override styles = theme;
  static override properties = {
    session: { attribute: false },
    webhook: { attribute: false },
    _list: { state: true },
    _message: { state: true },
  };

  session!: Session;
  webhook!: Webhook;
  private _list: WebhookDelivery[] | null = null;
  private _message = "";

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  private async _load() {
    try {
      this._list = (await listDeliveries(this.session, this.webhook.id)).deliveries;
    } catch (e) {
      this._message = reason(e);
    }
  }

  private async _retry(d: WebhookDelivery) {
    try {
      const { delivery, retried } = await retryDelivery(this.session, this.webhook.id, d.id);
      this._list = (this._list ?? []).map((x) => (x.id == d.id ? delivery : x));
      this._message = retried
        ? `Sending ${d.event} ${d.id} again; Refresh shows how it went.`
        : `${d.id} had already been sent again: it is ${delivery.status}.`;
    } catch (e) {
      this._message = reason(e);
    }
  }

  /** Retry fits a failed delivery; on a paused webhook only a test (Resume sends the rest first). */
  private _retriable(d: WebhookDelivery) {
    return d.status == "failed" && (!this.webhook.pausedAt || d.event == "webhook.test");
  }

  override render() {
    const list = this._list;
    return html`${list == null
        ? nothing
        : list.length == 0
          ? html`<p class="muted">No deliveries yet.</p>`
          : html`<div class="table"><table>
              <caption class="sr">Newest deliveries to ${this.webhook.url}</caption>
              <thead><tr><th scope="col">Created</th><th scope="col">Event and delivery id</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
              <tbody>${list.map(
                (d) => html`<tr><td>${formatDateTime(d.createdAt)}</td><td class="text">${d.event}<br /><span class="muted">${d.id}</span></td>
                  <td>${d.status}${d.nextAttemptAt ? html`<br /><span class="muted">next try ${formatDateTime(d.nextAttemptAt)}</span>` : nothing}</td>
                  <td>${d.attempts}</td><td class="text">${lastAnswer(d)}</td>
                  <td>${this._retriable(d) ? html`<button @click=${() => this._retry(d)} aria-label="Retry ${d.id}">Retry</button>` : nothing}</td></tr>`,
              )}</tbody></table></div>`}
      <p class="row"><button @click=${this._load} aria-label="Refresh the deliveries to ${this.webhook.url}">Refresh</button></p>
      <div role="status" class="muted">${this._message}</div>`;
  }
}

customElements.get("admin-deliveries") || customElements.define("admin-deliveries", AdminDeliveries);

declare global {
  interface HTMLElementTagNameMap {
    "admin-deliveries": AdminDeliveries;
  }
}
