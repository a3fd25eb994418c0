import { describe, expect, it } from 'vitest';

import { createError } from '../../src/errors/errors.js';
import type { Model } from '../../src/model/schema.js';
import { litellm } from '../../src/upstream/dialects/litellm.js';
import { endpoint, enrichContext, fixture, header, modelsOf } from './harness.js';

const LITELLM = 'http://litellm.test:4000';
const CANARY = 'sk-canary-LITELLM-3e9f0a1b';

function listed(): Model[] {
  return modelsOf(litellm, fixture('litellm/models.json')).models;
}

describe('litellm dialect: the list', () => {
  it("asks openai's list: GET {base}/v1/models with the key as Bearer", () => {
    const request = litellm.request(endpoint({ baseURL: LITELLM, apiKey: 'sk-1234' }), undefined);
    expect(request.url).toBe(`${LITELLM}/v1/models`);
    expect(header(request, 'authorization')).toBe('Bearer sk-1234');
    expect(litellm.request(endpoint({ baseURL: `${LITELLM}/v1` }), undefined).url).toBe(`${LITELLM}/v1/models`);
  });

  it('lists ids, created and owned_by', () => {
    expect(listed()).toEqual([
      { id: 'rerank-english-v3.0', created_at: '2023-02-28T18:56:42Z', owned_by: 'openai' },
      { id: 'gpt-3.5-turbo', created_at: '2023-02-28T18:56:42Z', owned_by: 'openai' },
      { id: 'llava-hf', created_at: '2023-02-28T18:56:42Z', owned_by: 'openai' },
    ]);
  });
});

describe('litellm dialect: metadata from /model_group/info', () => {
  it('asks {root}/model_group/info with the same credential, even from a /v1 base', async () => {
    const { context, requests } = enrichContext(() => fixture('litellm/model-group-info.json'));
    await litellm.enrich?.(listed(), endpoint({ baseURL: `${LITELLM}/v1`, authToken: 'sk-token' }), context);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`${LITELLM}/model_group/info`);
    expect(requests[0]?.method ?? 'GET').toBe('GET');
    expect(header(requests[0]!, 'authorization')).toBe('Bearer sk-token');
  });

  it("fills each model from its group, values exactly as LiteLLM's example says", async () => {
    const { context, warnings } = enrichContext(() => fixture('litellm/model-group-info.json'));
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(models[1]).toEqual({
      id: 'gpt-3.5-turbo',
      created_at: '2023-02-28T18:56:42Z',
      owned_by: 'openai',
      context_window: 16385,
      max_output_tokens: 4096,
      pricing: { input: 1.5, output: 2 },
      capabilities: { vision: false, tools: true },
      kind: 'chat',
      metadata_source: 'upstream',
    });
    // LiteLLM's 0.0 means "not in its cost map": no price, rather than a free model.
    expect(models[0]).toEqual({
      id: 'rerank-english-v3.0',
      created_at: '2023-02-28T18:56:42Z',
      owned_by: 'openai',
      capabilities: { vision: false, tools: false },
      metadata_source: 'upstream',
    });
    expect(models[2]?.capabilities).toEqual({ vision: true, tools: false });
    expect(warnings).toEqual([]);
  });

  it('reads supports_reasoning and maps modes to kinds', async () => {
    const body = fixture('litellm/model-group-info.json');
    Object.assign(body.data[1], { supports_reasoning: true });
    body.data[0].mode = 'rerank';
    body.data[2].mode = 'embedding';
    const { context } = enrichContext(() => body);
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(models.map((model) => model.kind)).toEqual(['other', 'chat', 'embedding']);
    expect(models[1]?.capabilities).toEqual({ vision: false, tools: true, reasoning: true });
  });

  it('never reads litellm_params or any field it does not name', async () => {
    const body = fixture('litellm/model-group-info.json');
    Object.assign(body.data[1], {
      litellm_params: { api_base: `https://internal.example/${CANARY}`, api_key: CANARY },
      api_base: CANARY,
      description: CANARY,
      display_name: CANARY,
    });
    const { context, warnings } = enrichContext(() => body);
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(JSON.stringify(models)).not.toContain(CANARY);
    expect(JSON.stringify(warnings)).not.toContain(CANARY);
  });

  it('keeps what the list already said over the metadata', async () => {
    const models = listed().map((model) => (model.id === 'gpt-3.5-turbo' ? { ...model, context_window: 999 } : model));
    const { context } = enrichContext(() => fixture('litellm/model-group-info.json'));
    expect((await litellm.enrich!(models, endpoint({ baseURL: LITELLM }), context))[1]?.context_window).toBe(999);
  });

  it('drops hostile values alone and says so once', async () => {
    const body = fixture('litellm/model-group-info.json');
    Object.assign(body.data[1], { max_input_tokens: '16385', input_cost_per_token: -1, output_cost_per_token: 'abc', supports_vision: 'yes' });
    Object.assign(body.data[2], { max_input_tokens: 1e300, mode: 42 });
    const { context, warnings } = enrichContext(() => body);
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(models[1]).toMatchObject({ id: 'gpt-3.5-turbo', max_output_tokens: 4096, capabilities: { tools: true }, kind: 'chat' });
    expect(models[1]).not.toHaveProperty('pricing');
    expect(models[1]).not.toHaveProperty('context_window');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("LiteLLM's model metadata sent 6 metadata values");
  });
});

describe('litellm dialect: when the metadata routes fail', () => {
  it('falls back to /v1/model/info, reading model_info only', async () => {
    const { context, requests, warnings } = enrichContext((request) => {
      if (request.url.endsWith('/model_group/info')) throw createError('http_error', 'not found', { status: 404 });
      return fixture('litellm/model-info-v1.json');
    });
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(requests.map((request) => request.url)).toEqual([`${LITELLM}/model_group/info`, `${LITELLM}/v1/model/info`]);
    expect(models[1]).toMatchObject({ context_window: 16385, max_output_tokens: 4096, pricing: { input: 1.5, output: 2 }, kind: 'chat' });
    expect(models[0]).toEqual(listed()[0]);
    expect(JSON.stringify(models)).not.toContain('internal-azure.example');
    expect(warnings).toEqual([]);
  });

  it('serves the list unchanged, with one warning, when both fail', async () => {
    const { context, warnings } = enrichContext(() => {
      throw createError('unauthorized', `key ${CANARY} not allowed`, { status: 401 });
    });
    const models = await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context);
    expect(models).toEqual(listed());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('/model_group/info: unauthorized, /v1/model/info: unauthorized');
    expect(warnings[0]).not.toContain(CANARY);
  });

  it('serves the list when the metadata body is of the wrong shape or a timeout hits', async () => {
    for (const answer of [() => ({ detail: 'nope' }), () => 'html', () => Promise.reject(createError('timeout', 'deadline'))]) {
      const { context, warnings } = enrichContext(answer);
      expect(await litellm.enrich!(listed(), endpoint({ baseURL: LITELLM }), context)).toEqual(listed());
      expect(warnings).toHaveLength(1);
    }
  });
});
