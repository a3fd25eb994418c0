import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

import { modelRoutes } from '../../src/adapters/hono/index.js';
import { modelRoutesContract } from './contract.js';
import { listen } from './harness.js';

modelRoutesContract('Hono (on @hono/node-server)', async (discovery, options, { mount } = {}) => {
  const app = new Hono();
  app.route(mount ?? '/', modelRoutes(discovery, options));
  app.get('/api/v1/host', (c) => c.text('host'));
  // Keeps Node's own Response global: @hono/node-server's replacement turns msw's
  // HttpResponse.error() into a plain response on Node 24. (load.test.ts covers the default.)
  return listen(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
});

describe('the Hono adapter', () => {
  it('hands a trailing-slash path that a non-strict app routed to it to the host 404', async () => {
    const app = new Hono({ strict: false });
    app.route('/', modelRoutes({ getModels: () => Promise.reject(new Error('not reached')) }));

    expect((await app.request('/api/v1/models/available/')).status).toBe(404);
  });
});
