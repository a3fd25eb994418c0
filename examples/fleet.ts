import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { ModelDiscovery } from 'model-discovery';

// Every instance of the service builds the same store: one Redis for the whole fleet.
const store = new Keyv(new KeyvRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
store.on('error', () => {}); // model-discovery logs a store outage itself, once

// Reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as without a store.
const discovery = new ModelDiscovery({ store, logger: console });

const { models, lastRefreshed } = await discovery.getModels();
console.log(`${models.length} model(s), refreshed at ${lastRefreshed}`);

await store.disconnect();
