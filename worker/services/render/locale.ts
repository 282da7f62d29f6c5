// Dates and text direction for the server-rendered HTML, formatted with Intl exactly as the widget's i18n helpers
// (widget/i18n/index.ts) do, so that a hydrated element shows the same words.

/** The locale to render in: the caller's `lang`, else the site's, canonicalized; a malformed tag gives "en". */
export function localeOf(lang: string | undefined, siteLocale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(lang || siteLocale || "en")[0] ?? "en";
  } catch {
    return "en";
  }
}

/** "rtl" for the languages written right to left. */
export const dirOf = (locale: string) => (/^(ar|he|fa|ur)\b/.test(locale) ? "rtl" : "ltr");

/** Intl formatters are slow to build: one per locale and style, kept for the isolate's life (a bounded set of keys). */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function kept<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, (f = make()));
  }
  return f;
}

/** A long localized date, e.g. "March 3, 2026"; with `time`, also the time of day. */
export const formatDate = (iso: string, locale: string, time?: boolean) =>
  kept(`d${locale}${time}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: time ? "short" : undefined })).format(
    new Date(iso),
  );

/** "now", "3 minutes ago", "yesterday" within the last week; the date for anything older. */
export function ago(iso: string, locale: string, now = Date.now()): string {
  let n = Math.min(Date.parse(iso) - now, 0) / 1e3;
  for (const [unit, per] of [["second", 60], ["minute", 60], ["hour", 24], ["day", 7]] as const) {
    if (n > -per) return kept(`r${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" })).format(Math.trunc(n) || 0, unit);
    n /= per;
  }
  return formatDate(iso, locale);
}
