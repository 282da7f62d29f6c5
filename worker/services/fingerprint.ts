// Who posted, without storing who posted: keyed hashes of IP and email, and a normalized name, for bans.
import { hmac } from "../lib/crypto";
import type { Fingerprint } from "../storage/bans";
import type { ServiceDeps } from "./context";

export const normalizeName = (name: string) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** An IPv4 or IPv6 address in one canonical spelling (lowercase, IPv6 fully expanded), or null if it is not one. */
export function normalizeIp(raw: string): string | null {
  const ip = raw.trim().toLowerCase();
  const v4 = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? v4.slice(1).map(Number).join(".") : null;
  if (!/^[0-9a-f:]+$/.test(ip) || (ip.match(/::/g)?.length ?? 0) > 1) return null;
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === null ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array(tail === null ? 0 : missing).fill("0"), ...right];
  if (groups.some((g) => g.length < 1 || g.length > 4)) return null;
  return groups.map((g) => g.padStart(4, "0")).join(":");
}

/** Keyed hash of an IP address; the raw address is never stored or logged. */
export const hashIp = (deps: ServiceDeps, ip: string) => hmac(deps.secret, `ip:${normalizeIp(ip) ?? ip.trim().toLowerCase()}`);
export const hashEmail = (deps: ServiceDeps, email: string) => hmac(deps.secret, `email:${normalizeEmail(email)}`);

export async function fingerprint(deps: ServiceDeps, who: { ip?: string | null; email?: string | null; name: string }): Promise<Fingerprint> {
  return {
    ipHash: who.ip ? await hashIp(deps, who.ip) : null,
    emailHash: who.email ? await hashEmail(deps, who.email) : null,
    name: normalizeName(who.name),
  };
}
