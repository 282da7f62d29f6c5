// <parley-count>: "N comments" for one thread on a listing page. All counts on a page share one request.
import { html, nothing } from "lit";
import { property } from "./decorators";
import { createCountController } from "../controllers/count-controller";
import { t } from "../i18n/index";
import { ParleyElement } from "./parley-element";

/**
 * A comment count. Stays empty until the count arrives, and if it cannot be loaded.
 *
 * @attr lang - The language of "N comments"; defaults to the page's `<html lang>`.
 * @fires parley-loaded - The count arrived.
 * @fires parley-error - The count could not be loaded; `code` is the API's error code.
 * @csspart count - The text. The element is inline and inherits the page's font and colour.
 */
export class ParleyCount extends ParleyElement {
  @property() thread = "";

  private _count = createCountController(this, () => [this.api, this.site, this.thread]);

  override render() {
    const n = this._count.value;
    const l = this._locale();
    return n == null || !l ? nothing : html`<span part="count">${t(l, "comments", { n })}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-count": ParleyCount;
  }
}
