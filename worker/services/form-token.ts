// Signed, expiring form tokens: issued with a thread, sent back with a post. They prove a minimum fill
// time and are good for one attempt: the first attempt that gets past them spends their nonce, whatever
// becomes of it (see ./admission).
import { constantTimeEqual, decodeOpaque, encodeOpaque, keyedHash, randomToken } from "../lib/crypto";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";

const MAX_AGE_MS = 24 * 3600_000;

interface FormClaims {
  site: string;
  thread: string;
  issuedAt: number;
  nonce: string;
}

export async function issueFormToken(deps: ServiceDeps, site: SiteRecord, thread: string): Promise<string> {
  const payload = encodeOpaque(JSON.stringify({ site: site.id, thread, issuedAt: deps.now(), nonce: randomToken(12) } satisfies FormClaims));
  return `${payload}.${await keyedHash(deps.secret, "form-token", payload)}`;
}

/** The nonce of a checked form token, and until when it must stay spent. */
export interface FormNonce {
  value: string;
  expiresAt: number;
}

/**
 * Checks a form token for this site and thread: genuine, not expired, and old enough for the site's minimum
 * fill time. Returns its nonce (the caller spends it), or null when the site does not ask for a token.
 * Costs no storage: a forged or stale token is refused before anything is counted.
 */
export async function checkFormToken(deps: ServiceDeps, site: SiteRecord, thread: string, token: string | undefined): Promise<FormNonce | null> {
  const minMs = site.settings.minFillSeconds * 1000;
  if (minMs === 0) return null;
  // Readers see the widget's own text; the message is for whoever calls the API directly.
  const apiHint =
    ` API clients: GET /api/v1/sites/${site.id}/threads/${thread.length <= 200 ? encodeURIComponent(thread) : "{thread}"}/comments first and send its formToken with the post,` +
    ` at least ${site.settings.minFillSeconds} s later (the site's minFillSeconds); each token serves one post.`;
  const invalid = (message: string) => new AppError("FORM_TOKEN_INVALID", message + apiHint);
  if (!token) throw invalid("Reload the page and try again: the form token is missing.");
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !constantTimeEqual(signature, await keyedHash(deps.secret, "form-token", payload))) throw invalid("The form token is not valid.");
  let claims: FormClaims;
  try {
    claims = JSON.parse(decodeOpaque(payload) ?? "") as FormClaims;
  } catch {
    throw invalid("The form token is not valid.");
  }
  if (claims.site !== site.id || claims.thread !== thread) throw invalid("The form token belongs to another thread.");
  const age = deps.now() - claims.issuedAt;
  if (age > MAX_AGE_MS) throw invalid("The form has expired: reload the page and try again.");
  if (age < minMs) {
    const retryAfterSeconds = Math.max(1, Math.ceil((minMs - age) / 1000));
    throw new AppError("TOO_FAST", `That was quick! Please wait ${retryAfterSeconds} more seconds and send again.`, [
      { field: "retryAfterSeconds", message: "Seconds to wait before sending the same form again.", retryAfterSeconds },
    ]);
  }
  if (typeof claims.nonce !== "string" || typeof claims.issuedAt !== "number") throw invalid("The form token is not valid.");
  return { value: claims.nonce, expiresAt: claims.issuedAt + MAX_AGE_MS };
}
