// Token generation, hashing and constant-time comparison. Tokens are only ever stored as SHA-256 hashes.
// Keys derived from PARLEY_SECRET (one HKDF subkey per purpose) for keyed hashes and e-mail encryption.
import { AppError } from "./errors";

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `Uint8Array.prototype.toBase64`, where the runtime has it (workerd does; older Node does not). */
type NativeBase64 = Uint8Array & { toBase64?: (options: { alphabet: "base64url"; omitPadding: boolean }) => string };

function toBase64Url(bytes: Uint8Array): string {
  // Natively where possible: every thread page signs a form token, and this showed in its profile.
  const native = (bytes as NativeBase64).toBase64;
  if (typeof native === "function") return native.call(bytes, { alphabet: "base64url", omitPadding: true });
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A URL-safe random string carrying `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * A random id for a comment or a ban (16 characters, 96 bits): one that starts with "-" would be read as an
 * option where it is typed after a command (`parley comments spam ID`), so its first character is a letter or
 * a digit.
 */
export function newId(): string {
  const id = randomToken(12);
  return /^[-_]/.test(id) ? `x${id.slice(1)}` : id;
}

export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA-256 of `value` under `secret`, base64url: deterministic tokens and keyed hashes. */
export async function hmac(secret: string, value: string): Promise<string> {
  // Importing the key costs as much as signing; the isolate keeps it.
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    hmacKeys.set(secret, key);
  }
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", await key, encoder.encode(value))));
}

/** Compares two strings in time that does not depend on where they first differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Compares a presented token with a stored SHA-256 hex hash without leaking timing. */
export async function tokenMatchesHash(token: string, storedHash: string): Promise<boolean> {
  return constantTimeEqual(await sha256Hex(token), storedHash);
}

/** Base64url of a UTF-8 string, for opaque cursors. */
export function encodeOpaque(value: string): string {
  return toBase64Url(encoder.encode(value));
}

export function decodeOpaque(value: string): string | null {
  try {
    const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The least PARLEY_SECRET may hold: 32 bytes, the size of every key derived from it. */
export const MIN_SECRET_BYTES = 32;

/** What is wrong with PARLEY_SECRET, or null when it is usable. */
export function secretProblem(secret: string | undefined): string | null {
  if (!secret) return "The worker has no PARLEY_SECRET. Set one of at least 32 bytes (`wrangler secret put PARLEY_SECRET`); see the README's deploy steps.";
  if (encoder.encode(secret).byteLength < MIN_SECRET_BYTES) {
    return `PARLEY_SECRET is shorter than ${MIN_SECRET_BYTES} bytes. Set a longer random value (e.g. \`openssl rand -base64 48\`); see the README's deploy steps.`;
  }
  return null;
}

/**
 * What each key derived from PARLEY_SECRET is for. One HKDF subkey per purpose, so a purpose's key can be
 * rotated (and its stored hashes recomputed) without touching the others.
 */
export type KeyPurpose =
  | "form-token"
  | "edit-token"
  | "ip-hash"
  | "email-hash"
  | "email-encryption"
  | "reader-hash"
  | "idempotency"
  | "webhook-secret"
  | "notify-link"
  | "import-id";

const subkeys = new Map<string, Promise<CryptoKey>>();

/** The HKDF-SHA-256 subkey for one purpose (HMAC-SHA-256, or AES-256-GCM for email encryption); kept by the isolate. */
function subkey(secret: string, purpose: KeyPurpose): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = subkeys.get(id);
  // A kept key was derived from a usable secret: only a new one is checked (each request signs a form token).
  if (!key) {
    const problem = secretProblem(secret);
    if (problem) return Promise.reject(new AppError("MISCONFIGURED", problem));
    key = (async () => {
      const master = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
      const params = { name: "HKDF", hash: "SHA-256", salt: encoder.encode("parley/v1"), info: encoder.encode(purpose) };
      return purpose === "email-encryption"
        ? crypto.subtle.deriveKey(params, master, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        : crypto.subtle.deriveKey(params, master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
    })();
    key.catch(() => subkeys.delete(id));
    subkeys.set(id, key);
  }
  return key;
}

/**
 * HMAC-SHA-256 of `value` under the subkey for `purpose`, base64url: keyed hashes and deterministic tokens.
 * Throws MISCONFIGURED (503) when PARLEY_SECRET is missing or too short.
 */
export async function keyedHash(secret: string, purpose: KeyPurpose, value: string): Promise<string> {
  const key = await subkey(secret, purpose);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(value))));
}

/** Seals an e-mail address with AES-256-GCM under the e-mail subkey: `v1.<iv>.<ciphertext>`, base64url. */
export async function encryptEmail(secret: string, email: string): Promise<string> {
  const key = await subkey(secret, "email-encryption");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, encoder.encode(email));
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Opens what `encryptEmail` sealed; null when it was sealed under another secret or altered. */
export async function decryptEmail(secret: string, sealed: string): Promise<string | null> {
  const key = await subkey(secret, "email-encryption");
  const [version, iv, data] = sealed.split(".");
  if (version !== "v1" || !iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv) }, key, fromBase64Url(data));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
