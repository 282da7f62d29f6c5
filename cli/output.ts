// What the CLI prints: human tables by default, JSON with --json, and errors on standard error.
import stringWidth from "string-width";

/**
 * The words that started the CLI, as it was typed: `npx parley` (npm exec, how a clone runs it), `npm run parley --`
 * (the project's script, whose npm names it in npm_lifecycle_event), else the installed binary, `parley`.
 */
export function startedAs(): string[] {
  if (process.env.npm_command === "exec") return ["npx", "parley"];
  if (process.env.npm_lifecycle_event === "parley") return ["npm", "run", "parley", "--"];
  return ["parley"];
}

/** Another command to run, as a hint names it: started as this one was (`npx parley threads list`). */
export const cliCommand = (words: string) => `\`${[...startedAs(), words].join(" ")}\``;

/** A cell's most columns on a terminal; a longer one is cut to one less and ends with "…". */
const CELL_COLUMNS = 60;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * A cell as one line of at most CELL_COLUMNS terminal columns: cut between whole characters as a reader sees them
 * (an emoji, a flag, a letter and its accents), counted as a terminal draws them (a Chinese character or an emoji
 * takes two columns).
 */
function cellText(v: unknown): string {
  const line = (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)).replace(/\s+/g, " ");
  if (stringWidth(line) <= CELL_COLUMNS) return line;
  let cut = "";
  let columns = 0;
  for (const { segment } of graphemes.segment(line)) {
    columns += stringWidth(segment);
    if (columns > CELL_COLUMNS - 1) break;
    cut += segment;
  }
  return `${cut}…`;
}

/** Prints rows as an aligned table with a header; long cells are cut so a row stays on one line. */
export function printTable(rows: Record<string, unknown>[], columns: string[], out: (line: string) => void = console.log): void {
  if (rows.length === 0) {
    out("(none)");
    return;
  }
  const cells = rows.map((r) => columns.map((c) => cellText(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => stringWidth(row[i]))));
  // Padded to the columns a terminal draws, not to the string's length.
  const fmt = (row: string[]) => row.map((v, i) => v + " ".repeat(widths[i] - stringWidth(v))).join("  ").trimEnd();
  out(fmt(columns.map((c) => c.toUpperCase())));
  for (const row of cells) out(fmt(row));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A list: JSON when asked, else a table. */
export function printList(json: boolean, value: unknown, rows: Record<string, unknown>[], columns: string[]): void {
  if (json) printJson(value);
  else printTable(rows, columns);
}

/** A number and its noun, which takes an s unless the number is one: "1 comment", "1,204 comments". */
export const count = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
