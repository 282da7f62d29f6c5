// The one parser of the CLI's numeric options (--limit, the quota's): digits only, within the option's range, so
// that `1e5` or `10abc` is a usage error naming the option rather than 1 or 10, as parseInt would read them.
import { InvalidArgumentError } from "commander";

/**
 * A commander argument parser for a whole number from `min` to `max` (no bound above when `max` is omitted), as
 * typed: digits, with `_` or `,` between thousands allowed (`20_000`, `5,000`). Anything else (`1e5`, `2.5`, `-1`,
 * `10abc`, `0x10`, an empty string) throws InvalidArgumentError, which commander reports with the option's name as
 * a usage error (exit 2).
 */
export function wholeNumber(range: { min: number; max?: number; example: number }): (value: string) => number {
  const { min, max, example } = range;
  const n = (v: number) => v.toLocaleString("en");
  const expected =
    max === undefined ? `Must be a whole number${min > 0 ? ` of at least ${n(min)},` : ""} such as ${example}.` : `Must be a whole number from ${n(min)} to ${n(max)}, such as ${example}.`;
  return (value) => {
    const digits = value.trim().replace(/(?<=\d)[_,](?=\d{3}(?!\d))/g, "");
    // 15 digits at most: every such number is exact as a JavaScript number.
    if (!/^\d{1,15}$/.test(digits)) throw new InvalidArgumentError(expected);
    const number = Number(digits);
    if (number < min || (max !== undefined && number > max)) throw new InvalidArgumentError(expected);
    return number;
  };
}
