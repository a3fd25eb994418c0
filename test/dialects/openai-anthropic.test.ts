import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { CANARY_KEY, upstream } from '../support/upstream.js';
import { fixture } from './harness.js';

async function listFrom(base: string, path: string, body: object, dialect: 'openai' | 'anthropic') {
  upstream.use(http.get(`${base}${path}`, () => HttpResponse.json(body)));
  return new ModelDiscovery({ baseURL: base, apiKey: CANARY_KEY, dialect, env: {} }).getModels();
}

describe('the openai dialect reads each server’s own metadata fields', () => {
  it('Groq: context_window (and not max_completion_tokens, which SPEC does not name)', async () => {
    const snapshot = await listFrom('https://api.groq.com/openai/v1', '/models', fixture('groq/models.json'), 'openai');
    expect(snapshot.models[0]).toEqual({ id: 'openai/gpt-oss-20b', created_at: '2025-08-05T15:32:37Z', owned_by: 'OpenAI', context_window: 131072, metadata_source: 'upstream' });
    expect(snapshot.models.map((model) => model.context_window)).toEqual([131072, 131072, 131072, 512, 448, 131072, 131072]);
  });

  it('vLLM: max_model_len', async () => {
    const snapshot = await listFrom('http://vllm.test:8000/v1', '/models', fixture('vllm/models.json'), 'openai');
    expect(snapshot.models).toEqual([{ id: 'gpt-oss-120b', created_at: '2026-04-01T07:44:56Z', owned_by: 'vllm', context_window: 65536, metadata_source: 'upstream' }]);
  });

  it('Mistral: max_context_length, and not its capabilities flags (not named for this dialect)', async () => {
    const snapshot = await listFrom('https://api.mistral.ai/v1', '/models', fixture('mistral/models.json'), 'openai');
    expect(snapshot.models[0]).toMatchObject({ id: '<model_id>', context_window: 32768 });
    expect(snapshot.models[0]).not.toHaveProperty('capabilities');
  });

  it('Together: a bare array, context_length and pricing already per million', async () => {
    const snapshot = await listFrom('https://api.together.xyz/v1', '/models', fixture('together/models.json'), 'openai');
    expect(snapshot.models).toEqual([
      {
        id: 'Austism/chronos-hermes-13b',
        // Together's `display_name` is read as in the Anthropic shape, as every list item's is.
        display_name: 'Chronos Hermes (13B)',
        created_at: '2023-08-24T17:08:25Z',
        context_window: 2048,
        pricing: { input: 0.3, output: 0.3 },
        metadata_source: 'upstream',
      },
    ]);
  });

  it('LiteLLM rows: max_input_tokens and max_output_tokens', async () => {
    const body = { data: [{ id: 'claude-sonnet-4-5', object: 'model', created: 1677610602, owned_by: 'openai', max_input_tokens: 200000, max_output_tokens: 64000 }] };
    const snapshot = await listFrom('http://litellm.test:4000', '/v1/models', body, 'openai');
    expect(snapshot.models[0]).toMatchObject({ context_window: 200000, max_output_tokens: 64000 });
  });
});

describe('the anthropic dialect reads max_input_tokens, max_tokens and capabilities', () => {
  it('as the Models API sends them', async () => {
    const snapshot = await listFrom('https://api.anthropic.test', '/v1/models', fixture('anthropic/models.json'), 'anthropic');
    expect(snapshot.models).toEqual([
      {
        id: 'claude-opus-4-8',
        display_name: 'Claude Opus 4.8',
        created_at: '2026-07-24T00:00:00Z',
        context_window: 1000000,
        max_output_tokens: 128000,
        capabilities: { vision: true, reasoning: true },
        metadata_source: 'upstream',
      },
    ]);
  });

  it('drops hostile values one by one', async () => {
    const body = fixture('anthropic/models.json');
    Object.assign(body.data[0], { max_input_tokens: '1000000', max_tokens: -1, capabilities: { image_input: { supported: 'yes' }, thinking: true } });
    const snapshot = await listFrom('https://api.anthropic.test', '/v1/models', body, 'anthropic');
    expect(snapshot.models[0]).toEqual({ id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8', created_at: '2026-07-24T00:00:00Z' });
  });
});
