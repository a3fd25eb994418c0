import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ModelDiscovery } from 'model-discovery';
import { availableModelRoutes } from 'model-discovery/hono';

// Reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) from the environment.
const discovery = new ModelDiscovery();

const app = new Hono();
app.route('/', availableModelRoutes(discovery));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, ({ port }) => {
  console.log(`GET http://127.0.0.1:${port}/api/v1/models/available`);
});
