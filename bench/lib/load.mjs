// Throughput and latency of each request type with autocannon's programmatic API: a fixed number of
// connections for a fixed time against the local worker, one request type at a time.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

/** A process and its descendants (Linux /proc), bounded in depth: wrangler, workerd and what they start. */
function family(pid, depth = 0) {
  if (depth > 8) return [];
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [pid];
  }
  return [pid, ...children.flatMap((c) => family(c, depth + 1))];
}

/**
 * CPU time (user + system, ms) the worker's processes have used so far. Divided by the requests served, it
 * is a cost per request that other work on the machine barely moves, unlike req/s.
 */
function cpuMs(pid) {
  let ticks = 0;
  for (const p of family(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * Runs one load test. `request` is `{ method?, path, body?(n) }`: with `body`, every request gets a fresh body
 * built from a running counter (and its own reader address, `ip(n)`), so no two POSTs are the same comment.
 */
export async function loadTest(workerUrl, { method = "GET", path, body, ip }, { connections, seconds, pid }) {
  let n = 0;
  // The first few failures as they were answered, so a non-2xx count comes with its reason.
  const failures = [];
  const requests = [
    {
      method,
      path,
      onResponse: (status, text) => {
        if ((status < 200 || status > 299) && failures.length < 3) failures.push(`${status} ${String(text ?? "").slice(0, 300)}`);
      },
      ...(body
        ? {
            setupRequest: (req) => {
              const i = n++;
              return {
                ...req,
                headers: { ...req.headers, "content-type": "application/json", ...(ip ? { "cf-connecting-ip": ip(i) } : {}) },
                body: JSON.stringify(body(i)),
              };
            },
          }
        : {}),
    },
  ];
  // With the worker's pid, its processes' CPU time per request is measured too (null without).
  const cpuBefore = pid ? cpuMs(pid) : null;
  const result = await autocannon({
    url: workerUrl,
    connections,
    duration: seconds,
    requests,
    // A request that takes longer than this counts as an error rather than stalling the run.
    timeout: 10,
  });
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    requests: result.requests.total,
    seconds: result.duration,
    reqPerSec: result.requests.total / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: codes,
    failures,
    cpuPerRequest: cpuBefore === null ? null : (cpuMs(pid) - cpuBefore) / Math.max(result.requests.total, 1),
  };
}
