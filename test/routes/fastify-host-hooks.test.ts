import Fastify from 'fastify';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { modelRoutes, servedModelRoutes } from '../../src/adapters/fastify/index.js';
import { ModelDiscovery } from '../../src/index.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

/**
 * The README promises that without `authorize` the routes inherit the host's own middleware. In
 * Fastify that means the host's hooks, whether added before or after the plugin is registered.
 */
describe('Fastify routes behind the host’s own hooks', () => {
  const apps: Array<ReturnType<typeof Fastify>> = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it.each(['onRequest', 'preHandler'] as const)('answer only what a host %s hook lets through, added before or after the plugin', async (hook) => {
    const calls = serveModels(() => HttpResponse.json(openaiList(['m'])));
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {} });
    const app = Fastify();
    apps.push(app);
    app.addHook(hook, async (request, reply) => {
      if (request.headers['x-before'] !== 'yes') return reply.code(403).send({ denied: 'before' });
    });
    await app.register(modelRoutes, { discovery });
    await app.register(servedModelRoutes, { discovery });
    app.addHook(hook, async (request, reply) => {
      if (request.headers['x-after'] !== 'yes') return reply.code(403).send({ denied: 'after' });
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    for (const [path, method] of [['/api/v1/models/available', 'GET'], ['/api/v1/models/available/refresh', 'POST'], ['/v1/models', 'GET']] as const) {
      expect((await fetch(`${url}${path}`, { method })).status).toBe(403);
      expect((await fetch(`${url}${path}`, { method, headers: { 'x-before': 'yes' } })).status).toBe(403);
      expect((await fetch(`${url}${path}`, { method, headers: { 'x-before': 'yes', 'x-after': 'yes' } })).status).toBe(200);
    }
    expect(calls.length).toBeGreaterThan(0);
  });
});
