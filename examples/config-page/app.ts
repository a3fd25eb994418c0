import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import express, { type Express } from 'express';
import type { ModelDiscovery } from 'model-discovery';
import { availableModelRoutes } from 'model-discovery/express';

import { parseTiers, SettingsFile } from './settings.js';

export interface ConfigPageOptions {
  discovery: ModelDiscovery;
  /** The JSON file the tier choices are saved in. */
  settingsPath: string;
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * The config page: static HTML and JS, the two available-models routes, and a config API that
 * saves one model id per tier. It has no login of its own: mount it behind your own auth.
 */
export function createConfigPage({ discovery, settingsPath }: ConfigPageOptions): Express {
  const settings = new SettingsFile(settingsPath);
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // Defence in depth: even if a model id ever reached the DOM as markup, no inline script or
    // event handler attribute could run.
    res.setHeader('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });

  // GET /api/v1/models/available and POST /api/v1/models/available/refresh.
  app.use(availableModelRoutes(discovery));

  app.get('/api/v1/config', async (_req, res, next) => {
    try {
      res.set('cache-control', 'no-store').json(await settings.read());
    } catch (error) {
      next(error);
    }
  });

  // Only JSON is accepted, so a cross-site form post cannot change the config (it cannot send
  // application/json without a CORS preflight this server never answers).
  app.put('/api/v1/config', express.json({ limit: '4kb' }), async (req, res, next) => {
    if (!req.is('application/json')) {
      res.status(415).json({ error: { code: 'invalid_request', message: 'send the tiers as application/json.' } });
      return;
    }
    const tiers = parseTiers(req.body);
    if (typeof tiers === 'string') {
      res.status(400).json({ error: { code: 'invalid_request', message: tiers } });
      return;
    }
    try {
      res.set('cache-control', 'no-store').json(await settings.write(tiers));
    } catch (error) {
      next(error);
    }
  });

  app.use(express.static(PUBLIC, { index: 'index.html' }));
  // Every failure answers in the page's JSON error shape: no HTML error page, no stack, no paths.
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message = status === 413 ? 'the request body is too large.' : status < 500 ? 'the request body is not valid JSON.' : 'the settings could not be saved.';
    res.status(status).json({ error: { code: status < 500 ? 'invalid_request' : 'internal_error', message } });
  });
  return app;
}

export interface RunningPage {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0 picks a free one); `close()` also ends kept-alive browser sockets. */
export async function listen(app: Express, port = 0): Promise<RunningPage> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
