// Opaque keyset cursors: a page continues after (score?, time, id), never by OFFSET.
import { decodeOpaque, encodeOpaque } from "./crypto";
import type { ThreadPage } from "../contract/types";
import { AppError } from "./errors";

export interface Cursor {
  /** The sort score for orders by something other than time (votes, for "top"). */
  score?: number;
  at: number;
  id: string;
  /**
   * On a thread page's cursor: the published comments listed up to here, and the thread's published count when
   * they were. While the count is the same, the next page can tell from it whether more follow.
   */
  counted?: { seen: number; total: number };
  /**
   * On a thread page's cursor: how many listed top-level comments follow it, as the thread row counted them under
   * the thread's cache `version` then. While the version is the same, the next page asks for no more than that.
   */
  left?: { roots: number; version: string };
  /** On a thread page's cursor: the order it continues, so that one sent with another order is refused, not misread. */
  sort?: ThreadPage["sort"];
}

/** A thread's orders; a cursor names its order by the first letter, which tells them apart. */
const SORTS: ThreadPage["sort"][] = ["oldest", "newest", "top"];

export function encodeCursor(cursor: Cursor): string {
  const sort = cursor.sort ? `s${cursor.sort[0]}/` : "";
  const counted = cursor.counted ? `c${cursor.counted.seen}.${cursor.counted.total}/` : "";
  const left = cursor.left ? `l${cursor.left.roots}.${cursor.left.version}/` : "";
  return encodeOpaque(`${sort}${counted}${left}${cursor.score === undefined ? "" : `${cursor.score}:`}${cursor.at}:${cursor.id}`);
}

/** Parses a cursor from a query string; a malformed one is a 400, not a silent first page. */
export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === "") return null;
  const text = decodeOpaque(raw);
  const match = text?.match(/^(?:s([ont])\/)?(?:c(\d{1,10})\.(\d{1,10})\/)?(?:l(\d{1,10})\.([0-9a-z]{1,24})\/)?(?:(\d{1,10}):)?(-?\d{1,16}):([^\s:]{1,256})$/);
  if (!match) throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", [{ field: "cursor", message: "Not a cursor from this API." }]);
  const [, sort, seen, total, roots, version, score, at, id] = match;
  return {
    ...(sort === undefined ? {} : { sort: SORTS.find((s) => s[0] === sort) }),
    ...(seen === undefined ? {} : { counted: { seen: Number(seen), total: Number(total) } }),
    ...(roots === undefined ? {} : { left: { roots: Number(roots), version } }),
    ...(score === undefined ? {} : { score: Number(score) }),
    at: Number(at),
    id,
  };
}

/**
 * Splits the `limit + 1` rows a store returned into the page and the cursor of the next one (null on the
 * last page). `position` tells where a row sits in the order.
 */
export function pageOf<T>(rows: T[], limit: number, position: (row: T) => Cursor): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null };
}

/** Where a row with a creation time and an id sits in a time order. */
export const byCreation = (row: { createdAt: number; id: string }): Cursor => ({ at: row.createdAt, id: row.id });
