// <admin-content>: the site's threads (published and waiting counts, lock state, lock and unlock) and articles,
// with a markdown editor whose live preview is rendered by the worker's own markdown code and the widget's own
// document renderer.
import { css, html, LitElement, nothing } from "lit";
import { renderDoc } from "../../widget/render/doc";
import type { Doc } from "../../worker/contract/doc";
import { embedCode } from "../../worker/contract/embed";
import type { ArticleSummary, SocialLink } from "../../worker/contract/types";
import type { ThreadSummary } from "../../worker/contract/dashboard";
import { ApiError, type Session } from "../api/client";
import { copy } from "../copy";
import { listThreads, setLocked } from "../api/moderation";
import { deleteArticle, getArticleSource, listArticles, previewArticle, putArticle, type SiteView } from "../api/site";
import { formatDate } from "../format";
import { theme } from "../styles";
import { reason } from "../undo";
import { loadFailed } from "./load-failed";
import { threadsSection } from "./threads-table";

interface Draft {
  slug: string;
  title: string;
  author: string;
  body: string;
  /** The image link previews show (an https:// address), or "". */
  image: string;
  /** The article's address on the blog, or "". */
  url: string;
  /** The article's social links: the editor does not change them, and a save sends them back as they were. */
  links: SocialLink[];
  /** Whether it exists already (the slug is then fixed). */
  existing: boolean;
}

const EMPTY: Draft = { slug: "", title: "", author: "", body: "", image: "", url: "", links: [], existing: false };

/** What of a draft a save writes: what Close asks about when it changed since the draft was opened or saved. */
const written = (d: Draft) => JSON.stringify([d.slug, d.title, d.author, d.body, d.image, d.url]);

export class AdminContent extends LitElement {
  static override styles = [
    theme,
    css`
      section { margin-bottom: 2em; }
      .editor { display: grid; gap: 1em; grid-template-columns: repeat(auto-fit, minmax(18em, 1fr)); }
      .editor textarea { min-height: 20em; font-family: ui-monospace, monospace; font-size: .9em; }
      .preview { border: 1px solid var(--line); border-radius: 8px; padding: 1em; min-height: 10em; }
      .waiting { font-weight: 700; white-space: nowrap; }
      .embed textarea { font-family: ui-monospace, monospace; font-size: .85em; min-height: 3.5em; }
    `,
  ];
  static override properties = {
    session: { attribute: false },
    site: { attribute: false },
    _threads: { state: true },
    _threadCursor: { state: true },
    _waiting: { state: true },
    _articles: { state: true },
    _articleCursor: { state: true },
    _draft: { state: true },
    _preview: { state: true },
    _errors: { state: true },
    _message: { state: true },
    _failed: { state: true },
  };

  session!: Session;
  site!: SiteView;
  private _threads: ThreadSummary[] = [];
  private _threadCursor: string | null = null;
  /** Whether only the threads with comments waiting in the queue are listed. */
  private _waiting = false;
  private _articles: ArticleSummary[] = [];
  private _articleCursor: string | null = null;
  private _draft: Draft | null = null;
  /** The draft as last opened or saved (see written). */
  private _saved = "";
  private _preview: Doc = [];
  private _errors: Record<string, string> = {};
  private _message = "";
  /** Why the threads or the articles could not be read, or "". */
  private _failed: { threads: string; articles: string } = { threads: "", articles: "" };
  private _previewTimer?: ReturnType<typeof setTimeout>;
  private _previewSeq = 0;

  override connectedCallback() {
    super.connectedCallback();
    void this._loadThreads();
    void this._loadArticles();
  }

  /** Counts the thread lists asked for: an answer to one asked before the filter changed is dropped. */
  private _threadsAsked = 0;

  private async _loadThreads(more = false) {
    const asked = ++this._threadsAsked;
    try {
      const page = await listThreads(this.session, more ? this._threadCursor : null, this._waiting);
      if (asked != this._threadsAsked) return;
      const from = this._threads.length;
      this._threads = more ? [...this._threads, ...page.threads] : page.threads;
      this._threadCursor = page.nextCursor;
      this._failed = { ...this._failed, threads: "" };
      if (more) void this._focusRow("threads", from);
    } catch (e) {
      if (asked != this._threadsAsked) return;
      if (more) this._message = reason(e);
      else this._failed = { ...this._failed, threads: reason(e) };
    }
  }

