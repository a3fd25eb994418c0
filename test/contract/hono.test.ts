import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

import { modelRoutes } from '../../src/hono/index.js';
import { modelRoutesContract } from './contract.js';
import { listen } from './harness.js';

modelRoutesContract('Hono (on @hono/node-server)', async (discovery, options, { mount } = {}) => {
  const app = new Hono();
  app.route(mount ?? '/', modelRoutes(discovery, options));
  app.get('/api/v1/host', (c) => c.text('host'));
  return listen(getRequestListener(app.fetch));
});
