import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Issue 17: zod costs ~45 ms at import, so the schemas live in `model-discovery/schema` and no
// other entry may load it. The built package is installed beside a zod that throws when it is
// evaluated: an entry that loads zod fails its own import.
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-no-zod-'));
  const pkg = join(dir, 'node_modules', 'model-discovery');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  for (const dep of ['hono', '@anthropic-ai', 'lru-cache', 'p-limit', 'yocto-queue']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
  const zod = join(dir, 'node_modules', 'zod');
  mkdirSync(zod, { recursive: true });
  writeFileSync(join(zod, 'package.json'), JSON.stringify({ name: 'zod', exports: { import: './index.mjs', require: './index.cjs' } }));
  writeFileSync(join(zod, 'index.mjs'), "throw new Error('zod was loaded');");
  writeFileSync(join(zod, 'index.cjs'), "throw new Error('zod was loaded');");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const ENTRIES = ['model-discovery', 'model-discovery/express', 'model-discovery/fastify', 'model-discovery/hono'];

describe('zod stays out of every entry but model-discovery/schema', () => {
  it.each(ENTRIES)('%s imports (ESM) without loading zod', (entry) => {
    expect(run(['--input-type=module', '-e', `const m = await import('${entry}'); console.log(Object.keys(m).length > 0)`]).trim()).toBe('true');
  });

  it.each(ENTRIES)('%s requires (CommonJS) without loading zod', (entry) => {
    expect(run(['-e', `console.log(Object.keys(require('${entry}')).length > 0)`]).trim()).toBe('true');
  });

  it('discovers a list, checks the overrides option and renders the routes without zod', () => {
    const out = run([
      '--input-type=module',
      '-e',
      `import { ModelDiscovery, createAvailableModelsHandler } from 'model-discovery';
       const page = JSON.stringify({ data: [{ id: 'm-1', created_at: '2025-09-29T00:00:00Z' }, { id: 'm-2', created: 1755095639 }] });
       const fetch = async () => new Response(page, { headers: { 'content-type': 'application/json' } });
       const d = new ModelDiscovery({ baseURL: 'http://gateway.test', env: {}, fetch, overrides: { 'm-1': { context_window: 1000 } } });
       const handle = createAvailableModelsHandler(d);
       const res = await handle({ method: 'GET', path: '/api/v1/models/available', query: {}, headers: {} });
       console.log(res.body);`,
    ]);
    expect(JSON.parse(out).models).toEqual([
      { id: 'm-1', created_at: '2025-09-29T00:00:00Z', context_window: 1000, metadata_source: 'override' },
      { id: 'm-2', created_at: '2025-08-13T14:33:59Z' },
    ]);
  });

  it('model-discovery/schema is the entry that does load it', () => {
    expect(() => run(['--input-type=module', '-e', "await import('model-discovery/schema')"])).toThrow(/zod was loaded/);
  });
});

describe('model-discovery/schema', () => {
  const names = ['availableModelRoutesOpenAPI', 'capabilitiesSchema', 'errorInfoSchema', 'modelRoutesOpenAPI', 'modelSchema', 'pricingSchema', 'routeErrorSchema', 'snapshotSchema', 'snapshotWireSchema', 'sourceInfoSchema', 'sourceInfoWireSchema'];
  const probe = `
    const parsed = m.modelSchema.safeParse({ id: 'm', pricing: { input: 3 } });
    console.log(JSON.stringify({ names: Object.keys(m).sort(), parsed: parsed.success, paths: Object.keys(m.availableModelRoutesOpenAPI().paths) }));`;
  const expected = { names, parsed: true, paths: ['/api/v1/models/available', '/api/v1/models/available/refresh'] };

  it('imports by name as ESM', () => {
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `import * as m from 'model-discovery/schema'; ${probe}`], { cwd: root, encoding: 'utf8' }))).toEqual(expected);
  });

  it('requires by name as CommonJS', () => {
    expect(JSON.parse(execFileSync(process.execPath, ['-e', `const m = require('model-discovery/schema'); ${probe}`], { cwd: root, encoding: 'utf8' }))).toEqual(expected);
  });
});
