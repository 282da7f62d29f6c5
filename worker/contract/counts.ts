// The counts route's query: the threads a listing page asks comment counts for, in one request.
import * as z from "zod/mini";
import { LIMITS } from "./limits";
import { threadKeySchema } from "./schemas";

/**
 * The threads to count, named two ways: `thread` once per key (`?thread=a&thread=%2Fcaf%25C3%25A9%2F`), each value
 * the key itself as any query value is encoded; or `threads`, one value of keys joined by commas, each key
 * percent-encoded first (encodeURIComponent) so that a comma or `%` in it stays its own: what widget.js sends.
 * Both may be given; the keys are counted once each, at most LIMITS.countsThreadsMax.
 */
export const countsQuerySchema = z.pipe(
  z.pipe(
    z.strictObject({
      threads: z.optional(z.string().check(z.minLength(1, "Name at least one thread."))),
      thread: z.optional(z.union([z.string(), z.array(z.string())])),
    }),
    z.transform((q: { threads?: string; thread?: string | string[] }, ctx) => {
      const listed = (q.threads?.split(",") ?? []).map((k) => {
        try {
          return decodeURIComponent(k);
        } catch {
          return k;
        }
      });
      const given = q.thread === undefined ? [] : [q.thread].flat();
      const keys = [...new Set([...given, ...listed])];
      if (keys.length === 0) {
        ctx.issues.push({ code: "custom", input: q, path: ["threads"], message: "Required: thread=KEY once per thread, or threads=A,B with each key percent-encoded." });
        return z.NEVER;
      }
      if (keys.length > LIMITS.countsThreadsMax) {
        ctx.issues.push({ code: "custom", input: q, path: [q.thread === undefined ? "threads" : "thread"], message: `At most ${LIMITS.countsThreadsMax} threads per request.` });
        return z.NEVER;
      }
      // A key that is no key is named where it was sent (threads.4 is the fifth of the list), not where it is once
      // repeats are dropped; each key is checked once, however often it is repeated.
      const checked = new Set<string>();
      for (const [field, list] of [["thread", given], ["threads", listed]] as const) {
        for (const [i, key] of list.entries()) {
          if (checked.has(key)) continue;
          checked.add(key);
          const problem = z.safeParse(threadKeySchema, key).error?.issues[0];
          if (!problem) continue;
          ctx.issues.push({ code: "custom", input: key, path: field === "thread" && !Array.isArray(q.thread) ? [field] : [field, i], message: problem.message });
          return z.NEVER;
        }
      }
      return { threads: keys };
    }),
  ),
  z.object({ threads: z.array(threadKeySchema) }),
);
