import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import * as expressAdapter from '../../src/adapters/express/index.js';
import * as fastifyAdapter from '../../src/adapters/fastify/index.js';
import * as honoAdapter from '../../src/adapters/hono/index.js';
import type { Harness } from '../contract/contract.js';
import { listen } from '../contract/harness.js';
import { claudeCodeBinary, freshHome, removeHome, runClaudeCode, startEgressTrap, untilGatewayCache, type ClaudeCodeRun, type EgressTrap, type GatewayModelsCache } from '../support/claude-code.js';
import { startExample } from '../support/example.js';
import { messagesFake, startFakeGateway, type FakeGateway, type MessagesFake } from '../support/fake-llm-gateway.js';
import { CANARY_KEY, CANARY_TOKEN } from '../support/upstream.js';

// The real Claude Code CLI (installed by scripts/claude-code.sh from the npm registry), pointed at
// servers built on this package, with a fake LLM gateway behind them. Each case runs `claude -p hi`
// once with a fresh HOME and reads the model list Claude Code itself cached.

/** The gateway's own credential for its upstream: must never reach Claude Code. */
const UPSTREAM_KEY = CANARY_KEY;
/** Claude Code's dummy ANTHROPIC_API_KEY: must never be printed or cached. */
const CLIENT_KEY = CANARY_TOKEN;

const isClaude = (id: string) => /(claude|anthropic)/i.test(id);

