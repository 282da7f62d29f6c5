// <admin-deliveries>: one webhook's deliveries, newest first (the event, how it went, the next try), all or those of
// one status, 20 at a time ("Load more"), with Retry on a failed one, which sends it again under its same
// Parley-Delivery id so a receiver that already has it can drop it.
import { html, LitElement, nothing } from "lit";
import type { Session } from "../api/client";
import { getDelivery, listDeliveries, retryDelivery, type DeliveryStatus, type Webhook, type WebhookDelivery } from "../api/site";
import { formatDateTime, until } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";

/** What the status filter offers: every status, by what it means to an owner. */
const SHOWN: [DeliveryStatus | "", string][] = [
  ["", "All deliveries"],
  ["failed", "Failed (gave up)"],
  ["retrying", "Retrying"],
  ["held", "Held while paused"],
  ["pending", "Waiting to be sent"],
  ["delivered", "Delivered"],
];

/**
 * How long after a Retry the dashboard looks again whether the delivery went: 31 s in all, which covers a receiver
 * that does not answer (10 s) behind two more of the site's deliveries sent before it.
 */
const WATCH_MS = [1000, 2000, 4000, 8000, 16000];

/** The delivery's last answer in words: the error, or the HTTP status of a success. */
const lastAnswer = (d: WebhookDelivery) => d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "");

/** Part of Settings → Webhooks, shown under a webhook's row; it loads and retries through the API on its own. */
export class AdminDeliveries extends LitElement {
  static override styles = theme;
  static override properties = {
    session: { attribute: false },
    webhook: { attribute: false },
    _list: { state: true },
    _cursor: { state: true },
    _loading: { state: true },
    _message: { state: true },
    _retries: { state: true },
  };

  session!: Session;
  webhook!: Webhook;
  private _list: WebhookDelivery[] | null = null;
  /** Where the next page starts; null on the last page. */
  private _cursor: string | null = null;
  private _status: DeliveryStatus | "" = "";
  /** A load is on its way: Load more waits for it (a second click would ask for the same page again). */
  private _loading = false;
  /** Counts fresh loads (a filter, Refresh): an answer to an earlier one is dropped. */
  private _generation = 0;
  private _message = "";
  /**
   * What each Retry says, by delivery id, in the order they were made: a line of its own under the list's, so that
   * several at once do not replace one another. A fresh list keeps only the lines of Retries still being watched.
   */
  private _retries = new Map<string, string>();
  /** The deliveries whose Retry is being watched. */
  private _watching = new Set<string>();

  override connectedCallback() {
    super.connectedCallback();
    void this._load();
  }

  /**
   * The first page of the deliveries the filter shows, or (`more`) the next one after those listed; the status line
   * says what is shown. A fresh load supersedes any load before it; Load more waits for the one on its way.
   */
  private async _load(more = false) {
    if (more && this._loading) return;
    const generation = more ? this._generation : ++this._generation;
    if (!more) this._retries = new Map([...this._retries].filter(([id]) => this._watching.has(id)));
    this._loading = true;
    this._message = more ? "Loading older deliveries…" : "Loading…";
    try {
      const page = await listDeliveries(this.session, this.webhook.id, { status: this._status, cursor: more ? this._cursor : null });
      if (generation != this._generation) return;
      this._list = more ? [...(this._list ?? []), ...page.deliveries] : page.deliveries;
      this._cursor = page.nextCursor;
      const shown = SHOWN.find(([v]) => v == this._status)?.[1] ?? "";
      this._message = `Showing ${this._list.length}: ${shown.toLowerCase()}, newest first${this._cursor ? "; Load more shows older ones" : ""}.`;
      // Load more is gone at the end of the list: the keyboard stays on the row of buttons rather than the page.
      if (more && !this._cursor) void this.updateComplete.then(() => this._refreshButton()?.focus());
    } catch (e) {
      if (generation == this._generation) this._message = reason(e);
    } finally {
      if (generation == this._generation) this._loading = false;
    }
  }

  private _refreshButton() {
    return this.renderRoot.querySelector<HTMLButtonElement>("button.refresh");
  }

  private _filter(e: Event) {
    this._status = (e.target as HTMLSelectElement).value as DeliveryStatus | "";
    this._list = null;
    this._cursor = null;
    void this._load();
  }

  /** Says `text` on the delivery's own line. */
  private _say(id: string, text: string) {
    this._retries = new Map(this._retries).set(id, text);
  }

  private async _retry(d: WebhookDelivery) {
    try {
      const { delivery, retried } = await retryDelivery(this.session, this.webhook.id, d.id);
      this._replace(delivery);
      this._say(d.id, retried ? `Sending ${d.event} ${d.id} again…` : `${d.id} had already been sent again: it is ${delivery.status}.`);
      // Its Retry button is gone with its failed state: the keyboard goes to Refresh.
      void this.updateComplete.then(() => this._refreshButton()?.focus());
      if (!retried) return;
      this._watching.add(d.id);
      await this._watch(delivery).finally(() => this._watching.delete(d.id));
    } catch (e) {
      this._say(d.id, `Could not send ${d.event} ${d.id} again: ${reason(e)}`);
    }
  }

