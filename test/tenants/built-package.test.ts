import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { TENANT_KEYS, TENANT_LISTS, tenantSecretsIn } from '../support/tenants.js';
import { anthropicPage } from '../support/upstream.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The built package by its public name, ESM and CommonJS (the CJS build carries its own p-limit),
// against a real gateway on 127.0.0.1 that lists per key. `npm run build` comes first.
const probe = (gateway: string) => `
  const discovery = new ModelDiscovery({ baseURL: '${gateway}', env: {}, tenantConcurrency: 1, logger: console });
  const read = (apiKey) => discovery.forCredentials({ apiKey }).getModels();
  const [alice, bob, mallory] = await Promise.all([read('${TENANT_KEYS.alice}'), read('${TENANT_KEYS.bob}'), read('${TENANT_KEYS.mallory}')]);
  const again = await read('${TENANT_KEYS.alice}');
  console.log(JSON.stringify({
    alice: alice.models.map((m) => m.id),
    bob: bob.models.map((m) => m.id),
    mallory: mallory.error && mallory.error.code,
    same: again === alice,
  }));
`;

describe('tenants in the built package', () => {
  let gateway: LocalServer;

  beforeAll(async () => {
    gateway = await startLocalServer((req, res) => {
      const ids = TENANT_LISTS[String(req.headers['x-api-key'])];
      res.writeHead(ids ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ids ? anthropicPage([...ids]) : { error: { message: `invalid key ${String(req.headers['x-api-key'])}` } }));
    });
  });
  afterAll(() => gateway.close());

  const expected = { alice: TENANT_LISTS[TENANT_KEYS.alice], bob: TENANT_LISTS[TENANT_KEYS.bob], mallory: 'unauthorized', same: true };

  it.each([
    ['ESM', ['--input-type=module', '-e', `import { ModelDiscovery } from 'model-discovery'; ${'PROBE'}`]],
    ['CommonJS', ['-e', `const { ModelDiscovery } = require('model-discovery'); (async () => { ${'PROBE'} })()`]],
  ])('keeps each key to its own list when imported as %s, and no key reaches its output', async (_kind, args) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args.map((arg) => arg.replace('PROBE', probe(gateway.url))), { cwd: root, encoding: 'utf8' });

    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual(expected);
    // The logger got console: every line the package printed is searched.
    expect(tenantSecretsIn(`${stdout}\n${stderr}`)).toEqual([]);
    expect(`${stdout}\n${stderr}`).toMatch(/tenant [0-9a-f]{12}: refresh failed \(unauthorized\)/);
  });
});