// A LiteLLM inventory as Claude Code meets it: provider prefixes, Bedrock spellings, non-Claude models.
const MIXED = ['gpt-4o', 'claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'llama3:8b', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'text-embedding-3-small'];
// Labels some upstreams send (LiteLLM rows may carry them): Claude Code shows them in `/model`.
const LABELS: Record<string, { display_name?: string; description?: string }> = {
  'claude-sonnet-4-5': { display_name: 'Claude Sonnet 4.5', description: 'Routed to the team account' },
  'anthropic/claude-haiku-4-5': { description: 'Cheap and fast' },
};
const FALLBACK = ['claude-fallback-sonnet', 'anthropic/claude-fallback-haiku'];
// More models than the one page Claude Code reads, with Claude ids scattered and the last past 1,000.
const LONG = Array.from({ length: 1_500 }, (_, i) => (i % 200 === 199 ? `anthropic/claude-long-${i}` : `vendor-${i % 7}/model-${i}`));

/** The cache Claude Code writes for a list: Claude ids, upstream order, labels kept. */
function cachedFor(ids: readonly string[]): GatewayModelsCache['models'] {
  return ids.filter(isClaude).map((id) => ({ id, display_name: LABELS[id]?.display_name ?? id, ...(LABELS[id]?.description ? { description: LABELS[id].description } : {}) }));
}

let trap: EgressTrap;

beforeAll(async () => {
  trap = await startEgressTrap();
  // Installs the CLI on a machine where scripts/test.sh has not run yet.
  await claudeCodeBinary();
  // The Anthropic SDK is imported on a process's first discovery; on a loaded 2-core CI machine
  // that import alone can take longer than maxWait. Done once here, so "cold" below means a
  // discovery that has never fetched, not this worker's module cache. (A server pays the import
  // once, in its warm-up; the first cold run of bench/claude-code.ts includes it.)
  const warmup = await startFakeGateway({ ids: ['claude-warmup'] });
  await new ModelDiscovery({ baseURL: warmup.url, env: {} }).getModels();
  await warmup.close();
}, 300_000);

afterAll(() => trap?.close());

/** What every run must show, whatever the case. */
function expectCleanRun(run: ClaudeCodeRun, baseURL: string): void {
  expect(run.code, `claude exited with ${run.code}: ${run.stderr}`).toBe(0);
  // The fixture's text: the streamed answer reached Claude Code and was parsed.
  expect(run.stdout).toContain('Hello!');
  expect(run.cache, 'Claude Code cached no model list: it failed or timed out (claude --debug says which)').toBeDefined();
  expect(run.cache?.baseUrl).toBe(baseURL);
  for (const text of [run.stdout, run.stderr, JSON.stringify(run.cache)]) {
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(CLIENT_KEY);
  }
  // Nothing tried to leave 127.0.0.1 (see startEgressTrap).
  expect(trap.attempts).toEqual([]);
}

type StartServer = (discovery: ModelDiscovery, messages: MessagesFake) => Promise<Harness>;

// Each framework mounts the served route its own way; POST /v1/messages is the host's own route.
const SERVERS: ReadonlyArray<[name: string, start: StartServer]> = [
  [
    'Express',
    async (discovery, messages) => {
      const app = express();
      app.use(expressAdapter.servedModelRoutes(discovery));
      app.post('/v1/messages', (req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        req.on('end', () => void messages.answer(body).then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body)));
      });
      return listen(app);
    },
  ],
  [
    'Fastify',
    async (discovery, messages) => {
      const app = Fastify();
      await app.register(fastifyAdapter.servedModelRoutes, { discovery });
      app.post('/v1/messages', async (request, reply) => {
        const answer = await messages.answer(JSON.stringify(request.body));
        return reply.code(answer.status).headers(answer.headers).send(answer.body);
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  ],
  [
    'Hono',
    async (discovery, messages) => {
      const app = new Hono();
      app.route('/', honoAdapter.servedModelRoutes(discovery));
      app.post('/v1/messages', async (c) => {
        const answer = await messages.answer(await c.req.text());
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      });
      return listen(getRequestListener(app.fetch));
    },
  ],
];

interface FrameworkCase {
  ids: readonly string[];
  hangModels?: boolean;
}

/**
 * One cold server: a new discovery that has never fetched (no warm-up), the framework's served
 * route, and Claude Code started at once against it.
 */
async function againstFramework(start: StartServer, { ids, hangModels = false }: FrameworkCase): Promise<{ run: ClaudeCodeRun; url: string; messages: MessagesFake; upstream: FakeGateway }> {
  const home = await freshHome();
  const upstream = await startFakeGateway({ ids, hangModels, labels: LABELS });
  const discovery = new ModelDiscovery({ baseURL: upstream.url, apiKey: UPSTREAM_KEY, env: {}, fallbackModels: FALLBACK });
  const messages = messagesFake(() => untilGatewayCache(home));
  const server = await start(discovery, messages);
  try {
    const run = await runClaudeCode({ baseURL: server.url, home, apiKey: CLIENT_KEY, trap });
    return { run, url: server.url, messages, upstream };
  } finally {
    await server.close();
    await upstream.close();
    await removeHome(home);
  }
}

describe.each(SERVERS)('Claude Code against the served route on %s', (_name, start) => {
  it('caches the upstream’s Claude ids, labels included, from a cold server', { timeout: 60_000 }, async () => {
    const { run, url, messages, upstream } = await againstFramework(start, { ids: MIXED });

    expectCleanRun(run, url);
    expect(run.cache?.models).toEqual(cachedFor(MIXED));
    expect(upstream.modelCalls()).toBe(1);
    expect(messages.models).toHaveLength(1);
  });

  it('caches the fallback list when the upstream is too slow, within Claude Code’s 3 s deadline', { timeout: 60_000 }, async () => {
    const { run, url, upstream } = await againstFramework(start, { ids: MIXED, hangModels: true });

    expectCleanRun(run, url);
    expect(run.cache?.models).toEqual(cachedFor(FALLBACK));
    expect(upstream.modelCalls()).toBe(1);
  });

  it('sees every Claude id of a list longer than its one page of 1,000', { timeout: 60_000 }, async () => {
    const { run, url } = await againstFramework(start, { ids: LONG });

    expectCleanRun(run, url);
    expect(LONG.indexOf(LONG.filter(isClaude).at(-1)!)).toBeGreaterThan(1000);
    expect(run.cache?.models).toEqual(cachedFor(LONG));
  });
});

describe('Claude Code against examples/claude-code-gateway.ts', () => {
  it('caches the Claude ids, and each id picked from that list reaches POST /v1/messages unchanged', { timeout: 90_000 }, async () => {
    const home = await freshHome();
    const upstream = await startFakeGateway({ ids: MIXED, labels: LABELS, gate: () => untilGatewayCache(home) });
    const gateway = await startExample('claude-code-gateway.ts', { LITELLM_BASE_URL: upstream.url, LITELLM_API_KEY: UPSTREAM_KEY });
    try {
      const first = await runClaudeCode({ baseURL: gateway.url, home, apiKey: CLIENT_KEY, trap });
      expectCleanRun(first, gateway.url);
      expect(first.cache?.models).toEqual(cachedFor(MIXED));
      // Warmed before listening: the upstream was asked once, before Claude Code started.
      expect(upstream.modelCalls()).toBe(1);

      // `--model` is the non-interactive form of choosing an entry in `/model`.
      for (const { id } of first.cache!.models) {
        const picked = await runClaudeCode({ baseURL: gateway.url, home, apiKey: CLIENT_KEY, trap, model: id });
        expectCleanRun(picked, gateway.url);
        expect(upstream.messages.models.at(-1)).toBe(id);
      }
      expect(upstream.messages.models).toHaveLength(1 + first.cache!.models.length);
    } finally {
      expect(await gateway.stop()).toBe(0);
      await upstream.close();
      await removeHome(home);
    }
    expect(gateway.output()).not.toContain(UPSTREAM_KEY);
    expect(gateway.output()).not.toContain(CLIENT_KEY);
  });

  it('caches the fallback list when the upstream never answers', { timeout: 90_000 }, async () => {
    const home = await freshHome();
    const upstream = await startFakeGateway({ ids: MIXED, hangModels: true, gate: () => untilGatewayCache(home) });
    const gateway = await startExample('claude-code-gateway.ts', { LITELLM_BASE_URL: upstream.url, LITELLM_API_KEY: UPSTREAM_KEY, FALLBACK_MODELS: FALLBACK.join(',') }, 30_000);
    try {
      const run = await runClaudeCode({ baseURL: gateway.url, home, apiKey: CLIENT_KEY, trap });
      expectCleanRun(run, gateway.url);
      expect(run.cache?.models).toEqual(cachedFor(FALLBACK));
      expect(gateway.output()).toMatch(/Discovery failed \(timeout\); serving 2 fallback model\(s\)/);
    } finally {
      expect(await gateway.stop()).toBe(0);
      await upstream.close();
      await removeHome(home);
    }
  });
});
