// Thread keys for imported pages: the path of the page's URL by default (what <parley-comments> uses when it
// has no `thread` attribute), or what a `--map` CSV says (`old-url,thread-key`), for moved posts and slugs.
import { parse } from "csv-parse/sync";
import { UsageError } from "../context.ts";
import { readTextFile } from "../files.ts";
import { LIMITS } from "../../worker/contract/limits.ts";

const MAX_KEY = LIMITS.threadKeyChars;

/** The URL without query and fragment, for matching map entries and merging query-string variants. */
function bare(url: string): string {
  return url.trim().replace(/[?#].*$/, "");
}

/**
 * A URL as map entries are matched: without its scheme, since a page served over http and https is one page (a map
 * written with https:// finds the comments an old export has under http://), with its host in lower case, as hosts
 * are, and its path spelled as thread keys spell it: `/café/`, `/caf%C3%A9/` (what a browser's address bar copies)
 * and `/caf%c3%a9/` are one page. The query and fragment are compared as written.
 */
function matchKey(url: string): string {
  const text = url.trim().replace(/^https?:\/\/([^/?#]*)/i, (_, host: string) => `//${host.toLowerCase()}`);
  const start = text.startsWith("//") ? text.indexOf("/", 2) : text.startsWith("/") ? 0 : -1;
  if (start < 0) return text;
  const tail = text.slice(start);
  const end = tail.search(/[?#]|$/);
  const path = tail.slice(0, end);
  // A path that starts with two slashes would read as a host.
  if (path.startsWith("//")) return text;
  let decoded = path;
  try {
    // decodeURI leaves the escapes of `/`, `?` and `#` as they are: they are other characters of the path than those.
    decoded = decodeURI(path);
  } catch {
    // An escape that is no UTF-8 (`%E9`) is compared as written.
  }
  return text.slice(0, start) + (asPathname(decoded) ?? path) + tail.slice(end);
}

/** A path as the browser's location.pathname spells it (percent-encoded, dot segments resolved); null if it cannot be one. */
export function asPathname(path: string): string | null {
  try {
    return new URL(path, "http://path.invalid").pathname;
  } catch {
    return null;
  }
}

/**
 * A thread key typed on the command line as the widget has it: a page's path as the browser spells
 * `location.pathname` (`/2020/05/café/` is `/2020/05/caf%C3%A9/`, as imports key it); a slug as it is. What follows
 * the path stays as typed: a WordPress plain permalink's key (`/?p=123`, `/blog/?p=123`) holds its query.
 */
export function typedThreadKey(key: string): string {
  if (!key.startsWith("/")) return key;
  const end = key.search(/[?#]/);
  const path = end < 0 ? key : key.slice(0, end);
  return (asPathname(path) ?? path) + (end < 0 ? "" : key.slice(end));
}

/**
 * WordPress's plain permalinks (/?p=123, /?page_id=7, /?attachment_id=9, and /blog/?p=123 for a blog in a folder)
 * name the post in the query: that one parameter is kept on the folder's path (or its index.php), so the posts do
 * not all merge into the blog's front page.
 */
function withPostId(path: string, query: URLSearchParams): string {
  const id = ["p", "page_id", "attachment_id"].find((name) => /^\d+$/.test(query.get(name) ?? ""));
  return id && /\/(index\.php)?$/.test(path) ? `${path}?${id}=${query.get(id)}` : path;
}

/**
 * The default key of a page: its path (`/2021/06/my-post/`), or the text itself when it is not a URL; null for an
 * address that is no web page's (`javascript:…`), whose comments then fail until `--map` gives the page a key.
 */
export function defaultKey(url: string): string | null {
  const raw = url.trim();
  if (!raw) return null;
  let key: string;
  try {
    const url = new URL(raw);
    // Only a web page's address names a page the widget can be on: a Disqus thread's link may be anything, and
    // `javascript:alert(1)` or `about:blank` would be keyed by what follows the scheme (`alert(1)`, `blank`).
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    // Spelled as the browser spells location.pathname, percent-encoded (/caf%C3%A9/), which is the key the
    // widget asks for on that page; a decoded /café/ would be a thread no page shows.
    key = withPostId(url.pathname, url.searchParams);
  } catch {
    // A path alone (Waline, Artalk, isso and Commento store the page's path; Waline decodes it first) is
    // spelled the same way: /关于/ and /%E5%85%B3%E4%BA%8E/ are one key, the one the widget asks for.
    key = (raw.startsWith("/") && asPathname(bare(raw))) || bare(raw) || raw;
    if (raw.startsWith("/")) key = withPostId(key, new URL(raw, "http://localhost").searchParams);
  }
  key = key.replace(/[\u0000-\u001F\u007F]/g, "");
  // Never cut: a cut key would merge different pages. One longer than a key may be fails its comments (run.ts).
  return key || null;
}

export interface ThreadMap {
  /**
   * The key for a page URL: the map's entry (exact but for http or https, then without query), else the slug of the
   * article published on that page (`joinArticles`), else the default.
   */
  keyFor(url: string): string | null;
  readonly size: number;
  /** The map's URLs that no page has asked for so far (a typo, a slash too many): in the map's order. */
  unused(): string[];
  /** Keys pages that have no map entry by the site's articles: `pages` holds each article's slug by its page's key. */
  joinArticles(pages: Map<string, string>): void;
  /** The pages keyed by an article's slug so far, with the key they would have had: in the order first asked for. */
  joined(): { key: string; slug: string }[];
}

/**
 * A first line of a map that is its header (`old,new`, `URL,Thread key`): its first field is no page's address, neither
 * a path (`/…`) nor an address with a scheme (`https://…`, `javascript:alert(1)`, `about:blank`).
 */
const isHeader = (from: string | undefined) => !!from && !from.startsWith("/") && !from.includes(":");

/** Reads a map CSV: `old-url,thread-key` per line; a header line (isHeader) is skipped; `#` starts a comment. */
export function loadMap(file: string | undefined): ThreadMap {
  // Each URL → the key, and the URL as the map wrote it; the same by the URL without its query. Which were asked for.
  const entries = new Map<string, { to: string; from: string; line: number }>();
  const bareEntries = new Map<string, { to: string; from: string; line: number }>();
  const used = new Set<string>();
  if (file) {
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      // With each row its line in the file (comment and empty lines are skipped, so the row's index is not it);
      // csv-parse's types do not follow the `info` option.
      const options = { bom: true, comment: "#", skip_empty_lines: true, trim: true, relax_column_count: true, info: true };
      rows = parse(readTextFile(file), options) as unknown as typeof rows;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${file} is not a map CSV: ${(err as Error).message}`);
    }
    for (const [i, { record, info }] of rows.entries()) {
      const [from, to] = record;
      if (i === 0 && isHeader(from)) continue;
      if (!from || !to) throw new Error(`${file}, line ${info.lines}: expected "old-url,thread-key"`);
      // A third field is not dropped unsaid: a key with a comma is one the CSV must quote.
      if (record.slice(2).some(Boolean)) {
        throw new Error(`${file}, line ${info.lines}: expected "old-url,thread-key", found ${record.length} fields (a key holding a comma is written in quotes: "a,b")`);
      }
      if (to.length > MAX_KEY) throw new Error(`${file}, line ${info.lines}: a thread key has at most ${MAX_KEY} characters`);
      // The same page twice (http and https, or a host's capitals), to two keys: which one was meant is not ours to guess.
      const same = entries.get(matchKey(from));
      if (same && same.from !== from && same.to !== to) {
        throw new Error(`${file}, line ${info.lines}: ${from} is the same page as ${same.from} on line ${same.line} (http and https are one page), mapped to another key`);
      }
      if (same && same.to === to) continue;
      entries.set(matchKey(from), { to, from, line: info.lines });
      bareEntries.set(matchKey(bare(from)), { to, from, line: info.lines });
    }
  }
  let articles = new Map<string, string>();
  const joined = new Map<string, string>();
  return {
    keyFor: (url) => {
      const entry = entries.get(matchKey(url)) ?? entries.get(matchKey(bare(url))) ?? bareEntries.get(matchKey(bare(url)));
      if (entry) {
        used.add(entry.from);
        return entry.to;
      }
      const key = defaultKey(url);
      const slug = key === null ? undefined : articles.get(key);
      if (key === null || slug === undefined) return key;
      joined.set(key, slug);
      return slug;
    },
    size: entries.size,
    unused: () => [...new Set([...entries.values()].map((e) => e.from))].filter((from) => !used.has(from)),
    joinArticles: (pages) => void (articles = pages),
    joined: () => [...joined].map(([key, slug]) => ({ key, slug })),
  };
}
