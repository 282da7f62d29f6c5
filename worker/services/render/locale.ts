// The locale of the server-rendered HTML; its dates and text direction come from the contract (contract/dates.ts),
// shared with the widget.

/** The locale to render in: the caller's `lang`, else the site's, canonicalized; a malformed tag gives "en". */
export function localeOf(lang: string | undefined, siteLocale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(lang || siteLocale || "en")[0] ?? "en";
  } catch {
    return "en";
  }
}
