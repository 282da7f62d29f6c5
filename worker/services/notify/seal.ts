// Readers' and owners' e-mail addresses at rest: AES-GCM under a key derived (HKDF) from the server secret,
// and a keyed hash to find an address without decrypting.
import { hmac } from "../../lib/crypto";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function emailKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("parley/email-encryption") },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      );
    keys.set(secret, key);
  }
  return key;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/** Encrypts an address: `v1.<iv>.<ciphertext>`, base64. */
export async function sealEmail(secret: string, email: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await emailKey(secret), encoder.encode(email)));
  return `v1.${toB64(iv)}.${toB64(data)}`;
}

export async function openEmail(secret: string, sealed: string): Promise<string> {
  const [, iv, data] = sealed.split(".");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromB64(iv) }, await emailKey(secret), fromB64(data));
  return new TextDecoder().decode(plain);
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
