// Size limits shared by the worker's validation and the widget's form hints.

export const LIMITS = {
  requestBytes: 64 * 1024,
  /** Article PUTs carry whole posts: up to articleBodyChars of markdown, in UTF-8, with room to spare. */
  articleRequestBytes: 1024 * 1024,
  /**
   * How deep a request body's JSON may nest (no body of the API nests past 5). JSON.parse of a megabyte of `[[[…`
   * takes about 100 ms of CPU, two megabytes (an import batch's bound) over 300.
   */
  jsonDepth: 32,
  /**
   * How many values a request body over requestBytes may hold in its arrays and objects together (counted by the
   * commas between them). JSON.parse and the schema cost CPU by their count: a megabyte of `[0,0,…]` took about 30 ms,
   * of `{"a":0,"b":0,…}` 150. An import batch of the CLI holds about 1,150 at most, the import schema's every
   * maximum at once 3,400, an article a few dozen.
   */
  jsonValues: 5_000,
  commentBodyChars: 10_000,
  authorNameChars: 80,
  authorEmailChars: 254,
  articleTitleChars: 200,
  /**
   * About 8,000 words: a long post fits whole. Rendering an article of the costliest shape this long stays within the
   * 10 ms of CPU a request may spend (`npm run bench -- cpu`); at 100,000 it took 18 ms. An article stored before
   * this bound stays readable (a stale render is made again from its source) and is edited by shortening it.
   */
  articleBodyChars: 50_000,
  /**
   * A thread key is by default the page's path as the browser spells it, percent-encoded: a slug of 100 Chinese
   * characters alone is 900 characters.
   */
  threadKeyChars: 1024,
  siteNameChars: 100,
  originsPerSite: 20,
  linksPerList: 20,
  blockedWords: 500,
  blockedWordChars: 100,
  /**
   * The characters of a new list of blocked words together, as matching reads them (folded: `ﬃ` is three). Words
   * that are not one run of letters and digits become a regular expression when the first comment of an isolate is
   * judged, which costs CPU in proportion to its length (see worker/services/blocked-words.ts). Lists saved before
   * this bound keep working.
   */
  blockedWordsChars: 5_000,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  countsThreadsMax: 100,
  bulkIds: 100,
  ownCommentsPerRequest: 50,
  /** A new site's storage quota per UTC day (the operator may set another at creation). */
  quotaCommentsPerDay: 5_000,
  quotaBytesPerDay: 20_000_000,
  /**
   * What one thread page may weigh (JSON, each `<` counted as the six characters a view's <script> writes): pages of
   * long comments carry fewer comments. 256 KB until 2026-12-05: a rendered view of such a page, with its HTML, took
   * up to 10 ms of CPU to make and encode.
   */
  threadPageBytes: 128 * 1024,
} as const;

/**
 * How many characters the limits above count in `text`: code points, as the API's validation counts them (an emoji
 * is one, not two UTF-16 units), so the widget's hints and the importers' checks agree with it.
 */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `max` UTF-16 units of text, one fewer where the cut would split a character in two (an emoji's pair). */
export function headUnits(text: string, max: number): string {
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * Bounds on the work markdown can cause and on the tree it becomes. Past a bound the markup is kept as
 * plain text (flattened), never refused, so a reader's words always arrive; see worker/services/markdown.ts.
 */
export const MARKDOWN_LIMITS = {
  /** Quotes and list items one inside another; deeper containers are flattened into the deepest one kept. */
  containerDepth: 8,
  /** Emphasis, strong and links one inside another; deeper ones are kept as their text. */
  inlineDepth: 6,
  /**
   * What a single line may open before the parser sees it: container markers plus half its indentation
   * columns. Markers past it are escaped to text. Keeps the parser's work (lines × open containers) small.
   */
  linePrefixDepth: 12,
  /** Emphasis delimiter runs (`*`, `_`) longer than this are text: markdown-it makes one token per character. */
  delimiterRun: 16,
  /** Brackets nested inside link or image labels before `[` and `![` are text. */
  labelNesting: 4,
  /**
   * Estimated block work in a comment / an article: per line 1 + the containers it is inside + 2 per quote
   * marker + 6 per list marker + 4 when it starts a block (after a blank line, or with `#`, a fence, …). Lines past it are not parsed: they end the document as one plain paragraph.
   */
  commentBlockWork: 3_000,
  articleBlockWork: 10_000,
  /**
   * Characters of link and image addresses, counted as written, a document may hold: this many per character of
   * its markdown, plus addressCharsBase (see addressBudget). Past it, links keep their text unlinked (and images
   * their description). Each address is written in the markdown at least once, whatever links name it; the room
   * beyond that is for what a bare `www.` link or the URL parser adds (`http://`, a last `/`).
   */
  addressCharsPerChar: 2,
  /**
   * The same for an article, whose markdown is mostly prose: an article's links take a fraction of its length. A
   * thousand links naming one long address would otherwise make its tree (stored, then sent) six times its length.
   */
  articleAddressCharsPerChar: 1,
  addressCharsBase: 2_048,
  /** Links and images tried in a comment / an article (each try scans a label and a destination); then `[` is text. */
  commentLabels: 500,
  articleLabels: 1_000,
  /**
   * Cells (header and body, each row as wide as the header) all the GFM tables of an article may have, and the
   * columns one may have. A table wider than that stays text; the rows past the cells stay text too. (A table's
   * short rows are filled with empty cells: without the bound, 50,000 characters could ask for 65,536 of them.)
   */
  articleTableCells: 1_000,
  tableColumns: 32,
  /**
   * Bare URL matches tried in a comment / an article (linkify-it's URL pattern at a `https://` or `www.`;
   * a URL takes one or two, a failed one up to three); then the rest stay text.
   */
  commentUrlTries: 100,
  articleUrlTries: 300,
  /**
   * Tree nodes in a comment / an article; past it the rest of the text is one plain paragraph. The article bounds
   * (block work, labels, URL tries, nodes) were halved with its length: still 2.5 to 20 times what a realistic post
   * of 44,000 characters spends (tests/fixtures/long-article.ts: 931 nodes, block work 2,646, 49 links and images).
   */
  commentNodes: 2_000,
  articleNodes: 5_000,
} as const;

/** The characters of link and image addresses, as written, that a comment (or an article) of `chars` characters of markdown may hold. */
export const addressBudget = (chars: number, article = false) =>
  (article ? MARKDOWN_LIMITS.articleAddressCharsPerChar : MARKDOWN_LIMITS.addressCharsPerChar) * chars + MARKDOWN_LIMITS.addressCharsBase;
