import { getRequestListener } from '@hono/node-server';
import express from 'express';
import express4 from 'express4';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';

import type { ModelLister, ServedModels, ServedModelsOptions } from '../../src/index.js';
import * as expressAdapter from '../../src/adapters/express/index.js';
import * as fastifyAdapter from '../../src/adapters/fastify/index.js';
import * as honoAdapter from '../../src/adapters/hono/index.js';
import { listen } from '../contract/harness.js';
import type { Harness } from '../contract/contract.js';

export interface ServedSetup {
  /** Served routes mounted under this path instead of at the root. */
  mount?: string;
  /** Also mount the available-models routes on the same app, to show the two never mix. */
  available?: ModelLister;
}

/** Starts a real server on 127.0.0.1 with `servedModelRoutes` mounted the framework's own way. */
export type StartServed = (source: ServedModels, options?: ServedModelsOptions, setup?: ServedSetup) => Promise<Harness>;

function expressServed(createApp: typeof express): StartServed {
  return async (source, options, { mount, available } = {}) => {
    const app = createApp();
    if (available) app.use(expressAdapter.modelRoutes(available));
    const served = expressAdapter.servedModelRoutes(source, options);
    if (mount) app.use(mount, served);
    else app.use(served);
    app.post('/v1/messages', (_req, res) => {
      res.json({ host: true });
    });
    return listen(app);
  };
}

const fastifyServed: StartServed = async (source, options, { mount, available } = {}) => {
  const app = Fastify();
  if (available) await app.register(fastifyAdapter.modelRoutes, { discovery: available });
  const register = async (scope: FastifyInstance) => {
    await scope.register(fastifyAdapter.servedModelRoutes, { discovery: source, ...options });
  };
  if (mount) await app.register(register, { prefix: mount });
  else await register(app);
  app.post('/v1/messages', async () => ({ host: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
};

const honoServed: StartServed = async (source, options, { mount, available } = {}) => {
  const app = new Hono();
  if (available) app.route('/', honoAdapter.modelRoutes(available));
  app.route(mount ?? '/', honoAdapter.servedModelRoutes(source, options));
  app.post('/v1/messages', (c) => c.json({ host: true }));
  return listen(getRequestListener(app.fetch));
};

export const FRAMEWORKS: ReadonlyArray<[name: string, start: StartServed]> = [
  ['Express 5', expressServed(express)],
  ['Express 4', expressServed(express4)],
  ['Fastify 5', fastifyServed],
  ['Hono (on @hono/node-server)', honoServed],
];
