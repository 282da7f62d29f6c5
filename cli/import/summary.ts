// What an import did, counted as it runs (run.ts), and the lines `parley import` prints of it.
import type { Status } from "./types.ts";

export interface ImportSummary {
  format: string;
  file: string;
  site: string;
  dryRun: boolean;
  threads: number;
  /** The file's closed threads that are locked after the import (a dry run: the locks it would send). */
  lockedThreads: number;
  /** Thread keys that several pages (query-string variants, duplicate threads) were merged into. */
  merges: { key: string; urls: string[] }[];
  read: number;
  byStatus: Record<Status, number>;
  imported: number;
  present: number;
  skipped: Record<string, number>;
  failed: { ref: string; reason: string }[];
  /** Replies whose parent is not in the file: imported as top-level comments. */
  orphans: number;
  datesRepaired: number;
  seconds: number;
  peakMemoryMB: number;
}

/** The summary as the owner reads it. */
export function formatSummary(s: ImportSummary): string[] {
  const n = (v: number) => v.toLocaleString("en");
  const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const states = Object.entries(s.byStatus)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(", ");
  const lines = [
    s.dryRun ? `Dry run: nothing was written. The plan for ${s.file} → site "${s.site}":` : `Imported ${s.file} (${s.format}) into site "${s.site}":`,
    `  threads           ${n(s.threads)}${s.lockedThreads ? ` (${n(s.lockedThreads)} locked)` : ""}${s.merges.length ? `, ${n(s.merges.length)} merged from several URLs` : ""}`,
    ...s.merges.slice(0, 10).map((m) => `    ${m.key} ← ${m.urls.join(", ")}`),
    `  comments read     ${n(s.read)}${states ? ` (${states})` : ""}`,
  ];
  if (!s.dryRun) {
    lines.push(`  imported          ${n(s.imported)}`, `  skipped, present  ${n(s.present)}`);
  }
  lines.push(
    `  skipped by rule   ${n(skipped)}${skipped ? ` (${Object.entries(s.skipped).map(([k, v]) => `${k} ${n(v)}`).join(", ")})` : ""}`,
    `  failed            ${n(s.failed.length)}`,
    ...s.failed.slice(0, 20).map((f) => `    ${f.ref}: ${f.reason}`),
    ...(s.failed.length > 20 ? [`    … and ${n(s.failed.length - 20)} more (use --json for all)`] : []),
  );
  if (s.orphans) lines.push(`  orphans           ${n(s.orphans)} (parent not in the file: imported as top-level comments)`);
  if (s.datesRepaired) lines.push(`  dates repaired    ${n(s.datesRepaired)} (missing or unreadable: just after the previous comment)`);
  lines.push(`  time              ${s.seconds} s (${n(Math.round(s.read / Math.max(s.seconds, 0.1)))} comments/s)`, `  peak memory       ${s.peakMemoryMB} MB`);
  return lines;
}
