// Readers' and owners' e-mail addresses at rest: AES-GCM under the e-mail subkey derived (HKDF) from the
// server secret (lib/crypto), and a keyed hash to find an address without decrypting.
import { decryptEmail, encryptEmail, hmac } from "../../lib/crypto";

/** Encrypts an address: `v1.<iv>.<ciphertext>`, base64url. */
export function sealEmail(secret: string, email: string): Promise<string> {
  return encryptEmail(secret, email);
}

export async function openEmail(secret: string, sealed: string): Promise<string> {
  const email = await decryptEmail(secret, sealed);
  if (email === null) throw new Error("The sealed e-mail address does not open with this secret.");
  return email;
}

/** The keyed hash of a normalized address (lowercase, trimmed). */
export function emailLookupHash(secret: string, email: string): Promise<string> {
  return hmac(secret, `parley/notify-email/${email.trim().toLowerCase()}`);
}

/** "m•••@example.com": what an owner sees of an address. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain ?? ""}`;
}
