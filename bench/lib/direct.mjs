// The worker without `wrangler dev`'s proxy. Every request to `wrangler dev` first passes a proxy worker in a
// workerd process of its own (there for reloading on edits), which forwards it to the workerd running Parley:
// 4–5 ms a request on this 2-CPU machine, which production does not have (there `widget.js` is not even a worker
// request). The bench measures the same bundle `wrangler deploy` uploads (minified), in Miniflare directly, with
// wrangler.toml's bindings and assets as wrangler reads them, on the same local state, so that the numbers that
// this hop dominates (the script tag's two requests in a row, the warm GET beside health) can be read both ways.
//
// `startDirectWorker` runs it in a child Node process (`node bench/lib/direct.mjs serve OPTIONS`), so that the
// worker's CPU per request counts that process and its workerd, as it counts `wrangler dev` and its workerds.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, wranglerEnv } from "../../worker/dev/local.mjs";

const SELF = fileURLToPath(import.meta.url);

/**
 * Starts the bundle in `bundleDir` (bench/lib/weight.mjs bundleWorker) on 127.0.0.1:`port` with the local state
 * under `persistTo` (the directory `wrangler dev --persist-to` uses) and `vars`, and resolves with the child process
 * once the worker answers /api/v1/health; with `inspectorPort`, workerd's DevTools inspector listens there (for
 * profile.mjs). Stop it as `wrangler dev` is stopped (SIGTERM).
 */
export async function startDirectWorker({ port, persistTo, vars = {}, bundleDir, inspectorPort }) {
  const options = JSON.stringify({ port, persistTo, vars, bundleDir, inspectorPort });
  const child = spawn(process.execPath, [SELF, "serve", options], { cwd: ROOT, env: wranglerEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the worker in Miniflare exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`the worker in Miniflare did not become ready on port ${port}:\n${output}`);
}

/** The child: Miniflare with wrangler.toml's options and the bundle as its script, until SIGTERM. */
async function serve({ port, persistTo, vars, bundleDir, inspectorPort }) {
  const { Miniflare, convertV4MiniflareOptions } = await import("miniflare");
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
  // The bundle is one module with everything in it: wrangler's rules for importing other files do not apply, and
  // its modules are named from the bundle's directory.
  const { modulesRules: _rules, rootPath: _root, ...bindings } = workerOptions;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port,
      ...(inspectorPort ? { inspectorPort } : {}),
      resourcePersistencePath: join(persistTo, "v3"),
      workers: [{ ...bindings, name: "parley", modules: true, rootPath: bundleDir, scriptPath: join(bundleDir, "index.js"), bindings: vars }],
    }),
  );
  await mf.ready;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mf.dispose().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] === SELF && process.argv[2] === "serve") {
  await serve(JSON.parse(process.argv[3])).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

