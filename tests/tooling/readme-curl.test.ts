// Every curl example in README.md runs, in document order, in one bash session against a fresh local worker
// (`wrangler dev` on fresh D1/KV with the demo site seeded, exactly what `npm run dev` starts), so the README
// cannot drift from the API.
//
// The convention for README examples (README.md repeats it in a comment above "With curl"):
// - Every curl example sits in a ```sh block. Inline `curl …` in prose is refused by this test.
// - Blocks run in document order in one shell, so a variable set in one block is there in the next. Each block
//   sets what it relies on, as a reader copying it would: `API=http://127.0.0.1:8787/api/v1`,
//   `OWNER='Authorization: Bearer dev-owner-token'`, `ADMIN='Authorization: Bearer dev-admin-token'`,
//   `JSON='Content-Type: application/json'`. The test swaps http://127.0.0.1:8787 for its own worker's address.
// - No placeholders such as <id>: take values from earlier answers with jq, e.g.
//   `ID=$(curl -s "$API/…" | jq -r '.comments[0].id')`.
// - Every request must answer 2xx or 3xx. A block meant to show an error says so on the line before its fence:
//   <!-- readme-test: expect 409 --> (every curl in that block must answer 409).
// - A block that must not run (it needs a real Cloudflare account, say) has <!-- readme-test: skip (why) --> on
//   the line before its fence; the reason is required.
// - Blocks without curl (npm, wrangler) are not run.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_VARS, ROOT, applyMigrations, freePort, seedDemo, startWorker } from "../../worker/dev/local.mjs";

interface Example {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  code: string;
  /** The status every request of the block must answer; null means any 2xx or 3xx. */
  expect: number | null;
  skip: string | null;
}

const ANNOTATION = /^<!--\s*readme-test:\s*(skip|expect)\s*(.*?)\s*-->$/;

/** The curl examples of a markdown text, with their annotations. */
function curlExamples(markdown: string): { examples: Example[]; inline: number[] } {
  const lines = markdown.split("\n");
  const examples: Example[] = [];
  const inline: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!fence) {
      if (/`curl\s/.test(lines[i])) inline.push(i + 1);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(fence[1].length));
    const code = body.join("\n");
    if (fence[2] !== "sh" || !/(^|[\s$(])curl\s/m.test(code)) continue;
    const annotation = ANNOTATION.exec(lines[start - 1]?.trim() ?? "");
    examples.push({
      line: start + 1,
      code,
      expect: annotation?.[1] === "expect" ? Number(annotation[2]) : null,
      skip: annotation?.[1] === "skip" ? annotation[2] || "(no reason given)" : null,
    });
  }
  return { examples, inline };
}

const tool = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
const missing = ["bash", "curl", "jq", "openssl"].filter((t) => !tool(t));
if (missing.length && process.env.CI === "true") throw new Error(`The README examples need ${missing.join(", ")}.`);
if (missing.length) console.warn(`\n!!! SKIPPED: README curl examples — ${missing.join(", ")} not installed !!!\n`);

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const { examples, inline } = curlExamples(readme);

describe("README.md's curl examples", () => {
  it("are all in ```sh blocks, annotated correctly, with no placeholders", () => {
    expect(inline, "README lines with an inline `curl …`: put the example in a ```sh block").toEqual([]);
    expect(examples.length).toBeGreaterThan(5);
    for (const ex of examples) {
      if (ex.skip) {
        expect(ex.skip, `README line ${ex.line}: say why it is skipped`).not.toBe("(no reason given)");
        continue;
      }
      if (ex.expect !== null) expect(ex.expect, `README line ${ex.line}`).toBeGreaterThanOrEqual(400);
      expect(ex.code, `README line ${ex.line}: a placeholder; take the value from an answer with jq`).not.toMatch(/<[a-z][\w ]*>|…/i);
    }
  });

  describe.skipIf(missing.length > 0)("against a fresh local worker", () => {
    let base = "";
    let persistTo = "";
    let worker: import("node:child_process").ChildProcess | undefined;

    beforeAll(async () => {
      persistTo = await mkdtemp(join(tmpdir(), "parley-readme-"));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      applyMigrations(persistTo);
      await seedDemo(persistTo, [`http://localhost:${port}`, base]);
      // Exactly what `npm run dev` runs: the README's examples are written against it.
      worker = await startWorker({ port, persistTo, vars: DEV_VARS });
    });

    afterAll(async () => {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((resolve) => worker?.once("exit", resolve));
        worker.kill("SIGTERM");
        await exited;
      }
      if (persistTo) await rm(persistTo, { recursive: true, force: true });
    });

    it("run in order and every request answers as documented", () => {
      const run = examples.filter((ex) => !ex.skip);
      const script = [
        "set -euo pipefail",
        // Every request reports its status on stderr, where the examples' own output does not go.
        `curl() { command curl -w '%{stderr}@@HTTP %{http_code} %{method} %{url_effective}\\n' "$@"; }`,
        ...run.flatMap((ex) => [`echo "@@BLOCK ${ex.line}" >&2`, ex.code.replaceAll("http://127.0.0.1:8787", base)]),
        `echo "@@END" >&2`,
      ].join("\n");
      const result = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: 150_000 });

      let block: Example | undefined;
      const calls = new Map<number, number>();
      const failures: string[] = [];
      for (const line of result.stderr.split("\n")) {
        const started = /^@@BLOCK (\d+)$/.exec(line);
        if (started) block = run.find((ex) => ex.line === Number(started[1]));
        const http = /^@@HTTP (\d{3}) (\S+) (.*)$/.exec(line);
        if (!http || !block) continue;
        calls.set(block.line, (calls.get(block.line) ?? 0) + 1);
        const status = Number(http[1]);
        const ok = block.expect === null ? status >= 200 && status < 400 : status === block.expect;
        if (!ok) failures.push(`README line ${block.line}: ${http[2]} ${http[3].replace(base, "")} answered ${status}`);
      }
      const context = `exit ${result.status}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
      expect(failures, context).toEqual([]);
      expect(result.status, context).toBe(0);
      expect(result.stderr, context).toContain("@@END");
      for (const ex of run) expect(calls.get(ex.line) ?? 0, `README line ${ex.line} made no request`).toBeGreaterThan(0);
    });
  });
});
