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
      expect(run.stderr).toBe(`PORT must be a port number from 1 to 65535, such as PORT=8788 npm run dev, not "${port}".\n`);
      expect(run.stdout).toBe("");
    });
  }
});
