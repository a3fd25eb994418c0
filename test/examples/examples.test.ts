import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('examples/demo.ts (the README’s first command)', () => {
  it('lists every page of the local gateway, then serves the held list stale once the gateway is gone', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: root, timeout: 30_000 });
    expect(stdout).toMatch(/discovered 7 model\(s\)/);
    const [first, second] = stdout.split('The gateway is stopped');
    expect(first).toMatch(/claude-sonnet-4-5[\s\S]*llama3\.1:8b/);
    expect(first).toMatch(/stale: false/);
    expect(second).toMatch(/claude-sonnet-4-5/);
    expect(second).toMatch(/stale: true/);
    expect(second).toMatch(/error: 'network_error'/);
    expect(stdout).not.toContain('sk-demo-local');
  });
});
