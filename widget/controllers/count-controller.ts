// Comment counts for <parley-count>. Every count asked for in the same microtask shares one request per api + site.
import { LIMITS } from "../../worker/contract/limits";
import { getCounts } from "../api/counts";
import { ApiError } from "../api/request";
import { LoadController, type Host } from "./load-controller";

interface Waiter {
  thread: string;
  done: (n: number) => void;
  fail: (e: unknown) => void;
}

/** A batch of counts, and how long its keys make the request's address. */
type Batch = Waiter[] & { chars: number };

const queues = new Map<string, Batch>();

/**
 * The most characters a batch's keys may take in the address of its /counts request (each key is encoded, and
 * the query encodes its `%`s again). Long keys, such as a page's percent-encoded path in Chinese or Cyrillic,
 * split the batch there, well within what servers and proxies take.
 */
const URL_CHARS = 8000;

/**
 * Resolves with the count of one thread, batched with every other count for the same api + site requested
 * before the microtask ends. A full batch (the API's limit, or an address of URL_CHARS) is sent as is and a new
 * one starts.
 */
export function countOf(api: string | undefined, site: string, thread: string): Promise<number> {
  // A count without a thread fails alone, not the batch of every other count on the page.
  if (!thread) return Promise.reject(new ApiError("VALIDATION_FAILED", 400, [{ field: "thread", message: "Must not be empty." }], undefined, "<parley-count> has no thread attribute."));
  return new Promise((done, fail) => {
    const key = `${api} ${site}`;
    const chars = encodeURIComponent(encodeURIComponent(thread)).length + 3;
    let queue = queues.get(key);
    if (!queue || queue.length == LIMITS.countsThreadsMax || queue.chars + chars > URL_CHARS) {
      const q: Batch = (queue = Object.assign([] as Waiter[], { chars: 0 }));
      queues.set(key, q);
      queueMicrotask(() => {
        if (queues.get(key) == q) queues.delete(key);
        getCounts(api, site, [...new Set(q.map((w) => w.thread))]).then(
          ({ counts }) => q.forEach((w) => w.done(counts[w.thread] ?? 0)),
          (e) => q.forEach((w) => w.fail(e)),
        );
      });
    }
    queue.push({ thread, done, fail });
    queue.chars += chars;
  });
}

/** `args` returns [api, site, thread]. */
export const createCountController = (host: Host, args: () => [string | undefined, string, string]) =>
  new LoadController(host, args, ([api, site, thread]) => countOf(api, site, thread));
