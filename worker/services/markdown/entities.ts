// Named character references for markdown-it, in place of the `entities` package (wrangler.toml's [alias],
// and the same alias wherever the worker is bundled: vitest.config.ts, worker/dev/local.mjs, bench/lib/weight.mjs).
// markdown-it asks `entities` one thing only: decodeHTMLStrict(`&name;`) for a reference it has matched (it
// decodes numeric ones itself). `entities` answers from HTML5's 2,231 names, a table of 13 KB gzip, most of
// the worker's size over its budget; this answers from HTML 4's 252 (Latin-1, Greek, mathematical and
// typographic: `&eacute;`, `&mdash;`, `&rarr;`) and `&apos;`. A rarer HTML5 name (`&NotLessSlantEqual;`)
// stays as typed, as text. The importers convert HTML with the whole table before it gets here.
import { characterEntitiesHtml4 } from "character-entities-html4";

const NAMED = new Map(Object.entries({ ...characterEntitiesHtml4, apos: "'" }));

/** The character `&name;` stands for, or `reference` itself when the name is not one of those kept. */
export function decodeHTMLStrict(reference: string): string {
  return (reference.startsWith("&") && reference.endsWith(";") && NAMED.get(reference.slice(1, -1))) || reference;
}
