// Every UI string goes through t(): one table per locale, plural forms chosen by Intl.PluralRules.
import { en } from "./en";
import type { enForms } from "./en-forms";

export type StringKey = keyof typeof en | keyof typeof enForms;
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type StringTable = Partial<Record<StringKey, string | Plural>>;

/** Tables by language; English stands in for a missing locale or string. Lazy chunks add theirs with addStrings. */
const tables: Record<string, StringTable> = { en };

/** Adds strings to a locale's table, e.g. the ones a lazy chunk brings along. */
export const addStrings = (locale: string, strings: StringTable) => Object.assign((tables[locale] ??= {}), strings);

/** Whether `key` names a string, e.g. an API error code with a message of its own. */
export const hasString = (key: string): key is StringKey => key in tables.en;

/** The string for `key`, in the plural form for `vars.n`, with `{name}` slots filled from `vars`. */
export function t(locale: string, key: StringKey, vars: Record<string, unknown> = {}): string {
  const table = tables[locale] ?? tables[locale.split("-")[0]];
  let s = table?.[key] ?? tables.en[key]!;
  if (typeof s != "string") s = s[new Intl.PluralRules(table?.[key] ? locale : "en").select(vars.n as number)] ?? s.other;
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

/** A long localized date, e.g. "March 3, 2026", with `time` also the time of day ("March 3, 2026 at 9:41 AM"). */
export const formatDate = (iso: string, locale: string, time?: boolean) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: time ? "short" : undefined }).format(new Date(iso));

/** The message for a failed load: a known code gets its own words, a 404 says not found, the rest is generic. */
export const loadErrorKey = (error: { code?: string; status?: number }): StringKey =>
  error.code === "ORIGIN_NOT_ALLOWED" ? "ORIGIN_NOT_ALLOWED" : error.status === 404 ? "notFound" : "loadFailed";
