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
    const outcome = (await res.json()) as { success?: unknown; hostname?: unknown };
    return { success: outcome.success === true, hostname: typeof outcome.hostname === "string" ? outcome.hostname : null };
  } catch {
    return { success: false, hostname: null };
  }
};

/** The hostnames a challenge may have been solved on: the site's allowed origins and the worker's own. */
function allowedHostnames(site: SiteRecord, selfHost: string | null): Set<string> {
  const hosts = new Set(site.settings.origins.map((o) => new URL(o).hostname));
  if (selfHost) hosts.add(selfHost);
  return hosts;
}

/**
 * Passes when the site has no Turnstile secret, or when the token verifies and was solved on one of the
 * site's own pages: a token solved on any other site that uses the same Turnstile key is refused.
 */
export async function checkTurnstile(
  deps: ServiceDeps,
  site: SiteRecord,
  token: string | undefined,
  meta: { ip: string | null; host?: string | null },
): Promise<void> {
  const secret = site.settings.turnstileSecret;
  if (!secret) return;
  const failed = new AppError("TURNSTILE_FAILED", "Please complete the challenge to show you are human, then send again.");
  if (!token) throw failed;
  const outcome = await deps.verifyTurnstile(secret, token, meta.ip);
  if (!outcome.success || outcome.hostname === null || !allowedHostnames(site, meta.host ?? null).has(outcome.hostname)) throw failed;
}
