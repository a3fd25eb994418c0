// The README's first command runs this: discovery against a local gateway, then the same
// discovery after the gateway has gone away.
import { ModelDiscovery, type Snapshot } from 'model-discovery';

import { startLocalGateway } from './local-gateway.js';

function show(title: string, snapshot: Snapshot): void {
  console.log(`\n${title}`);
  console.table(snapshot.models.map((m) => ({ id: m.id, name: m.display_name ?? '', created: m.created_at?.slice(0, 10) ?? '' })));
  const { discoveryAvailable, stale, lastRefreshed, error } = snapshot;
  console.log({ discoveryAvailable, stale, lastRefreshed, error: error?.code ?? null });
  if (error) console.log(`advice: ${error.message}`);
}

const gateway = await startLocalGateway({ apiKey: 'sk-demo-local' });
console.log(`Local gateway listening on ${gateway.url} (3 models per page)`);

const discovery = new ModelDiscovery({
  baseURL: gateway.url,
  apiKey: 'sk-demo-local',
  timeout: 2_000,
  minRefreshInterval: 0,
  logger: { info: console.log, warn: console.log },
});

show('1. Discovered from the gateway (every page followed):', await discovery.getModels());

await gateway.close();
console.log('\nThe gateway is stopped. Forcing a refresh...');
show('2. The held list, served stale with the error code:', await discovery.refresh());
