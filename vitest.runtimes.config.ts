import { defineConfig } from 'vitest/config';

// The runtime suite: the packed package on Bun, Deno and workerd (scripts/runtimes.sh installs
// them). Separate from the unit suite so that the Node matrix does not run it once per Node.
export default defineConfig({
  test: {
    include: ['test/runtimes/**/*.test.ts'],
    globalSetup: ['test/runtimes/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
