// Numbers in query strings (`limit`, `heading-level`): read as typed, in digits, and bounded with a message that
// names the bound.
import * as z from "zod/mini";
import { LIMITS } from "./limits";

/**
 * A query string's number as typed: `1e1`, `0x10`, ` 10` and `10.0` become NaN, refused as `ten` is, not read as 10;
 * a whole number in digits is read, however long or negative, so that the bound it breaks is named.
 */
const digitsOnly = (v: unknown) => {
  if (typeof v != "string") return v;
  if (!/^-?\d+$/.test(v)) return Number.NaN;
  // Past 15 digits (leading zeros aside), a number passes every bound: read it as one that does, exactly.
  const digits = v.replace(/^-?0*/, "");
  return digits.length > 15 ? (v.startsWith("-") ? -1e15 : 1e15) : v;
};
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: (issue) => (issue.code == "invalid_type" ? "Must be a whole number." : undefined) })
    .check(z.int(), z.minimum(min), z.maximum(max));

/** A whole number from `min` to `max` in a query string, written in digits. */
export const queryInt = (min: number, max: number) => z.pipe(z.transform(digitsOnly), wholeNumber(min, max));

/** A page's size: `limit` in every list's query string, `fallback` when not given. */
export const pageLimit = (max: number = LIMITS.pageSizeMax, fallback: number = LIMITS.pageSizeDefault) =>
  z.pipe(z.transform(digitsOnly), z._default(wholeNumber(1, max), fallback));
