// What narrows the queue and the lines above it that say so when it does not show a whole tab: a search of the
// text, one author, or one thread. The API counts every comment of a status whatever the filter, so each line says
// that the tabs' counts are of all.
import { html, nothing } from "lit";
import { LIMITS } from "../../worker/contract/limits";
import type { CommentStatus } from "../api/moderation";
import { plural } from "../format";
import { QUEUE_TABS } from "../route";

/** The most a search may hold: the API refuses a longer `q` (moderationQuerySchema), so the field takes no more. */
const SEARCH_CHARS = 200;

/** What the search form asks for: text in a comment or a name, and one author; "" for neither. */
export interface Search {
  q: string;
  author: string;
}

/**
 * The search form: text found anywhere in a comment or its author's name, and an author, by the exact name or
 * e-mail address (the API matches an address by its keyed hash: the queue shows it only masked). The author field is
 * a plain text field, not a second search box: the text search stays the queue's one searchbox.
 */
export function searchForm({ q, author }: Search, onSearch: (search: Search) => void) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    onSearch({ q: String(data.get("q") ?? "").trim(), author: String(data.get("author") ?? "").trim() });
  };
  return html`<form class="row" role="search" @submit=${submit}>
    <label class="sr" for="q">Search comments</label>
    <input id="q" name="q" type="search" placeholder="Search text" maxlength=${SEARCH_CHARS} .value=${q} />
    <label class="sr" for="author">Author (exact name or e-mail address)</label>
    <input id="author" name="author" placeholder="Name or e-mail" maxlength=${LIMITS.authorEmailChars} .value=${author}
      autocomplete="off" spellcheck="false" />
    <button>Search</button>
  </form>`;
}

/**
 * While searching, the tabs keep counting every comment of their status, and say so ("Pending (12 in all)"); this
 * line says how many of the tab's `shown` comments match the search, as far as they are loaded (`more`: others
 * remain). What was typed shows isolated (<bdi>): a name with a right-to-left override turns only itself around.
 */
export function searchLine({ q, author }: Search, status: CommentStatus, shown: number, more: boolean, onClear: () => void) {
  const label = QUEUE_TABS.find((t) => t[0] == status)![1];
  // With more to load, a search may also have stopped where it looked no further (the API looks through 2,000
  // comments a request): what is found so far, and that Load more looks on.
  const found = shown ? plural(shown, "comment") : "No comments";
  const one = shown == 1;
  const matches = q ? html`${one ? "matches" : "match"} “<bdi>${q}</bdi>”` : nothing;
  const by = author ? html`${one ? "is" : "are"} by “<bdi>${author}</bdi>”` : nothing;
  return html`<p class="row search" role="status">
    <span>${found} in ${label} ${matches}${q && author ? " and " : ""}${by}${more ? " so far: Load more looks further back" : ""}; the counts on the tabs are of all comments.</span>
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
