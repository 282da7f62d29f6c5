// Global options and the environment: where the worker is, which token, which site, and how to print.
import type { Command } from "commander";
import { createApi, type Api } from "./api.ts";

export const DEFAULT_URL = "http://127.0.0.1:8787";

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends Error {}

export interface Context {
  api: Api;
  /** The worker's origin, as readers' browsers reach it when it is the one --url names. */
  origin: string;
  json: boolean;
  /** The site from --site or PARLEY_SITE; throws a usage error when a command needs one and none is set. */
  site(): string;
}

export function contextOf(cmd: Command): Context {
  const opts = cmd.optsWithGlobals<{ url?: string; token?: string; site?: string; json?: boolean }>();
  const url = opts.url ?? process.env.PARLEY_URL ?? DEFAULT_URL;
  const token = opts.token ?? process.env.PARLEY_TOKEN;
  // Said before any request, as the mistake in the call it is, not as a worker that cannot be reached.
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`${cmd.getOptionValueSourceWithGlobals("url") === "env" ? "PARLEY_URL" : "--url"} must be the worker's http(s) address, such as ${DEFAULT_URL}, not "${url}".`);
  }
  // The API lives at the worker's root: an address of a page on it (the demo's, the dashboard's) names no API.
  const path = new URL(url).pathname.replace(/\/+$/, "");
  if (path !== "" && path !== "/api/v1") {
    const root = new URL(url).origin;
    throw new UsageError(`${cmd.getOptionValueSourceWithGlobals("url") === "env" ? "PARLEY_URL" : "--url"} must be the worker's root address, such as ${root}, not a page on it ("${url}").`);
  }
  return {
    api: createApi({ url, token }),
    origin: new URL(url).origin,
    json: opts.json === true,
    site() {
      const site = opts.site ?? process.env.PARLEY_SITE;
      if (!site) throw new UsageError("Name the site with --site SITE (or set PARLEY_SITE).");
      return site;
    },
  };
}
