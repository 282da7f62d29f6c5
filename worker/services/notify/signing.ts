// Webhook signatures: `Parley-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, and the
// per-webhook secret, derived from the server secret and a stored salt so that no secret is stored.
import { hmac } from "../../lib/crypto";

const encoder = new TextEncoder();

async function hmacHex(secret: string, value: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signing secret of one webhook: shown once at creation, recomputed for every delivery. */
export async function webhookSecret(serverSecret: string, salt: string): Promise<string> {
  return `whsec_${await hmac(serverSecret, `parley/webhook-secret/${salt}`)}`;
}

/** The `Parley-Signature` header value for a body sent at `unixSeconds`. */
export async function signatureHeader(secret: string, unixSeconds: number, body: string): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** Checks a `Parley-Signature` header the way a receiver should: the MAC, and `t` within `toleranceSeconds`. */
export async function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  return expected.length === parts.v1.length && [...expected].every((ch, i) => ch === parts.v1[i]);
}

/** HMAC hex of a value under the server secret: signatures of links in e-mails and chat messages. */
export function linkSignature(serverSecret: string, purpose: string, value: string): Promise<string> {
  return hmacHex(serverSecret, `parley/${purpose}/${value}`);
}
