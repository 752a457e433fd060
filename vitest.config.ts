import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/faults/**', 'test/browser/**'],
    // The integration files each start a JVM and synthesize the app; on a 2-core machine they
    // are faster and steadier one after another than competing for the cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
