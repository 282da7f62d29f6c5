// <parley-admin>: the dashboard's shell. Sign in with a site id and its owner token, then the sections:
// queue, threads and articles, at a glance, bans, audit log and settings, each at its own hash (../route.ts), so
// Back, Forward, reloads and shared links work. Sign out forgets the token; the address never holds it.
import { html, LitElement, nothing } from "lit";
import { ApiError, UNAUTHORIZED_EVENT, type Session } from "../api/client";
import { getSettings, type SiteView } from "../api/site";
import { clearSession, loadSession, saveSession } from "../session";
import { reason, UNSENT_EVENT, unsentSummary, type Unsent } from "../undo";
import { theme } from "../styles";
import { namesSection, routeOf, SECTIONS, type Section } from "../route";
import { shell } from "./shell-styles";
import "./admin-queue";
import "./admin-content";
import "./admin-glance";
import "./admin-tables";
import "./admin-settings";
import type { Drafts, Edited, ShownOnce } from "./admin-settings";

/** Nothing shown once: no new token, no signing secret. */
const NONE_SHOWN: ShownOnce = { token: null, secrets: [] };

/**
 * The dashboard. Signed out, a form with "Site" and "Owner token"; signed in, one section at a time.
 * The token is kept in sessionStorage only.
 */
export class ParleyAdmin extends LitElement {
  static override styles = [theme, shell];
  static override properties = {
    _session: { state: true },
    _site: { state: true },
    _section: { state: true },
    _error: { state: true },
    _invalid: { state: true },
    _busy: { state: true },
    _draft: { state: true },
    _unsent: { state: true },
    _shown: { state: true },
  };

  private _session: Session | null = loadSession();
  private _site: SiteView | null = null;
  private _section: Section = routeOf(location.hash).section;
  private _error = "";
  /** Whether the API refused the token typed (not a network failure): the field says so until it is typed in again. */
  private _invalid = false;
  private _busy = false;
  /**
   * Settings edits not yet saved and a webhook not yet added, and whose site they are: kept while other sections
   * are shown and through a sign-in after the token expired, so leaving the forms never loses them. Null when
   * neither form holds anything unsaved.
   */
  private _draft: { site: string; forms: Drafts } | null = null;
  /**
   * The site of the session the API last refused (its token rotated, or a reload with an old one): the sign-in form
   * keeps it, so that only the current token is asked for.
   */
  private _refusedSite = "";
  /** The queue's actions the API refused with the token that expired: listed under the reason until a sign-in. */
  private _unsent: Unsent = {};
  /**
   * A new owner token and new webhooks' signing secrets not yet dismissed, and whose site they are: Settings shows
   * them again when it is left and opened again. Memory only (the API never shows them again, and storage would
   * keep them past the page); signing out forgets them, as it forgets the token.
   */
  private _shown: { site: string; once: ShownOnce } | null = null;

  override connectedCallback() {
    super.connectedCallback();
    addEventListener(UNAUTHORIZED_EVENT, this._expired);
    addEventListener(UNSENT_EVENT, this._notSent);
    addEventListener("hashchange", this._navigated);
    if (this._session) void this._check(this._session);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener(UNAUTHORIZED_EVENT, this._expired);
    removeEventListener(UNSENT_EVENT, this._notSent);
    removeEventListener("hashchange", this._navigated);
    removeEventListener("beforeunload", this._warnUnsaved);
  }

  /**
   * Closing or reloading the tab asks first, but only while settings edits or a new webhook are unsaved, or while a
   * new owner token or signing secret is on screen (the API never shows one again).
   */
  private _warnUnsaved = (e: BeforeUnloadEvent) => e.preventDefault();

  /** Whether a new owner token or a signing secret is shown and not yet dismissed. */
  private get _showsSecret() {
    return !!this._shown && (!!this._shown.once.token || this._shown.once.secrets.length > 0);
  }

  /**
   * The API refused the token mid-session (rotated in another tab or by the CLI): back to signing in, saying why.
   * The queue sends its waiting actions as it leaves; each one refused too is listed (`_notSent`).
   */
  private _expired = (e: Event) => {
    if (!this._session) return;
    this._unsent = {};
    this._refusedSite = this._session.site;
    clearSession();
    this._session = null;
    this._site = null;
    this._invalid = false;
    this._error = `Signed out: ${(e as CustomEvent<string>).detail} It may have been rotated elsewhere; sign in with the current owner token.`;
    // The section the keyboard was in is gone: it goes to the token field, which the reason describes.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("#token")?.focus());
  };

