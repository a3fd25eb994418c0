import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

// The README's "Try it" promises that the demo needs only Node and the npm dependencies, while
// the tests install Chromium and redis-server through apt-get. The demo runs here with every one
// of those tools shadowed by a stub that records being called and fails.
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SHADOWED = ['apt-get', 'sudo', 'redis-server', 'redis-cli', 'chromium', 'chromium-browser'];

describe('"Try it" in the README', () => {
  it('runs scripts/demo.sh with neither Chromium nor redis-server nor apt-get', async () => {
    // demo.sh runs `npm ci` when the lockfile is newer than node_modules; in the middle of a test
    // run that would pull the dependencies from under the other test files.
    if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(join(root, 'node_modules/.package-lock.json')).mtimeMs) {
      throw new Error('node_modules is older than package-lock.json: run "npm ci" (scripts/test.sh does) before this test.');
    }
    const stubs = mkdtempSync(join(tmpdir(), 'md-try-it-'));
    dirs.push(stubs);
    const calls = join(stubs, 'calls');
    for (const tool of SHADOWED) {
      writeFileSync(join(stubs, tool), `#!/bin/sh\necho ${tool} >> "${calls}"\nexit 1\n`);
      chmodSync(join(stubs, tool), 0o755);
    }

    const { stdout } = await run('bash', ['scripts/demo.sh'], { cwd: root, timeout: 60_000, env: { ...process.env, PATH: `${stubs}:${process.env.PATH}` } });

    expect(stdout).toMatch(/discovered 7 model\(s\)/);
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').toBe('');
    // Nothing in the demo's path reaches for them by absolute path either.
    for (const file of ['scripts/demo.sh', 'scripts/install.sh', 'examples/demo.ts', 'examples/local-gateway.ts']) {
      expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/chromium|redis|apt-get/i);
    }
  });

  it('says what the tests install and that the demo needs none of it', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const tryIt = readme.slice(readme.indexOf('## Try it'), readme.indexOf('\n## ', readme.indexOf('## Try it') + 1));
    expect(tryIt).toMatch(/demo needs only Node and the npm dependencies/);
    expect(tryIt).toMatch(/Chromium[\s\S]*redis-server[\s\S]*apt-get/);
    // The scripts named there are the ones that do it.
    expect(readFileSync(join(root, 'scripts/test.sh'), 'utf8')).toMatch(/scripts\/chromium\.sh[\s\S]*scripts\/redis\.sh/);
    for (const script of ['scripts/chromium.sh', 'scripts/redis.sh']) expect(readFileSync(join(root, script), 'utf8')).toMatch(/\$SUDO apt-get install/);
  });
});
