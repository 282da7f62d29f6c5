// Three suites: worker tests inside workerd on real D1/KV bindings, browser tests in real Chromium against
// `wrangler dev` (tests/widget and tests/browser), and tooling tests in Node that run the project's own scripts and
// its README's examples (tests/tooling).
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
                bindings: { ADMIN_TOKEN: "test-admin-token", PARLEY_SECRET: "test-secret", PARLEY_DEV: "1", TEST_MIGRATIONS: migrations },
              },
            }),
          ],
          test: { name: "worker", include: ["tests/worker/**/*.test.ts"], setupFiles: ["tests/worker/setup.ts"], globalSetup: ["tests/worker/receiver-setup.ts"] },
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
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
