// The shape of a language's strings: the keys come from the English tables, so a missing translation fails the
// type check. Types only; every language module and the lookup in index.ts import them from here.
import type { Brand, Plural } from "../../worker/contract/labels";
import type { en } from "./en";
import type { enExtras } from "./en-extras";

export type { Plural };
export type StringKey = keyof typeof en | keyof typeof enExtras;
export type StringTable = Partial<Record<StringKey, string | Plural>>;
/** A whole language: every string but the brand names. */
export type Catalog = Record<Exclude<StringKey, Brand>, string | Plural> & StringTable;
