import express from 'express';
import { ModelDiscovery } from 'model-discovery';
import { availableModelRoutes } from 'model-discovery/express';

// Reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) from the environment.
const discovery = new ModelDiscovery();

const app = express();
app.use(availableModelRoutes(discovery));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`GET http://127.0.0.1:${port}/api/v1/models/available`);
});
