import type { IncomingMessage, ServerResponse } from 'node:http';

import type express from 'express';

import { modelRoutes } from '../../src/adapters/express/index.js';
import { startLocalServer } from '../support/local-server.js';
import type { Harness, StartHarness } from './contract.js';

/** A node:http server on 127.0.0.1 around a request listener (an Express app, a Hono listener). */
export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<Harness> {
  const server = await startLocalServer(listener);
  return { url: server.url, close: server.close };
}

/** The Express harness, for whichever major `createApp` comes from. */
export function expressHarness(createApp: typeof express): StartHarness {
  return async (discovery, options, { mount } = {}) => {
    const app = createApp();
    const routes = modelRoutes(discovery, options);
    if (mount) app.use(mount, routes);
    else app.use(routes);
    app.get('/api/v1/host', (_req, res) => {
      res.type('text').send('host');
    });
    return listen(app);
  };
}
