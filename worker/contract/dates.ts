// Dates and text direction as readers see them, the same in the widget and in the server-rendered HTML, so that a
// hydrated element shows the same words. Plain functions of Intl: the widget imports this module.

/** A day in milliseconds: the worker's daily windows (quotas, duplicates, stats, auto-close) count UTC days in these. */
export const DAY_MS = 86_400_000;

/**
 * "rtl" for the right-to-left languages Parley speaks (Arabic). In one it has no words for (Hebrew, Persian, Urdu)
 * the interface is in English, and reads left to right; a reader's text keeps its own direction (`dir=auto`).
 */
export const dirOf = (locale: string) => (/^ar\b/.test(locale) ? "rtl" : "ltr");

type Formatter = Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.PluralRules;

/**
 * Intl formatters are slow to build (about a millisecond each, tens for a page's first): one per locale and style,
 * kept for the life of the page or isolate. Locales come from pages and queries, so the set is capped.
 */
const formatters = new Map<string, Formatter>();
export const kept = <T extends Formatter>(key: string, make: () => T): T => {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, (f = make()));
  }
  return f;
};

/**
 * English is written without Intl: it is the language of most pages and of every page's first paint, and a page's
 * first Intl date or relative-time formatter takes 15–40 ms to build in Chromium, as long as the rest of the
 * widget's first render. The words and their order are what Intl gives for "en" (a test holds them to it).
 */
const english = (locale: string) => locale == "en" || locale == "en-US";
const MONTHS = "January February March April May June July August September October November December".split(" ");

/** A long localized date, e.g. "March 3, 2026", with `time` also the time of day ("March 3, 2026 at 9:41 AM"). */
export function formatDate(iso: string, locale: string, time?: boolean) {
  const d = new Date(iso);
  if (!english(locale))
    return kept(`d${locale}${time}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: time ? "short" : undefined })).format(d);
  const h = d.getHours();
  const at = time ? ` at ${h % 12 || 12}:${String(d.getMinutes()).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}` : "";
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}${at}`;
}

/** "now", "3 minutes ago", "yesterday" within the last week, counted back from `now`; the date for anything older. */
export function ago(iso: string, locale: string, now = Date.now()): string {
  let n = Math.min(Date.parse(iso) - now, 0) / 1e3;
  for (const [unit, per] of [["second", 60], ["minute", 60], ["hour", 24], ["day", 7]] as const) {
    if (n > -per) {
      const k = Math.trunc(n) || 0;
      if (!english(locale)) return kept(`r${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" })).format(k, unit);
      return !k ? "now" : k == -1 && unit == "day" ? "yesterday" : `${-k} ${unit}${k == -1 ? "" : "s"} ago`;
    }
    n /= per;
  }
  return formatDate(iso, locale);
}
