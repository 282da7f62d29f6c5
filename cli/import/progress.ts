// The import's progress bar, on standard error: comments sent, with their rate. Until the import knows how many
// comments there are, it shows the count alone (never "0/1"); while it has read only part of the file, the total is
// an estimate from the share read, shown as one ("~5,000"); once the whole file is read, the total is exact.
import cliProgress from "cli-progress";

/** How much is known of the total: nothing yet, an estimate, or the number. */
export type TotalKnown = "unknown" | "estimated" | "exact";

const FORMATS: Record<TotalKnown, string> = {
  unknown: " {value} comments sent | {rate}/s | reading the file…",
  estimated: " {bar} {percentage}% | {value}/~{total} comments | {rate}/s | ETA {eta_formatted}",
  exact: " {bar} {percentage}% | {value}/{total} comments | {rate}/s | ETA {eta_formatted}",
};

export interface ProgressBar {
  /** Shows `done` comments sent, of `total` as far as it is known, at `rate` a second. */
  show(done: number, total: { value: number; known: TotalKnown }, rate: number): void;
  /** Stops the bar's timer (which keeps Node running) and draws it one last time. */
  stop(): void;
}

/** The bar, drawn from now on, or null when it is not drawn (--no-progress, --json). */
export function createProgressBar(enabled: boolean): ProgressBar | null {
  if (!enabled) return null;
  const bar = new cliProgress.SingleBar(
    {
      format: (options, params, payload: { known: TotalKnown }) => cliProgress.Format.Formatter({ ...options, format: FORMATS[payload.known] }, params, payload),
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  // Drawn from the first progress on, when some of the file is read: a file refused at once (not the format's, not
  // XML) says so alone, without "0 comments sent" drawn at the start and again at the stop.
  let started = false;
  return {
    show(done, total, rate) {
      // The bar needs a total above 0 to draw; none is shown until one is known.
      const value = total.known === "unknown" ? Math.max(done, 1) : Math.max(total.value, done, 1);
      if (!started) bar.start(value, done, { rate, known: total.known });
      started = true;
      bar.setTotal(value);
      bar.update(done, { rate, known: total.known });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * What the bar shows of an import: the comments sent, of a total unknown until some of the file is read, then
 * estimated from the share read so far (`read()` comments in `position` of `size` bytes), and known once it is all
 * read (a Parley export's is known from the start: `total`).
 */
export class SendMeter {
  done = 0;
  /** Once the whole file is read: the comments sent, and the replies still waiting for a parent. */
  knownTotal: number | null = null;
  private position = 0;
  private readonly started = performance.now();
  private readonly bar: ProgressBar | null;
  private readonly total: number | undefined;
  private readonly size: number;
  private readonly read: () => number;

  constructor(bar: ProgressBar | null, total: number | undefined, size: number, read: () => number) {
    this.bar = bar;
    this.total = total;
    this.size = size;
    this.read = read;
  }

  private rate() {
    return Math.round(this.done / Math.max(0.001, (performance.now() - this.started) / 1000));
  }

  /** Shows the count, with the file read up to `bytes` when given. */
  tick(bytes?: number) {
    if (bytes !== undefined) this.position = bytes;
    const { bar, done } = this;
    if (!bar) return;
    if (this.knownTotal !== null) return bar.show(done, { value: this.knownTotal, known: "exact" }, this.rate());
    if (this.total !== undefined) return bar.show(done, { value: this.total, known: "exact" }, this.rate());
    if (this.position === 0 || this.read() === 0) return bar.show(done, { value: 0, known: "unknown" }, this.rate());
    bar.show(done, { value: Math.round((this.read() / Math.min(this.position, this.size)) * this.size), known: "estimated" }, this.rate());
  }

  /** The last count: what was sent is the whole file only for an import that read it all (`complete`). */
  finish(complete: boolean) {
    if (!complete) this.tick();
    else this.bar?.show(this.done, { value: this.done, known: "exact" }, this.rate());
  }
}
