// The base of every Parley element: the site it belongs to, the API it talks to, its colour theme and language.
import { LitElement } from "lit";
import { property } from "./decorators";
import { localeOf, ready } from "../i18n/index";

/** What every Parley element shares: `site`, `api` and `theme`. Not an element of its own. */
export abstract class ParleyElement extends LitElement {
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
   * The language to render in: `lang`, the page's, else `fallback` (the site's). Undefined while its strings
   * load, which renders the element again when they arrive.
   */
  protected _locale(fallback?: string) {
    const l = localeOf(this, fallback);
    return ready(l, () => this.requestUpdate()) ? l : undefined;
  }
}
