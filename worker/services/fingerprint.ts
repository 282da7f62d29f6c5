// Who posted, without storing who posted: keyed hashes of IP and email, and a normalized name, for bans.
import { cleanAddress } from "../contract/clean-text";
import { keyedHash } from "../lib/crypto";
import type { Fingerprint } from "../storage/bans";
import type { ServiceDeps } from "./context";
import { foldName, foldNameWithAccents, lookAlikeReading } from "./fold";

/** A name as bans match it: folded like blocked words (see ./fold). */
export const normalizeName = foldName;

/**
 * What bans look a name up by: as bans store it now; as they stored it before they ignored accents; and as it looks
 * rather than as it is spelled ("TroII" and "lVAN" are looked up as "troll" and "ivan" too; see lookAlikeReading).
 */
export function nameKeys(name: string) {
  const look = lookAlikeReading(name);
  const folded = foldName(name);
  return { name: folded, nameWithAccents: foldNameWithAccents(name), nameLookAlike: look === null ? folded : foldName(look) };
}
/** An address as its keyed hash sees it: as the contract cleans one (`cleanAddress`), in lower case. */
export const normalizeEmail = (email: string) => cleanAddress(email).toLowerCase();

/** What an owner may see of an e-mail address: its first letter and its domain ("t***@example.com"). */
export const maskEmail = (email: string) => normalizeEmail(email).replace(/^(.).*(@.*)$/, "$1***$2");

/** An IPv4 or IPv6 address in one canonical spelling (lowercase, IPv6 fully expanded), or null if it is not one. */
export function normalizeIp(raw: string): string | null {
  // An IPv4 address written as IPv6 (::ffff:192.0.2.1) is that IPv4 address.
  const ip = raw.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
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

/**
 * The network an address stands for when counting readers: an IPv4 address itself, an IPv6 address its /64
 * (one subscriber usually holds a whole /64, so single IPv6 addresses are free to rotate through).
 */
export function ipNetwork(raw: string): string {
  const ip = normalizeIp(raw);
  if (ip === null) return raw.trim().toLowerCase();
  return ip.includes(":") ? `${ip.split(":").slice(0, 4).join(":")}::/64` : ip;
}

/** Keyed hash of an IP address (of its /64 for IPv6), for rate limits, vote caps, duplicates and bans; the raw address is never stored or logged. */
export const hashIp = (deps: ServiceDeps, ip: string) => keyedHash(deps.secret, "ip-hash", ipNetwork(ip));
export const hashEmail = (deps: ServiceDeps, email: string) => keyedHash(deps.secret, "email-hash", normalizeEmail(email));

export async function fingerprint(deps: ServiceDeps, who: { ip?: string | null; email?: string | null; name: string }): Promise<Fingerprint> {
  return {
    ipHash: who.ip ? await hashIp(deps, who.ip) : null,
    emailHash: who.email ? await hashEmail(deps, who.email) : null,
    ...nameKeys(who.name),
  };
}
