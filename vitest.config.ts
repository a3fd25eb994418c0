import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The runtime suite has its own config (vitest.runtimes.config.ts), run once by scripts/test.sh.
    exclude: [...configDefaults.exclude, 'test/runtimes/**'],
    setupFiles: ['test/setup/msw.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
  },
});
