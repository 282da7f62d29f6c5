// The base of every Parley element: the site it belongs to, the API it talks to, its colour theme and language.
import { html, LitElement, nothing, unsafeCSS } from "lit";
import type { ApiError } from "../api/request";
import { pageOrigin } from "../controllers/load-controller";
import { localeOf, ready, t } from "../i18n/index";
import { property } from "./decorators";
import { afterPaint, darkBehind } from "./paint";

/** Lit's `styles` from the sheets of styles/base: a sheet as it is, CSS text (no constructed sheets) as Lit's fallback. */
export const litStyles = (sheets: (CSSStyleSheet | string)[]) => sheets.map((s) => (typeof s == "string" ? unsafeCSS(s) : s));

/** Marks Parley's element classes, those of every copy of the widget: a Parley tag defined by a class without it is another script's. */
export const PARLEY: unique symbol = Symbol.for("parley:element");

/** What every Parley element shares: `site`, `api` and `theme`. Not an element of its own. */
export abstract class ParleyElement extends LitElement {
  static readonly [PARLEY] = true;

  /** The site id, as registered with the worker. */
  @property() site = "";
  /** API origin, e.g. `https://comments.example.com`; defaults to where widget.js was loaded from. */
  @property() api?: string;
  /**
   * `light` or `dark` gives the element its own background and colours; `auto` follows the reader's system
   * setting (prefers-color-scheme). Left off, the element is transparent and takes the page's colours.
   */
  @property({ reflect: true }) theme?: "light" | "dark" | "auto";
  /**
   * Without a `theme`: whether the page is dark behind the element, read from its backgrounds before each render
   * (a page dark through prefers-color-scheme may not say so in color-scheme). The element's wrapper then takes
   * `.dark`, so that the accent and form controls suit a dark page.
   */
  protected _dark = false;

  /**
   * Server-rendered HTML in the shadow root (an /embed fragment's, or what widget.js put in: see prerender), shown
   * until the element first renders the same view itself.
   */
  protected _ssr?: ChildNode[];

  /**
   * A shadow root that holds Parley's server-rendered HTML carries the view it shows (script[data-parley-view]):
   * the element takes that view as loaded (`_hydrate`), and swaps its own rendering in when it first renders.
   */
  protected override createRenderRoot() {
    const root = super.createRenderRoot() as ShadowRoot;
    const view = root.querySelector("script[data-parley-view]")?.textContent;
    if (view) {
      this._ssr = [...root.childNodes];
      this._hydrate(JSON.parse(view));
      // Lit renders after the server's nodes, not before them: they go, and its place must stay.
      this.renderOptions.renderBefore = null;
    }
    return root;
  }

  /** Takes the view server-rendered HTML carries as loaded (<parley-count> has none). */
  protected _hydrate(_view: object) {}

  /** Server-rendered HTML paints first: the element's own rendering of it waits until after that paint. */
  protected override async scheduleUpdate() {
    if (this._ssr) await afterPaint();
    super.scheduleUpdate();
  }

  /** Removes the server-rendered HTML, from the render() that replaces it in the same update: nothing paints between. */
  protected _swap() {
    this._ssr = void this._ssr?.forEach((n) => n.remove());
  }

  protected override willUpdate() {
    this._dark = !this.theme && darkBehind(this);
  }

  /**
   * The language to render in: `lang`, the page's, else `fallback` (the site's). Undefined while its strings
   * load, which renders the element again when they arrive.
   */
  protected _locale(fallback?: string) {
    const l = localeOf(this, fallback);
    return ready(l, () => this.requestUpdate()) ? l : undefined;
  }

  /**
   * Why loading failed. A page set up wrongly (an unknown site, an origin the site does not allow) is told what to
   * fix, with the site id and the page's origin (as the browser sends it); a missing article says so; only a failure that trying again can
   * mend (the network, the server) offers Retry.
   */
  protected _failure(l: string, error: ApiError, retry: () => void) {
    const { code } = error;
    const setup = code == "SITE_NOT_FOUND" || code == "ORIGIN_NOT_ALLOWED";
    const key = setup ? code : error.status == 404 ? "notFound" : "loadFailed";
    return html`<p class=notice role=alert part=error>
      ${t(l, key)}
      ${setup
        ? html`<br /><small dir=ltr>site="${this.site}" · ${pageOrigin()}</small>`
        : key == "loadFailed"
          ? html`<button part=button @click=${retry}>${t(l, "retry")}</button>`
          : nothing}
    </p>`;
  }
}
