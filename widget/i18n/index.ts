// Every UI string goes through t(): one table per locale, plural forms chosen by Intl.PluralRules.
import { en } from "./en";

export type StringKey = keyof typeof en;
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type StringTable = Record<StringKey, string | Plural>;

/** Tables by language; English stands in for a missing locale. */
const tables: Record<string, StringTable> = { en };

/** Whether `key` names a string, e.g. an API error code with a message of its own. */
export const hasString = (key: string): key is StringKey => key in en;

/** The string for `key`, in the plural form for `vars.n`, with `{name}` slots filled from `vars`. */
export function t(locale: string, key: StringKey, vars: Record<string, unknown> = {}): string {
  const table = tables[locale] ?? tables[locale.split("-")[0]];
  let s = (table ?? en)[key];
  if (typeof s != "string") s = s[new Intl.PluralRules(table ? locale : "en").select(vars.n as number)] ?? s.other;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
}

/** The element's `lang`, else the page's, else "en"; a malformed tag (say "en_US") falls back to "en". */
export function localeOf(el: HTMLElement): string {
  try {
    return Intl.getCanonicalLocales(el.lang || document.documentElement.lang || "en")[0];
  } catch {
    return "en";
  }
}

/** A long localized date, e.g. "March 3, 2026". */
export const formatDate = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date(iso));
