// The import's progress bar, on standard error: comments sent, of an estimated total, with their rate and an ETA.
import cliProgress from "cli-progress";

export type ProgressBar = cliProgress.SingleBar;

/** The bar, or null when it is not drawn (--no-progress, --json). */
export function createProgressBar(enabled: boolean): ProgressBar | null {
  if (!enabled) return null;
  return new cliProgress.SingleBar(
    {
      format: " {bar} {percentage}% | {value}/{total} comments | {rate}/s | ETA {eta_formatted}",
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
}
