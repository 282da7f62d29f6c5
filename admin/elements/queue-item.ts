// One comment of the moderation queue as the owner sees it: who, where, why it was held, the body, and the actions
// its state allows. The queue element owns the state; this is the template and the link to the comment in place.
import { html, nothing, type TemplateResult } from "lit";
import { treeShowsNothing } from "../../worker/contract/blank";
import { isLong } from "../../worker/contract/doc";
import { renderDoc } from "../../widget/render/doc";
import type { BulkAction, ModerationComment } from "../api/moderation";
import type { SiteView } from "../api/site";
import { ago, formatDateTime, readableKey } from "../format";

/** What the queue tells an item, and what the item's controls call back. */
export interface QueueItemHost {
  current: boolean;
  selected: boolean;
  /** Why the last action left this comment alone (it changed since the list was loaded), or "". */
  notice: string;
  /** Where the comment it replies to shows on the blog (see threadLink), if it is a reply and that is anywhere. */
  parentLink: string | null;
  /** The forms open under the item (edit, ban), or nothing. */
  forms: TemplateResult | typeof nothing;
  act(action: BulkAction): void;
  toggle(): void;
  /** The keyboard (or a click) went into the item: it becomes the one the shortcuts act on. */
  focus(): void;
  edit(): void;
  ban(): void;
  lock(): void;
}

/**
 * Where the comment can be seen in place: on the blog when its thread key is a page path, or a page address on one
 * of the site's origins; else nowhere. A reader picks the thread key (it is in the URL they post to), so an address
 * elsewhere (a phishing page) is shown as text, not offered as a link.
 */
export function threadLink(site: SiteView, c: ModerationComment, id = c.id): string | null {
  const { origins } = site.settings;
  if (/^https?:\/\//.test(c.threadKey)) return URL.canParse(c.threadKey) && origins.includes(new URL(c.threadKey).origin) ? `${c.threadKey}#comment-${id}` : null;
  return origins[0] && c.threadKey.startsWith("/") ? `${origins[0]}${c.threadKey}#comment-${id}` : null;
}

/** One queue item; `link` is where the comment shows on the blog, if anywhere. */
export function queueItem(c: ModerationComment, link: string | null, host: QueueItemHost) {
  const b = (action: BulkAction, label: string, key?: string) =>
    html`<button @click=${() => host.act(action)} aria-keyshortcuts=${key ?? nothing}>${label}</button>`;
  const s = c.status;
  return html`<article id="c-${c.id}" class="${host.current ? "current" : ""} ${host.selected ? "selected" : ""}"
    tabindex=${host.current ? "0" : "-1"} aria-labelledby="a-${c.id}" @focusin=${() => host.focus()}>
    <div class="meta row">
      <label class="inline"><input type="checkbox" .checked=${host.selected} @change=${() => host.toggle()} />
        <span class="sr">Select the comment by ${c.authorName}</span></label>
      <strong id="a-${c.id}">${c.authorName || "(deleted)"}</strong>
      ${c.authorEmail ? html`<span class="muted">${c.authorEmail}</span>` : nothing}
      <time datetime=${c.createdAt} title=${formatDateTime(c.createdAt)}>${ago(c.createdAt)}</time>
      <span class="key" title=${c.threadKey}>on ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${readableKey(c.threadKey)}</a>` : html`<span>${readableKey(c.threadKey)}</span>`}</span>
      ${c.parentId
        ? // A reply is judged with what it answers: the owner can open that comment in place.
          html`<span>in reply to ${host.parentLink ? html`<a href=${host.parentLink} target="_blank" rel="noopener noreferrer">a comment</a>` : "a comment"}</span>`
        : nothing}
      ${c.pinned ? html`<span class="badge">Pinned</span>` : nothing}
      ${c.shadow ? html`<span class="badge">Shadow</span>` : nothing}
      ${c.editedBy ? html`<span class="badge">Edited by ${c.editedBy}</span>` : nothing}
    </div>
    ${host.notice ? html`<p class="changed" role="note">${host.notice}</p>` : nothing}
    ${c.held ? html`<p class="held"><strong>${s == "pending" ? "Why held:" : "Was held:"}</strong> ${c.held.text}</p>` : nothing}
    ${c.reason == "withdrawn"
      ? html`<p class="held"><strong>Deleted by its author:</strong> its text went with it, so it cannot be restored.</p>`
      : nothing}
    ${c.reason != "erased" && c.reason != "withdrawn" && treeShowsNothing(c.body)
      ? html`<p class="held"><strong>No text:</strong> it shows nothing (an imported blank), and readers are never shown a blank comment.
          ${s == "deleted" ? "Restoring it does not publish it: if it was published, it comes back to the queue, where you can edit it." : "Edit it before you approve it."}</p>`
      : nothing}
    ${isLong(c.body)
      ? // A long comment scrolls inside its item, so that its actions stay near: all of it is there to read.
        html`<div class="doc body long" tabindex="0" role="region" aria-label="Text of the comment by ${c.authorName || "(deleted)"}">${renderDoc(c.body, 3, false)}</div>`
      : html`<div class="doc body">${renderDoc(c.body, 3, false)}</div>`}
    <div class="actions row">
      ${s == "deleted"
        ? c.reason == "erased"
          ? html`<span class="badge">Erased (GDPR request): cannot be restored</span>`
          : c.reason == "withdrawn"
            ? html`<span class="badge">Deleted by its author: cannot be restored</span>`
            : b("restore", "Restore")
        : html`${s != "published" ? b("approve", "Approve", "a") : c.pinned ? b("unpin", "Unpin", "p") : b("pin", "Pin", "p")}
            ${s != "rejected" ? b("reject", "Reject", "r") : nothing} ${s != "spam" ? b("spam", "Spam", "s") : nothing}
            ${b("delete", "Delete", "d")}
            <button @click=${() => host.edit()}>Edit</button>
            <button @click=${() => host.ban()}>Ban author</button>
            <button @click=${() => host.lock()}>Lock thread</button>`}
    </div>
    ${host.forms}
  </article>`;
}
