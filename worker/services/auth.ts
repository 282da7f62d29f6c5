// Who a bearer token is: the operator (admin), a site's owner, or nobody. Hashes only, compared in constant time.
import { sha256Hex, tokenMatchesHash } from "../lib/crypto";
import { AppError } from "../lib/errors";
import type { SiteRecord } from "../storage/sites";
import type { ServiceDeps } from "./context";

/** The tokens `npm run dev` prints. They open nothing unless PARLEY_DEV is set (local development). */
export const DEV_ADMIN_TOKEN = "dev-admin-token";
export const DEV_OWNER_TOKEN = "dev-owner-token";

/** Refuses the printed dev tokens on a worker that is not in local development. */
export function refuseDevTokenOutsideDev(token: string | null, dev: boolean): void {
  if (!dev && (token === DEV_ADMIN_TOKEN || token === DEV_OWNER_TOKEN)) {
    throw new AppError("UNAUTHORIZED", "The dev tokens work only in local development (npm run dev).");
  }
}

/** Whether `token` is the operator's admin token (never, while the ADMIN_TOKEN secret is unset). */
export async function isAdminToken(token: string, adminToken: string | undefined): Promise<boolean> {
  return adminToken !== undefined && adminToken !== "" && tokenMatchesHash(token, await sha256Hex(adminToken));
}

/** Passes for the admin token; 401 for anything else (including a missing ADMIN_TOKEN secret). */
export async function requireAdminToken(token: string | null, adminToken: string | undefined): Promise<void> {
  if (!token) throw new AppError("UNAUTHORIZED", "Send the admin token as 'Authorization: Bearer <token>'.");
  if (!(await isAdminToken(token, adminToken))) throw new AppError("UNAUTHORIZED", "The admin token is not valid.");
}

/**
 * Passes for this site's owner token. A valid token of another site, or the admin token, is 403:
 * it is known, but not allowed here. Anything else is 401.
 */
export async function requireOwnerToken(deps: ServiceDeps, site: SiteRecord, token: string | null): Promise<void> {
  if (!token) throw new AppError("UNAUTHORIZED", "Send the site's owner token as 'Authorization: Bearer <token>'.");
  if (await tokenMatchesHash(token, site.ownerTokenHash)) return;
  if (await isAdminToken(token, deps.adminToken)) {
    throw new AppError("FORBIDDEN", "The admin token cannot act for a site; use the site's owner token.");
  }
  if (await deps.stores.sites.findIdByOwnerTokenHash(await sha256Hex(token))) {
    throw new AppError("FORBIDDEN", "This owner token belongs to another site.");
  }
  throw new AppError("UNAUTHORIZED", "The owner token is not valid for this site.");
}
