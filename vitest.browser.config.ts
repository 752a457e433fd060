import { defineConfig } from 'vitest/config';

/** The ops console driven in headless Chromium against the local stack (`npm run test:browser`). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
