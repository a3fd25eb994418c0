import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

import { modelRoutes } from '../../src/adapters/fastify/index.js';
import { modelRoutesContract } from './contract.js';

modelRoutesContract('Fastify 5', async (discovery, options, { mount } = {}) => {
  const app = Fastify();
  if (mount) {
    await app.register(
      async (child) => {
        await child.register(modelRoutes, { discovery, ...options });
      },
      { prefix: mount },
    );
  } else {
    await app.register(modelRoutes, { discovery, ...options });
  }
  app.get('/api/v1/host', async (_request, reply) => reply.type('text/plain').send('host'));
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
});

describe('the Fastify adapter', () => {
  it('hands a trailing-slash path that ignoreTrailingSlash routed to it to the host 404', async () => {
    const app = Fastify({ ignoreTrailingSlash: true });
    await app.register(modelRoutes, { discovery: { getModels: () => Promise.reject(new Error('not reached')) } });
    try {
      const answer = await app.inject({ method: 'GET', url: '/api/v1/models/available/' });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ error: 'Not Found' });
    } finally {
      await app.close();
    }
  });
});
