// Content-Security-Policy for pages that hold the rendered fragment: inline <style> elements (the shadow roots'
// and the page's) are allowed by their SHA-256 hashes, so nothing else inline can style or run.
import { ARTICLE_STYLE, THREAD_STYLE } from "./fragment";
import { PAGE_STYLE } from "./page";
import { NOSCRIPT_STYLE } from "./thread";

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

let hashes: Promise<string> | undefined;

/** The CSP source list allowing exactly the fragment's and the page's <style> blocks, e.g. `'sha256-…' 'sha256-…'`. */
export function styleHashes(): Promise<string> {
  hashes ??= Promise.all([ARTICLE_STYLE, THREAD_STYLE, NOSCRIPT_STYLE, PAGE_STYLE].map(sha256Base64)).then((list) =>
    list.map((h) => `'sha256-${h}'`).join(" "),
  );
  return hashes;
}

/** Turnstile's script and frame, for sites that ask readers to solve a challenge. */
const TURNSTILE = "https://challenges.cloudflare.com";

/** The policy of the hosted article page: same-origin scripts and API calls, the styles by hash, images over https. */
export async function articlePageCsp(): Promise<string> {
  return (
    `default-src 'self'; script-src 'self' ${TURNSTILE}; style-src 'self' ${await styleHashes()}; img-src 'self' https: data:; ` +
    `connect-src 'self'; frame-src ${TURNSTILE}; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  );
}
