// The OpenAPI document is a static asset: `npm run build` writes it from the contract (scripts/openapi.mjs), and the
// worker bundle carries neither it nor the catalogue and examples it is made from.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE, openApiDocument } from "../../scripts/openapi.mjs";
import { openApiDocument as fromSource } from "../../worker/routes/openapi";

describe("the built OpenAPI document", () => {
  it("is the document of worker/routes/openapi.ts, as the build script makes it", async () => {
    const built = JSON.parse(readFileSync(OPENAPI_FILE, "utf8"));
    expect(built).toEqual(await openApiDocument());
    expect(built).toEqual(JSON.parse(JSON.stringify(fromSource())));
    expect(Object.keys(built.paths).length).toBeGreaterThanOrEqual(40);
  });

  it("is not part of the worker: the bundle holds neither the catalogue nor its examples", async () => {
    const { build } = await import("esbuild");
    const { metafile } = await build({
      entryPoints: ["worker/index.ts"],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      external: ["cloudflare:*"],
      logLevel: "silent",
    });
    // What the bundle holds: the inputs with bytes in its output (esbuild lists the others it shook off too).
    const [output] = Object.values(metafile.outputs);
    const inputs = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
    expect(inputs.filter((p) => /routes\/openapi|contract\/(owner-data-)?examples/.test(p))).toEqual([]);
    expect(inputs).toContain("worker/routes/docs.ts");
  });
});
