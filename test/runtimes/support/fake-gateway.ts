import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';

import { startLocalServer, type LocalServer } from '../../support/local-server.js';

/** The API key every runtime program is given; the gateway echoes it in its error bodies. */
export const CANARY = 'sk-ant-runtime-canary-0c1d2e3f4a5b6c7d8e9f';

export interface FakeGateway extends LocalServer {
  /** How many times `/generations-<name>` was listed, by name. */
  generations(name: string): number;
  /** The `x-api-key` of every request, in order. */
  keys: string[];
  /** Requests that carried the header the programs' environment names in ANTHROPIC_CUSTOM_HEADERS. */
  envHeaders: number;
}

/** Set in every program's environment; `env: {}` means it must never reach the gateway. */
export const ENV_CUSTOM_HEADERS = 'x-from-environment: the-environment-was-read';

const MODELS = [
  { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
];

/**
 * One local gateway for every scenario, chosen by the first path segment of the base URL:
 * `/ok` (and `/ok-env`) list two models to the canary key; `/open` lists them to anyone; `/unauthorized` (401) and `/failing` (500) echo the received key in
 * their bodies, as some gateways do; `/generations-<name>` lists one model whose id counts the
 * calls to that name, and answers every call after the first one only after 300 ms, so a background refresh is still
 * in flight when the request that started it has been answered.
 */
export async function startFakeGateway(): Promise<FakeGateway> {
  const generations = new Map<string, number>();
  const keys: string[] = [];
  let envHeaders = 0;
  const server = await startLocalServer((req: IncomingMessage, res: ServerResponse) => {
    const key = String(req.headers['x-api-key'] ?? '');
    keys.push(key);
    const [scenario, ...rest] = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean);
    // `/ok-env` is the one scenario whose client was not told `env: {}`.
    if (req.headers['x-from-environment'] !== undefined && scenario !== 'ok-env') envHeaders += 1;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (rest.join('/') !== 'v1/models') return json(404, { type: 'error', error: { type: 'not_found_error', message: 'no such path' } });
    if (scenario === 'ok' || scenario === 'ok-env') {
      if (key !== CANARY) return json(401, { type: 'error', error: { type: 'authentication_error', message: 'missing x-api-key' } });
      return json(200, { data: MODELS, has_more: false, first_id: MODELS[0]!.id, last_id: MODELS.at(-1)!.id });
    }
    if (scenario === 'open') return json(200, { data: MODELS, has_more: false, first_id: MODELS[0]!.id, last_id: MODELS.at(-1)!.id });
    if (scenario === 'unauthorized') return json(401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${key}` } });
    if (scenario === 'failing') return json(500, { type: 'error', error: { type: 'api_error', message: `upstream crashed while handling key ${key}` } });
    if (scenario?.startsWith('generations-')) {
      const generation = (generations.get(scenario) ?? 0) + 1;
      generations.set(scenario, generation);
      const id = `claude-generation-${generation}`;
      const answer = () => json(200, { data: [{ type: 'model', id, display_name: `Generation ${generation}` }], has_more: false });
      if (generation === 1) answer();
      else setTimeout(answer, 300);
      return undefined;
    }
    return json(404, { type: 'error', error: { type: 'not_found_error', message: 'no such scenario' } });
  });
  return Object.assign(server, {
    keys,
    generations: (name: string) => generations.get(`generations-${name}`) ?? 0,
    get envHeaders() {
      return envHeaders;
    },
  });
}

/** A port on 127.0.0.1 that nothing listens on (taken, then released), for `network_error`. */
export async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
