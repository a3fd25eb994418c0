import { describe, expect, it } from 'vitest';

import { openrouter } from '../../src/upstream/dialects/openrouter.js';
import { endpoint, fixture, header, modelsOf } from './harness.js';

describe('openrouter dialect', () => {
  it('asks GET {base}/api/v1/models, from the site root or from /api/v1', () => {
    expect(openrouter.request(endpoint({ baseURL: 'https://openrouter.ai' }), undefined).url).toBe('https://openrouter.ai/api/v1/models');
    expect(openrouter.request(endpoint({ baseURL: 'https://openrouter.ai/api/v1' }), undefined).url).toBe('https://openrouter.ai/api/v1/models');
  });

  it('sends the key as an optional Bearer token', () => {
    expect(header(openrouter.request(endpoint(), undefined), 'authorization')).toBeUndefined();
    expect(header(openrouter.request(endpoint({ apiKey: 'sk-or-v1-x' }), undefined), 'authorization')).toBe('Bearer sk-or-v1-x');
  });

  it('reads every named field of a real row, prices per million without float error', () => {
    const { models, drops } = modelsOf(openrouter, fixture('openrouter/models.json'));
    expect(drops.total).toBe(0);
    expect(models).toHaveLength(1);
    const [model] = models;
    expect(model).toMatchObject({
      id: 'mistralai/mistral-medium-3.1',
      display_name: 'Mistral: Mistral Medium 3.1',
      created_at: '2025-08-13T14:33:59Z',
      context_window: 262144,
      pricing: { input: 0.4, output: 2 },
      capabilities: { vision: true, tools: true, reasoning: false },
      kind: 'chat',
      metadata_source: 'upstream',
    });
    // top_provider.max_completion_tokens is null there: unknown, not an error.
    expect(model).not.toHaveProperty('max_output_tokens');
    // One line, clipped: a picker shows a line, not OpenRouter's whole model card.
    expect(model?.description).toMatch(/^Mistral Medium 3\.1 is an updated version of Mistral Medium 3, which .*…$/);
    expect(model?.description).toHaveLength(300);
  });

  it('reads cache prices and the completion limit where given', () => {
    const body = fixture('openrouter/models.json');
    Object.assign(body.data[0].pricing, { input_cache_read: '0.0000003', input_cache_write: '0.00000375' });
    body.data[0].top_provider.max_completion_tokens = 64000;
    const [model] = modelsOf(openrouter, body).models;
    expect(model?.pricing).toEqual({ input: 0.4, output: 2, cache_read: 0.3, cache_write: 3.75 });
    expect(model?.max_output_tokens).toBe(64000);
  });

  it('never shows "-1" (varies by route) as a price, and keeps the model', () => {
    const { models, drops } = modelsOf(openrouter, fixture('openrouter/auto-router.json'));
    expect(models).toEqual([
      {
        id: 'openrouter/auto',
        display_name: 'Auto Router',
        context_window: 2000000,
        capabilities: { vision: true, tools: true, reasoning: false },
        kind: 'chat',
        metadata_source: 'upstream',
      },
    ]);
    expect(drops.summary()).toContain('pricing.input ×1, pricing.output ×1');
  });

  it.each([
    ['prompt', 'abc'],
    ['prompt', 'NaN'],
    ['completion', '1e300'],
    ['completion', -0.000001],
  ])('drops a %s price of %j alone', (field, value) => {
    const body = fixture('openrouter/models.json');
    body.data[0].pricing[field] = value;
    const { models, drops } = modelsOf(openrouter, body);
    expect(models[0]?.pricing).toEqual(field === 'prompt' ? { output: 2 } : { input: 0.4 });
    expect(models[0]?.context_window).toBe(262144);
    expect(drops.total).toBe(1);
  });

  it('drops hostile shapes field by field', () => {
    const body = fixture('openrouter/models.json');
    Object.assign(body.data[0], { context_length: -5, pricing: 'free', architecture: { input_modalities: 'image' }, supported_parameters: null });
    const [model] = modelsOf(openrouter, body).models;
    expect(model).not.toHaveProperty('context_window');
    expect(model).not.toHaveProperty('pricing');
    expect(model).not.toHaveProperty('capabilities');
    expect(model?.display_name).toBe('Mistral: Mistral Medium 3.1');
  });
});
