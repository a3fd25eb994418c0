import { inspect } from 'node:util';

import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery, type ModelDiscoveryError, type RefreshEvent } from '../../src/index.js';
import { captureLogger, everyRenderingOf } from '../support/capture.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, GATEWAY, nativeFetch, openaiList, serveModels, upstream } from '../support/upstream.js';

const CANARIES = [CANARY_KEY, CANARY_TOKEN, CANARY_PASSWORD, encodeURIComponent(CANARY_PASSWORD), btoa(`user:${CANARY_PASSWORD}`)];

/** Runs one discovery and returns everything a user could ever see of it. */
async function everythingVisible(discovery: ModelDiscovery, lines: string[], events: RefreshEvent[]) {
  const snapshot = await discovery.getModels();
  const errors = events.map((e) => e.error).filter((e): e is ModelDiscoveryError => e !== undefined);
  return {
    snapshot,
    errors,
    text: [
      JSON.stringify(snapshot),
      inspect(snapshot, { depth: 10 }),
      ...lines,
      ...errors.map(everyRenderingOf),
      inspect(discovery, { showHidden: true, depth: 10 }),
      JSON.stringify(discovery),
      String(discovery),
    ].join('\n'),
  };
}

function expectNoCanary(text: string) {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

function withCanaries(baseURL: string, extra: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  const logger = captureLogger();
  const events: RefreshEvent[] = [];
  const discovery = new ModelDiscovery({
    baseURL,
    apiKey: CANARY_KEY,
    authToken: CANARY_TOKEN,
    env: {},
    logger,
    onRefresh: (event) => events.push(event),
    timeout: 5_000,
    maxBodyBytes: 64 * 1024,
    maxPages: 3,
    ...extra,
  });
  return { discovery, lines: logger.lines, events };
}

const echo = `Authentication Error, Invalid proxy server token passed. Received API Key = ${CANARY_KEY}, Key Hash (Token) =${CANARY_KEY.slice(-8)}. Bearer ${CANARY_TOKEN}`;

const upstreamFailures: Array<[string, () => Response | Promise<Response>, string]> = [
  ['a 401 that echoes the key in its body and headers', () => HttpResponse.json({ error: { message: echo } }, { status: 401, headers: { 'x-received-key': CANARY_KEY } }), 'unauthorized'],
  ['a 403 that echoes the token', () => HttpResponse.text(echo, { status: 403 }), 'unauthorized'],
  ['a 500 whose body holds the key', () => HttpResponse.text(echo, { status: 500 }), 'http_error'],
  ['a 404 whose body holds the key', () => HttpResponse.json({ detail: echo }, { status: 404 }), 'http_error'],
  ['a 429 with retry-after', () => HttpResponse.text(echo, { status: 429, headers: { 'retry-after': '3600' } }), 'http_error'],
  ['a 200 HTML page that prints the key', () => HttpResponse.html(`<html><body>${echo}</body></html>`), 'invalid_response'],
  ['a 200 JSON that is not a list and holds the key', () => HttpResponse.json({ error: echo }), 'invalid_response'],
  ['a model id that is the key itself is dropped only if unusable, never logged', () => HttpResponse.json(openaiList([`bad\n${CANARY_KEY}`])), 'none'],
  ['a network failure', () => HttpResponse.error(), 'network_error'],
  ['a body over the cap that repeats the key', () => HttpResponse.text(echo.repeat(2_000)), 'body_too_large'],
  ['pages that never end, each carrying the key', () => HttpResponse.json({ data: [{ id: 'm' }], has_more: true, last_id: `${CANARY_KEY}-${Math.random()}` }), 'invalid_response'],
];

describe('no secret ever appears in a snapshot, an error or a log line', () => {
  it.each(upstreamFailures)('after %s', async (_, resolver, code) => {
    serveModels(resolver);
    const { discovery, lines, events } = withCanaries(`http://user:${CANARY_PASSWORD}@gateway.test`);
    const seen = await everythingVisible(discovery, lines, events);
    if (code !== 'none') {
      expect(seen.snapshot.error?.code).toBe(code);
      expect(seen.errors).toHaveLength(1);
    }
    expect(lines.length).toBeGreaterThan(0);
    expectNoCanary(seen.text);
  });

  it('after a successful discovery', async () => {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    const { discovery, lines, events } = withCanaries(GATEWAY);
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.models).toHaveLength(1);
    expectNoCanary(seen.text);
  });

  it('when no gateway is configured but credentials are', async () => {
    const { discovery, lines, events } = withCanaries(undefined as never);
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.error?.code).toBe('not_configured');
    expectNoCanary(seen.text);
  });

  it('when ANTHROPIC_BASE_URL carries a password but is not usable', async () => {
    const logger = captureLogger();
    const discovery = new ModelDiscovery({ env: { ANTHROPIC_BASE_URL: `ftp://user:${CANARY_PASSWORD}@gateway.test` }, logger });
    const seen = await everythingVisible(discovery, logger.lines, []);
    expect(seen.snapshot.error?.code).toBe('not_configured');
    expectNoCanary(seen.text);
  });
});

describe('no secret appears on the real wire paths either', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('for a refused connection with user:password in the base URL', async () => {
    const server = await startLocalServer(() => {});
    await server.close();
    const { discovery, lines, events } = withCanaries(`http://user:${CANARY_PASSWORD}@127.0.0.1:${server.port}`, { fetch: nativeFetch });
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.error?.code).toBe('network_error');
    expectNoCanary(seen.text);
  });

  it('for a redirect whose location carries the key', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(302, { location: `http://evil.test/steal?key=${CANARY_KEY}` });
      res.end(CANARY_KEY);
    });
    servers.push(server);
    const { discovery, lines, events } = withCanaries(server.url, { fetch: nativeFetch });
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.error?.code).toBe('redirect_refused');
    expectNoCanary(seen.text);
  });

  it('for a timeout', async () => {
    const server = await startLocalServer(() => {});
    servers.push(server);
    const { discovery, lines, events } = withCanaries(server.url, { fetch: nativeFetch, timeout: 200 });
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.error?.code).toBe('timeout');
    expectNoCanary(seen.text);
  });
});

describe('a fetch that throws an error holding the key', () => {
  it('is reported as network_error with the key scrubbed', async () => {
    const { discovery, lines, events } = withCanaries(GATEWAY, {
      fetch: async () => {
        throw new TypeError(`connect failed for http://user:${CANARY_PASSWORD}@gateway.test with key ${CANARY_KEY}`);
      },
    });
    const seen = await everythingVisible(discovery, lines, events);
    expect(seen.snapshot.error?.code).toBe('network_error');
    expectNoCanary(seen.text);
  });
});

describe('the SDK’s own logging', () => {
  it('stays silent even when ANTHROPIC_LOG=debug is set in the host environment', async () => {
    const previous = process.env.ANTHROPIC_LOG;
    process.env.ANTHROPIC_LOG = 'debug';
    const printed: string[] = [];
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const name of Object.keys(original) as Array<keyof typeof original>) console[name] = (...args: unknown[]) => printed.push(inspect(args));
    try {
      upstream.use(http.get(`${GATEWAY}/v1/models`, () => HttpResponse.text(echo, { status: 401 })));
      await withCanaries(GATEWAY).discovery.getModels();
    } finally {
      Object.assign(console, original);
      if (previous === undefined) delete process.env.ANTHROPIC_LOG;
      else process.env.ANTHROPIC_LOG = previous;
    }
    expect(printed).toEqual([]);
  });
});
