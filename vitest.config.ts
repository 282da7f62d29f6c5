// Four suites: worker tests inside workerd on real D1/KV bindings, browser tests in real Chromium against
// `wrangler dev` (tests/widget and tests/browser), tooling tests in Node that run the project's own scripts and
// its README's examples (tests/tooling), and the `parley` CLI against its own `wrangler dev` (tests/cli).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/migrations");
  return {
    test: {
      projects: [
        {
          // wrangler.toml's [alias], which the plugin does not apply to the modules it bundles.
          resolve: { alias: { entities: "./worker/services/markdown/entities.ts" } },
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ADMIN_TOKEN: "test-admin-token",
                  // At least 32 bytes, as the worker requires; tests of a missing or short secret pass their own env.
                  PARLEY_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
                  PARLEY_DEV: "1",
                  PARLEY_DEBUG_COST: "1",
                  TEST_MIGRATIONS: migrations,
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["tests/worker/**/*.test.ts"],
            setupFiles: ["tests/worker/setup.ts"],
            globalSetup: ["tests/worker/receiver-setup.ts"],
            // Some tests post a hundred comments in a row, on machines shared with other work.
            testTimeout: 30_000,
          },
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
            name: "tooling",
            include: ["tests/tooling/**/*.test.ts"],
            environment: "node",
            testTimeout: 180_000,
            hookTimeout: 240_000,
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
