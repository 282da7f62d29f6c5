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
