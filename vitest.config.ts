import { defineConfig } from "vitest/config";

// Two projects: fast unit tests with no browser, and the browser tests that
// lay out real issues in Chromium. The browser tests run one file at a
// time: two layouts at once on a 2-core machine only slow each other down.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          pool: "forks",
        },
      },
    ],
  },
});
