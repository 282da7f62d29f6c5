// Test-only bindings: the migrations read by vitest.config.ts.
import type { D1Migration } from "cloudflare:test";
import type { Bindings } from "../../worker/env";

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      DB: D1Database;
      KV: KVNamespace;
      TEST_MIGRATIONS: D1Migration[];
    }
    // What `wrangler types` would declare: types `exports.default` (the worker's fetch) in helpers.ts.
    interface GlobalProps {
      mainModule: typeof import("../../worker/index");
    }
  }
}
