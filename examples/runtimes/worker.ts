// A Cloudflare Worker: `wrangler deploy` with GATEWAY_URL as a var and GATEWAY_KEY as a secret.
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { ModelDiscovery } from 'model-discovery';
import { availableModelRoutes, servedModelRoutes } from 'model-discovery/hono';

// One instance per isolate, so its cache serves every request the isolate handles. `env: {}`:
// a Worker has no process environment; everything comes from the bindings.
const discovery = new ModelDiscovery({ baseURL: env.GATEWAY_URL, apiKey: env.GATEWAY_KEY, env: {} });

const app = new Hono();
app.route('/', availableModelRoutes(discovery)); // GET /api/v1/models/available, POST .../refresh
app.route('/', servedModelRoutes(discovery)); // GET /v1/models for Claude Code and the SDKs

export default app;
