// Types for confusables.mjs, so the tooling test can check the table it writes.
export const TABLE: string;
export function fullTable(): Record<string, string>;
export function reachableTable(full: Record<string, string>): Record<string, string>;
export function capitalsTable(full: Record<string, string>): Record<string, string>;
export function tableText(table: Record<string, string>, capitals: Record<string, string>): string;
