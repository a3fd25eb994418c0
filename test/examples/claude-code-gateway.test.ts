import { readFileSync } from 'node:fs';
import { request } from 'node:http';

import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startExample, type RunningExample } from '../support/example.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { CANARY_KEY } from '../support/upstream.js';

// LiteLLM's own wire format for GET /v1/models: OpenAI-shaped, no display names, one fixed `created`.
const IDS = ['claude-sonnet-4-5', 'anthropic/claude-opus-4-1', 'gpt-4o', 'llama3:8b'];
const litellmModels = { data: IDS.map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })), object: 'list' };

describe('examples/claude-code-gateway.ts', () => {
  let litellm: LocalServer;
  let gateway: RunningExample;
  const seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    litellm = await startLocalServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
        if (req.method === 'GET' && req.url?.split('?')[0] === '/v1/models') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(litellmModels));
        } else if (req.url === '/v1/reset-mid-body') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': '1000' });
          res.write('event: partial');
          setTimeout(() => res.socket?.destroy(), 20);
        } else if (req.method === 'POST' && req.url === '/v1/messages') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'msg_1', type: 'message', echoed: JSON.parse(body) }));
        } else {
          res.writeHead(404).end();
        }
      });
    });
    gateway = await startExample('claude-code-gateway.ts', { LITELLM_BASE_URL: litellm.url, LITELLM_API_KEY: CANARY_KEY });
  });

  afterAll(async () => {
    const code = await gateway?.stop();
    await litellm?.close();
    expect(code).toBe(0);
  });

  it('answers Claude Code’s GET /v1/models?limit=1000 in the Anthropic shape from the upstream’s inventory', async () => {
    const response = await fetch(`${gateway.url}/v1/models?limit=1000`, { headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'anything' } });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body).toEqual({
      data: IDS.map((id) => ({ type: 'model', id, display_name: id, created_at: '2023-02-28T18:56:42Z' })),
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'llama3:8b',
    });
    // The gateway used its own upstream credential, not anything from the inbound request.
    const modelCalls = seen.filter((call) => call.url.startsWith('/v1/models'));
    expect(modelCalls.length).toBeGreaterThan(0);
    expect(modelCalls.every((call) => call.authorization === `Bearer ${CANARY_KEY}`)).toBe(true);
  });

  it('answers the Anthropic SDK, auto-paging its list and retrieving an id with a slash', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 3 })) ids.push(model.id);
    expect(ids).toEqual(IDS);
    expect(await client.models.retrieve('anthropic/claude-opus-4-1')).toMatchObject({ type: 'model', id: 'anthropic/claude-opus-4-1' });
  });

  it('forwards every other request to the upstream unchanged', async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'message', echoed: { model: 'claude-sonnet-4-5' } });
    expect(seen.find((call) => call.url === '/v1/messages')?.authorization).toBe('Bearer client-token');
  });

  it('never forwards a request to another host, whatever the path says (regression: //host/x was resolved as a URL of its own)', async () => {
    const internal = await startLocalServer((_req, res) => res.end('internal secret data'));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        // Sent raw: fetch would normalise the path before it left.
        const outgoing = request({ host: '127.0.0.1', port: new URL(gateway.url).port, path: `/.//127.0.0.1:${internal.port}/admin` }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        outgoing.on('error', reject).end();
      });
      expect(internal.requests).toHaveLength(0);
      expect(status).toBe(404);
      expect(seen.some((call) => call.url.endsWith(`127.0.0.1:${internal.port}/admin`))).toBe(true);
    } finally {
      await internal.close();
    }
  });

  it('survives an upstream that drops the connection mid-body (regression: the gateway process crashed)', async () => {
    const cut = await fetch(`${gateway.url}/v1/reset-mid-body`).then(
      (response) => response.text().then(() => 'complete', () => 'cut'),
      () => 'cut',
    );
    expect(cut).toBe('cut');
    const after = await fetch(`${gateway.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(after.status).toBe(200);
  });

  it('never prints the upstream credential', () => {
    expect(gateway.output()).not.toContain(CANARY_KEY);
  });

  it('is shown in docs/claude-code.md exactly as it is in examples/', () => {
    const file = readFileSync(new URL('../../examples/claude-code-gateway.ts', import.meta.url), 'utf8');
    const doc = readFileSync(new URL('../../docs/claude-code.md', import.meta.url), 'utf8');
    expect(doc).toContain(`\`\`\`ts\n${file}\`\`\``);
  });
});
