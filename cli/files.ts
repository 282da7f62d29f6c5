// The files the CLI reads and writes for the owner: read with a usage error instead of a stack trace, written
// whole or not at all.
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { UsageError } from "./context.ts";

/** A missing file, or a directory given as a file, is a usage error naming it. */
export function requireFile(file: string): void {
  if (!existsSync(file)) throw new UsageError(`No file ${file}.`);
  if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file.`);
}

/** A text file's contents; a missing file, a directory or an unreadable one is a usage error naming it. */
export function readTextFile(file: string): string {
  requireFile(file);
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`${file} could not be read: ${(err as Error).message}`);
  }
}

/** Writes a chunk, waiting when the stream asks to. */
export async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Lets `fill` write to `path` (standard output without one), whole or not at all: into a temporary file beside
 * it, renamed over `path` once complete. A failed export (a refused token, a lost connection) leaves an
 * existing backup as it was, and a directory that does not exist is a usage error, not a crash.
 */
export async function writeWhole<T>(path: string | undefined, fill: (out: Writable) => Promise<T>): Promise<T> {
  if (!path) return fill(process.stdout);
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`There is no directory ${dir} to write ${path} in.`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${path} is a directory.`);
  const partial = join(dir, `.${basename(path)}.${process.pid}.partial`);
  const out = createWriteStream(partial);
  // A write error (a full disk, no permission) ends the fill at once rather than leaving it waiting.
  const failed = new Promise<never>((_, reject) => out.once("error", (err) => reject(new UsageError(`Cannot write ${path}: ${err.message}`))));
  failed.catch(() => {});
  try {
    const result = await Promise.race([fill(out), failed]);
    out.end();
    await Promise.race([once(out, "finish"), failed]);
    renameSync(partial, path);
    return result;
  } catch (err) {
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}
