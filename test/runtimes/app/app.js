// The program every runtime runs, written as a user would write it: plain JavaScript against the
// packed package (`model-discovery`, `model-discovery/hono`) and Hono, nothing runtime-specific.
// Entries (bun.js, deno.js, worker.js) only start it. The test drives it over HTTP and checks
// what it answers; it does no checking of its own.
import { Hono } from 'hono';
import { ModelDiscovery } from 'model-discovery';
import { modelRoutes, servedModelRoutes } from 'model-discovery/hono';

/**
 * @param {{ upstream: string, refusedPort: string, canary: string }} config
 *   `upstream`: the fake gateway's origin; `refusedPort`: a local port nothing listens on;
 *   `canary`: the API key, which the fake gateway echoes in its error bodies.
 */
export function createApp({ upstream, refusedPort, canary }) {
  // Every instance is told everything in code and `env: {}`: the environment is never read, which
  // is what lets Deno run with only --allow-net.
  const common = { apiKey: canary, env: {}, logger: console };
  // For the stale -> refresh sequences: a TTL of 1 s that the test waits out, a deadline of 2 s,
  // and no coalescing of forced refreshes, so every forced refresh asks the upstream.
  const short = (name) => new ModelDiscovery({ ...common, baseURL: `${upstream}/generations-${name}`, ttl: 1_000, timeout: 2_000, minRefreshInterval: 0 });
  // A route fault is logged, so a failing run shows why it answered 500.
  const onError = (error) => console.error('route fault:', error);

  // The list that the available and served routes answer from (the default TTL of 5 minutes).
  const main = new ModelDiscovery({ ...common, baseURL: `${upstream}/ok` });

  const app = new Hono();
  app.route('/', modelRoutes(main, { onError }));
  app.route('/', servedModelRoutes(main, { format: 'auto', onError }));
  app.route('/forced', modelRoutes(short('forced'), { onError }));
  app.route('/background', modelRoutes(short('background'), { onError }));

  // The core alone, called as a user's own handler would call it: nothing hands its background
  // work to the platform, so on workerd a background refresh dies with the request that started it.
  const bare = short('bare');
  app.get('/bare', async (c) => c.json(await bare.getModels()));
  app.post('/bare/refresh', async (c) => c.json(await bare.refresh()));

  // The core on its own, one fresh instance per upstream behaviour, inside one request.
  app.get('/core', async (c) => {
    const lines = [];
    const logger = { warn: (line) => lines.push(line), error: (line) => lines.push(line), info: (line) => lines.push(line) };
    const snapshotOf = (baseURL) => new ModelDiscovery({ ...common, logger, baseURL }).getModels();
    const [listed, unauthorized, failing, refused] = await Promise.all([
      snapshotOf(`${upstream}/ok`),
      snapshotOf(`${upstream}/unauthorized`),
      snapshotOf(`${upstream}/failing`),
      snapshotOf(`http://127.0.0.1:${refusedPort}`),
    ]);
    // Without `env`, the runtime's environment is the default: nothing configured there (and on
    // Deno, nothing readable); then the base URL and key in code, the environment still consulted
    // for the rest (ANTHROPIC_CUSTOM_HEADERS, which the test sets).
    const environmentLines = [];
    const environmentLogger = { warn: (line) => environmentLines.push(line) };
    const [defaults, explicit] = await Promise.all([
      new ModelDiscovery({ logger: environmentLogger }).getModels(),
      new ModelDiscovery({ baseURL: `${upstream}/ok-env`, apiKey: canary, logger: environmentLogger }).getModels(),
    ]);
    return c.json({ listed, unauthorized, failing, refused, lines, defaults, explicit, environmentLines });
  });

  return app;
}
