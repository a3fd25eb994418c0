import { describe, expect, it, vi } from 'vitest';

import type { Snapshot } from '../../src/index.js';
import { runCli } from '../../src/cli/run.js';
import { formatSources, showsSources } from '../../src/cli/sources.js';
import { CANARY_KEY } from '../support/upstream.js';

// The CLI configures one source (flags and the environment); a library user's ModelDiscovery may
// hold several. The class is replaced so the CLI's printing of several sources is seen end to end
// in-process; the spawned-binary tests in cli.test.ts cover the single source.
const current = vi.hoisted(() => ({ snapshot: undefined as unknown }));
vi.mock('../../src/discovery/model-discovery.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/discovery/model-discovery.js')>();
  class ModelDiscovery {
    async getModels(): Promise<unknown> {
      return current.snapshot;
    }
    toJSON(): object {
      return { gateway: null };
    }
  }
  return { ...original, ModelDiscovery };
});

const REFRESHED = '2026-11-21T10:00:00.000Z';

function threeSources(): Snapshot {
  return {
    models: [
      { id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', source: 'litellm' },
      { id: 'ollama/llama3.2', source: 'ollama' },
    ],
    discoveryAvailable: true,
    stale: false,
    lastRefreshed: REFRESHED,
    error: { code: 'unauthorized', message: 'The gateway refused the credentials.', status: 401, detail: `bad key ${CANARY_KEY}` },
    sources: [
      { name: 'litellm', status: 'fresh', count: 1, lastRefreshed: REFRESHED, error: null },
      { name: 'anthropic', status: 'down', count: 0, lastRefreshed: null, error: { code: 'unauthorized', message: 'The gateway refused the credentials.', status: 401 } },
      { name: 'ollama', status: 'stale', count: 1, lastRefreshed: REFRESHED, error: { code: 'network_error', message: 'The gateway could not be reached.' } },
    ],
  };
}

async function run(argv: string[], snapshot: Snapshot) {
  current.snapshot = snapshot;
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_API_KEY: CANARY_KEY },
  });
  return { code, stdout, stderr };
}

describe('the CLI with several sources', () => {
  it('prints one line per source (name, status, count, error code) under the models it still lists', async () => {
    const { stdout } = await run(['list'], threeSources());

    expect(stdout.split('\n')).toEqual([
      'ID                 DISPLAY NAME       CREATED',
      'claude-sonnet-4-5  Claude Sonnet 4.5  -',
      'ollama/llama3.2    -                  -',
      '',
      'SOURCE     STATUS  MODELS  ERROR',
      'litellm    fresh   1       -',
      'anthropic  down    0       unauthorized (HTTP 401)',
      'ollama     stale   1       network_error',
      '',
    ]);
  });

  it('prints the sources alone when none of them has a list', async () => {
    const snapshot = threeSources();
    const down = {
      ...snapshot,
      models: [],
      discoveryAvailable: false,
      sources: snapshot.sources.map((source) => ({ ...source, status: 'down' as const, count: 0, lastRefreshed: null })),
    };

    const { code, stdout } = await run(['list'], down);

    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe('SOURCE     STATUS  MODELS  ERROR');
    expect(stdout).not.toContain('DISPLAY NAME');
  });

  it('sends every source in snake_case with --json, and never the key an upstream echoed', async () => {
    const { stdout } = await run(['--json'], threeSources());

    const body = JSON.parse(stdout) as { sources: Array<Record<string, unknown>> };
    expect(body.sources.map((source) => [source.name, source.status, source.count])).toEqual([
      ['litellm', 'fresh', 1],
      ['anthropic', 'down', 0],
      ['ollama', 'stale', 1],
    ]);
    expect(body.sources[0]).toHaveProperty('last_refreshed', REFRESHED);
    expect(stdout).not.toContain(CANARY_KEY);
  });
});

describe('formatSources', () => {
  it('leaves the single implicit source to the table and the error line, so that output is unchanged', () => {
    const only = { name: 'default', status: 'fresh', count: 2, lastRefreshed: REFRESHED, error: null } as const;

    expect(showsSources([only])).toBe(false);
    expect(showsSources([{ ...only, name: 'litellm' }])).toBe(true);
    expect(showsSources([only, { ...only, name: 'ollama' }])).toBe(true);
  });

  it('keeps a terminal escape in a source name out of the output', () => {
    const text = formatSources([{ name: 'evil\u001b[2J', status: 'pending', count: 0, lastRefreshed: null, error: null }]);

    expect(text).not.toContain('\u001b');
    expect(text).toContain('pending');
  });
});
