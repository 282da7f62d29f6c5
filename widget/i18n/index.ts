// Every UI string goes through t(): one table per language, plural forms chosen by Intl.PluralRules. English ships
// with the widget; every other language is a lazy chunk, loaded only by pages that show it.
import { ago, kept } from "../../worker/contract/dates";
import { en } from "./en";
import type { Catalog, StringKey, StringTable } from "./catalog";

export type { Catalog, StringKey, StringTable };
// Dates and text direction, shared with the server-rendered HTML.
export { ago, dirOf, formatDate } from "../../worker/contract/dates";

/** Tables by language; English stands in for a missing language or string. Lazy chunks add theirs with addStrings. */
const tables: Record<string, StringTable> = { en };

/** The languages Parley speaks besides English, each its own chunk. */
const catalogs: Record<string, () => Promise<{ strings: Catalog }>> = {
  de: () => import("./de"),
  fr: () => import("./fr"),
  es: () => import("./es"),
  pt: () => import("./pt"),
  ja: () => import("./ja"),
  zh: () => import("./zh"),
  ar: () => import("./ar"),
};
const loading: Record<string, Promise<unknown>> = {};

/** Adds strings to a language's table, e.g. the ones a lazy chunk brings along. */
export const addStrings = (lang: string, strings: StringTable) => Object.assign((tables[lang] ??= {}), strings);

/** Whether `key` names a string, e.g. an API error code with a message of its own. */
export const hasString = (key: string): key is StringKey => key in tables.en;

/**
 * Whether `locale`'s strings are here. If they are not, starts loading them and calls `done` once they are
 * (or once loading failed: English stands in).
 */
export function ready(locale: string, done: () => void): boolean {
  const lang = locale.split("-")[0];
  const load = catalogs[lang];
  if (tables[lang] || !load) return true;
  (loading[lang] ??= load().then(
    (m) => addStrings(lang, m.strings),
    () => addStrings(lang, {}),
  )).then(done);
  return false;
}

/** The string for `key`, in the plural form for `vars.n`, with `{name}` slots filled from `vars`. */
export function t(locale: string, key: StringKey, vars: Record<string, unknown> = {}): string {
  const table = tables[locale] ?? tables[locale.split("-")[0]];
  let s = table?.[key] ?? tables.en[key]!;
  if (typeof s != "string") {
    const rules = table?.[key] ? locale : "en";
    s = s[kept(`p${rules}`, () => new Intl.PluralRules(rules)).select(parseFloat(vars.n as string))] ?? s.other;
  }
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
}

/**
 * The element's `lang`, else the page's, else `fallback` (the site's locale), else "en"; a malformed tag
 * (say "en_US") falls back to "en".
 */
export function localeOf(el: HTMLElement, fallback?: string): string {
  try {
    return Intl.getCanonicalLocales(el.lang || document.documentElement.lang || fallback || "en")[0];
  } catch {
    return "en";
  }
}

// A page's first Intl formatter costs tens of milliseconds (its locale data loads); the rest cost almost nothing.
// On a page in another language than English (which needs none), build one in the first task after the elements
// have sent their requests, so that the cost overlaps the wait for the answers instead of following it.
setTimeout(() => ago(Date(), localeOf(document.documentElement)));
