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

/**
 * The region each language the widget speaks is written in when a tag names none (CLDR's likely subtags, whose data
 * for that region is the language's own): `en-US` reads exactly as `en`, `pt-BR` as `pt`. Arabic has none here, as its
 * regions may write their digits differently.
 */
const DEFAULT_REGION: Record<string, string> = { en: "us", de: "de", fr: "fr", es: "es", pt: "br", ja: "jp", zh: "cn" };

/** A bare language's tag with its default region, lower-cased (`en` → `en-us`); "" for any other tag. */
export const withDefaultRegion = (lang: string) => (Object.hasOwn(DEFAULT_REGION, lang) ? `${lang}-${DEFAULT_REGION[lang]}` : "");
