// Threads & articles → Threads: every thread with its published comments and those waiting in the queue, its lock
// state and Lock or Unlock, all of them or only the threads with comments waiting. <admin-content> holds the list.
import { html, nothing } from "lit";
import type { ThreadSummary } from "../../worker/contract/dashboard";
import { readableKey } from "../format";
import { queueTabHash } from "../route";
import { loadFailed } from "./load-failed";

/** The threads as loaded so far and what the section does with them. */
export interface ThreadsView {
  threads: ThreadSummary[];
  /** Whether more threads remain to load. */
  more: boolean;
  /** Why the threads could not be read, or "". */
  failed: string;
  /** Whether only the threads with comments waiting are listed (the API filters: every page holds only those). */
  waiting: boolean;
  lock(t: ThreadSummary): void;
  loadMore(): void;
  retry(): void;
  showWaiting(waiting: boolean): void;
}

/**
 * A thread's published comments, and those waiting in the queue, which readers do not see yet: a pre-moderated
 * thread would otherwise read "0" while its comments wait. The waiting ones link to the queue.
 */
function counts(t: ThreadSummary) {
  return html`${t.commentCount} published${t.pendingCount
    ? html`<br /><a href=${queueTabHash("pending", t.key)} class="waiting">${t.pendingCount} waiting</a>`
    : nothing}`;
}

/** The Threads section: the Show filter, the table, and what it says when there is nothing to list. */
export function threadsSection(v: ThreadsView) {
  const empty = v.waiting ? "No thread has comments waiting." : "No threads yet.";
  return html`<section aria-labelledby="threads-h">
    <h3 id="threads-h">Threads</h3>
    <p class="row"><label class="inline"><input type="checkbox" id="waiting-only" .checked=${v.waiting}
      @change=${(e: Event) => v.showWaiting((e.target as HTMLInputElement).checked)} /> Only threads with comments waiting</label></p>
    <div class="table"><table>
      <thead><tr><th scope="col">Thread</th><th scope="col">Comments</th><th scope="col">State</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody>${v.threads.map(
        (t) => html`<tr><td class="text"><span class="key" title=${t.key}>${readableKey(t.key)}</span></td><td>${counts(t)}</td><td>${t.locked ? "Locked" : t.closed ? "Closed (auto)" : "Open"}</td>
          <td><button @click=${() => v.lock(t)} aria-label="${t.locked ? "Unlock" : "Lock"} ${t.key}">${t.locked ? "Unlock" : "Lock"}</button></td></tr>`,
      )}</tbody>
    </table></div>
    ${v.failed ? loadFailed("The threads", v.failed, v.retry) : v.threads.length ? nothing : html`<p class="muted">${empty}</p>`}
    ${v.more ? html`<button @click=${v.loadMore}>More threads</button>` : nothing}
  </section>`;
}
