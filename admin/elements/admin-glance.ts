// <admin-glance>: comments per day for the last 30 days and the queue size, from the one stats query, as an SVG
// bar chart drawn here (a few lines; no chart library to download).
import { css, html, LitElement, nothing, svg } from "lit";
import type { Session } from "../api/client";
import { getStats, type SiteStats } from "../api/site";
import { formatDate, plural } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";
import { loadFailed } from "./load-failed";

const W = 600;
const H = 160;

export class AdminGlance extends LitElement {
  static override styles = [
    theme,
    css`
      .figures { display: flex; flex-wrap: wrap; gap: 1em; margin-bottom: 1em; }
      .figure { min-width: 9em; }
      .figure strong { display: block; font-size: 2rem; }
      svg { width: 100%; height: auto; display: block; }
      .bar { fill: var(--accent); }
      .axis { stroke: var(--line); }
      text { fill: var(--muted); font-size: 12px; }
    `,
  ];
  static override properties = { session: { attribute: false }, _stats: { state: true }, _error: { state: true } };

  session!: Session;
  private _stats: SiteStats | null = null;
  private _error = "";

  override connectedCallback() {
    super.connectedCallback();
    this._load();
  }

  private _load() {
    this._error = "";
    getStats(this.session).then(
      (s) => (this._stats = s),
      (e) => (this._error = reason(e)),
    );
  }

  override render() {
    const s = this._stats;
    return html`<h2 tabindex="-1">At a glance</h2>
      ${this._error ? loadFailed("The figures", this._error, () => this._load()) : s ? this._view(s) : html`<p class="muted" aria-busy="true">Loading…</p>`}`;
  }

  private _view(s: SiteStats) {
    const total = s.days.reduce((n, d) => n + d.comments, 0);
    const max = Math.max(1, ...s.days.map((d) => d.comments));
    const slot = W / s.days.length;
    const busiest = s.days.reduce((a, b) => (b.comments > a.comments ? b : a));
    const label = `${plural(total, "comment")} in the last 30 days${total ? `; the busiest day was ${formatDate(busiest.date)} with ${busiest.comments}` : ""}.`;
    return html`<div class="figures">
        <p class="figure panel"><strong>${s.queue}</strong> waiting in the queue</p>
        <p class="figure panel"><strong>${total}</strong> comments in 30 days</p>
      </div>
      <figure class="panel">
        <svg viewBox="0 0 ${W} ${H + 20}" role="img" aria-label=${label}>
          ${s.days.map((d, i) => {
            const h = (d.comments / max) * H;
            return svg`<rect class="bar" x=${i * slot + 2} y=${H - h} width=${slot - 4} height=${h}><title>${formatDate(d.date)}: ${plural(d.comments, "comment")}</title></rect>`;
          })}
          <line class="axis" x1="0" x2=${W} y1=${H} y2=${H}></line>
          <text x="0" y=${H + 16}>${formatDate(s.days[0].date)}</text>
          <text x=${W} y=${H + 16} text-anchor="end">${formatDate(s.days[s.days.length - 1].date)}</text>
          <text x="0" y="12">${max} a day</text>
        </svg>
        <figcaption class="muted">Comments received per day (all statuses), UTC.</figcaption>
      </figure>`;
  }
}

customElements.get("admin-glance") || customElements.define("admin-glance", AdminGlance);

declare global {
  interface HTMLElementTagNameMap {
    "admin-glance": AdminGlance;
  }
}
