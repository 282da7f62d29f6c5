// The bench's worker without wrangler dev's proxy (bench/lib/direct.mjs): its rows are only comparable to
// production if it is the deployed bundle with every binding wrangler.toml gives it. This starts it on fresh local
// state and uses D1, KV, the assets and the run_worker_first routes through it, then stops it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDirectWorker } from "../../bench/lib/direct.mjs";
import { bundleWorker } from "../../bench/lib/weight.mjs";
import { applyMigrations, freePort } from "../../worker/dev/local.mjs";

const ADMIN = "direct-admin-token";
let tmp = "";
let worker: Awaited<ReturnType<typeof startDirectWorker>> | null = null;
let base = "";

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "parley-direct-"));
  const persistTo = join(tmp, "state");
  applyMigrations(persistTo);
  bundleWorker(join(tmp, "dist"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = await startDirectWorker({
    port,
    persistTo,
    vars: { ADMIN_TOKEN: ADMIN, PARLEY_SECRET: "direct-secret-0123456789abcdef0123456789abcdef" },
    bundleDir: join(tmp, "dist"),
  });
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await rm(tmp, { recursive: true, force: true });
});

const json = (res: Response) => res.json() as Promise<Record<string, unknown>>;

describe("the deployed bundle in Miniflare without wrangler dev's proxy", () => {
  it("serves the assets and the worker's routes with D1 and KV", async () => {
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get("content-type")).toMatch(/javascript/);

    const auth = { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" };
    const created = await fetch(`${base}/api/v1/sites`, { method: "POST", headers: auth, body: JSON.stringify({ id: "direct", name: "Direct", origins: ["https://blog.example"] }) });
    expect(created.status).toBe(201);
    const { ownerToken } = (await json(created)) as { ownerToken: string };

    const owner = { Authorization: `Bearer ${ownerToken}`, "Content-Type": "application/json" };
    const put = await fetch(`${base}/api/v1/sites/direct/articles/hello`, { method: "PUT", headers: owner, body: JSON.stringify({ title: "Hello", body: "Some *words*." }) });
    expect(put.status).toBeLessThan(300);

    const page = await fetch(`${base}/p/direct/hello`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<em>words</em>");

    // A reader's post (queued for notifications, counted, cached views bumped), then the thread as readers get it.
    const settings = await fetch(`${base}/api/v1/sites/direct`, { method: "PATCH", headers: owner, body: JSON.stringify({ minFillSeconds: 0 }) });
    expect(settings.status).toBe(200);
    const reader = { "Content-Type": "application/json", Origin: "https://blog.example", "CF-Connecting-IP": "198.18.0.7" };
    const posted = await fetch(`${base}/api/v1/sites/direct/threads/hello/comments`, { method: "POST", headers: reader, body: JSON.stringify({ body: "First!", authorName: "Ann" }) });
    expect(posted.status).toBe(201);
    const thread = await fetch(`${base}/api/v1/sites/direct/threads/hello/comments`, { headers: { Origin: "https://blog.example" } });
    expect(thread.headers.get("access-control-allow-origin")).toBe("https://blog.example");
    const { comments } = (await json(thread)) as { comments: { authorName: string }[] };
    expect(comments.map((c) => c.authorName)).toEqual(["Ann"]);
  }, 60_000);
});
