// Streaming XML: the file is read in chunks through saxes, and only the elements of one record (a Disqus post,
// a WordPress comment) are kept in memory at a time, so a 200 MB export needs no more memory than a small one.
// Characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF), which real exports contain, are dropped on the
// way in: the parser would stop the whole import at the first one. A file in another encoding than UTF-8 (a
// WordPress blog whose charset is ISO-8859-1 exports in it, and says so in its XML declaration) is decoded as it says.
import { isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";
import { gzipError, lenientUtf8Stream, openExport, type StreamDecoder } from "./open.ts";
import { UsageError } from "../context.ts";
import { BrokenFileError } from "./types.ts";

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  /** Its own text (what its children hold is theirs). */
  text: string;
  /**
   * Its content as markup: its text as the file gives it, and its children as tags, in order. A Disqus message or
   * a WordPress comment holds HTML escaped or in CDATA, as text; a converter's export may hold it as elements.
   */
  markup: string;
  children: XmlNode[];
}

/** The HTML an element holds: its text, or with child elements, its markup (see XmlNode). "" when absent. */
export function childHtml(node: XmlNode, name: string): string {
  const c = child(node, name);
  return !c ? "" : c.children.length ? c.markup : c.text;
}

const attrValue = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The text of the first child named `name`, trimmed; "" when absent. */
export function childText(node: XmlNode, name: string): string {
  return node.children.find((c) => c.name === name)?.text.trim() ?? "";
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Raw characters XML 1.0 does not allow: C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Character references (`&#1;`, `&#x0B;`), which the parser refuses just the same when they name such a character. */
const CHAR_REF = /&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));/g;
/** The start of a character reference cut off by the end of a chunk, held back for the next one. */
const REF_TAIL = /&(?:#[0-9A-Fa-fx]{0,10})?$/;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * Makes chunks of an XML text acceptable to the parser: forbidden characters and references to them are dropped.
 * Call with each chunk in order, then with `last` set to flush what was held back.
 */
export function xmlCharFilter(): (chunk: string, last?: boolean) => string {
  let held = "";
  return (chunk, last = false) => {
    let text = held + chunk;
    held = last ? "" : (text.match(REF_TAIL)?.[0] ?? "");
    if (held) text = text.slice(0, -held.length);
    return text.replace(FORBIDDEN, "").replace(CHAR_REF, (ref, hex?: string, dec?: string) => (isXmlChar(hex ? Number.parseInt(hex, 16) : Number(dec)) ? ref : ""));
  };
}

/** The encoding named in an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`). */
const DECLARED = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/;

/**
 * Whether bytes that hold more than ASCII are valid UTF-8 (the last character may be cut by the end of the chunk).
 * Text in a single-byte encoding almost never is: é in ISO-8859-1 is one byte that UTF-8 cannot start with.
 */
function looksUtf8(head: Buffer): boolean {
  if (!head.some((byte) => byte >= 0x80)) return false;
  return [0, 1, 2, 3].some((cut) => head.length > cut && isUtf8(head.subarray(0, head.length - cut)));
}

/**
 * The decoder for a file whose text starts with `head`: the encoding its first bytes say (UTF-16 has a byte order
 * mark, or `<` in two bytes; UTF-8 may have one), else the one its XML declaration names, else UTF-8, as XML itself
 * reads a file. A declaration of UTF-16 in a file whose `<?xml` is one byte a character cannot be true (.NET's
 * serializers write it into UTF-8 files): that file is UTF-8, and so is one that declares a single-byte encoding
 * but whose bytes are UTF-8 (old exporters write ISO-8859-1 into every file). An encoding the platform cannot decode
 * is a usage error that says how to convert the file, unless the bytes read as UTF-8. In UTF-8, a byte that is no
 * UTF-8 (a record saved as Latin-1 by an old tool) reads as Windows-1252, as in JSON exports: `café`, never `caf�`.
 */
function decoderFor(file: string, head: Buffer): StreamDecoder {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x3c && head[1] === 0x00)) return new TextDecoder("utf-16le");
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0x00 && head[1] === 0x3c)) return new TextDecoder("utf-16be");
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return lenientUtf8Stream();
  const declared = head.toString("latin1", 0, 512).match(DECLARED)?.[1] ?? "utf-8";
  if (/^(utf-?16|unicode)/i.test(declared)) return lenientUtf8Stream();
  try {
    const decoder = new TextDecoder(declared);
    return decoder.encoding === "utf-8" || looksUtf8(head) ? lenientUtf8Stream() : decoder;
  } catch {
    // A name no decoder knows (`utf_8`, `UTF-8N`) on bytes that read as UTF-8: they are taken as such.
    if (!head.some((byte) => byte >= 0x80) || looksUtf8(head)) return lenientUtf8Stream();
    throw new UsageError(`${file} is in the encoding ${declared}, which parley cannot read: convert it to UTF-8 (iconv -f ${declared} -t UTF-8) and change its XML declaration to match.`);
  }
}