  /** An action the expired token could not send, added to those the sign-in form lists. */
  private _notSent = (e: Event) => {
    const unsent = { ...this._unsent };
    for (const [action, n = 0] of Object.entries((e as CustomEvent<Unsent>).detail)) unsent[action as keyof Unsent] = (unsent[action as keyof Unsent] ?? 0) + n;
    this._unsent = unsent;
  };

  /** Checks a token by reading the settings the dashboard needs anyway; a refusal shows the API's message. */
  private async _check(s: Session) {
    this._busy = true;
    try {
      this._site = (await getSettings(s)).site;
      if (this._draft?.site != s.site) this._draft = null;
      if (this._shown?.site != s.site) this._shown = null;
      this._session = s;
      this._error = "";
      this._invalid = false;
      this._unsent = {};
      saveSession(s);
    } catch (e) {
      this._session = null;
      this._refusedSite = s.site;
      clearSession();
      const unreached = e instanceof ApiError && e.code == "NETWORK_ERROR";
      this._invalid = !unreached;
      this._error = unreached ? "The dashboard could not reach the worker. Try again." : reason(e);
    } finally {
      this._busy = false;
    }
  }

  private _signIn(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    // A token pasted with the header's word before it ("Bearer pt_own_…") is the token all the same.
    const token = String(data.get("token")).trim().replace(/^Bearer\s+/i, "");
    // Refused, the keyboard goes back to the token (the button it pressed was disabled while the worker was asked).
    // Site ids are lowercase: "DEMO" typed (or capitalized by a phone's keyboard) is the site "demo".
    void this._check({ site: String(data.get("site")).trim().toLowerCase(), token }).then(async () => {
      if (this._session) return void this._focusSection();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>("#token")?.select();
    });
  }

  /** Moves the keyboard to the heading of the section now shown, as a page change would. */
  private async _focusSection() {
    await this.updateComplete;
    const section = this.renderRoot.querySelector("main > *") as LitElement | null;
    await section?.updateComplete;
    section?.shadowRoot?.querySelector<HTMLElement>("h2")?.focus();
  }

  /**
   * A section link, Back or Forward changed the hash: show that section and move the keyboard to it. Within the
   * queue, between two of its tabs, the keyboard stays where it is.
   */
  private _navigated = () => {
    this._nameSection();
    const section = routeOf(location.hash).section;
    if (section == this._section) return;
    this._section = section;
    if (this._session && this._site) void this._focusSection();
  };

  /**
   * Signed in, the address names the section shown: `/admin` alone, or a hash the dashboard does not know, shows the
   * queue and becomes `#/queue` (replaced, not a new entry for Back).
   */
  private _nameSection() {
    if (this._session && this._site && !namesSection(location.hash)) history.replaceState(history.state, "", "#/queue");
  }

  private async _signOut() {
    if (this._draft && !confirm("Your changes in Settings are not saved. Sign out and discard them?")) return;
    if (this._showsSecret && !confirm("A new owner token or signing secret is still shown, and it is never shown again. Sign out anyway?")) return;
    this._draft = null;
    this._shown = null;
    // Actions still inside their undo window are sent first: signing out never loses a decision.
    await this.renderRoot.querySelector("admin-queue")?.flush();
    clearSession();
    this._refusedSite = "";
    this._session = null;
    this._site = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>("#site")?.focus();
  }

