import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

// What each subpath must hand out, by its public name, from the build (scripts/test.sh builds first).
const probe = `
  console.log(JSON.stringify({
    express: typeof express.modelRoutes,
    fastify: typeof fastify.modelRoutes,
    skipOverride: fastify.modelRoutes[Symbol.for('skip-override')] === true,
    hono: typeof hono.modelRoutes,
    handler: typeof core.createModelRoutesHandler,
    openapi: Object.keys(schema.modelRoutesOpenAPI().paths),
    // The 0.2 names, and the old ones kept as deprecated aliases of the very same functions.
    primary: [typeof express.availableModelRoutes, typeof fastify.availableModelRoutes, typeof hono.availableModelRoutes, typeof core.createAvailableModelsHandler, typeof schema.availableModelRoutesOpenAPI],
    aliases: [express.modelRoutes === express.availableModelRoutes, fastify.modelRoutes === fastify.availableModelRoutes, hono.modelRoutes === hono.availableModelRoutes, core.createModelRoutesHandler === core.createAvailableModelsHandler, schema.modelRoutesOpenAPI === schema.availableModelRoutesOpenAPI],
  }));
`;
const expected = {
  express: 'function',
  fastify: 'function',
  skipOverride: true,
  hono: 'function',
  handler: 'function',
  openapi: ['/api/v1/models/available', '/api/v1/models/available/refresh'],
  primary: ['function', 'function', 'function', 'function', 'function'],
  aliases: [true, true, true, true, true],
};

describe('the built route subpaths', () => {
  it('import by name as ESM', () => {
    const code = `import * as core from 'model-discovery'; import * as express from 'model-discovery/express'; import * as fastify from 'model-discovery/fastify'; import * as hono from 'model-discovery/hono'; import * as schema from 'model-discovery/schema'; ${probe}`;
    expect(JSON.parse(runNode(['--input-type=module', '-e', code]))).toEqual(expected);
  });

  it('require by name as CommonJS', () => {
    const code = `const core = require('model-discovery'); const express = require('model-discovery/express'); const fastify = require('model-discovery/fastify'); const hono = require('model-discovery/hono'); const schema = require('model-discovery/schema'); ${probe}`;
    expect(JSON.parse(runNode(['-e', code]))).toEqual(expected);
  });
});
