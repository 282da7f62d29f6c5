// What the CLI prints: human tables by default, JSON with --json, and errors on standard error.

/** Prints rows as an aligned table with a header; long cells are cut so a row stays on one line. */
export function printTable(rows: Record<string, unknown>[], columns: string[], out: (line: string) => void = console.log): void {
  if (rows.length === 0) {
    out("(none)");
    return;
  }
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    const line = s.replace(/\s+/g, " ");
    return line.length > 60 ? `${line.slice(0, 59)}…` : line;
  };
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
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
