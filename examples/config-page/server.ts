// The config page against your own gateway:
//   ANTHROPIC_BASE_URL=http://localhost:4000 ANTHROPIC_API_KEY=sk-... npx tsx examples/config-page/server.ts
import { ModelDiscovery } from 'model-discovery';

import { createConfigPage, listen } from './app.js';

const discovery = new ModelDiscovery({ logger: console });
const app = createConfigPage({ discovery, settingsPath: process.env.SETTINGS_FILE ?? 'tiers.json' });
const page = await listen(app, Number(process.env.PORT ?? 3000));
console.log(`config page: ${page.url}`);