  /** The first page of articles (again after a publish or a delete), or with `more` the next one. */
  private async _loadArticles(more = false) {
    try {
      const page = await listArticles(this.session, more ? this._articleCursor : null);
      const from = this._articles.length;
      this._articles = more ? [...this._articles, ...page.articles] : page.articles;
      this._articleCursor = page.nextCursor;
      this._failed = { ...this._failed, articles: "" };
      if (more) void this._focusRow("articles", from);
    } catch (e) {
      if (more) this._message = reason(e);
      else this._failed = { ...this._failed, articles: reason(e) };
    }
  }

  /**
   * After "More …", the keyboard goes to the first row loaded: on the last page the button it pressed is gone, and
   * the keyboard would fall to the top of the page.
   */
  private async _focusRow(list: "threads" | "articles", index: number) {
    await this.updateComplete;
    this.renderRoot.querySelectorAll(`section[aria-labelledby=${list}-h] tbody tr`)[index]?.querySelector("button")?.focus();
  }

  private async _lock(t: ThreadSummary) {
    try {
      const { thread, changed } = await setLocked(this.session, t.key, !t.locked);
      this._threads = this._threads.map((x) => (x.key == t.key ? { ...x, locked: thread.locked, closed: thread.closed } : x));
      // Another tab (or the CLI) may have done it since this list was read.
      const state = thread.locked ? "locked" : "unlocked";
      this._message = changed ? `${thread.locked ? "Locked" : "Unlocked"} ${t.key}.` : `${t.key} was already ${state}.`;
    } catch (e) {
      this._message = reason(e);
    }
  }

  private async _edit(slug: string | null) {
    this._errors = {};
    this._message = "";
    if (slug == null) this._draft = { ...EMPTY };
    else {
      try {
        const { article } = await getArticleSource(this.session, slug);
        const { title, author, body, image, links, url } = article;
        this._draft = { slug, title, author: author ?? "", body, image: image ?? "", url: url ?? "", links, existing: true };
      } catch (e) {
        this._message = reason(e);
        return;
      }
    }
    this._saved = written(this._draft);
    this._schedulePreview(0);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#editor-title")?.focus();
  }

  /** A field edited: its error, which was about the value before, goes until the next Publish checks it again. */
  private _input(field: keyof Draft, value: string) {
    this._draft = { ...this._draft!, [field]: value };
    if (field in this._errors) {
      const errors = { ...this._errors };
      delete errors[field];
      this._errors = errors;
    }
    if (field == "body") this._schedulePreview(250);
  }

  /** Asks the worker to render the markdown, at most once per pause in typing; a late answer never wins. */
  private _schedulePreview(delay: number) {
    clearTimeout(this._previewTimer);
    this._previewTimer = setTimeout(async () => {
      const seq = ++this._previewSeq;
      try {
        const { body } = await previewArticle(this.session, this._draft?.body ?? "");
        if (seq == this._previewSeq) this._preview = body;
      } catch (e) {
        if (seq == this._previewSeq) this._errors = { ...this._errors, body: reason(e) };
      }
    }, delay);
  }

  private async _publish(e: SubmitEvent) {
    e.preventDefault();
    const d = this._draft!;
    // A PUT replaces the whole article: what the editor does not show (its links, its date) is sent as it was.
    const body: Record<string, unknown> = { title: d.title, body: d.body, links: d.links };
    if (d.author.trim()) body.author = d.author;
    if (d.image.trim()) body.image = d.image.trim();
    if (d.url.trim()) body.url = d.url.trim();
    const invalid = (field: string, message: string) => new ApiError("VALIDATION_FAILED", 400, [{ field, message }], undefined, "The request is not valid.");
    try {
      if (!d.slug) throw invalid("slug", "Must not be empty.");
      // A new article must not replace one the site has under that slug.
      const { article } = await putArticle(this.session, d.slug, body, !d.existing).catch((e: unknown) => {
        if (e instanceof ApiError && e.code == "ARTICLE_EXISTS") {
          throw invalid("slug", "The site has an article with this slug: open it with its Edit button, or choose another slug.");
        }
        throw e;
      });
      this._errors = {};
      this._message = `Published “${article.title}”.`;
      this._draft = { ...d, existing: true };
      this._saved = written(this._draft);
      void this._loadArticles();
    } catch (err) {
      this._errors = fieldErrors(err);
      this._message = "";
    }
  }

