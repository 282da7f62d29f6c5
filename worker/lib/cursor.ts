// Opaque keyset cursors: a page continues after (time, id), never by OFFSET.
import { decodeOpaque, encodeOpaque } from "./crypto";
import { AppError } from "./errors";

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return encodeOpaque(`${cursor.at}:${cursor.id}`);
}

/** Parses a cursor from a query string; a malformed one is a 400, not a silent first page. */
export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === "") return null;
  const text = decodeOpaque(raw);
  const match = text?.match(/^(-?\d{1,16}):([^\s]{1,256})$/);
  if (!match) throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", [{ field: "cursor", message: "Not a cursor from this API." }]);
  return { at: Number(match[1]), id: match[2] };
}
