// A CPU profile of the worker while it serves load: the V8 sampling profiler of workerd, reached through
// `wrangler dev --inspector-port` and the DevTools protocol, summed up by function (self time).

/** The first debuggable target of the inspector on `port`: its DevTools WebSocket URL. */
async function targetUrl(port) {
  const res = await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(10_000) });
  const targets = await res.json();
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error(`profile: no inspector target on port ${port}`);
  return target.webSocketDebuggerUrl;
}

/** A tiny DevTools protocol client: `send(method, params)` resolves with the result. */
async function connect(url) {
  // The inspector proxy accepts DevTools connections from localhost origins only.
  const ws = new WebSocket(url, { headers: { Origin: "http://localhost" } });
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error(`profile: cannot connect to ${url}`)), { once: true });
  });
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(String(event.data));
    const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(`${waiter.method}: ${msg.error.message}`));
    else waiter.resolve(msg.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        id += 1;
        pending.set(id, { resolve, reject, method });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * The source module of each line of a bundled script: esbuild opens every module with a `// path` comment,
 * so a line belongs to the last such comment above it (node_modules paths shortened to the package).
 */
function moduleLines(source) {
  const owners = [];
  let current = "(bundle)";
  for (const line of source.split("\n")) {
    const m = line.match(/^\/\/ ((?:\.\.\/)*(?:node_modules\/)?[\w@.\-/]+\.(?:[cm]?js|ts))$/);
    if (m) {
      const pkg = m[1].match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      current = pkg ? pkg[1] : m[1].replace(/^(\.\.\/)+/, "");
    }
    owners.push(current);
  }
  return { owners, lines: source.split("\n") };
}

/** Which part of the code a frame belongs to: a worker module, a package, or the runtime. */
function partOf(frame, modules) {
  if (frame.functionName === "(garbage collector)") return "(gc)";
  if (frame.functionName === "(program)" || frame.functionName === "(idle)") return frame.functionName;
  const owners = modules.get(frame.scriptId);
  if (owners) return owners.owners[frame.lineNumber] ?? "(bundle)";
  return frame.url ? frame.url.replace(/^.*\//, "") : "(native)";
}

/**
 * Summarises a `Profiler.stop` profile: self time per function and per part of the bundle, busiest first,
 * as percentages of the busy (non-idle) samples.
 */
export function summarize(profile, modules = new Map(), top = 25) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfCount = new Map();
  for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
  const fns = new Map();
  const parts = new Map();
  let busy = 0;
  for (const [id, count] of selfCount) {
    const frame = byNode.get(id).callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += count;
    const part = partOf(frame, modules);
    // An anonymous function is named by the start of its first line.
    const text = modules.get(frame.scriptId)?.lines[frame.lineNumber]?.slice(frame.columnNumber, frame.columnNumber + 60).trim();
    const name = `${frame.functionName || `(anonymous: ${text ?? "?"})`} (${part})`;
    fns.set(name, (fns.get(name) ?? 0) + count);
    parts.set(part, (parts.get(part) ?? 0) + count);
  }
  const pct = (n) => `${((100 * n) / Math.max(busy, 1)).toFixed(1).padStart(5)}%`;
  const lines = [`busy samples: ${busy} of ${profile.samples.length}`, "", "by part:"];
  for (const [name, n] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(n)}  ${name}`);
  lines.push("", "by function:");
  for (const [name, n] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(n)}  ${name}`);
  return lines.join("\n");
}

/** Profiles the worker behind the inspector on `port` while `work()` runs; returns the printed summary. */
export async function profileWhile(port, work) {
  const client = await connect(await targetUrl(port));
  try {
    await client.send("Profiler.enable");
    await client.send("Profiler.setSamplingInterval", { interval: 200 });
    await client.send("Profiler.start");
    await work();
    const { profile } = await client.send("Profiler.stop");
    // The scripts' sources, to name the module of each sampled line (asked only after profiling).
    const modules = new Map();
    await client.send("Debugger.enable");
    for (const id of new Set(profile.nodes.map((n) => n.callFrame.scriptId).filter((id) => id && id !== "0"))) {
      try {
        const { scriptSource } = await client.send("Debugger.getScriptSource", { scriptId: id });
        modules.set(id, moduleLines(scriptSource));
      } catch {
        // a runtime-internal script: named by its URL
      }
    }
    await client.send("Debugger.disable");
    return summarize(profile, modules);
  } finally {
    client.close();
  }
}
