// Writes public/api/v1/openapi.json: the OpenAPI 3.1 document of worker/routes/openapi.ts, built from the zod schemas
// the routes validate with. The worker does not build it at run time: as a static asset it costs the worker's bundle
// nothing (the catalogue and its examples were 10 KB of it, gzip) and a request no CPU.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const OPENAPI_FILE = join(ROOT, "public/api/v1/openapi.json");

/** The document, from the TypeScript source: bundled for Node in memory, then evaluated. */
export async function openApiDocument() {
  const { outputFiles } = await build({
    entryPoints: [join(ROOT, "worker/routes/openapi.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "error",
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString("base64")}`);
  return module.openApiDocument();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = JSON.stringify(await openApiDocument());
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, text);
  console.log(`public/api/v1/openapi.json  ${text.length} bytes (the OpenAPI document, for /docs)`);
}
