// Loads data for an element whenever the arguments it depends on change, outside render(); aborts stale loads.
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ApiError, apiError, REFUSED, type Refusal } from "../api/request";
import { ParleyErrorEvent, ParleyLoadedEvent } from "../events";

export type Host = ReactiveControllerHost & HTMLElement;

/**
 * The page's origin as the browser sends it (`Origin`), which a site's origins are checked against. In a sandboxed
 * frame without allow-same-origin it is "null", whatever the frame's address: no site can allow that, so it says so.
 */
export const pageOrigin = () => (self.origin == "null" ? "null (a sandboxed frame: it needs allow-same-origin)" : self.origin);

/** Messages already written to the console: a misconfigured page gets one line, not one per element. */
const told = new Set<string>();

/**
 * Runs `task(args)` before an update whenever `args()` differs from the last run (and is not false: not yet),
 * and keeps the latest result. `args` starts with the api, the site and the thread (or slug). The previous value
 * stays visible while a new one loads, so re-sorting doesn't flash, and after a failed load of the same thread.
 */
export class LoadController<A extends unknown[], T> implements ReactiveController {
  value?: T;
  error?: ApiError;
  private _key?: string;
  /** The site and thread parley-loaded last told of: another order of the same thread is not news to the page. */
  private _told?: string;
  private _abort?: AbortController;

  constructor(
    protected host: Host,
    protected _args: () => A | false,
    private _task: (args: A, signal: AbortSignal) => Promise<T>,
  ) {
    host.addController(this);
  }

  hostUpdate() {
    const args = this._args();
    const key = JSON.stringify(args);
    if (args && key !== this._key) {
      this._key = key;
      void this._run(args);
    }
  }

  // A moved element is disconnected and connected again: the aborted load has to run once more.
  hostConnected() {
    this.host.requestUpdate();
  }

  hostDisconnected() {
    this._abort?.abort();
    this._key = undefined;
  }

  /** Takes a value already at hand for these arguments (server-rendered, or part of a larger answer): no load. */
  seed(args: A, value: T) {
    this._abort?.abort();
    this._key = JSON.stringify(args);
    this._told = JSON.stringify(args.slice(0, 3));
    this.value = value;
  }

  /** Loads again with the same arguments, after a failure: the Retry button. */
  retry() {
    this._key = this.error = undefined;
    this.host.requestUpdate();
  }

  private async _run(args: A) {
    this._abort?.abort();
    const abort = (this._abort = new AbortController());
    this.error = undefined;
    try {
      // No site: the page is set up wrongly, and a request could only fail without saying why.
      if (!args[1]) throw new ApiError("SITE_NOT_FOUND", 404, [], undefined, `<${this.host.localName}> has no site attribute.`);
      // widget.js's request for this very site and thread was refused as this one would be: no second one.
      const host = this.host as Host & { [REFUSED]?: Refusal };
      const [site, key, answer] = host[REFUSED] ?? [];
      delete host[REFUSED];
      if (answer && site == args[1] && key == args[2]) {
        const refusal = apiError(answer.status, await answer.json().catch(() => null));
        if (/^(ORIGIN|SITE|ARTICLE)_NOT_/.test(refusal.code)) throw refusal;
      }
      this.value = await this._task(args, abort.signal);
      const told = JSON.stringify(args.slice(0, 3));
      if (told != this._told) this.host.dispatchEvent(new ParleyLoadedEvent(args[1] as string, args[2] as string));
      this._told = told;
    } catch (e) {
      if (abort.signal.aborted) return;
      const err = (this.error = e as ApiError);
      // Another thread (or article) that failed leaves nothing to show: the last one's value is not it. Another order
      // of the same one keeps what is shown, with the error beside it.
      if (JSON.stringify(args.slice(0, 3)) != this._told) this.value = undefined;
      this.host.dispatchEvent(new ParleyErrorEvent(err.code, err.status));
      // One line for the blogger, in the API's words (it names the site and the page's origin).
      const line = `Parley: ${err.message} (${err.code}; page origin ${pageOrigin()})`;
      if (err.status && !told.has(line)) told.add(line), console.error(line);
    }
    this.host.requestUpdate();
  }
}
