// What the worker bundles: zod through zod/mini only. Classic zod (an import of "zod" anywhere the worker reaches)
// brings back its methods, locale and JSON Schema code, about 60 KB minified, which put the bundle over its budget.
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { ROOT, WORKER_ALIAS } from "../../worker/dev/local.mjs";

describe("the worker bundle", () => {
  it("takes zod's core and mini schemas, never classic zod, a locale or the JSON Schema code", async () => {
    const result = await build({
      entryPoints: [join(ROOT, "worker/index.ts")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      alias: WORKER_ALIAS,
      write: false,
      metafile: true,
      logLevel: "error",
    });
    // What ends up in the output: files esbuild read and shook out entirely count nothing.
    const zod = Object.values(result.metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      .filter(([input, { bytesInOutput }]) => input.includes("node_modules/zod/") && bytesInOutput > 0)
      .map(([input]) => input);
    expect(zod.some((input) => input.includes("/zod/v4/mini/"))).toBe(true);
    expect(zod.filter((input) => /\/zod\/v4\/(classic|locales)\/|to-json-schema|json-schema-processors/.test(input))).toEqual([]);
  });
});
