// How `parley` is started: the `parley` binary (cli/bin.mjs, what `npx parley` runs) from any Node, and
// `npm run parley -- …` typed in another folder than the project's, whose file names are that folder's.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, createSite, parley, workerUrl } from "./harness";

/** A Node that cannot run TypeScript (the machine's Node 20), when the machine has one; else the one running. */
function oldestNode(): string {
  const system = "/usr/bin/node";
  if (!existsSync(system)) return process.execPath;
  const version = spawnSync(system, ["--version"], { encoding: "utf8" }).stdout.trim();
  return /^v(1\d|2[01])\./.test(version) ? system : process.execPath;
}

describe("the parley binary", () => {
  it("runs the CLI from a Node too old for its TypeScript, with the CLI's output and exit codes", () => {
    const node = oldestNode();
    const run = (args: string[]) => spawnSync(node, [join(ROOT, "cli/bin.mjs"), ...args], { cwd: tmpdir(), encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PARLEY_URL: workerUrl() } });
    const version = run(["--version"]);
    expect([version.status, version.stdout, version.stderr]).toEqual([0, "0.1.0\n", ""]);
    const usage = run(["no-such-command"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("unknown command 'no-such-command'");
    const refused = run(["--token", "pt_own_nope", "--site", "nope", "site", "show"]);
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringMatching(/^parley: SITE_NOT_FOUND: /)]);
  });
});

describe("npm run parley -- … in another folder", () => {
  it("reads and writes the file names given in the folder where the command was typed, as npm names it", async () => {
    const { site, token } = await createSite();
    const folder = await mkdtemp(join(tmpdir(), "parley-typed-here-"));
    await writeFile(join(folder, "post.md"), "---\ntitle: Typed here\n---\nThe body.\n");
    const npmRun = { npm_lifecycle_event: "parley", INIT_CWD: folder };
    const put = await parley(["--site", site, "articles", "put", "post.md"], { token, env: npmRun });
    expect(put.code, put.stderr).toBe(0);
    const exported = await parley(["--site", site, "export", "--out", "backup.json"], { token, env: npmRun });
    expect(exported.code, exported.stderr).toBe(0);
    const backup = JSON.parse(await readFile(join(folder, "backup.json"), "utf8"));
    expect(backup.articles.map((a: { title: string }) => a.title)).toEqual(["Typed here"]);
    expect(existsSync(join(ROOT, "backup.json"))).toBe(false);
  });
});
