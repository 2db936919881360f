import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` (everything but a browser) and `browser` (test/browser/: the HTML pages opened in
 * headless Chromium). `npm test` runs both; where Chromium is missing the browser project says so and
 * skips its tests. `npm run test:browser` runs the browser project alone.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Rendering is CPU-bound and the machine has two cores.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/browser/**"], globalSetup: ["test/setup/build.ts"] } },
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], globalSetup: ["test/setup/browser.ts"] } },
    ],
  },
});
