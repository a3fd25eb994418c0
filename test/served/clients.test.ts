import Anthropic from '@anthropic-ai/sdk';
import { HttpResponse } from 'msw';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import type { Harness } from '../contract/contract.js';
import { CANARY_KEY, GATEWAY, serveModels } from '../support/upstream.js';
import { FRAMEWORKS } from './harness.js';

// A LiteLLM-like inventory on the wire: OpenAI-shaped, ids with `/`, `:` and `@`, more models
// than one Anthropic page holds.
const SPECIAL = ['openai/gpt-4o', 'llama3:8b', 'claude-sonnet-4-5@20250929', 'anthropic/claude-opus-4-1'];
const IDS = [...SPECIAL, ...Array.from({ length: 41 }, (_, i) => `model-${String(i).padStart(2, '0')}`)];
// A page smaller than the list puts the ids Claude Code keeps first (SPEC "Claude Code as a client").
const claudeFirst = (ids: string[]) => [...ids.filter((id) => /(claude|anthropic)/i.test(id)), ...ids.filter((id) => !/(claude|anthropic)/i.test(id))];
const wire = { object: 'list', data: IDS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: id.startsWith('openai/') ? 'openai' : 'litellm' })) };

async function discovered(): Promise<ModelDiscovery> {
  serveModels(() => HttpResponse.json(wire));
  const discovery = new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {} });
  // Fetched now, while this file's upstream handler is installed; served from the cache after.
  await discovery.getModels();
  return discovery;
}

const anthropicClient = (baseURL: string) => new Anthropic({ baseURL, apiKey: 'client-key', maxRetries: 0 });
const openaiClient = (baseURL: string) => new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: 'client-key', maxRetries: 0 });

describe.each(FRAMEWORKS)('served /v1/models on %s, with the real SDKs as clients', (_name, start) => {
  let server: Harness;

  beforeAll(async () => {
    server = await start(await discovered());
  });
  afterAll(() => server?.close());

  it('lets the Anthropic SDK auto-page models.list() with for await across several pages', async () => {
    const client = anthropicClient(server.url);
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 7 })) ids.push(model.id);
    expect(ids).toEqual(claudeFirst(IDS));

    let page = await client.models.list({ limit: 7 });
    let pages = 1;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      pages += 1;
    }
    expect(pages).toBe(7);
  });

  it('serves the Anthropic SDK its default page of 20 with the model fields it types', async () => {
    const page = await anthropicClient(server.url).models.list();
    expect(page.data).toHaveLength(20);
    expect(page.has_more).toBe(true);
    expect(page.data.map((model) => model.id).slice(0, 4)).toEqual(claudeFirst(SPECIAL));
    expect(page.data[3]).toEqual({ type: 'model', id: 'llama3:8b', display_name: 'llama3:8b', created_at: '2023-11-14T22:13:20Z' });
  });

  it.each(SPECIAL)('lets the Anthropic SDK retrieve %s', async (id) => {
    expect(await anthropicClient(server.url).models.retrieve(id)).toEqual({ type: 'model', id, display_name: id, created_at: '2023-11-14T22:13:20Z' });
  });

  it('surfaces an unknown id as the Anthropic SDK’s NotFoundError', async () => {
    const error = await anthropicClient(server.url).models.retrieve('claude-nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).status).toBe(404);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('surfaces a limit over 1000 as the Anthropic SDK’s BadRequestError', async () => {
    const error = await anthropicClient(server.url).models.list({ limit: 1001 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('lets the OpenAI SDK list every model and retrieve one with a slash in its id', async () => {
    const client = openaiClient(server.url);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(IDS);
    expect(await client.models.retrieve('openai/gpt-4o')).toEqual({ id: 'openai/gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'openai' });
    expect(await client.models.retrieve('llama3:8b')).toMatchObject({ id: 'llama3:8b', owned_by: 'litellm' });
  });

  it('surfaces an unknown id as the OpenAI SDK’s NotFoundError', async () => {
    const error = await openaiClient(server.url).models.retrieve('gpt-9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('answers Claude Code’s raw GET /v1/models?limit=1000 with anthropic-version in the Anthropic shape', async () => {
    const response = await fetch(`${server.url}/v1/models?limit=1000`, { headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'client-key' } });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.data).toHaveLength(IDS.length);
    expect(body).toMatchObject({ has_more: false, first_id: IDS[0], last_id: IDS.at(-1) });
    expect(Object.keys(body.data[0]).sort()).toEqual(['created_at', 'display_name', 'id', 'type']);
  });

  it('finds an id sent raw, slash and all, as curl sends it', async () => {
    const response = await fetch(`${server.url}/v1/models/openai/gpt-4o`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe('openai/gpt-4o');
  });

  it('leaves the host’s other routes alone', async () => {
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST' });
    expect(await response.json()).toEqual({ host: true });
  });

  it('never sends the upstream credential to a client', async () => {
    const responses = await Promise.all(['/v1/models?limit=1000', '/v1/models/llama3:8b', '/v1/models/nope'].map((path) => fetch(`${server.url}${path}`)));
    for (const response of responses) expect(await response.text()).not.toContain(CANARY_KEY);
  });
});

describe.each(FRAMEWORKS)('served /v1/models on %s, mounted and beside the available-models routes', (_name, start) => {
  it('serves the SDKs under a mount path, with a filter, while modelRoutes answers its own paths', async () => {
    const discovery = await discovered();
    const server = await start(discovery, { filter: { exclude: 'model-*' }, format: 'auto' }, { mount: '/gateway', available: discovery });
    try {
      const ids: string[] = [];
      for await (const model of anthropicClient(`${server.url}/gateway`).models.list({ limit: 2 })) ids.push(model.id);
      expect(ids).toEqual(claudeFirst(SPECIAL));
      expect((await openaiClient(`${server.url}/gateway`).models.retrieve('anthropic/claude-opus-4-1')).id).toBe('anthropic/claude-opus-4-1');

      // The available-models route is untouched: its own shape, the unfiltered snapshot.
      const available = await (await fetch(`${server.url}/api/v1/models/available`)).json();
      expect(available.models).toHaveLength(IDS.length);
      expect(available).toHaveProperty('discovery_available', true);
      // And the served route is not at the root when mounted elsewhere.
      expect((await fetch(`${server.url}/v1/models`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('serves a fixed list in the OpenAI shape when told to, whatever the headers say', async () => {
    const server = await start(['a', 'b'], { format: 'openai' });
    try {
      const response = await fetch(`${server.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
      expect(await response.json()).toEqual({ object: 'list', data: [expect.objectContaining({ id: 'a' }), expect.objectContaining({ id: 'b' })] });
    } finally {
      await server.close();
    }
  });
});
