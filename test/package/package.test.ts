import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    const dir = mkdtempSync(join(tmpdir(), 'md-lazy-'));
    try {
      const pkg = join(dir, 'node_modules', 'model-discovery');
      mkdirSync(pkg, { recursive: true });
      cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
      cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
      for (const dep of ['zod']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
      const sdk = join(dir, 'node_modules', '@anthropic-ai', 'sdk');
      mkdirSync(sdk, { recursive: true });
      writeFileSync(join(sdk, 'package.json'), JSON.stringify({ name: '@anthropic-ai/sdk', type: 'module', exports: './index.js' }));
      writeFileSync(join(sdk, 'index.js'), "throw new Error('the SDK was loaded');");

      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { ModelDiscovery } from 'model-discovery';
           const s = await new ModelDiscovery({ baseURL: 'http://127.0.0.1:9', env: {} }).getModels();
           console.log(JSON.stringify({ imported: true, code: s.error.code }));`,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      // The import succeeded; only the fetch, which needs the SDK, failed (and did not throw).
      expect(JSON.parse(out)).toEqual({ imported: true, code: 'network_error' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
