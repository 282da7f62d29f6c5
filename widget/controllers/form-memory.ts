// What the new-comment form keeps between attempts: the reader's unsent draft (per thread, for this tab), their
// name and whether they want reply e-mails (per browser), and the idempotency key that makes a retried post land once.
import { store } from "../api/local";
import { draftOf, randomKey, type Draft } from "../api/local-extras";

export class FormMemory {
  /** The name the reader last posted under (kept in the browser), and their e-mail (for this page only). */
  name = store("parley:name") ?? "";
  email = "";
  /** Whether the reader last asked for e-mails about replies (kept in the browser, like the name). */
  notify = store("parley:notify") == "1";
  /** The new-comment form's unsent text and name, kept in the tab's session across reloads. */
  private _draft: Draft | null | undefined;
  // Kept while the same text is retried, so a retry after a lost response cannot post it twice.
  private _idemKey = "";
  private _idemFor = "";

  constructor(
    private _site: string,
    private _thread: string,
  ) {
    this._draft = draftOf(_site, _thread);
  }

  /** A page that gives the element another thread (an SPA's next page): the draft is that thread's from now on. */
  follow(thread: string) {
    if (thread == this._thread) return false;
    this._thread = thread;
    this._draft = draftOf(this._site, thread);
    this._idemFor = "";
    return true;
  }

  get draft(): Draft | undefined {
    return this._draft ?? undefined;
  }

  /** Keeps the draft as the reader types; `null` forgets it (the comment was posted). */
  keep(draft: Draft | null) {
    draftOf(this._site, this._thread, (this._draft = draft));
  }

  /** A comment went through under `name` (and `email`): the next post gets a new key. */
  posted(name: string, email = "") {
    store("parley:name", (this.name = name));
    this.email = email;
    this._idemFor = "";
  }

  /** Remembers whether the reader asks for reply e-mails: the box starts that way next time. */
  chooseNotify(on: boolean) {
    store("parley:notify", (this.notify = on) ? "1" : "0");
  }

  /** The idempotency key for sending `input`: the same while the same input is sent again. */
  keyFor(input: object) {
    const text = JSON.stringify(input);
    if (text != this._idemFor) {
      this._idemFor = text;
      this._idemKey = randomKey(28);
    }
    return this._idemKey;
  }
}
