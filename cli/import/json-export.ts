// What the importers of one-document JSON exports (Waline, Artalk, Commento) share: the bounded read, the markdown
// bodies, and the loose field types of files written by several storages and converters.
import { UsageError } from "../context.ts";
import { MAX_BODY_HTML } from "./checks.ts";
import { decodeText, gzipError, openExport } from "./open.ts";
import { BrokenFileError, type SourceComment } from "./types.ts";

/**
 * The largest JSON text read (after gunzip). Neither format puts records on lines of their own and no
 * streaming JSON parser is a dependency, so the document is parsed at once: JSON.parse holds several times
 * the text in memory, and the bound keeps a wrong or hostile file from taking the machine's.
 */
export const MAX_JSON_BYTES = 128 * 1024 * 1024;

/**
 * Reads and parses a JSON document, gzipped or plain. Over MAX_JSON_BYTES, or not JSON: a usage error naming the
 * file and saying it is not `what`.
 */
export async function readJsonDocument(file: string, what = "JSON"): Promise<unknown> {
  const { raw, input } = await openExport(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input) {
      size += (chunk as Buffer).length;
      if (size > MAX_JSON_BYTES) {
        throw new UsageError(`${file} holds more than ${MAX_JSON_BYTES / 1024 / 1024} MiB of JSON: import it in parts (split by site or by page).`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw gzipError(file, err) ?? new UsageError(`${file} could not be read: ${(err as Error).message}`);
  } finally {
    raw.destroy();
  }
  const text = decodeText(Buffer.concat(chunks));
  chunks.length = 0;
  return parseJson(file, text, what, { exactIntegers: true });
}

/** A whole number of at least 16 digits written as a JSON value: where a double may not hold what it says. */
const LONG_INTEGER = /[:[,]\s*-?\d{16}/;

/**
 * JSON.parse, with each whole number past 2^53 (a SQL storage's 64-bit id, `12345678901234567890`) kept as the text
 * it is written as: read as a double, two such ids round to one (one comment then dropped as a duplicate of the
 * other) and a `pid` to another comment's. Node 24's reviver gets each number's source text; a document without a
 * number that long is parsed without a reviver, which would slow the parse down several times.
 */
export function parseExact(json: string): unknown {
  if (!LONG_INTEGER.test(json)) return JSON.parse(json);
  return JSON.parse(json, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? context.source : value,
  );
}

/**
 * Parses a whole JSON document, without the byte order mark some editors write; with `exactIntegers`, whole
 * numbers past 2^53 are kept as their text (see parseExact). A usage error names the file: empty, cut short (the
 * parser stopped at the end of the text), or not `what`.
 */
export function parseJson(file: string, text: string, what: string, { exactIntegers = false } = {}): unknown {
  const json = text.replace(/^\uFEFF/, "");
  if (!json.trim()) throw new UsageError(`${file} is empty.`);
  try {
    return exactIntegers ? parseExact(json) : JSON.parse(json);
  } catch (err) {
    // V8 says where it stopped only in its message: "… at position 2998 (line 3 column 2224)", or "Unexpected end of JSON input".
    const message = (err as Error).message;
    const at = Number(message.match(/ at position (\d+)/)?.[1] ?? -1);
    if (message.includes("end of JSON input") || at >= json.trimEnd().length) {
      throw new BrokenFileError(`${file} ends early (is it cut short?): ${message}.`);
    }
    throw new UsageError(`${file} is not ${what}: ${message}.`);
  }
}

/** Progress through a parsed document: the share of its records handed out, as bytes of the file. */
export function recordProgress(fileBytes: number, count: number, progress: (bytes: number) => void): (index: number) => void {
  return (index) => {
    if (index % 200 === 0 || index === count - 1) progress(Math.max(1, Math.round((fileBytes * (index + 1)) / Math.max(count, 1))));
  };
}

// Waline and Artalk store the author's markdown and render it with raw HTML allowed (their emoji are <img>
// tags in the text) and every line break kept. Parley's markdown shows raw HTML as text and joins lines, so
// bodies are rendered as their widgets did and then go through the same HTML-to-markdown step as Disqus and
// WordPress bodies: scripts and styles are dropped there, and the worker's sanitizing renderer judges links.
// markdown-it is loaded by the importers that need it, not by every `parley` command (it costs about 20 ms).
/**
 * Block levels (a quote in a quote, a list item in a list) past which the rest of a block is one paragraph of its
 * text. markdown-it drops everything past its maxNesting (100) without a word; the HTML-to-markdown step
 * flattens elements past 48 levels into their text anyway.
 */
const BLOCK_LEVELS = 48;

/** A function from the author's markdown (with inline HTML) to HTML, for the pipeline's HTML-to-markdown step. */
export async function markdownRenderer(): Promise<(markdown: string) => string> {
  const { default: MarkdownIt } = await import("markdown-it");
  const md = new MarkdownIt("default", { html: true, breaks: true, linkify: false, typographer: false });
  const tokenize = md.block.tokenize.bind(md.block);
  // Quotes or lists nested past BLOCK_LEVELS (`> > > …` a few hundred times, as spam writes them) keep their words.
  md.block.tokenize = (state, startLine, endLine) => {
    if (state.level < BLOCK_LEVELS) return tokenize(state, startLine, endLine);
    const text = state.getLines(startLine, endLine, state.blkIndent, false).trim();
    state.line = endLine;
    if (!text) return;
    state.push("paragraph_open", "p", 1).map = [startLine, endLine];
    const inline = state.push("inline", "", 0);
    inline.content = text;
    inline.map = [startLine, endLine];
    inline.children = [];
    state.push("paragraph_close", "p", -1);
  };
  // A text over what the pipeline reads as HTML is not rendered (markdown-it takes seconds and gigabytes on a spam
  // bot's megabytes): passed on as it is, it is as long as that HTML would be, and the pipeline fails it for it.
  return (markdown) => (markdown.length > MAX_BODY_HTML ? markdown : md.render(markdown));
}

export type Row = Record<string, unknown>;

export const isRow = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text from a field that may be a string or a number; anything else is "". */
export const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** An id as text: strings in some storages, numbers in SQL ones; null, "", 0 and "0" are no id. */
export function idOf(v: unknown): string {
  const s = text(v).trim();
  return s === "0" ? "" : s;
}

/** true, 1, "1" and "true" (booleans as SQL, Go and converters write them). */
export const truthy = (v: unknown): boolean => v === true || v === 1 || v === "1" || (typeof v === "string" && v.trim().toLowerCase() === "true");

/** A non-negative whole count from a number or numeric text; 0 otherwise. */
export function countOf(v: unknown): number {
  const n = Math.trunc(Number(v));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1_000_000_000) : 0;
}

/** The pin and the upvotes, through the fields the import route takes besides the body. */
export function pinAndVotes(pinned: boolean, votes: number): Pick<SourceComment, "extra"> {
  if (!pinned && votes === 0) return {};
  return {
    extra: { statusBeforeDelete: null, pinned, updatedAt: null, editedBy: null, votes, moderationReason: null, emailHash: null, ipHash: null },
  };
}
