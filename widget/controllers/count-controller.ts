// Comment counts for <parley-count>. Every count asked for in the same microtask shares one request per api + site.
import { LIMITS } from "../../worker/contract/limits";
import { getCounts } from "../api/counts";
import { LoadController, type Host } from "./load-controller";

interface Waiter {
  thread: string;
  done: (n: number) => void;
  fail: (e: unknown) => void;
}

const queues = new Map<string, Waiter[]>();

/**
 * Resolves with the count of one thread, batched with every other count for the same api + site requested
 * before the microtask ends. A full batch (the API's limit) is sent as is and a new one starts.
 */
export function countOf(api: string | undefined, site: string, thread: string): Promise<number> {
  return new Promise((done, fail) => {
    const key = `${api} ${site}`;
    let queue = queues.get(key);
    if (!queue || queue.length == LIMITS.countsThreadsMax) {
      const q: Waiter[] = (queue = []);
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
  });
}

/** `args` returns [api, site, thread]. */
export const createCountController = (host: Host, args: () => [string | undefined, string, string]) =>
  new LoadController(host, args, ([api, site, thread]) => countOf(api, site, thread));
