// English dates are written without Intl (a page's first Intl formatter is slow to build): they must read exactly
// as Intl's "en" does, in every month, at every hour, and for every relative step the widget shows.
import { describe, expect, it } from "vitest";
import { ago, formatDate } from "../../worker/contract/dates";

const intlDate = (d: Date, time?: boolean) =>
  new Intl.DateTimeFormat("en", { dateStyle: "long", timeStyle: time ? "short" : undefined }).format(d);

describe("English dates without Intl", () => {
  it("match Intl's long date, with and without the time, in every month and at every hour and odd minute", () => {
    for (let month = 0; month < 12; month++) {
      for (let hour = 0; hour < 24; hour++) {
        const d = new Date(2026, month, 1 + ((month * 7 + hour) % 28), hour, (hour * 13) % 60);
        const iso = d.toISOString();
        for (const locale of ["en", "en-US"]) {
          expect(formatDate(iso, locale)).toBe(intlDate(d));
          expect(formatDate(iso, locale, true)).toBe(intlDate(d, true));
        }
      }
    }
    expect(formatDate("1999-12-31T23:59:00Z", "en", true)).toBe(intlDate(new Date("1999-12-31T23:59:00Z"), true));
  });

  it("match Intl's relative time (numeric: auto) for each step back, and fall back to the date after a week", () => {
    const now = Date.parse("2026-06-15T12:00:00Z");
    const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
    const steps: [number, Intl.RelativeTimeFormatUnit, number][] = [
      [0, "second", 1], [-0.4, "second", 1], [-1, "second", 1], [-2, "second", 1], [-59, "second", 1],
      [-1, "minute", 60], [-2, "minute", 60], [-59, "minute", 60],
      [-1, "hour", 3600], [-5, "hour", 3600], [-23, "hour", 3600],
      [-1, "day", 86400], [-2, "day", 86400], [-6, "day", 86400],
    ];
    for (const [n, unit, seconds] of steps) {
      const iso = new Date(now + n * seconds * 1000).toISOString();
      expect(ago(iso, "en", now)).toBe(rtf.format(Math.trunc(n) || 0, unit));
    }
    const older = new Date(now - 8 * 86400_000);
    expect(ago(older.toISOString(), "en", now)).toBe(intlDate(older));
    // A date in the future (a clock running behind) reads as now.
    expect(ago(new Date(now + 5000).toISOString(), "en", now)).toBe("now");
  });

  it("leave other languages to Intl", () => {
    const d = new Date("2026-03-03T15:04:00Z");
    expect(formatDate(d.toISOString(), "en-GB")).toBe(new Intl.DateTimeFormat("en-GB", { dateStyle: "long" }).format(d));
    expect(formatDate(d.toISOString(), "de", true)).toBe(new Intl.DateTimeFormat("de", { dateStyle: "long", timeStyle: "short" }).format(d));
    expect(ago(new Date(Date.parse("2026-03-03T15:04:00Z") - 86400_000).toISOString(), "fr", Date.parse("2026-03-03T15:04:00Z"))).toBe("hier");
  });
});
