// The base of every Parley element: the site it belongs to and the API it talks to.
import { LitElement } from "lit";
import { property } from "lit/decorators.js";

export abstract class ParleyElement extends LitElement {
  /** The site id, as registered with the worker. */
  @property() site = "";
  /** API origin, e.g. `https://comments.example.com`; defaults to where widget.js was loaded from. */
  @property() api?: string;
}
