// Who posted, without storing who posted: keyed hashes of IP and email, and a normalized name, for bans.
import { hmac } from "../lib/crypto";
import type { Fingerprint } from "../storage/bans";
import type { ServiceDeps } from "./context";

export const normalizeName = (name: string) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Keyed hash of an IP address; the raw address is never stored or logged. */
export const hashIp = (deps: ServiceDeps, ip: string) => hmac(deps.secret, `ip:${ip}`);
export const hashEmail = (deps: ServiceDeps, email: string) => hmac(deps.secret, `email:${normalizeEmail(email)}`);

export async function fingerprint(deps: ServiceDeps, who: { ip?: string | null; email?: string | null; name: string }): Promise<Fingerprint> {
  return {
    ipHash: who.ip ? await hashIp(deps, who.ip) : null,
    emailHash: who.email ? await hashEmail(deps, who.email) : null,
    name: normalizeName(who.name),
  };
}