/**
 * What a format's files look like: their root element, the format as the owner calls it ("a Disqus export"), and
 * the namespaces its readers name elements in: each prefix the readers use (`wp`), with the namespace URIs it stands
 * for. An element whose prefix the file binds to one of those URIs is read under the readers' prefix, whatever the
 * file calls it (`<wordpress:comment>` is `wp:comment`); a prefix the file never binds is read as written.
 */
export interface XmlFormat {
  root: string;
  what: string;
  namespaces?: Record<string, RegExp>;
}

/** What a file held besides its records, for a reader to say why it found nothing. */
export interface XmlSeen {
  /** Elements in one of the format's namespaces. */
  inNamespaces: number;
  /** The namespace URIs the file binds, by prefix as written (the first 50). */
  declared: Map<string, string>;
}

/** A name's prefix and local part (`wp:comment` → ["wp", "comment"]; `item` → ["", "item"]). */
const split = (name: string): [string, string] => {
  const at = name.indexOf(":");
  return at < 0 ? ["", name] : [name.slice(0, at), name.slice(at + 1)];
};

/**
 * Names elements and attributes as the format's readers do (see XmlFormat.namespaces): a stack of the bindings
 * each open element makes. Bounded by the file's depth, as the parser's own stack is.
 */
function namespaceResolver(format: XmlFormat, seen: XmlSeen) {
  const known = Object.entries(format.namespaces ?? {});
  // One entry per open element: the bindings it makes, or null (most elements make none).
  const scopes: (Map<string, string> | null)[] = [];
  const uriOf = (prefix: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]?.has(prefix)) return scopes[i]?.get(prefix);
    return undefined;
  };
  /**
   * A name as the readers know it, and whether it is in one of the format's namespaces (or under its unbound prefix).
   * An element without a prefix is in the default namespace (`<comment xmlns="http://wordpress.org/export/1.0/">`);
   * an attribute without one is in none, as XML has it.
   */
  const rename = (name: string, element: boolean): [string, boolean] => {
    const [prefix, local] = split(name);
    if (!prefix && !element) return [name, false];
    const uri = uriOf(prefix);
    if (!prefix && uri === undefined) return [name, false];
    const ours = uri === undefined ? undefined : known.find(([, pattern]) => pattern.test(uri))?.[0];
    // An unbound prefix, or ours bound to a URI no version has (a later one), is read as written.
    return ours === undefined ? [name, known.some(([p]) => p === prefix)] : [`${ours}:${local}`, true];
  };
  return {
    /** Opens an element's scope and says its name as the readers know it, and its attributes'. */
    open(name: string, attrs: Record<string, string>): { name: string; attrs: Record<string, string> } {
      const keys = Object.keys(attrs);
      let scope: Map<string, string> | null = null;
      for (const key of keys) {
        const [prefix, local] = split(key);
        // `xmlns="…"` binds the default namespace, kept under the empty prefix.
        if (key === "xmlns") (scope ??= new Map()).set("", attrs[key].trim());
        if (prefix !== "xmlns") continue;
        (scope ??= new Map()).set(local, attrs[key].trim());
        if (seen.declared.size < 50) seen.declared.set(local, attrs[key].trim());
      }
      scopes.push(scope);
      if (known.length === 0) return { name, attrs };
      const [renamed, ours] = rename(name, true);
      if (ours) seen.inNamespaces += 1;
      if (!keys.some((key) => key.includes(":"))) return { name: renamed, attrs };
      const out: Record<string, string> = {};
      for (const key of keys) out[rename(key, false)[0]] = attrs[key];
      return { name: renamed, attrs: out };
    },
    close() {
      scopes.pop();
    },
  };
}

/**
 * Streams the records of an XML file. `isRecord(name, parents)` says which elements are records (names as
 * written, prefixes included); a record nested in another record is emitted on its own and not kept in its
 * parent. Each record comes with its enclosing record as read so far (a WordPress comment with its post).
 * A file that is not XML, or whose root element is not the format's, is a usage error naming what it found.
 */
