// `npm run dev`'s PORT: a value that is no port is said in one line before anything is built, as a port in use is.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("npm run dev with a PORT that is no port", () => {
  for (const port of ["abc", "99999", "0", "80.5"]) {
    it(`says so and stops: PORT=${port}`, () => {
      const run = spawnSync(process.execPath, [join(ROOT, "worker/dev/dev.mjs")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PORT: port }, timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`The port must be a number from 1 to 65535, such as npm run dev -- --port 8788 or PORT=8788 npm run dev, not "${port}".\n`);
      expect(run.stdout).toBe("");
    });
  }
});

describe("npm run dev -- --port", () => {
  const dev = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(ROOT, "worker/dev/dev.mjs"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 20_000 });

  it("is read before PORT, and a value that is no port is said the same way", () => {
    for (const args of [["--port", "abc"], ["--port=70000"]]) {
      const run = dev(args, { PORT: "8788" });
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stderr).toMatch(/^The port must be a number from 1 to 65535, .* not "(abc|70000)"\.\n$/);
      expect(run.stdout).toBe("");
    }
  });

  it("names the one option it takes for any other", () => {
    const run = dev(["--host", "0.0.0.0"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^npm run dev takes one option, --port: npm run dev -- --port 8788 \(or PORT=8788 npm run dev\)\. .*--host/);
    expect(run.stdout).toBe("");
  });

  it("says a port in use in one line, naming a free one to try (the next one is in use too)", async () => {
    const { createServer } = await import("node:net");
    const listen = (port: number) =>
      new Promise<import("node:net").Server | null>((done) => {
        const server = createServer();
        server.once("error", () => done(null));
        server.listen(port, "127.0.0.1", () => done(server));
      });
    const first = (await listen(0))!;
    const taken = (first.address() as { port: number }).port;
    const next = await listen(taken + 1);
    try {
      const run = dev(["--port", String(taken)]);
      expect(run.status).toBe(1);
      const suggested = Number(run.stderr.match(/^Port (\d+) is in use: stop what runs there, or start Parley on another port: npm run dev -- --port (\d+)\n$/)?.[2]);
      expect(run.stderr.startsWith(`Port ${taken} is in use`)).toBe(true);
      expect(suggested).toBeGreaterThan(taken + 1);
      const free = await listen(suggested);
      expect(free).not.toBeNull();
      await new Promise((done) => free!.close(done));
    } finally {
      await new Promise((done) => first.close(done));
      if (next) await new Promise((done) => next.close(done));
    }
  });
});
