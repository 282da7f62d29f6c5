// Shared look for every Parley shadow root; the CSS text lives in the contract, shared with the server's HTML.
import { unsafeCSS } from "lit";
import { BASE_CSS } from "../../worker/contract/styles";

export const base = unsafeCSS(BASE_CSS);
