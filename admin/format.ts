// Dates and numbers as the owner's browser writes them.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => date.format(new Date(iso));

/** "3 min ago", "2 h ago", "5 d ago", or the date. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86400) return `${Math.floor(s / 86400)} d ago`;
  return formatDate(iso);
}

/** "in 40 s", "in 3 min", "in 2 h" (a time to come, within a day), or "on" its date and time. */
export function until(iso: string, now = Date.now()): string {
  const s = Math.max(0, (Date.parse(iso) - now) / 1000);
  if (s < 60) return `in ${Math.ceil(s)} s`;
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 86400) return `in ${Math.round(s / 3600)} h`;
  return `on ${formatDateTime(iso)}`;
}

/** "1 comment", "3 comments". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n == 1 ? one : many}`;

/** A thread key as the owner reads it: `/2021/06/caf%C3%A9/` shows as `/2021/06/café/` (the key itself in tooltips). */
export { readableKey } from "../worker/contract/readable-key";