  /**
   * Brings a section link the keyboard reaches wholly into the row, focus ring included: on a phone the row scrolls
   * sideways, and browsers scroll a focused element only until part of it shows.
   */
  private _reveal(e: FocusEvent) {
    (e.target as HTMLElement).scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  /** Keeps a settings form's unsaved input, or forgets it once the form holds none (saved, added or discarded). */
  private _edited(site: string, { form, data }: Edited) {
    const forms: Drafts = { ...this._draft?.forms };
    if (data) forms[form] = data;
    else delete forms[form];
    this._draft = Object.keys(forms).length ? { site, forms } : null;
  }

  /** Keeps what Settings shows once (a new token, signing secrets) as it changed, until each is dismissed. */
  private _shownOnce(site: string, change: Partial<ShownOnce>) {
    this._shown = { site, once: { ...NONE_SHOWN, ...this._shown?.once, ...change } };
  }

  /** A new owner token (after rotation) replaces the old one in the session. */
  private _tokenRotated(e: CustomEvent<string>) {
    if (!this._session) return;
    this._session = { ...this._session, token: e.detail };
    saveSession(this._session);
  }

  protected override updated(changed: Map<string, unknown>) {
    this._nameSection();
    // On a phone the sections scroll sideways: the current one is brought into the row when it changes or on
    // signing in (a reload on #/settings), not when saved settings update the site.
    if (changed.has("_section") || changed.get("_site") === null)
      this.renderRoot.querySelector("nav [aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
    // Only while needed: a page with a beforeunload listener is kept out of some browsers' back/forward cache.
    if (this._draft || this._showsSecret) addEventListener("beforeunload", this._warnUnsaved);
    else removeEventListener("beforeunload", this._warnUnsaved);
    // Each view titles the tab, so the entries of Back's history menu say where they lead.
    const label = SECTIONS.find(([id]) => id == this._section)![1];
    document.title = this._site ? `${label} · ${this._site.name} · Parley dashboard` : "Parley dashboard";
  }

  override render() {
    return this._session && this._site ? this._dashboard(this._session, this._site) : this._signInForm();
  }

  private _signInForm() {
    return html`<main class="signin">
      <h1>Parley dashboard</h1>
      <form @submit=${this._signIn} class="panel">
        <div class="field">
          <label for="site">Site</label>
          <input id="site" name="site" required autocomplete="username" autocapitalize="none" spellcheck="false" value=${this._session?.site ?? this._refusedSite} />
        </div>
        <div class="field">
          <label for="token">Owner token</label>
          <input id="token" name="token" type="password" required autocomplete="current-password" spellcheck="false"
            aria-describedby="token-hint ${this._error ? "signin-error" : ""}" aria-invalid=${this._invalid ? "true" : nothing}
            @input=${() => (this._invalid = false)} />
          <p id="token-hint" class="hint">Kept in this tab only (sessionStorage), and forgotten when you sign out.</p>
        </div>
        ${this._error ? html`<p id="signin-error" class="error" role="alert">${[this._error, unsentSummary(this._unsent)].filter(Boolean).join(" ")}</p>` : nothing}
        <p><button class="primary" ?disabled=${this._busy}>Sign in</button></p>
      </form>
    </main>`;
  }

  private _dashboard(s: Session, site: SiteView) {
    const section = this._section;
    return html`<header>
        <div class="brand"><strong>${site.name}</strong> <span class="muted">${site.id}</span></div>
        <nav aria-label="Sections" @focusin=${this._reveal}>
          ${SECTIONS.map(
            ([id, label]) =>
              html`<a href="#/${id}" aria-current=${section == id ? "page" : "false"}
                >${label}${id == "settings" && this._draft ? html`<span aria-hidden="true"> •</span><span class="sr">, unsaved changes</span>` : nothing}</a
              >`,
          )}
        </nav>
        <button class="signout" @click=${this._signOut}>Sign out</button>
      </header>
      <main>
        ${section == "queue"
          ? html`<admin-queue .session=${s} .site=${site}></admin-queue>`
          : section == "content"
            ? html`<admin-content .session=${s} .site=${site}></admin-content>`
            : section == "glance"
              ? html`<admin-glance .session=${s}></admin-glance>`
              : section == "bans"
                ? html`<admin-bans .session=${s}></admin-bans>`
                : section == "audit"
                  ? html`<admin-audit .session=${s}></admin-audit>`
                  : html`<admin-settings .session=${s} .site=${site} .drafts=${this._draft?.forms ?? {}} .shown=${this._shown?.once ?? NONE_SHOWN}
                      @token-rotated=${this._tokenRotated} @shown-once-changed=${(e: CustomEvent<Partial<ShownOnce>>) => this._shownOnce(site.id, e.detail)}
                      @site-updated=${(e: CustomEvent<SiteView>) => (this._site = e.detail)}
                      @settings-edited=${(e: CustomEvent<Edited>) => this._edited(site.id, e.detail)}></admin-settings>`}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-admin": ParleyAdmin;
  }
}
