import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { anthropicPage, CANARY_KEY } from '../support/upstream.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs an example as a user would (tsx), and resolves with the URL it prints once listening. */
async function runExample(file: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ANTHROPIC_')));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env: { ...clean, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolveURL, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GET (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveURL(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening:\n${output}`)));
  });
  return { child, url };
}

describe('the route examples', () => {
  let gateway: LocalServer | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
    await gateway?.close();
    child = undefined;
    gateway = undefined;
  });

  it.each(['examples/express.ts', 'examples/fastify.ts', 'examples/hono.ts'])('%s serves the gateway models over HTTP', async (file) => {
    gateway = await startLocalServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(anthropicPage(['claude-sonnet-4-5'])));
    });
    const started = await runExample(file, { ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_API_KEY: CANARY_KEY });
    child = started.child;

    const response = await fetch(started.url);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ models: [{ id: 'claude-sonnet-4-5' }], discovery_available: true });
    expect(gateway.requests[0]?.headers['x-api-key']).toBe(CANARY_KEY);
    expect(`${[...response.headers].join('\n')}\n${text}`).not.toContain(CANARY_KEY);
  });
});
