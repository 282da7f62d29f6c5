// The widget's import rules (scripts/check-widget-imports.mjs, run by `npm run typecheck`): the real widget keeps
// them, and a stray import, a value import of zod-backed contract code, an unknown package or a cycle is refused.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = join(ROOT, "scripts/check-widget-imports.mjs");
const made: string[] = [];

/** Runs the check on the project at `root`. */
const check = (root: string) => spawnSync(process.execPath, [SCRIPT, root], { encoding: "utf8" });

/** A project holding these files (path → source). */
function project(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "parley-imports-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const contract = {
  "worker/contract/limits.ts": "export const LIMITS = { bodyChars: 10 };\n",
  "worker/contract/schemas.ts": 'import * as z from "zod";\nexport const comment = z.object({});\nexport type Comment = { id: string };\n',
  "worker/services/comments.ts": "export const post = () => 1;\n",
};

afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("the widget's import rules", () => {
  it("hold for the widget as it is", () => {
    const run = check(ROOT);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("let the widget import types from the contract, its plain constants, other widget modules and lit", () => {
    const run = check(
      project({
        ...contract,
        "widget/a.ts": [
          'import { html } from "lit";',
          'import type { Comment } from "../worker/contract/schemas";',
          'import { type Comment as C } from "../worker/contract/schemas";',
          'import { LIMITS } from "../worker/contract/limits";',
          'import { b } from "./b";',
          "export const a = (c: Comment, d: C) => html`${LIMITS.bodyChars}${b}${c.id}${d.id}`;",
        ].join("\n"),
        "widget/b.ts": 'export const b = 1;\nexport const later = () => import("./c");\n',
        "widget/c.ts": "export const c = 2;\n",
      }),
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("refuse worker code, values from a contract module that needs zod, and other packages", () => {
    const run = check(
      project({
        ...contract,
        "widget/a.ts": [
          'import { post } from "../worker/services/comments";',
          'import { comment } from "../worker/contract/schemas";',
          'import * as z from "zod";',
          "export const a = [post, comment, z];",
        ].join("\n"),
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("widget/a.ts:1 imports worker/services/comments.ts: the widget may import only the contract");
    expect(run.stderr).toContain("widget/a.ts:2 imports values from worker/contract/schemas.ts: use `import type`");
    expect(run.stderr).toContain('widget/a.ts:3 imports "zod"');
  });

  it("refuse an import cycle, even through type-only and lazy imports", () => {
    const run = check(
      project({
        ...contract,
        "widget/a.ts": 'import type { B } from "./b";\nexport type A = B[];\n',
        "widget/b.ts": 'export type B = number;\nexport const load = () => import("./a");\n',
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/import cycle: widget\/(a|b)\.ts → widget\/(a|b)\.ts → widget\/(a|b)\.ts/);
  });
});
