// Export files come plain or gzipped (Disqus's .xml.gz, Remark42's backups, Commento's exports, and any file
// gzipped by hand): every reader opens its file here and reads the same text either way. The gzip magic bytes
// decide, not the file's name.
import { createReadStream, type ReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { BrokenFileError } from "./types.ts";

/** Whether bytes start with gzip's magic bytes. */
export const startsGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Whether the file starts with gzip's magic bytes. */
export async function isGzip(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  for await (const chunk of stream) return startsGzip(chunk as Buffer);
  return false;
}

/**
 * Opens an export: `input` is its text (gunzipped when it was gzipped); `raw` is the file, whose `bytesRead`
 * tells progress, and which the reader destroys when it stops early.
 */
export async function openExport(file: string, highWaterMark?: number): Promise<{ raw: ReadStream; input: Readable }> {
  const gzipped = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark });
  return { raw, input: gzipped ? raw.pipe(createGunzip()) : raw };
}

/** An error of the gunzip stream as the owner reads it: gzip data cut short or damaged; null for any other error. */
export function gzipError(file: string, err: unknown): BrokenFileError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? "";
  if (code === "Z_BUF_ERROR") return new BrokenFileError(`${file} ends early: its gzip data is cut short (an unfinished download or copy?).`);
  if (code.startsWith("Z_")) return new BrokenFileError(`${file} looks gzipped but its gzip data is damaged: ${(err as Error).message}.`);
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
/** What each byte from 0x80 up is in Windows-1252 (which reads ISO-8859-1's letters the same). */
const CP1252 = [...new TextDecoder("windows-1252").decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i))];

/** The length of the UTF-8 sequence at `i`, or 0 when the bytes there are none (a Latin-1 é, a cut sequence). */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  for (let k = 1; k < n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return 0;
  return n;
}

/** UTF-8 text of bytes, where a byte that is no UTF-8 reads as Windows-1252. One pass over what is not UTF-8. */
export function lenientUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const parts: string[] = [];
    let from = 0;
    for (let i = 0; i < bytes.length; ) {
      const n = bytes[i] < 0x80 ? 1 : utf8Length(bytes, i);
      if (n > 0) i += n;
      else {
        parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + from, i - from).toString("utf8"), CP1252[bytes[i] - 0x80]);
        from = i += 1;
      }
    }
    parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from).toString("utf8"));
    return parts.join("");
  }
}

/** A decoder of text that comes in chunks, as TextDecoder decodes it. */
export interface StreamDecoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * lenientUtf8 for text that comes in chunks: the bytes of a character that a chunk's end cuts are held for the next
 * one, and a byte order mark at the start is dropped, as TextDecoder drops it. Valid UTF-8 costs one decode a chunk.
 */
export function lenientUtf8Stream(): StreamDecoder {
  let held: Uint8Array = new Uint8Array(0);
  let first = true;
  return {
    decode(bytes = new Uint8Array(0), { stream = false } = {}) {
      const all = held.length ? Buffer.concat([held, bytes]) : bytes;
      // A UTF-8 character the end cuts: its first byte is among the last three, and wants more bytes than follow it.
      let cut = all.length;
      for (let k = 1; stream && k <= Math.min(3, all.length); k++) {
        const b = all[all.length - k];
        if ((b & 0xc0) === 0x80) continue;
        if (b >= 0xc2 && b <= 0xf4 && (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k) cut = all.length - k;
        break;
      }
      held = Uint8Array.from(all.subarray(cut));
      let text = lenientUtf8(all.subarray(0, cut));
      if (first && text) {
        first = false;
        if (text.startsWith("\uFEFF")) text = text.slice(1);
      }
      return text;
    },
  };
}

/**
 * Text of a JSON export's bytes: UTF-16 by its byte order mark (what Windows PowerShell's `>` writes), else UTF-8,
 * where a byte that is no UTF-8 reads as Windows-1252 (a file, or one record, saved as Latin-1 by a Windows tool or
 * an old database): `café` either way, never `caf�`.
 */
export function decodeText(bytes: Uint8Array): string {
  const utf16 = utf16Of(bytes);
  return utf16 ? new TextDecoder(utf16).decode(bytes.subarray(2)) : lenientUtf8(bytes);
}

/** The UTF-16 encoding that bytes beginning with its byte order mark are in, or null. */
function utf16Of(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
}

/** Where a chunk's complete lines end: after its last `\n`, else after its last `\r` but a final one (its `\n` may follow). */
function linesEnd(chunk: Buffer): number {
  const lf = chunk.lastIndexOf(0x0a);
  if (lf >= 0) return lf + 1;
  return chunk.length > 1 ? chunk.lastIndexOf(0x0d, chunk.length - 2) + 1 : 0;
}

/**
 * The lines of a text stream, decoded as decodeText decodes a file (UTF-16 by its byte order mark, else UTF-8 with
 * Windows-1252 for bytes that are not), split at `\n`, `\r\n` or `\r`. Bytes are decoded a run of whole lines at a
 * time: a line break is never inside a UTF-8 character.
 */
export async function* textLines(input: Readable): AsyncGenerator<string> {
  let utf16: InstanceType<typeof TextDecoder> | null = null;
  let first = true;
  // The bytes of the line not ended yet, as they came.
  const pending: Buffer[] = [];
  let text = "";
  for await (let chunk of input as AsyncIterable<Buffer>) {
    const bom = first && chunk.length >= 2 ? utf16Of(chunk) : null;
    if (bom) {
      utf16 = new TextDecoder(bom);
      chunk = chunk.subarray(2);
    }
    first = false;
    if (utf16) text += utf16.decode(chunk, { stream: true });
    else {
      const end = linesEnd(chunk);
      if (end === 0) {
        pending.push(chunk);
        continue;
      }
      text += lenientUtf8(Buffer.concat([...pending.splice(0), chunk.subarray(0, end)]));
      pending.push(chunk.subarray(end));
    }
    const lines = text.split(/\r\n|\r|\n/);
    text = lines.pop() ?? "";
    yield* lines;
  }
  text += utf16 ? utf16.decode() : lenientUtf8(Buffer.concat(pending));
  if (text) yield* text.split(/\r\n|\r|\n/);
}
