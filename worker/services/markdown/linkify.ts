// Bare URLs as links, found by linkify-it (markdown-it's own linkifier): `http://…`, `https://…` and `www.…`
// (as `http://www.…`). Never `ftp:`, a scheme-relative `//`, e-mail addresses or bare domains (`readme.md`).
// Each match tried costs a scan of linkify-it's URL pattern, so a document gets a budget of tries; sentence
// punctuation at a URL's end stays outside it. The tree judges each URL by the allowlist of explicit links.
import type { MarkdownIt } from "markdown-it";

type LinkMatch = NonNullable<ReturnType<MarkdownIt["linkify"]["matchAtStart"]>>;

/** URL matches the document being parsed may still try (parsing is synchronous: one document at a time). */
let tries = 0;

/** Whether the document being parsed may still try a URL. */
export function urlTriesLeft(): boolean {
  return tries > 0;
}

/** Runs `parse` with `budget` URL tries for its document. */
export function withUrlTries<T>(budget: number, parse: () => T): T {
  tries = budget;
  try {
    return parse();
  } finally {
    tries = 0;
  }
}

/** Sentence punctuation linkify-it keeps at a URL's end when something follows it (`page!)`, `page:`). */
const TRAILING = new Set([..."!,.:;?"].map((ch) => ch.charCodeAt(0)));

/** A URL without the sentence punctuation at its end: a loop from the end, linear in what it drops. */
function trimmed(m: LinkMatch): LinkMatch {
  let end = m.raw.length;
  while (end > 1 && TRAILING.has(m.raw.charCodeAt(end - 1))) end--;
  const cut = m.raw.length - end;
  if (cut === 0) return m;
  m.raw = m.raw.slice(0, end);
  m.text = m.text.slice(0, m.text.length - cut);
  m.url = m.url.slice(0, m.url.length - cut);
  m.lastIndex -= cut;
  return m;
}

/**
 * Turns linking on for `md`: the inline rule takes `scheme://…` while parsing (so emphasis markers inside a URL
 * stay in it), the core rule then takes `www.…` from the text that is left.
 */
export function enableLinkify(md: MarkdownIt): void {
  md.set({ linkify: true });
  md.enable("linkify");
  const linkify = md.linkify;
  linkify
    .add("ftp:", null)
    .add("//", null)
    .add("www.", {
      // A host with at least one dot after `www.`, an optional port and path: linkify-it's own pattern for
      // what follows `//`, anchored at `pos`, on the text linkify-it has cut at its maxLength.
      validate: (text, pos, self) => {
        const re = self.re.get_relative_proto_validator();
        re.lastIndex = pos;
        return re.exec(text)?.[0].length ?? 0;
      },
      normalize: (match) => {
        match.url = `http://${match.url}`;
      },
    })
    .set({ fuzzyLink: false, fuzzyEmail: false });
  // Every candidate, whichever rule finds it, is checked here: past the budget none matches.
  const testSchemaAt = linkify.testSchemaAt.bind(linkify);
  linkify.testSchemaAt = (text, schema, pos) => (tries-- > 0 ? testSchemaAt(text, schema, pos) : 0);
  const matchAtStart = linkify.matchAtStart.bind(linkify);
  linkify.matchAtStart = (text) => {
    const found = matchAtStart(text);
    return found && trimmed(found);
  };
  const match = linkify.match.bind(linkify);
  linkify.match = (text) => match(text)?.map(trimmed) ?? null;
}