  /** Puts the delivery's new state in its row, where the list still holds it. */
  private _replace(delivery: WebhookDelivery) {
    this._list = (this._list ?? []).map((x) => (x.id == delivery.id ? delivery : x));
  }

  /**
   * Looks again, WATCH_MS apart, whether a retried delivery went, and says how (its row shows it too); still
   * waiting after half a minute, it says that Refresh shows the rest. Stops when the element leaves the page.
   */
  private async _watch(sent: WebhookDelivery) {
    const about = `${sent.event} ${sent.id}`;
    for (const wait of WATCH_MS) {
      await new Promise((r) => setTimeout(r, wait));
      if (!this.isConnected) return;
      let delivery: WebhookDelivery;
      try {
        ({ delivery } = await getDelivery(this.session, this.webhook.id, sent.id));
      } catch (e) {
        this._say(sent.id, `Sent ${about} again; ${reason(e)}`);
        return;
      }
      this._replace(delivery);
      if (delivery.status == "pending" && delivery.attempts == sent.attempts) continue;
      // Held: the webhook paused meanwhile. Settings loads it again, so that its row says so and offers Resume.
      if (delivery.status == "held") this.dispatchEvent(new CustomEvent("webhook-changed", { bubbles: true, composed: true }));
      const answer = lastAnswer(delivery);
      const next = delivery.nextAttemptAt ? `; the next try is ${until(delivery.nextAttemptAt)}` : "";
      this._say(
        sent.id,
        delivery.status == "delivered"
          ? `Sent ${about} again: delivered${answer ? ` (${answer})` : ""}.`
          : delivery.status == "held"
            ? `Sent ${about} again: it failed, and the webhook has paused, so it is held (Resume sends it).`
            : `Sent ${about} again: it failed${answer ? ` (${answer})` : ""}${next}.`,
      );
      return;
    }
    this._say(sent.id, `Sending ${about} again: no answer yet; Refresh shows how it went.`);
  }

  /** Retry fits a failed delivery with something to send; on a paused webhook only a test (Resume sends the rest first). */
  private _retriable(d: WebhookDelivery) {
    return d.status == "failed" && !d.erased && (!this.webhook.pausedAt || d.event == "webhook.test");
  }

  override render() {
    const list = this._list;
    const id = `deliveries-${this.webhook.id}`;
    const shown = SHOWN.find(([v]) => v == this._status)?.[1] ?? "";
    return html`<div class="field"><label for=${id}>Show</label>
        <select id=${id} @change=${this._filter}>${SHOWN.map(([v, l]) => html`<option value=${v} ?selected=${v == this._status}>${l}</option>`)}</select></div>
      ${list == null
        ? nothing
        : list.length == 0
          ? html`<p class="muted">${this._status ? `No deliveries shown as "${shown}".` : "No deliveries yet."}</p>`
          : html`<div class="table"><table>
              <caption class="sr">${shown}, newest first, to ${this.webhook.url}</caption>
              <thead><tr><th scope="col">Created</th><th scope="col">Event and delivery id</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
              <tbody>${list.map(
                (d) => html`<tr><td>${formatDateTime(d.createdAt)}</td><td class="text"><span class="event">${d.event.split(".").map((part, i) => (i ? html`.<wbr />${part}` : part))}</span><br /><span class="muted">${d.id}</span></td>
                  <td>${d.status}${d.nextAttemptAt ? html`<br /><span class="muted">next try ${formatDateTime(d.nextAttemptAt)}</span>` : nothing}</td>
                  <td>${d.attempts}</td><td class="text">${lastAnswer(d)}</td>
                  <td>${this._retriable(d) ? html`<button @click=${() => this._retry(d)} aria-label="Retry ${d.id}">Retry</button>` : nothing}</td></tr>`,
              )}</tbody></table></div>`}
      <p class="row">${this._cursor
          ? html`<button @click=${() => this._load(true)} aria-disabled=${this._loading ? "true" : "false"} aria-label="Load more: older deliveries to ${this.webhook.url}">Load more</button>`
          : nothing}
        <button class="refresh" @click=${() => this._load()} aria-label="Refresh the deliveries to ${this.webhook.url}">Refresh</button></p>
      <div role="status" class="muted text"><div>${this._message}</div>${[...this._retries.values()].map((m) => html`<div class="retry">${m}</div>`)}</div>`;
  }
}

customElements.get("admin-deliveries") || customElements.define("admin-deliveries", AdminDeliveries);

declare global {
  interface HTMLElementTagNameMap {
    "admin-deliveries": AdminDeliveries;
  }
}
