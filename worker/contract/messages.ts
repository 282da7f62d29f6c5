// Parley's own wording for validation failures, for every check a schema does not word itself: readers of an error
// (bloggers with curl, the widget) see "Must be at most 100." rather than a library's "Too big: expected number to
// be <=100". The field goes in `details[].field`; the top-level message names the first one (`summarize`).
import type * as z from "zod/mini";

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "null",
  date: "a date",
  bigint: "a whole number",
};

const FORMAT_NAMES: Record<string, string> = {
  email: "an email address",
  url: "a URL",
  datetime: "an ISO 8601 date-time such as 2024-05-01T09:00:00Z",
  date: "an ISO 8601 date such as 2024-05-01",
  uuid: "a UUID",
};

function bound(issue: { origin: string; inclusive?: boolean; exact?: boolean }, value: number | bigint, side: "most" | "least"): string {
  const v = Number(value);
  if (issue.origin === "string") return issue.exact ? `Must be exactly ${v} characters.` : `Must be at ${side} ${v} characters.`;
  if (issue.origin === "array" || issue.origin === "set") {
    if (side === "least" && v === 1) return "Must not be empty.";
    return `Must have at ${side} ${v} item${v === 1 ? "" : "s"}.`;
  }
  if (issue.inclusive === false) return side === "most" ? `Must be less than ${v}.` : `Must be more than ${v}.`;
  return `Must be at ${side} ${v}.`;
}

/** The message for a failed check; used as zod's global error map (a schema's own message still wins). */
export function parleyMessage(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "Required.";
      return `Must be ${TYPE_NAMES[issue.expected] ?? issue.expected}.`;
    case "too_big":
      return bound(issue, issue.maximum, "most");
    case "too_small":
      return bound(issue, issue.minimum, "least");
    case "invalid_value":
      return issue.values.length === 1
        ? `Must be ${JSON.stringify(issue.values[0])}.`
        : `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "invalid_format":
      return FORMAT_NAMES[issue.format] ? `Must be ${FORMAT_NAMES[issue.format]}.` : "Not in the expected format.";
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}.`;
    case "unrecognized_keys":
      return "Unknown field.";
    default:
      return "Not a valid value.";
  }
}

/** One sentence for the whole failure, naming the first field: "limit must be at most 100." */
export function summarize(details: { field: string; message: string }[]): string {
  const [first] = details;
  if (!first) return "The request is not valid.";
  const sentence =
    first.message === "Required."
      ? `${first.field} is required.`
      : /^Must /.test(first.message)
        ? `${first.field} ${first.message[0].toLowerCase()}${first.message.slice(1)}`
        : `${first.field}: ${first.message}`;
  return details.length > 1 ? `${sentence} (and ${details.length - 1} more in details)` : sentence;
}
