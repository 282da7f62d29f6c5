// The signed-in site and owner token live in sessionStorage only: gone when the tab closes, never in a cookie or
// the URL. Storage can throw (privacy modes); then the session lasts as long as the page.
import type { Session } from "./api/client";

const KEY = "parley:admin:session";

export function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    return s && typeof s.site == "string" && typeof s.token == "string" ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {}
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {}
}
