// How `parley` is started: the `parley` binary (cli/bin.mjs, what `npx parley` runs) from any Node, and
// `npm run parley -- …` typed in another folder than the project's, whose file names are that folder's; the command
// it prints to resume an import is started the same way.
import { spawn, spawnSync } from "node:child_process";
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

/** A Disqus export that breaks off in its third post, as a download cut short leaves it. */
const cutDisqus = () => {
  const post = (i: number) =>
    `<post dsq:id="p${i}"><message><![CDATA[<p>Comment ${i}</p>]]></message><createdAt>2021-06-0${i}T10:00:00Z</createdAt>` +
    `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader ${i}</name></author><thread dsq:id="t1" /></post>\n`;
  const whole = `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
    `<thread dsq:id="t1"><link>https://blog.example.com/cut/</link><isClosed>false</isClosed></thread>\n${post(1)}${post(2)}${post(3)}</disqus>\n`;
  return whole.slice(0, whole.indexOf("<createdAt>2021-06-03") + 15);
};

/** Runs `command args…` in the project's folder, as typed in a terminal (no npm variables of the test run's own). */
function typed(command: string, args: string[], token: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PARLEY_URL: workerUrl(), PARLEY_TOKEN: token };
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe("the command that resumes an import", () => {
  it("is started as the import was: npx parley, npm run parley --, or parley", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-resume-")), "cut.xml");
    await writeFile(file, cutDisqus());
    const args = ["--site", site, "import", "disqus", file, "--no-progress"];
    const resumeLine = (stderr: string) => stderr.trimEnd().split("\n").at(-1);
    const npx = await typed("npx", ["parley", ...args], token);
    expect([npx.code, resumeLine(npx.stderr)], npx.stderr).toEqual([2, `  npx parley ${args.join(" ")}`]);
    const npmRun = await typed("npm", ["run", "-s", "parley", "--", ...args], token);
    expect([npmRun.code, resumeLine(npmRun.stderr)], npmRun.stderr).toEqual([2, `  npm run parley -- ${args.join(" ")}`]);
    const binary = await parley(args, { token });
    expect([binary.code, resumeLine(binary.stderr)], binary.stderr).toEqual([2, `  parley ${args.join(" ")}`]);
  }, 60_000);

  it("names another command in a hint as this one was started", async () => {
    const { token } = await createSite();
    // An owner token where `sites` takes the admin token.
    const npx = await typed("npx", ["parley", "sites", "list"], token);
    expect([npx.code, npx.stderr.trimEnd().split("\n").at(-1)], npx.stderr).toEqual([1, "  `npx parley sites …` takes the admin token (the worker's ADMIN_TOKEN), not a site's owner token."]);
    const binary = await parley(["sites", "list"], { token });
    expect(binary.stderr).toContain("  `parley sites …` takes the admin token");
  }, 60_000);
});
