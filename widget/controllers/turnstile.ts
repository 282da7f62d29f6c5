// Cloudflare Turnstile for the forms of a thread whose site uses it: the script, loaded once per page, and one
// challenge per thread. Its token is good for one request.

/** The part of Turnstile's client API the widget uses (explicit rendering). */
interface Turnstile {
  render(
    container: HTMLElement,
    options: { sitekey: string; callback(token: string): void; "expired-callback"(): void; "error-callback"(): void },
  ): string;
  reset(widget: string): void;
}

declare global {
  interface Window {
    turnstile?: Turnstile;
  }
}

let turnstileScript: Promise<Turnstile> | undefined;

/**
 * Cloudflare's Turnstile script, added to the page once. The only request the widget makes to anyone but its
 * own worker, and only for sites whose owner turned Turnstile on.
 */
const loadTurnstile = () =>
  (turnstileScript ??= new Promise((done, fail) => {
    if (window.turnstile) return done(window.turnstile);
    const script = document.createElement("script");
    script.src = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
    script.onload = () => done(window.turnstile!);
    script.onerror = fail;
    document.head.appendChild(script);
  }));

/** A thread's challenge: `token` is empty until the reader passes it, and again after each request. */
export interface Challenge {
  token: string;
  /** Asks for a new token: the last one was spent. */
  reset(): void;
}

/**
 * Renders the challenge for `host`'s forms. Turnstile cannot render inside a shadow root, so its container is a
 * child of the outermost Parley element in the document, which slots it through to the active form
 * (<parley-article> forwards its slot). Without the script, posting fails with TURNSTILE_FAILED and says so.
 */
export function startChallenge(host: HTMLElement, sitekey: string): Challenge {
  let widget = "";
  const challenge: Challenge = {
    token: "",
    reset() {
      window.turnstile?.reset(widget);
      challenge.token = "";
    },
  };
  loadTurnstile().then((turnstile) => {
    let top: Element = host;
    for (let root; (root = top.getRootNode()) instanceof ShadowRoot; ) top = root.host;
    const box = document.createElement("div");
    box.slot = "turnstile";
    top.appendChild(box);
    widget = turnstile.render(box, {
      sitekey,
      callback: (token) => (challenge.token = token),
      "expired-callback": () => (challenge.token = ""),
      "error-callback": () => (challenge.token = ""),
    });
  }, () => {});
  return challenge;
}
