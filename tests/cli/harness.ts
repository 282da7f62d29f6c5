// The one place CLI tests import the harness from: run `parley` as a child process against the test worker,
// create sites, and read the API directly to check what a command did.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, inject } from "vitest";
import { ROOT } from "../../worker/dev/local.mjs";

export { ROOT };
export const FIXTURES = join(ROOT, "tests/fixtures/import");
/** A file of the ugly, real-world-shaped set (tests/fixtures/import-qa): other encodings, converters' output, spam. */
export const qaFixture = (name: string) => join(ROOT, "tests/fixtures/import-qa", name);

const env = () => inject("cli");
export const workerUrl = () => env().workerUrl;
export const adminToken = () => env().adminToken;

/** Node 24 from the project (it strips the CLI's TypeScript types), else the Node running the tests. */
const NODE = existsSync(join(ROOT, "node_modules/.bin/node")) ? join(ROOT, "node_modules/.bin/node") : process.execPath;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `parley ARGS…` with PARLEY_URL set to the test worker and PARLEY_TOKEN to `token`. `closeStdout` closes
 * the output pipe at once, as `parley … | head` does once it has its lines; `onSpawn` gets the process (to
 * send it a signal while it runs).
 */
export function parley(
  args: string[],
  options: { token?: string; env?: Record<string, string>; closeStdout?: boolean; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(ROOT, "cli/parley.ts"), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PARLEY_URL: workerUrl(),
        ...(options.token ? { PARLEY_TOKEN: options.token } : {}),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    options.onSpawn?.(child);
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs a command that must succeed and parses its --json output. */
export async function parleyJson<T = any>(args: string[], token?: string): Promise<T> {
  const r = await parley(["--json", ...args], { token });
  expect(r.code, r.stderr || r.stdout).toBe(0);
  return JSON.parse(r.stdout) as T;
}

let counter = 0;
/** A fresh site through `parley sites create`; returns its id and owner token. */
export async function createSite(prefix = "cli"): Promise<{ site: string; token: string }> {
  counter += 1;
  const site = `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await parleyJson<{ site: { id: string }; ownerToken: string }>(
    ["sites", "create", site, "--name", `Test ${site}`, "--origin", "https://blog.example.com"],
    adminToken(),
  );
  return { site: created.site.id, token: created.ownerToken };
}

/** Calls the API directly (to set things up or check a command's effect). */
export async function api<T = any>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${workerUrl()}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * Confirms the owner's digest address `email` as its owner would: the link in the confirmation e-mail (read from the
 * worker's dev outbox, waiting up to 10 s for it), then the page's button.
 */
export async function confirmOwnerMail(email: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { messages } = (await (await fetch(`${workerUrl()}/dev/mail.json`)).json()) as { messages: { to: string; subject: string; text: string }[] };
    const mail = messages.find((m) => m.to === email && m.subject.startsWith("Confirm the moderation digest"));
    const link = mail?.text.match(/https?:\/\/\S+\/mail\/confirm\/\S+/)?.[0];
    if (link) {
      expect((await fetch(link, { method: "POST" })).status).toBe(200);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation e-mail to ${email}`);
}

/** Every comment of a site in the moderation view (all states), oldest first. */
export async function allComments(site: string, token: string): Promise<any[]> {
  const out: any[] = [];
  let cursor = "";
  for (let i = 0; i < 100; i++) {
    const { body } = await api(`/sites/${site}/moderation/comments?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
    out.push(...body.comments);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return out.reverse();
}

/** A thread page as readers see it. */
export async function thread(site: string, key: string): Promise<any> {
  const { status, body } = await api(`/sites/${site}/threads/${encodeURIComponent(key)}/comments?limit=100`);
  expect(status).toBe(200);
  return body;
}

/**
 * What the test proxy does with one request: pass it on, answer 503 itself, pass it on and drop the answer, or pass
 * it on and cut its answer off after the status line and half the body.
 */
export type ProxyAction = "pass" | "503" | "drop" | "cut";

/**
 * A real HTTP server in front of the test worker; `decide` says what it does with each request, and may wait
 * first (to send the CLI a signal while its request is held). `"503"` answers as Cloudflare does when a worker is
 * over its limits, without passing the request on; `"drop"` passes it on (the worker writes it), then closes the
 * connection without an answer, as a network that drops; `"cut"` closes it part way through the answer. `body` is
 * the request's body as text.
 */
export async function proxy(
  decide: (req: { method: string; path: string; body: string }) => ProxyAction | Promise<ProxyAction>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const action = await decide({ method: req.method ?? "GET", path: req.url ?? "/", body: Buffer.concat(chunks).toString("utf8") });
    if (action === "503") {
      res.writeHead(503, { "Content-Type": "text/plain; charset=UTF-8" });
      res.end("error code: 1102");
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "content-type", "accept"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstream = await fetch(`${workerUrl()}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (action === "drop") {
      req.socket.destroy();
      return;
    }
    if (action === "cut") {
      res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "application/json", "Content-Length": String(body.length) });
      res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy());
      return;
    }
    res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy that does `how` to every import request from the `failFrom`-th on (retries too), and passes the rest. */
export function failingImports(failFrom: number, how: "503" | "drop" | "cut") {
  let imports = 0;
  return proxy(({ method, path }) => (method === "POST" && /\/import$/.test(path) && ++imports >= failFrom ? how : "pass"));
}
