// Readers' and owners' e-mail addresses at rest: sealed with AES-GCM under the e-mail subkey of PARLEY_SECRET,
// and found by a keyed hash without decrypting (both from lib/crypto).
import { cleanAddress } from "../../contract/clean-text";
import { decryptEmail, encryptEmail, keyedHash } from "../../lib/crypto";
import { normalizeEmail } from "../fingerprint";

export function sealEmail(secret: string, email: string): Promise<string> {
  return encryptEmail(secret, cleanAddress(email));
}

/** The address, or null when it was sealed under another secret (then nothing is sent). */
export function openEmail(secret: string, sealed: string): Promise<string | null> {
  return decryptEmail(secret, sealed);
}

/** Whether two addresses are the same once normalized (as the lookup hash sees them). */
export const sameAddress = (a: string, b: string) => normalizeEmail(a) === normalizeEmail(b);

/** The keyed hash of a normalized address (see normalizeEmail). */
export function emailLookupHash(secret: string, email: string): Promise<string> {
  return keyedHash(secret, "email-hash", `notify:${normalizeEmail(email)}`);
}

