// Webhook signatures: `Parley-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, and the
// per-webhook secret, derived from the server secret and a stored salt so that no secret is stored.
import { keyedHash } from "../../lib/crypto";

const encoder = new TextEncoder();

async function hmacHex(secret: string, value: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signing secret of one webhook: shown once at creation, recomputed for every delivery. */
export async function webhookSecret(serverSecret: string, salt: string): Promise<string> {
  return `whsec_${await keyedHash(serverSecret, "webhook-secret", salt)}`;
}

/** The `Parley-Signature` header value for a body sent at `unixSeconds`. */
export async function signatureHeader(secret: string, unixSeconds: number, body: string): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** The signature of a link in an e-mail or chat message (moderation, confirmation, unsubscribe), keyed per purpose. */
export function linkSignature(serverSecret: string, purpose: string, value: string): Promise<string> {
  return keyedHash(serverSecret, "notify-link", `${purpose}/${value}`);
}
