// `npm run demo:page`: the config page with a stand-in gateway, both on 127.0.0.1, in one command.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ModelDiscovery } from 'model-discovery';

import { startLocalGateway } from '../local-gateway.js';
import { createConfigPage, listen } from './app.js';

const gateway = await startLocalGateway();
const discovery = new ModelDiscovery({ baseURL: gateway.url, env: {}, logger: console });
const settingsPath = join(mkdtempSync(join(tmpdir(), 'config-page-')), 'tiers.json');
const page = await listen(createConfigPage({ discovery, settingsPath }), Number(process.env.PORT ?? 3000));

console.log(`stand-in gateway: ${gateway.url}/v1/models`);
console.log(`config page:      ${page.url}   (Ctrl-C to stop)`);
console.log(`tier choices are saved in ${settingsPath}`);

process.once('SIGINT', () => {
  void Promise.all([page.close(), gateway.close()]).then(() => process.exit(0));
});
