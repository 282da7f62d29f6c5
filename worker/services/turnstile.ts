// Cloudflare Turnstile: server-side verification of the challenge response on every write, when a site has a secret.
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps, TurnstileVerifier } from "./context";

const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The production verifier: one call to Turnstile's siteverify endpoint. A network failure counts as "not verified". */
export const verifyWithCloudflare: TurnstileVerifier = async (secret, token, ip) => {
  const form = new FormData();
  form.set("secret", secret);
  form.set("response", token);
  if (ip) form.set("remoteip", ip);
  try {
    const res = await fetch(SITEVERIFY, { method: "POST", body: form });
    const outcome = (await res.json()) as { success?: boolean };
    return outcome.success === true;
  } catch {
    return false;
  }
};

/** Passes when the site has no Turnstile secret, or when the token verifies. */
export async function checkTurnstile(deps: ServiceDeps, site: SiteRecord, token: string | undefined, ip: string | null): Promise<void> {
  const secret = site.settings.turnstileSecret;
  if (!secret) return;
  if (!token || !(await deps.verifyTurnstile(secret, token, ip))) {
    throw new AppError("TURNSTILE_FAILED", "Please complete the challenge to show you are human, then send again.");
  }
}