  /** Closes the editor; with changes not saved, once the owner confirms. */
  private _close() {
    const d = this._draft!;
    if (written(d) != this._saved && !confirm(`Close without saving? Your changes to ${d.existing ? `“${d.title || d.slug}”` : "the new article"} are lost.`)) return;
    this._draft = null;
    void this._focusHeading();
  }

  /** After the editor closes, the keyboard goes to the section's heading rather than the page. */
  private async _focusHeading() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("h2")?.focus();
  }

  private async _delete() {
    const d = this._draft!;
    if (!confirm(`Delete the article “${d.title || d.slug}”? Readers no longer see it, and this cannot be undone.`)) return;
    try {
      await deleteArticle(this.session, d.slug);
      this._draft = null;
      this._message = `Deleted ${d.slug}.`;
      void this._loadArticles();
      void this._focusHeading();
    } catch (e) {
      this._message = reason(e);
    }
  }

  override render() {
    return html`<h2 tabindex="-1">Threads & articles</h2>
      <div role="status" class="muted">${this._message}</div>
      ${this._draft ? this._editor(this._draft) : nothing}
      <section aria-labelledby="articles-h">
        <div class="row"><h3 id="articles-h">Articles</h3><button @click=${() => this._edit(null)}>New article</button></div>
        <div class="table"><table>
          <thead><tr><th scope="col">Title</th><th scope="col">Slug</th><th scope="col">Published</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
          <tbody>${this._articles.map(
            (a) => html`<tr><td class="text">${a.title}</td><td class="text">${a.slug}</td><td>${formatDate(a.publishedAt)}</td>
              <td><button @click=${() => this._edit(a.slug)} aria-label="Edit ${a.title}">Edit</button></td></tr>`,
          )}</tbody>
        </table></div>
        ${this._failed.articles
          ? loadFailed("The articles", this._failed.articles, () => void this._loadArticles())
          : this._articles.length ? nothing : html`<p class="muted">No articles yet.</p>`}
        ${this._articleCursor ? html`<button @click=${() => this._loadArticles(true)}>More articles</button>` : nothing}
      </section>
      ${threadsSection({
        threads: this._threads,
        more: !!this._threadCursor,
        failed: this._failed.threads,
        waiting: this._waiting,
        lock: (t) => void this._lock(t),
        loadMore: () => void this._loadThreads(true),
        retry: () => void this._loadThreads(),
        showWaiting: (waiting) => {
          this._waiting = waiting;
          void this._loadThreads();
        },
      })}`;
  }

  private _field(id: keyof Draft, label: string, value: string, extra: { readonly?: boolean; hint?: string } = {}) {
    const err = this._errors[id];
    return html`<div class="field">
      <label for="f-${id}">${label}</label>
      <input id="f-${id}" .value=${value} ?readonly=${extra.readonly} @input=${(e: Event) => this._input(id, (e.target as HTMLInputElement).value)}
        aria-invalid=${err ? "true" : "false"} aria-describedby=${err ? `e-${id}` : extra.hint ? `h-${id}` : nothing} />
      ${extra.hint && !err ? html`<p class="hint" id="h-${id}">${extra.hint}</p>` : nothing}
      ${err ? html`<p class="error" id="e-${id}">${err}</p>` : nothing}
    </div>`;
  }

  private _editor(d: Draft) {
    const err = this._errors.body;
    return html`<section class="panel" aria-labelledby="editor-title">
      <h3 id="editor-title" tabindex="-1">${d.existing ? `Edit ${d.slug}` : "New article"}</h3>
      <form @submit=${this._publish}>
        ${this._field("slug", "Slug", d.slug, { readonly: d.existing, hint: "The article's address and thread key, e.g. my-first-post." })}
        ${this._field("title", "Title", d.title)}
        ${this._field("author", "Author (optional)", d.author)}
        ${this._field("image", "Image (optional)", d.image, { hint: "An https:// address: the picture link previews show." })}
        ${this._field("url", "Address on your blog (optional)", d.url, {
          hint: "The page the article is embedded on: e-mails and webhooks link its comments there, not to the page Parley hosts.",
        })}
        ${d.links.length
          ? html`<p class="hint">Its ${d.links.length == 1 ? "social link" : `${d.links.length} social links`} (${d.links.map((l) => l.network).join(", ")})
              ${d.links.length == 1 ? "is" : "are"} kept as ${d.links.length == 1 ? "it is" : "they are"}: the CLI and the API change them.</p>`
          : nothing}
        <div class="editor">
          <div class="field">
            <label for="f-body">Body (markdown)</label>
            <textarea id="f-body" .value=${d.body} @input=${(e: Event) => this._input("body", (e.target as HTMLTextAreaElement).value)}
              aria-invalid=${err ? "true" : "false"} aria-describedby=${err ? "e-body" : nothing}></textarea>
            ${err ? html`<p class="error" id="e-body">${err}</p>` : nothing}
          </div>
          <div>
            <h4 id="preview-h">Preview</h4>
            <div class="doc preview" aria-labelledby="preview-h" role="region">${renderDoc(this._preview, 3, false)}</div>
          </div>
        </div>
        ${this._errors.form ? html`<p class="error" role="alert">${this._errors.form}</p>` : nothing}
        <p class="row">
          <button class="primary">${d.existing ? "Save" : "Publish"}</button>
          <button type="button" @click=${this._close}>Close</button>
          ${d.existing ? html`<button type="button" class="danger" @click=${this._delete}>Delete article</button>` : nothing}
        </p>
      </form>
      ${d.existing ? this._embed(d.slug) : nothing}
    </section>`;
  }

  /**
   * What to paste into the blog to show a published article: the page script (the fastest first paint, for the
   * article's own page) and the script tag, each with a Copy button; and the addresses of its fragment and hosted
   * page. The worker is the one serving this dashboard.
   */
  private _embed(slug: string) {
    const [origin, site] = [location.origin, this.site.id];
    const code = embedCode(origin, site, slug);
    const ways = [
      ["The page script: the fastest first paint, on the article's own page", code.pageScript],
      ["The script tag: on any page, and with <parley-count> elements", code.scriptTag],
    ];
    return html`<section class="embed" aria-labelledby="embed-h">
      <h4 id="embed-h">Embed this article</h4>
      ${ways.map(
        ([label, code], i) => html`<div class="field">
          <label for="embed-${i}">${label}</label>
          <textarea id="embed-${i}" readonly .value=${code}></textarea>
          <button type="button" @click=${() => this._copy(code, i)}>Copy</button>
        </div>`,
      )}
      <p class="hint">
        In the site's language; add <code>?lang=</code> and the page's language to the page script's address when the page
        says another. As HTML for a static-site build: <a href="${origin}/embed/${site}/${slug}">${origin}/embed/${site}/${slug}</a>.
        The page Parley hosts: <a href="${origin}/p/${site}/${slug}">${origin}/p/${site}/${slug}</a>.
      </p>
    </section>`;
  }

  private async _copy(code: string, i: number) {
    this._message = await copy(code, this.renderRoot.querySelector<HTMLElement>(`#embed-${i}`));
  }
}

/** The API's per-field messages, by field; the overall message under "form" when no field is named. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return { form: String(err) };
  const out: Record<string, string> = {};
  for (const d of err.details) out[d.field] ??= d.message;
  if (!err.details.length) out.form = reason(err);
  return out;
}

customElements.get("admin-content") || customElements.define("admin-content", AdminContent);

declare global {
  interface HTMLElementTagNameMap {
    "admin-content": AdminContent;
  }
}
