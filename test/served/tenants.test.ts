import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import type { Harness } from '../contract/contract.js';
import { servePerKey, TENANT_KEYS, tenantSecretsIn } from '../support/tenants.js';
import { CANARY_KEY, GATEWAY } from '../support/upstream.js';
import { FRAMEWORKS } from './harness.js';

/** The host's own discovery: its key is a canary too, and never what a tenant is listed with. */
const hostDiscovery = () => new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {} });

describe.each(FRAMEWORKS)("served /v1/models with credentials: 'forward' on %s", (_name, start) => {
  let server: Harness | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Every answer goes through here, so every header and body is searched for every key. */
  async function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${server!.url}${path}`, { headers });
    const text = await response.text();
    const rendered = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`;
    expect(tenantSecretsIn(rendered)).toEqual([]);
    expect(rendered).not.toContain(CANARY_KEY);
    return { status: response.status, body: JSON.parse(text) };
  }

  it("lists each client's models with its own key, sent upstream the way the client sent it", async () => {
    const calls = servePerKey();
    server = await start(hostDiscovery(), { credentials: 'forward' });

    const alice = new Anthropic({ baseURL: server.url, apiKey: TENANT_KEYS.alice, maxRetries: 0 });
    const aliceIds: string[] = [];
    for await (const model of alice.models.list()) aliceIds.push(model.id);
    const bob = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TENANT_KEYS.bob, maxRetries: 0 });
    const bobIds = (await bob.models.list()).data.map((model) => model.id);

    expect(aliceIds).toEqual(['claude-alice-1', 'claude-alice-2']);
    expect(bobIds).toEqual(['claude-bob-1']);
    // Both SDKs (the Anthropic SDK 1.12 too, see SPEC) send their key as a Bearer token.
    expect(calls).toEqual([
      { credential: TENANT_KEYS.alice, via: 'bearer' },
      { credential: TENANT_KEYS.bob, via: 'bearer' },
    ]);
    // Claude Code with ANTHROPIC_API_KEY sends x-api-key, and so it goes upstream.
    const carol = await get('/v1/models?limit=1000', { 'x-api-key': TENANT_KEYS.carol, 'anthropic-version': '2023-06-01' });
    expect(carol).toMatchObject({ status: 200, body: { data: [{ id: 'claude-carol-1' }, { id: 'claude-carol-2' }, { id: 'claude-carol-3' }] } });
    expect(calls.at(-1)).toEqual({ credential: TENANT_KEYS.carol, via: 'x-api-key' });
    // One tenant never reaches another's model by id.
    await expect(alice.models.retrieve('claude-bob-1')).rejects.toMatchObject({ status: 404 });
    expect((await alice.models.retrieve('claude-alice-2')).id).toBe('claude-alice-2');
  });

  it('answers 401 in the request shape, without asking the upstream, when the client sends no key', async () => {
    const calls = servePerKey();
    server = await start(hostDiscovery(), { credentials: 'forward' });

    const anthropic = await get('/v1/models', { 'anthropic-version': '2023-06-01' });
    const openai = await get('/v1/models', { authorization: 'Basic dXNlcjpwYXNz' });

    expect(anthropic).toEqual({ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: expect.stringMatching(/x-api-key/) } } });
    expect(openai.status).toBe(401);
    expect(openai.body).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect(calls).toEqual([]);
  });

  it('answers 401 for a key the upstream refuses, held for that client alone', async () => {
    const calls = servePerKey();
    server = await start(hostDiscovery(), { credentials: 'forward' });

    const refused = await get('/v1/models', { 'x-api-key': TENANT_KEYS.mallory, 'anthropic-version': '2023-06-01' });
    const again = await get('/v1/models/claude-alice-1', { 'x-api-key': TENANT_KEYS.mallory, 'anthropic-version': '2023-06-01' });
    const alice = await get('/v1/models', { 'x-api-key': TENANT_KEYS.alice, 'anthropic-version': '2023-06-01' });

    expect(refused).toMatchObject({ status: 401, body: { error: { type: 'authentication_error' } } });
    expect(again.status).toBe(401);
    expect(alice.status).toBe(200);
    expect(calls.map((call) => call.credential)).toEqual([TENANT_KEYS.mallory, TENANT_KEYS.alice]);
  });

  it('answers 401 for a malformed key instead of a fault', async () => {
    const calls = servePerKey();
    server = await start(hostDiscovery(), { credentials: 'forward' });

    expect((await get('/v1/models', { 'x-api-key': 'k'.repeat(5000) })).status).toBe(401);
    expect(calls).toEqual([]);
  });
});

describe('served /v1/models with a credentials function', () => {
  it("answers from the tenant the host picks, and from the instance's own list for undefined", async () => {
    const [, start] = FRAMEWORKS[0]!;
    servePerKey();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, apiKey: TENANT_KEYS.bob, env: {} });
    const server = await start(discovery, {
      format: 'openai',
      credentials: (request) => (request.headers.get('x-user') === 'carol' ? { authToken: TENANT_KEYS.carol } : undefined),
    });
    try {
      const carol = (await (await fetch(`${server.url}/v1/models`, { headers: { 'x-user': 'carol' } })).json()) as { data: Array<{ id: string }> };
      const own = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };

      expect(carol.data.map((model) => model.id)).toEqual(['claude-carol-1', 'claude-carol-2', 'claude-carol-3']);
      expect(own.data.map((model) => model.id)).toEqual(['claude-bob-1']);
    } finally {
      await server.close();
    }
  });

  it("refuses credentials: 'forward' over a fixed list when the routes are built", async () => {
    const [, start] = FRAMEWORKS[0]!;
    await expect(start(['claude-x'], { credentials: 'forward' })).rejects.toThrow(TypeError);
  });
});
