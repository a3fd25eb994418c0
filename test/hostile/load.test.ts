import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';

import { modelRoutes as expressRoutes } from '../../src/adapters/express/index.js';
import { modelRoutes as fastifyRoutes } from '../../src/adapters/fastify/index.js';
import { modelRoutes as honoRoutes } from '../../src/adapters/hono/index.js';
import { ModelDiscovery } from '../../src/index.js';
import { startLocalServer } from '../support/local-server.js';
import { CANARY_KEY } from '../support/upstream.js';
import {
  anthropicModels,
  expectNoCanary,
  html,
  liteLLMUnauthorized,
  NGINX_502,
  resetMidBody,
  startGateway,
  type Gateway,
  type Scenario,
} from './gateway.js';

// Load on the routes: per framework, thousands of GETs and forced refreshes, many at once, over
// real sockets, while the gateway behind flaps. Not a speed test: the assertions are zero 5xx,
// zero secrets, and upstream calls within what coalescing allows for the time the run took.

interface Server {
  url: string;
  close(): Promise<void>;
}

type Start = (discovery: ModelDiscovery) => Promise<Server>;

const FRAMEWORKS: Array<[string, Start]> = [
  [
    'Express',
    async (discovery) => {
      const app = express();
      app.use(expressRoutes(discovery));
      return startLocalServer(app);
    },
  ],
  [
    'Fastify',
    async (discovery) => {
      const app = Fastify();
      await app.register(fastifyRoutes, { discovery });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  ],
  [
    'Hono',
    async (discovery) => {
      const app = new Hono();
      app.route('/', honoRoutes(discovery));
      return startLocalServer(getRequestListener(app.fetch));
    },
  ],
];

/** The gateway flaps per upstream request: up, 503 page, slow, reset mid-body, LiteLLM 401, up. */
function flapping(): Scenario {
  const body = JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ type: 'model', id: `claude-${i}` })), has_more: false });
  const cycle: Scenario[] = [
    anthropicModels(['claude-up-1', 'claude-up-2']),
    html(503, NGINX_502),
    (req, res) => setTimeout(() => anthropicModels(['claude-slow-1'])(req, res), 150),
    resetMidBody(body, 64),
    liteLLMUnauthorized(),
  ];
  let call = 0;
  return (req, res) => {
    const scenario = cycle[call % cycle.length]!;
    call += 1;
    scenario(req, res);
  };
}

const REQUESTS = 2_000;
const IN_FLIGHT = 100;
const MIN_REFRESH_INTERVAL = 200;
const FAILURE_BACKOFF = 30_000;
const TTL = 300_000;

function requestAt(i: number, base: string): Request {
  const path = '/api/v1/models/available';
  if (i % 10 === 3) return new Request(`${base}${path}?refresh=true`);
  if (i % 10 === 7) return new Request(`${base}${path}/refresh`, { method: 'POST' });
  return new Request(`${base}${path}`);
}

describe('load on the routes against a flapping gateway', () => {
  let gateway: Gateway | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    await gateway?.close();
  });

  it.each(FRAMEWORKS)('%s: thousands of concurrent reads and forced refreshes, zero 5xx, zero secrets, coalesced upstream calls', async (_name, start) => {
    gateway = await startGateway(flapping());
    const discovery = new ModelDiscovery({
      baseURL: gateway.url,
      apiKey: CANARY_KEY,
      env: {},
      timeout: 5_000,
      minRefreshInterval: MIN_REFRESH_INTERVAL,
      failureBackoff: FAILURE_BACKOFF,
      ttl: TTL,
    });
    server = await start(discovery);
    const base = server.url;

    const statuses = new Map<number, number>();
    const seen = new Set<string>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next;
        next += 1;
        const response = await fetch(requestAt(i, base));
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expectNoCanary(text);
        expectNoCanary(JSON.stringify([...response.headers]));
        const body = JSON.parse(text) as { models: unknown[]; discovery_available: boolean; stale: boolean; error: { code: string } | null };
        expect(body.discovery_available || body.error !== null).toBe(true);
        seen.add(body.error ? `error:${body.error.code}` : 'ok');
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const elapsed = Date.now() - started;

    expect(Object.fromEntries(statuses)).toEqual({ 200: REQUESTS });
    // The flapping reached the clients: they saw fresh lists and failures, all as 200s.
    expect(seen).toContain('ok');
    expect([...seen].some((state) => state.startsWith('error:'))).toBe(true);
    // Forced refreshes start at least minRefreshInterval apart and never overlap; unforced ones
    // wait for the TTL or the backoff. That bounds the calls by the time the run took.
    const bound = Math.floor(elapsed / MIN_REFRESH_INTERVAL) + 1 + Math.floor(elapsed / Math.min(TTL, FAILURE_BACKOFF)) + 1;
    expect(gateway.hits.length).toBeGreaterThan(1);
    expect(gateway.hits.length).toBeLessThanOrEqual(bound);
    expect(gateway.hits.length).toBeLessThan(REQUESTS / 10);
  }, 120_000);
});
