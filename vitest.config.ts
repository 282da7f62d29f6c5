// Three suites: worker tests inside workerd on real D1/KV bindings, browser tests in real Chromium
// against `wrangler dev` (tests/widget and tests/browser), and the `parley` CLI against `wrangler dev` (tests/cli).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: { ADMIN_TOKEN: "test-admin-token", PARLEY_SECRET: "test-secret", TEST_MIGRATIONS: migrations },
              },
            }),
          ],
          test: { name: "worker", include: ["tests/worker/**/*.test.ts"], setupFiles: ["tests/worker/setup.ts"] },
        },
        {
          test: {
            name: "browser",
            include: ["tests/widget/**/*.test.ts", "tests/browser/**/*.test.ts"],
            environment: "node",
            globalSetup: ["tests/browser/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
        {
          test: {
            name: "cli",
            include: ["tests/cli/**/*.test.ts"],
            environment: "node",
            globalSetup: ["tests/cli/global-setup.ts"],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
