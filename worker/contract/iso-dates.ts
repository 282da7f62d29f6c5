// Dates the API takes, as zod schemas: ISO 8601 date-times, and a plain date read as midnight UTC, each an instant
// that UTC writes with four digits of year, as it is stored and answered.
import * as z from "zod/mini";

/**
 * A date-time whose instant is in the years 0000–9999 in UTC: stored as UTC, 9999-12-31T23:59-14:00 would be
 * +010000-01-01T13:59Z, which no ISO 8601 date-time field (this API's own, an export's restore) takes back.
 */
const inFourDigitYears = z.refine<string>(
  (v: string) => Number.isNaN(Date.parse(v)) || /^\d{4}-/.test(new Date(v).toISOString()),
  "Must be in the years 0000 to 9999 once moved to UTC.",
);

/** A date-time, or a plain date (2024-05-01) read as midnight UTC of that day; `error` says what it must be. */
export const isoDay = (error: string) =>
  z.pipe(
    z.pipe(z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error }), z.transform((v: string) => (v.length === 10 ? `${v}T00:00:00Z` : v))),
    z.string().check(inFourDigitYears),
  );

/** A date-time with its offset (an import's, a restore's), in the years 0000–9999 once in UTC. */
export const isoDateTime = (message: string) => z.iso.datetime({ offset: true, message }).check(inFourDigitYears);
