// Token generation, hashing and constant-time comparison. Tokens are only ever stored as SHA-256 hashes.

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A URL-safe random string carrying `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
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
