import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import { http, passthrough } from 'msw';
import { expect } from 'vitest';

import { ModelDiscovery, type ModelDiscoveryOptions, type Snapshot } from '../../src/index.js';
import { snapshotSchema } from '../../src/schema/index.js';
import { captureLogger } from '../support/capture.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, upstream } from '../support/upstream.js';

/** How the gateway answers one request; swapped per phase of a test. */
export type Scenario = (req: IncomingMessage, res: ServerResponse) => void;

export interface Gateway extends LocalServer {
  /** Every request received, in order: method, URL and headers, for asserting what was sent. */
  hits: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  /** Answers every following request with this scenario. */
  serve(scenario: Scenario): void;
}

/**
 * A hostile gateway: real HTTP on 127.0.0.1 whose behaviour is swapped per test phase, so one
 * scenario can first hand out a good list and then misbehave against the same instance.
 */
export async function startGateway(initial: Scenario = anthropicModels(['claude-held-1', 'claude-held-2'])): Promise<Gateway> {
  let scenario = initial;
  const hits: Gateway['hits'] = [];
  const server = await startLocalServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    scenario(req, res);
  });
  return Object.assign(server, { hits, serve: (next: Scenario) => void (scenario = next) });
}

// --- Every secret form a canary can take on the wire; none may appear in any output. ---------

/** SHA-256 of the key, the "Key Hash (Token)" LiteLLM prints in its 401 bodies. */
export const CANARY_KEY_HASH = createHash('sha256').update(CANARY_KEY).digest('hex');
/** LiteLLM's masked form of a received key: `sk-...` and the last four characters. */
export const CANARY_KEY_MASKED = `sk-...${CANARY_KEY.slice(-4)}`;

const CANARIES = [CANARY_KEY, CANARY_TOKEN, CANARY_PASSWORD, CANARY_KEY_HASH, CANARY_KEY_MASKED, btoa(`user:${CANARY_PASSWORD}`)];

/** Fails with the canary's name (not its value) when any secret form is in the text. */
export function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text.includes(canary), `a secret (${canary.slice(0, 6)}…) leaked`).toBe(false);
}

// --- Scenarios: real wire formats of the gateways this library meets. ---------------------------

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Scenario {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
}

/** The Anthropic API's page: `type: "model"` items and `first_id`/`last_id` cursors. */
export function anthropicPage(ids: string[], hasMore = false) {
  return {
    data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' })),
    has_more: hasMore,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  };
}

export function anthropicModels(ids: string[]): Scenario {
  return json(anthropicPage(ids), 200, { 'request-id': 'req_011CTestRequestId' });
}

/** The Anthropic API's error envelope, with its `request-id` header. */
export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): Scenario {
  return json({ type: 'error', error: { type, message }, request_id: 'req_011CTestRequestId' }, status, {
    'request-id': 'req_011CTestRequestId',
    ...headers,
  });
}

