// Widget entry (widget.js): small, so that it runs soon. It fills the page's articles with their rendered views
// (see prerender: the requests go out as this module runs), and once that has painted it imports the elements
// (elements/define: Lit and the rest of the widget), which hydrate what is there.
import { noteEarly } from "./elements/early";
import { afterPaint, darkBehind } from "./elements/paint";
import { prerendered } from "./elements/prerender";
import { ARTICLE_SHEETS, THREAD_SHEETS } from "./styles/base";

const constructed = (sheets: (CSSStyleSheet | string)[]) => sheets.filter((s) => typeof s != "string");

/** How long a failed load of the elements waits before it is tried again (or until the browser is back online). */
const RETRY_MS = [2000, 4000, 8000];

/**
 * Imports the elements. Their chunk is named by its content and widget.js is cached for 5 minutes, so for a few
 * minutes after a deploy a reader's cached widget.js may name a chunk the worker no longer has. Then a fresh
 * widget.js is loaded (once: the copy's own URL says it is one), which brings the chunk that goes with it; what this
 * copy painted stays. Any other failed fetch (the network) is tried again, RETRY_MS apart or as soon as the browser
 * is back online, by whichever copy failed; meanwhile what was painted stays readable, and after the last try the
 * form's place says it could not be loaded (see giveUp). A chunk that came and threw as it ran (it marks its start:
 * see running.ts) is given up at once, with its error: neither a fresh copy nor another try would mend it. Never
 * rejects.
 */
function loadElements(tries = 0) {
  import("./elements/define").catch((e) => {
    if ((self as unknown as Record<symbol, number>)[Symbol.for("parley:elements")])
      return giveUp("Parley: the comments' code failed as it ran, so the thread shown cannot be used:", e);
    const url = new URL(import.meta.url);
    if (tries > 0 || url.searchParams.has("fresh")) return retryLater(tries, e);
    url.searchParams.set("fresh", String(Date.now()));
    import(url.href).catch(() => retryLater(tries, e));
  });
}

/** Loads the elements again after the wait for this many tries, or once the browser is back online; `e` is why not. */
function retryLater(tries: number, e: unknown) {
  if (tries >= RETRY_MS.length)
    return giveUp("Parley: the comments' code could not be loaded, so the thread shown cannot be used. Reload the page to try again.", e);
  const again = () => {
    removeEventListener("online", again);
    clearTimeout(timer);
    loadElements(tries + 1);
  };
  const timer = setTimeout(again, RETRY_MS[tries]);
  addEventListener("online", again);
}

/**
 * After the last try, the place each painted thread holds for its form says, in the thread's language, that the
 * form could not be loaded (the words come with the worker's HTML, as text), and the console says why: `line`, and
 * the error itself.
 */
function giveUp(line: string, e: unknown) {
  console.error(line, e);
  for (const el of document.querySelectorAll("parley-article,parley-comments")) {
    const root = el.shadowRoot;
    for (const slot of [root?.querySelector<HTMLElement>(".fslot"), root?.querySelector("parley-comments")?.shadowRoot?.querySelector<HTMLElement>(".fslot")]) {
      if (!slot?.dataset.failed) continue;
      const notice = document.createElement("p");
      notice.className = "notice";
      notice.setAttribute("part", "form");
      notice.setAttribute("role", "status");
      notice.textContent = slot.dataset.failed;
      slot.replaceChildren(notice);
    }
  }
}

// A stalled request must not keep the elements undefined: after 3 s they are defined anyway and load their views
// themselves (what arrives later is dropped). Nor may a page that refuses the HTML: one enforcing Trusted Types
// throws on setHTMLUnsafe, and its elements, left with an empty shadow root, render their views themselves.
// Nothing here awaits the import at the top level: the elements' module imports this one (see build.mjs).
// What the reader does to the painted HTML meanwhile ("Load more", another order) is acted on when it hydrates.
noteEarly();
void Promise.race([prerendered(constructed(ARTICLE_SHEETS), constructed(THREAD_SHEETS), darkBehind), new Promise<false>((r) => setTimeout(r, 3000, false))])
  .then((painted) => (painted ? afterPaint() : undefined), () => {})
  .finally(() => loadElements());
