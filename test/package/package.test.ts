import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Imports the built package by its public name from a separate Node process, the way a user's
 * code does (Node resolves a package's own name through its `exports`). scripts/test.sh builds
 * before the suite runs.
 */
function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ANTHROPIC_BASE_URL: '' } });
}

const probe = `
  const names = Object.keys(m).sort();
  const d = new m.ModelDiscovery({ env: {} });
  d.getModels().then((s) => console.log(JSON.stringify({ names, code: s.error.code })));
`;

describe('the built package', () => {
  it('has been built', () => {
    expect(existsSync(`${root}/dist/index.js`)).toBe(true);
    expect(existsSync(`${root}/dist/index.cjs`)).toBe(true);
    expect(existsSync(`${root}/dist/index.d.ts`)).toBe(true);
  });

  it('imports by name as ESM and works', () => {
    const out = JSON.parse(runNode(['--input-type=module', '-e', `import * as m from 'model-discovery'; ${probe}`]));
    expect(out.names).toContain('ModelDiscovery');
    expect(out.names).not.toContain('default');
    expect(out.code).toBe('not_configured');
  });

  it('requires by name as CommonJS and works', () => {
    const out = JSON.parse(runNode(['-e', `const m = require('model-discovery'); ${probe}`]));
    expect(out.names).toContain('ModelDiscovery');
    expect(out.code).toBe('not_configured');
  });

  it('does not load the Anthropic SDK until the first fetch needs it', () => {
    // The package is installed beside an SDK that throws when evaluated: an eager import would
    // fail the import itself, a lazy one only the first discovery.
    const out = runBesideFake(
      '@anthropic-ai/sdk',
      "throw new Error('the SDK was loaded');",
      `import { ModelDiscovery } from 'model-discovery';
       const s = await new ModelDiscovery({ baseURL: 'http://127.0.0.1:9', env: {} }).getModels();
       console.log(JSON.stringify({ imported: true, code: s.error.code }));`,
    );
    // The import succeeded; only the fetch, which needs the SDK, failed (and did not throw).
    expect(JSON.parse(out)).toEqual({ imported: true, code: 'network_error' });
  });

  it('does not load p-limit (ESM) until a tenant view refreshes', () => {
    // The package is installed beside a p-limit that says when it is evaluated and hands over the
    // real one: neither the import nor the instance's own discovery may load it; a tenant's may.
    const real = pathToFileURL(join(root, 'node_modules', 'p-limit', 'index.js')).href;
    const out = runBesideFake(
      'p-limit',
      `globalThis.pLimitLoaded = true;\nexport { default } from '${real}';\n`,
      `import { ModelDiscovery } from 'model-discovery';
       const loaded = () => globalThis.pLimitLoaded === true;
       const atImport = loaded();
       const page = JSON.stringify({ data: [{ id: 'm-1' }] });
       const fetch = async () => new Response(page, { headers: { 'content-type': 'application/json' } });
       const discovery = new ModelDiscovery({ baseURL: 'http://gateway.test', env: {}, fetch });
       await discovery.getModels();
       const afterOwnList = loaded();
       const tenant = await discovery.forCredentials({ apiKey: 'k-tenant' }).getModels();
       console.log(JSON.stringify({ atImport, afterOwnList, afterTenant: loaded(), tenant: tenant.models.map((m) => m.id) }));`,
    );
    expect(JSON.parse(out)).toEqual({ atImport: false, afterOwnList: false, afterTenant: true, tenant: ['m-1'] });
  });
});

/**
 * Runs the ES module `script` in a directory where the built package is installed beside its
 * dependencies, but for `name`: in its place, a package whose only module is `source`.
 */
function runBesideFake(name: string, source: string, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'md-lazy-'));
  try {
    const pkg = join(dir, 'node_modules', 'model-discovery');
    mkdirSync(pkg, { recursive: true });
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    for (const dep of runtimeDependencies().filter((dependency) => dependency !== name)) {
      mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
    }
    const fake = join(dir, 'node_modules', name);
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name, type: 'module', exports: './index.js' }));
    writeFileSync(join(fake, 'index.js'), source);
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The package's own dependencies, and theirs (`p-limit` needs `yocto-queue`). */
function runtimeDependencies(): string[] {
  const dependenciesOf = (dir: string) => Object.keys((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
  const direct = dependenciesOf(root);
  return [...new Set([...direct, ...direct.flatMap((name) => dependenciesOf(join(root, 'node_modules', name)))])];
}
