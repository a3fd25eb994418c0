import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  'express/index': 'src/adapters/express/index.ts',
  'fastify/index': 'src/adapters/fastify/index.ts',
  'hono/index': 'src/adapters/hono/index.ts',
  'schema/index': 'src/schema/index.ts',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'neutral',
  },
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    // p-limit is ESM-only; Node 20 before 20.19 cannot require() it, so the CJS build carries its
    // own copy.
    noExternal: ['p-limit', 'yocto-queue'],
  },
  {
    // The `model-discovery` command: ESM only (it is run, never imported), with the shebang of
    // src/cli/main.ts kept, which also makes tsup mark the file executable.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  },
]);
