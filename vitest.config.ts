import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A private redis-server for the run (or REDIS_URL): see test/support/redis-global-setup.ts.
    globalSetup: ["test/support/redis-global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
});