export async function* xmlRecords(
  file: string,
  format: XmlFormat,
  isRecord: (name: string, parents: string[]) => boolean,
  progress: (bytes: number) => void,
  seen: XmlSeen = { inNamespaces: 0, declared: new Map() },
): AsyncGenerator<{ node: XmlNode; parent: XmlNode | null }> {
  // Namespaces are resolved here rather than by the parser: an export that uses a prefix it never binds (old
  // plugins' files do) is still read, as it always was.
  const parser = new SaxesParser({ xmlns: false });
  const namespaces = namespaceResolver(format, seen);
  let root: string | null = null;
  const names: string[] = [];
  // The nodes being built, one per open element inside a record (null outside records).
  const open: (XmlNode | null)[] = [];
  const records: XmlNode[] = [];
  const done: { node: XmlNode; parent: XmlNode | null }[] = [];
  let recordDepth = 0;
  parser.on("opentag", (tag) => {
    root ??= tag.name;
    const parents = names.slice();
    const { name, attrs } = namespaces.open(tag.name, tag.attributes as Record<string, string>);
    names.push(name);
    const node: XmlNode = { name, attrs, text: "", markup: "", children: [] };
    if (isRecord(name, parents)) {
      records.push(node);
      recordDepth += 1;
      open.push(node);
      return;
    }
    const parent = open[open.length - 1];
    if (recordDepth > 0 && parent) {
      parent.children.push(node);
      const attrs = Object.entries(tag.attributes as Record<string, string>).map(([k, v]) => ` ${k}="${attrValue(v)}"`).join("");
      parent.markup += `<${tag.name}${attrs}${tag.isSelfClosing ? " /" : ""}>`;
    }
    open.push(recordDepth > 0 ? node : null);
  });
  const onText = (text: string) => {
    const node = open[open.length - 1];
    if (node) {
      node.text += text;
      node.markup += text;
    }
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    names.pop();
    namespaces.close();
    const node = open.pop();
    // An element's markup goes into its parent's once it is complete, so text and tags keep their order (and their
    // names as the file writes them).
    const parent = open[open.length - 1];
    if (node && parent && !tag.isSelfClosing) parent.markup += `${node.markup}</${tag.name}>`;
    if (node && records[records.length - 1] === node) {
      records.pop();
      recordDepth -= 1;
      done.push({ node, parent: records[records.length - 1] ?? null });
    }
  });
  /**
   * Runs `write` on the parser. A file that is not the format's XML is a usage error, thrown; a parse error after
   * the root comes back as a BrokenFileError naming the line (at the end, with elements still open, the file
   * ends early), for the records before it to be handed out first.
   */
  const feed = (write: () => void, atEnd: boolean): BrokenFileError | null => {
    let error: unknown = null;
    try {
      write();
    } catch (err) {
      error = err;
    }
    if (root !== null && root !== format.root) throw new UsageError(`${file} is not ${format.what}: its root element is <${root}>, not <${format.root}>.`);
    if (error === null) return null;
    // saxes starts its messages with "line:column: ".
    const message = (error as Error).message.replace(/^\d+:\d+: /, "").replace(/\.$/, "");
    const { line, column } = parser;
    if (root === null) throw new UsageError(`${file} is not ${format.what}: it is not XML (${message}).`);
    if (atEnd) return new BrokenFileError(`${file} ends early, at line ${line} (is it cut short?): ${message}.`, line);
    return new BrokenFileError(`${file} is not well-formed XML at line ${line}, column ${column}: ${message}.`, line);
  };
  const { raw, input } = await openExport(file, 256 * 1024);
  let decoder: StreamDecoder | null = null;
  const clean = xmlCharFilter();
  try {
    for await (const chunk of input) {
      decoder ??= decoderFor(file, chunk as Buffer);
      // Decoded as a stream: a character split between two chunks is joined before the parser sees it.
      const text = decoder.decode(chunk as Buffer, { stream: true });
      const broken = feed(() => parser.write(clean(text)), false);
      progress(raw.bytesRead);
      // The records completed before a parse error are handed out first: they are imported.
      yield* done.splice(0);
      if (broken) throw broken;
    }
    const broken = feed(() => parser.write(clean(decoder?.decode() ?? "", true)).close(), true);
    yield* done.splice(0);
    if (broken) throw broken;
  } catch (err) {
    throw gzipError(file, err) ?? err;
  } finally {
    raw.destroy();
  }
}