/** What LiteLLM's proxy answers for an unknown virtual key: part of the key and its SHA-256. */
export function liteLLMUnauthorized(key = CANARY_KEY): Scenario {
  const hash = createHash('sha256').update(key).digest('hex');
  return json(
    {
      error: {
        message: `Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${key.slice(-4)}, Key Hash (Token) =${hash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
        type: 'token_not_found_in_db',
        param: 'key',
        code: '401',
      },
    },
    401,
  );
}

/** nginx's own page when the gateway behind it is down. */
export const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

export function html(status: number, body: string): Scenario {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html', server: 'nginx/1.25.3', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** Accepts the request and never answers. */
export const silence: Scenario = () => {};

/** Sends a 200's headers, then nothing more. */
export const headersThenSilence: Scenario = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
};

/** Sends a valid list one byte at a time, `everyMs` apart, until the client goes away. */
export function dribble(body: string, everyMs = 20): Scenario {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length || res.destroyed) return clearInterval(timer);
      res.write(body[at]);
      at += 1;
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/**
 * Streams `totalBytes` of a JSON list, respecting back-pressure, so the test process never holds
 * more than one chunk however large the body is. `sentBytes()` tells how much went out.
 */
export function hugeBody(totalBytes: number): { scenario: Scenario; sentBytes(): number } {
  const chunk = Buffer.from(`${JSON.stringify({ id: 'x'.repeat(60), object: 'model' })},`.repeat(1024));
  let sent = 0;
  const scenario: Scenario = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': totalBytes });
    sent = 0;
    const pump = () => {
      while (sent < totalBytes && !res.destroyed) {
        const piece = sent === 0 ? Buffer.concat([Buffer.from('{"data":['), chunk]) : chunk;
        const slice = piece.subarray(0, Math.min(piece.length, totalBytes - sent));
        sent += slice.length;
        if (!res.write(slice)) return void res.once('drain', pump);
      }
      if (sent >= totalBytes) res.end();
    };
    pump();
  };
  return { scenario, sentBytes: () => sent };
}

/** A gzip body of `inflatedBytes` of JSON whitespace: ~1000x smaller on the wire than in memory. */
export function gzipBomb(inflatedBytes: number): { scenario: Scenario; wireBytes: number } {
  const inflated = Buffer.alloc(inflatedBytes, 0x20);
  inflated.write('{"data":[', 0);
  inflated.write(']}', inflatedBytes - 2);
  const wire = gzipSync(inflated, { level: 9 });
  return {
    wireBytes: wire.length,
    scenario: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': wire.length });
      res.end(wire);
    },
  };
}

/** Promises `length` bytes, sends the first `sent` of them, then resets the connection. */
export function resetMidBody(body: string, sent: number): Scenario {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.write(body.slice(0, sent), () => setTimeout(() => req.socket.resetAndDestroy(), 10));
  };
}

export function redirectTo(location: string, status = 302): Scenario {
  return (_req, res) => {
    res.writeHead(status, { location, 'content-length': 0 });
    res.end();
  };
}

// --- Driving a ModelDiscovery against a gateway. -------------------------------------------------

/** The liveness bound: far above every `timeout` used here, far below the test timeout. */
export const SETTLES_WITHIN_MS = 10_000;

/** Rejects when the work has not settled within the bound, so a hang fails the test by name. */
export async function settles<T>(work: Promise<T>, withinMs = SETTLES_WITHIN_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`getModels() did not settle within ${withinMs} ms`)), withinMs);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Probe {
  discovery: ModelDiscovery;
  logs: string[];
}

// Loaded once up front: the core imports the SDK lazily on its first refresh, and on a loaded
// machine that import alone could eat a short deadline meant for the scenario.
await import('../../src/upstream/anthropic-sdk-parts.js');

/** A discovery pointed at the gateway with a canary key and a deadline that a healthy loopback answer always meets. */
export function probe(gateway: Gateway | string, options: ModelDiscoveryOptions = {}): Probe {
  const logger = captureLogger();
  const discovery = new ModelDiscovery({
    baseURL: typeof gateway === 'string' ? gateway : gateway.url,
    apiKey: CANARY_KEY,
    timeout: 3_000,
    minRefreshInterval: 0,
    env: {},
    logger,
    ...options,
  });
  return { discovery, logs: logger.lines };
}

/** Checks what every snapshot must be, whatever the upstream did: valid, frozen, secret-free. */
export function expectSafeSnapshot(snapshot: Snapshot, logs: string[] = []): void {
  expect(snapshotSchema.safeParse(snapshot).success).toBe(true);
  expect(Object.isFrozen(snapshot)).toBe(true);
  expectNoCanary(JSON.stringify(snapshot));
  expectNoCanary(logs.join('\n'));
}

export interface Failure {
  code: string;
  status?: number;
}

/**
 * The heart of every failure scenario, run twice: against a discovery already holding a list
 * (the list must survive, marked stale, with the error) and against a fresh one (no list, the
 * error, `discoveryAvailable: false`). Both must settle within the liveness bound.
 */
export async function expectFailureKeepsHeldList(
  gateway: Gateway,
  scenario: Scenario,
  expected: Failure,
  options: ModelDiscoveryOptions = {},
): Promise<{ held: Snapshot; cold: Snapshot; logs: string[] }> {
  gateway.serve(anthropicModels(['claude-held-1', 'claude-held-2']));
  const warm = probe(gateway, options);
  const before = await settles(warm.discovery.getModels());
  expect(before.models.map((m) => m.id)).toEqual(['claude-held-1', 'claude-held-2']);

  gateway.serve(scenario);
  const held = await settles(warm.discovery.refresh());
  expect(held.models).toEqual(before.models);
  expect(held.discoveryAvailable).toBe(true);
  expect(held.stale).toBe(true);
  expect(held.lastRefreshed).toBe(before.lastRefreshed);
  expect(held.error).toMatchObject(expected);
  expectSafeSnapshot(held, warm.logs);
  // A read after the failure serves the same held list without asking again (backoff).
  const hitsAfterFailure = gateway.hits.length;
  expect(await settles(warm.discovery.getModels())).toBe(held);
  expect(gateway.hits.length).toBe(hitsAfterFailure);

  const fresh = probe(gateway, options);
  const cold = await settles(fresh.discovery.getModels());
  expect(cold.models).toEqual([]);
  expect(cold.discoveryAvailable).toBe(false);
  expect(cold.stale).toBe(false);
  expect(cold.lastRefreshed).toBeNull();
  expect(cold.error).toMatchObject(expected);
  expectSafeSnapshot(cold, fresh.logs);
  return { held, cold, logs: [...warm.logs, ...fresh.logs] };
}

/** Runs one discovery against a scenario that should succeed, returning the snapshot. */
export async function expectSuccess(gateway: Gateway, scenario: Scenario, options: ModelDiscoveryOptions = {}): Promise<{ snapshot: Snapshot; logs: string[] }> {
  gateway.serve(scenario);
  const { discovery, logs } = probe(gateway, options);
  const snapshot = await settles(discovery.getModels());
  expect(snapshot.error).toBeNull();
  expect(snapshot.discoveryAvailable).toBe(true);
  expect(snapshot.stale).toBe(false);
  expectSafeSnapshot(snapshot, logs);
  return { snapshot, logs };
}

/** Lets requests to hosts that cannot exist reach the real network stack instead of msw. */
export function allowRealNetwork(origin: string): void {
  upstream.use(http.all(`${origin}/*`, () => passthrough()));
}
