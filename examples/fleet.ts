import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { ModelDiscovery } from 'model-discovery';

// Every instance of the service builds the same store: one Redis for the whole fleet.
const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
const store = new Keyv(new KeyvRedis(redis));
store.on('error', () => {}); // model-discovery logs a store outage itself, once

// Reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as without a store.
const discovery = new ModelDiscovery({ store, logger: console });

const { models, lastRefreshed } = await discovery.getModels();
console.log(`${models.length} model(s), refreshed at ${lastRefreshed}`);

// On shutdown: first stop this library's use of the store, then the client. The client's close()
// waits for every queued command, which never happens while Redis is unreachable: destroy()
// drops them instead, so the process can exit.
await discovery.close();
await (redis.isReady ? redis.close() : redis.destroy());
