// What the worker bundles: zod through zod/mini only. Classic zod (an import of "zod" anywhere the worker reaches)
// brings back its methods, locale and JSON Schema code, about 60 KB minified, which put the bundle over its budget.
import { describe, expect, it } from "vitest";
import { workerInputs } from "../../bench/lib/weight.mjs";

describe("the worker bundle", () => {
  it("takes zod's core and mini schemas, never classic zod, a locale or the JSON Schema code", async () => {
    // What ends up in the output, as the bench weighs it: files esbuild read and shook out entirely count nothing.
    const zod = (await workerInputs()).inputs.filter(({ file, bytes }) => file.includes("node_modules/zod/") && bytes > 0).map(({ file }) => file);
    expect(zod.some((file) => file.includes("/zod/v4/mini/"))).toBe(true);
    expect(zod.filter((file) => /\/zod\/v4\/(classic|locales)\/|to-json-schema|json-schema-processors/.test(file))).toEqual([]);
  });
});
