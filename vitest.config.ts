import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Rendering is CPU-bound and the machine has two cores.
    maxWorkers: 2,
  },
});
