import { inspect } from 'node:util';

import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';

import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { CANARY_KEY, nativeFetch, openaiList } from '../support/upstream.js';

/**
 * What `@anthropic-ai/sdk` does when left to its defaults (SPEC, "What the Anthropic SDK does on
 * its own"). Each is a reason for a workaround in src/upstream/list.ts or src/upstream/transport.ts; when an
 * upgrade changes one, this file fails so the workaround can be revisited.
 */
const servers: LocalServer[] = [];
async function server(handler: Parameters<typeof startLocalServer>[0]) {
  const started = await startLocalServer(handler);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(baseURL: string, options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}) {
  return new Anthropic({ baseURL, apiKey: CANARY_KEY, maxRetries: 0, fetch: nativeFetch, logLevel: 'off', ...options });
}

const json = (body: unknown) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('@anthropic-ai/sdk on its defaults', () => {
  it('sends apiKey as Authorization: Bearer, not x-api-key', async () => {
    const gateway = await server(json(openaiList([])));
    await client(gateway.url).models.list();
    expect(gateway.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(gateway.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('doubles /v1 for a base URL that already ends in /v1', async () => {
    const gateway = await server(json(openaiList([])));
    await client(`${gateway.url}/v1`).models.list();
    expect(gateway.requests[0]?.url).toMatch(/^\/v1\/v1\/models/);
  });

  it('follows a redirect to another origin and forwards x-api-key there', async () => {
    const elsewhere = await server(json(openaiList(['elsewhere'])));
    const gateway = await server((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/models` });
      res.end();
    });
    const page = await client(gateway.url, { apiKey: null, defaultHeaders: { 'x-api-key': CANARY_KEY, authorization: null } }).models.list();
    expect(page.data.map((m) => m.id)).toEqual(['elsewhere']);
    expect(elsewhere.requests[0]?.headers['x-api-key']).toBe(CANARY_KEY);
  });

  it('puts the whole raw error body, with an echoed key, into the error message', async () => {
    const gateway = await server((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`Received API Key = ${CANARY_KEY}`);
    });
    const error = await client(gateway.url).models.list().then(() => undefined, (e: unknown) => e);
    expect(String(error)).toContain(CANARY_KEY);
  });

  it('keeps paging on has_more: "false" (a string)', async () => {
    let requests = 0;
    const gateway = await server((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: `m${requests}` }], has_more: requests < 3 ? 'false' : false, last_id: `m${requests}` }));
    });
    const seen: string[] = [];
    for await (const model of client(gateway.url).models.list()) seen.push(model.id);
    expect(seen).toEqual(['m1', 'm2', 'm3']);
  });

  it('adds the headers of ANTHROPIC_CUSTOM_HEADERS from process.env to every request', async () => {
    const gateway = await server(json(openaiList([])));
    const previous = process.env.ANTHROPIC_CUSTOM_HEADERS;
    process.env.ANTHROPIC_CUSTOM_HEADERS = 'x-team: ops';
    try {
      await client(gateway.url).models.list();
    } finally {
      if (previous === undefined) delete process.env.ANTHROPIC_CUSTOM_HEADERS;
      else process.env.ANTHROPIC_CUSTOM_HEADERS = previous;
    }
    expect(gateway.requests[0]?.headers['x-team']).toBe('ops');
  });

  it('shows the API key in util.inspect() of the client', () => {
    expect(inspect(client('http://127.0.0.1:1'))).toContain(CANARY_KEY);
  });

  it('lets its timeout cover the headers only, so a slow body is read past it', async () => {
    const body = JSON.stringify(openaiList(['slow']));
    const gateway = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, 10));
      setTimeout(() => res.end(body.slice(10)), 2_500);
    });
    const page = await client(gateway.url, { timeout: 1_000 }).models.list();
    expect(page.data.map((m) => m.id)).toEqual(['slow']);
  });
});
