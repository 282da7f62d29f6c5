// What a section shows in place of a list it could not read (the worker down, an error page in front of it): why,
// and Try again. Never the empty list's "No … yet", which would tell the owner something false.
import { html } from "lit";

/**
 * "`what` could not be loaded: `why`" (`why` from reason()), with a button that reads it again. The button goes as
 * the list loads, so the keyboard moves to the section's heading first rather than fall to the page; if the list
 * fails again, its alert is read out.
 */
export const loadFailed = (what: string, why: string, retry: () => void) =>
  html`<div class="row" role="alert"><p class="error">${what} could not be loaded: ${why}</p><button @click=${(e: Event) => again(e, retry)}>Try again</button></div>`;

function again(e: Event, retry: () => void) {
  ((e.currentTarget as Element).getRootNode() as ParentNode).querySelector<HTMLElement>("h2[tabindex]")?.focus();
  retry();
}
