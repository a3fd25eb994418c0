import Fastify from 'fastify';
import { ModelDiscovery } from 'model-discovery';
import { availableModelRoutes } from 'model-discovery/fastify';

// Reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) from the environment.
const discovery = new ModelDiscovery();

const app = Fastify();
await app.register(availableModelRoutes, { discovery });

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`GET ${address}/api/v1/models/available`);
