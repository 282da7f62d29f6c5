// `npm run deploy:dry-run` from a clean tree (only the files git would check out, plus node_modules) must build every
// asset first and ship it, and must stop loudly when a build step fails.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { STEPS } from "../../scripts/build.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A copy of the working tree as a fresh clone would have it: tracked and new unignored files, no build output. */
function cleanTree(): string {
  const dir = mkdtempSync(join(tmpdir(), "parley-clean-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const path of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(join(ROOT, path))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(ROOT, path), join(dir, path));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

function dryRun(dir: string) {
  return spawnSync("npm", ["run", "--silent", "deploy:dry-run"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, ".config"), CI: "true" },
  });
}

const trees: string[] = [];
afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

describe("npm run deploy:dry-run", () => {
  it("builds the widget and every other asset of the build steps into the bundle of a fresh clone", () => {
    const dir = cleanTree();
    trees.push(dir);
    expect(existsSync(join(dir, "public/widget.js"))).toBe(false);

    const run = dryRun(dir);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(existsSync(join(dir, "dist/index.js"))).toBe(true);
    const widget = readFileSync(join(dir, "dist/assets/widget.js"), "utf8");
    expect(widget).toContain("parley-comments");
    // Every file a build step promises (the API reference, the dashboard, …) is in the bundle too.
    for (const path of STEPS.flatMap((step) => step.outputs)) {
      expect(existsSync(join(dir, "dist/assets", path.replace(/^public\//, ""))), path).toBe(true);
    }
    expect(existsSync(join(dir, "dist/assets/_headers"))).toBe(true);
    // Wrangler read the built files too, not only _headers.
    const read = Number(/Read (\d+) files? from the assets directory/.exec(run.stdout + run.stderr)?.[1] ?? 0);
    expect(read).toBeGreaterThan(3);
    // A deploy migrates the database before the worker goes out; the dry run says so and touches no database.
    expect(run.stdout).toContain("a deploy applies the database's new migrations first (wrangler d1 migrations apply DB --remote)");
  });

  it("stops before wrangler, loudly, when the widget does not build", () => {
    const dir = cleanTree();
    trees.push(dir);
    writeFileSync(join(dir, "widget/index.ts"), "export const broken = ;\n");

    const run = dryRun(dir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("DEPLOY STOPPED");
    expect(existsSync(join(dir, "dist/index.js"))).toBe(false);
  });
});
