import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { CANARY, startFakeGateway, type FakeGateway } from './support/fake-gateway.js';
import type { RunningProgram } from './support/processes.js';
import { root } from './support/project.js';
import { bundleWorker, runDeno, startWorker } from './support/runtimes.js';

// docs/runtimes.md's examples (examples/runtimes/), run as a user runs them.
describe("docs/runtimes.md's runtime examples", () => {
  let gateway: FakeGateway;
  beforeAll(async () => {
    gateway = await startFakeGateway();
  });
  afterAll(() => gateway?.close());

  // The snippet runner (test/snippets.test.ts) runs README blocks on Node; these two it skips, so
  // that they are shown exactly as they run here is checked here.
  it.each(['worker.ts', 'deno.ts'])('are shown in docs/runtimes.md exactly as they run: examples/runtimes/%s', (file) => {
    const code = readFileSync(join(root, 'examples', 'runtimes', file), 'utf8').trimEnd();
    expect(readFileSync(join(root, 'docs/runtimes.md'), 'utf8')).toContain(`\`\`\`ts\n${code}\n\`\`\``);
  });

  it('Deno: lists the gateway’s models with --allow-net only', async () => {
    const { code, stdout, stderr } = await runDeno(inject('runtimeProject'), 'examples/deno.ts', [`${gateway.url}/open`]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.trim().split('\n')).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
  });

  it('Deno: says why and exits 1 when the gateway refuses the request', async () => {
    const { code, stderr } = await runDeno(inject('runtimeProject'), 'examples/deno.ts', [`${gateway.url}/unauthorized`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^unauthorized: /);
  });

  describe('Worker, in workerd', () => {
    let worker: RunningProgram;
    beforeAll(async () => {
      const project = inject('runtimeProject');
      worker = await startWorker(project, bundleWorker(project, 'examples/worker.ts'), { GATEWAY_URL: `${gateway.url}/ok`, GATEWAY_KEY: CANARY });
    });
    afterAll(() => worker?.stop());

    it('serves the available-models route and /v1/models from its bindings', async () => {
      const available = await fetch(`${worker.url}/api/v1/models/available`);
      expect(await available.json()).toMatchObject({ discovery_available: true, models: [{ id: 'claude-sonnet-4-5' }, { id: 'claude-haiku-4-5' }] });
      const served = await fetch(`${worker.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
      expect(await served.json()).toMatchObject({ data: [{ id: 'claude-sonnet-4-5' }, { id: 'claude-haiku-4-5' }], has_more: false });
      expect(worker.output()).not.toContain(CANARY);
    });
  });
});
