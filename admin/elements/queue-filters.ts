// The lines above the queue that say what it shows when it does not show a whole tab: a search, or one thread.
// The API counts every comment of a status whatever the filter, so both say that the tabs' counts are of all.
import { html } from "lit";
import type { CommentStatus } from "../api/moderation";
import { plural } from "../format";
import { QUEUE_TABS } from "../route";

/**
 * While searching, the tabs keep counting every comment of their status, and say so ("Pending (12 in all)"); this
 * line says how many of the tab's `shown` comments match `q`, as far as they are loaded (`more`: others remain).
 */
export function searchLine(q: string, status: CommentStatus, shown: number, more: boolean, onClear: () => void) {
  const label = QUEUE_TABS.find((t) => t[0] == status)![1];
  const found = more ? `More than ${shown} comments` : shown ? plural(shown, "comment") : "No comments";
  return html`<p class="row search" role="status">
    <span>${found} in ${label} ${shown == 1 && !more ? "matches" : "match"} “${q}”; the counts on the tabs are of all comments.</span>
    <button @click=${onClear}>Clear search</button>
  </p>`;
}

/** With one thread shown: which, that the tabs count every thread, and the way back to all of them. */
export function threadLine(thread: string, onAll: () => void) {
  return html`<p class="row search" role="status">
    <span>Only the comments of thread <code>${thread}</code>; the counts on the tabs are of all comments.</span>
    <button @click=${onAll}>Show every thread</button>
  </p>`;
}
