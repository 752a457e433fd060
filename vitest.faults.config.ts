import { defineConfig } from 'vitest/config';

/** npm run test:faults: the fault-injection replay, apart from npm test because it takes minutes. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    // One at a time: each starts whole stacks, and the fault replay's deadlines assume the machine is its own.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 20 * 60_000,
  },
});
