import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CANARY_KEY, CANARY_PASSWORD } from '../support/upstream.js';
import {
  anthropicError,
  CANARY_KEY_HASH,
  expectFailureKeepsHeldList,
  expectNoCanary,
  html,
  json,
  liteLLMUnauthorized,
  NGINX_502,
  probe,
  settles,
  startGateway,
  type Gateway,
} from './gateway.js';

// Error statuses as real gateways and proxies send them. Each must map to one code, keep the
// held list, and none may carry upstream text (which can echo the key) into any output.
describe('hostile gateway: error statuses', () => {
  let gateway: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('maps an HTML 502 page from a reverse proxy to http_error 502', async () => {
    const { held } = await expectFailureKeepsHeldList(gateway, html(502, NGINX_502), { code: 'http_error', status: 502 });
    expect(held.error?.message).not.toMatch(/nginx|<html/i);
  });

  it('maps an HTML page served with 200 to invalid_response, not an empty list', async () => {
    await expectFailureKeepsHeldList(gateway, html(200, NGINX_502), { code: 'invalid_response' });
  });

  it.each([
    [401, 'authentication_error', 'invalid x-api-key', 'unauthorized'],
    [403, 'permission_error', 'Your API key does not have permission to use the specified resource.', 'unauthorized'],
    [404, 'not_found_error', 'Not found', 'http_error'],
    [500, 'api_error', 'Internal server error', 'http_error'],
    [503, 'api_error', 'Service unavailable', 'http_error'],
    [529, 'overloaded_error', 'Overloaded', 'http_error'],
  ])('maps an Anthropic-style %i (%s) to %s with the status', async (status, type, message, code) => {
    await expectFailureKeepsHeldList(gateway, anthropicError(status, type, message), { code: code as string, status });
  });

  it('maps a 429 with retry-after: 3600 to http_error at once, without obeying the wait', async () => {
    const scenario = anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', {
      'retry-after': '3600',
      'anthropic-ratelimit-requests-remaining': '0',
    });
    const { held } = await expectFailureKeepsHeldList(gateway, scenario, { code: 'http_error', status: 429 }, { timeout: 2_000 });
    expect(held.error?.message).toMatch(/rate limit/i);
  });

  it("maps FastAPI's 404 body (LiteLLM without /v1/models) to http_error 404", async () => {
    await expectFailureKeepsHeldList(gateway, json({ detail: 'Not Found' }, 404), { code: 'http_error', status: 404 });
  });

  it("keeps LiteLLM's 401 body, which prints part of the key and its hash, out of every output", async () => {
    const { held, cold, logs } = await expectFailureKeepsHeldList(gateway, liteLLMUnauthorized(), { code: 'unauthorized', status: 401 });
    for (const text of [JSON.stringify(held), JSON.stringify(cold), logs.join('\n')]) {
      expectNoCanary(text);
      expect(text).not.toContain(CANARY_KEY_HASH);
    }
    // The gateway's own words reach `detail` (never `message`), with the masked key and its hash replaced.
    expect(held.error?.message).not.toMatch(/Received API Key|LiteLLM_VerificationTokenTable/);
    expect(held.error?.detail).toMatch(/^Authentication Error, Invalid proxy server token passed\. Received API Key = \[REDACTED\], Key Hash \(Token\) =\[REDACTED\]\./);
  });

  it('keeps a key echoed whole in the error body and in a response header out of every output', async () => {
    const echo = json({ error: { message: `Invalid key: ${CANARY_KEY}`, received: { 'x-api-key': CANARY_KEY } } }, 401, {
      'x-received-api-key': CANARY_KEY,
      'www-authenticate': `Bearer realm="gateway", error="invalid_token", key="${CANARY_KEY}"`,
    });
    await expectFailureKeepsHeldList(gateway, echo, { code: 'unauthorized', status: 401 });
  });

  it('keeps a key echoed by a 500 with a stack trace out of every output', async () => {
    const trace = `Traceback (most recent call last):\n  File "proxy.py", line 42, in auth\n    check(api_key="${CANARY_KEY}")\nKeyError: '${CANARY_KEY}'`;
    const scenario = (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'x-debug-key': CANARY_KEY });
      res.end(trace);
    };
    await expectFailureKeepsHeldList(gateway, scenario, { code: 'http_error', status: 500 });
  });

  it('keeps user:password from the base URL, sent as Basic auth and echoed back, out of every output', async () => {
    const echoAuth = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const received = req.headers.authorization ?? '';
      const body = JSON.stringify({ error: { message: `bad credentials ${received} ${atob(received.replace('Basic ', ''))}` } });
      res.writeHead(401, { 'content-type': 'application/json', 'x-received-authorization': received });
      res.end(body);
    };
    gateway.serve(echoAuth);
    const base = gateway.url.replace('http://', `http://user:${CANARY_PASSWORD}@`);
    const { discovery, logs } = probe(base, { apiKey: undefined });
    const snapshot = await settles(discovery.getModels());
    expect(gateway.hits.at(-1)?.headers.authorization).toBe(`Basic ${btoa(`user:${CANARY_PASSWORD}`)}`);
    expect(snapshot.error).toMatchObject({ code: 'unauthorized', status: 401 });
    expectNoCanary(JSON.stringify(snapshot));
    expectNoCanary(logs.join('\n'));
    expectNoCanary(JSON.stringify(discovery));
  });
});
