import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts an example with tsx (as `npm run demo:page` does), waits for its URL, and stops it with Ctrl-C. */
async function withExample<T>(script: string, env: Record<string, string>, use: (url: string) => Promise<T>): Promise<{ result: T; code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /config page: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`${script} exited before serving:\n${output}`)));
    });
    const result = await use(url);
    child.kill('SIGINT');
    return { result, code: await exited, output };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('examples/config-page', () => {
  it('npm run demo:page serves the page and the stand-in gateway\'s models in one command, and stops on Ctrl-C', async () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${root}/`), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['demo:page']).toBe('tsx examples/config-page/demo.ts');

    const { result, code } = await withExample('examples/config-page/demo.ts', {}, async (url) => {
      const html = await (await fetch(url)).text();
      const snapshot = (await (await fetch(`${url}/api/v1/models/available`)).json()) as { models: { id: string }[]; discovery_available: boolean };
      return { html, snapshot };
    });

    expect(result.html).toContain('<title>Model tiers</title>');
    expect(result.snapshot.discovery_available).toBe(true);
    expect(result.snapshot.models.map((model) => model.id)).toContain('claude-sonnet-4-5');
    expect(code).toBe(0);
  });

  it('server.ts reports discovery as unavailable, and still serves the page, when no gateway is configured', async () => {
    const { result } = await withExample('examples/config-page/server.ts', { SETTINGS_FILE: '/dev/null/never-written.json' }, async (url) => {
      const page = await fetch(url);
      return { status: page.status, snapshot: (await (await fetch(`${url}/api/v1/models/available`)).json()) as { error: { code: string } } };
    });

    expect(result.status).toBe(200);
    expect(result.snapshot.error.code).toBe('not_configured');
  });

  it('is shown in docs/config-page.md exactly as the file reads', () => {
    const readme = readFileSync(new URL('docs/config-page.md', `file://${root}/`), 'utf8');
    const server = readFileSync(new URL('examples/config-page/server.ts', `file://${root}/`), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${server}\`\`\``);
  });
});

describe('the config page’s save endpoint', () => {
  async function withPage<T>(use: (url: string, settingsPath: string) => Promise<T>): Promise<T> {
    const { createConfigPage, listen } = await import('../../examples/config-page/app.js');
    const { ModelDiscovery } = await import('../../src/index.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'config-page-'));
    const page = await listen(createConfigPage({ discovery: new ModelDiscovery({ env: {} }), settingsPath: join(dir, 'tiers.json') }));
    try {
      return await use(page.url, join(dir, 'tiers.json'));
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const put = (url: string, body: string) => fetch(`${url}/api/v1/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

  it('saves 30 concurrent requests without a failure (regression: they renamed each other’s temporary file away)', async () => {
    const statuses = await withPage((url) =>
      Promise.all(Array.from({ length: 30 }, (_, i) => put(url, JSON.stringify({ tier1: `model-${i}` })).then((r) => r.status))),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('refuses a JSON array instead of saving three empty tiers (regression)', async () => {
    await withPage(async (url) => {
      await put(url, JSON.stringify({ tier1: 'keep-me' }));
      const refused = await put(url, '[]');
      expect(refused.status).toBe(400);
      expect((await (await fetch(`${url}/api/v1/config`)).json()).tiers.tier1).toBe('keep-me');
    });
  });

  it.each([
    ['invalid JSON', '{"tier1":', 400],
    ['a body over 4 KB', JSON.stringify({ tier1: 'x'.repeat(5_000) }), 413],
  ])('answers %s in the JSON error shape, with no stack or server path', async (_, body, status) => {
    await withPage(async (url) => {
      const response = await put(url, body);
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(JSON.parse(text).error.code).toBe('invalid_request');
      expect(text).not.toMatch(/node_modules|\/work\/|at .*\(/);
    });
  });
});
