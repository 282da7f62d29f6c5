// What a reader does to a server-rendered thread before the elements have loaded: widget.js holds neither Lit nor
// the elements, so until they hydrate, its "Load more" and order menu are only HTML. widget.js notes a click on
// the one and a choice in the other, by thread; the thread's element acts on it after each of its updates once it
// has taken the view it hydrates, so that nothing the reader did is lost.

/** Per thread (`site thread`): "more", or the order chosen. Shared by two copies of widget.js, and the page script. */
const early: Map<string, string> = ((globalThis as { [k: symbol]: Map<string, string> })[Symbol.for("parley:early")] ??= new Map());

/** Notes what the reader does to server-rendered threads; widget.js starts it once, as it runs. */
export function noteEarly() {
  const note = (e: Event) => {
    const target = e.composedPath()[0] as Element;
    if (!target.matches?.("button.more,select[part~=sort]")) return;
    // The element the thread belongs to (an article's, or a thread alone), and whether what was used is still the
    // server's HTML: its shadow root, or the article's around it, holds the view it shows until the element's own
    // rendering replaces it (after that, the element handles the event itself).
    let host: Element | undefined = target;
    let server = false;
    while (host && !host.hasAttribute("site")) {
      const root = host.getRootNode() as Partial<ShadowRoot>;
      server ||= !!root.querySelector?.("script[data-parley-view]");
      host = root.host;
    }
    if (!host || !server) return;
    const key = `${host.getAttribute("site")} ${host.getAttribute(host.localName == "parley-article" ? "slug" : "thread") || location.pathname}`;
    // A new order makes a first page of its own: a click on "Load more" before it counts no more.
    if (target.localName == "select") early.set(key, (target as HTMLSelectElement).value);
    else if (!early.has(key)) early.set(key, "more");
  };
  // Both events cross shadow roots (`change` would not).
  addEventListener("click", note, true);
  addEventListener("input", note, true);
}

/** What the reader did to this thread before its element hydrated ("more", or an order), once: it is forgotten. */
export function takeEarly(site: string, thread: string) {
  const key = `${site} ${thread}`;
  const did = early.get(key);
  early.delete(key);
  return did;
}
