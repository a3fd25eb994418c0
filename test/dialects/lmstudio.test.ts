import { describe, expect, it } from 'vitest';

import { lmstudio } from '../../src/upstream/dialects/lmstudio.js';
import { endpoint, fixture, header, modelsOf } from './harness.js';

describe('lmstudio dialect', () => {
  it('asks GET {base}/api/v0/models, also from a base set up for /v1', () => {
    expect(lmstudio.request(endpoint({ baseURL: 'http://127.0.0.1:1234' }), undefined).url).toBe('http://127.0.0.1:1234/api/v0/models');
    expect(lmstudio.request(endpoint({ baseURL: 'http://127.0.0.1:1234/v1' }), undefined).url).toBe('http://127.0.0.1:1234/api/v0/models');
  });

  it('sends the key as an optional Bearer token', () => {
    expect(header(lmstudio.request(endpoint(), undefined), 'authorization')).toBeUndefined();
    expect(header(lmstudio.request(endpoint({ apiKey: 'lm-token' }), undefined), 'authorization')).toBe('Bearer lm-token');
  });

  it("reads type and max_context_length from LM Studio's documented response", () => {
    const { models, drops } = modelsOf(lmstudio, fixture('lmstudio/models.json'));
    expect(models).toEqual([
      { id: 'qwen2-vl-7b-instruct', context_window: 32768, kind: 'chat', capabilities: { vision: true }, metadata_source: 'upstream' },
      { id: 'meta-llama-3.1-8b-instruct', context_window: 131072, kind: 'chat', capabilities: { vision: false }, metadata_source: 'upstream' },
      { id: 'text-embedding-nomic-embed-text-v1.5', context_window: 2048, kind: 'embedding', metadata_source: 'upstream' },
    ]);
    expect(drops.total).toBe(0);
  });

  it('drops a bad context length alone and calls an unknown type "other"', () => {
    const body = fixture('lmstudio/models.json');
    body.data[0].max_context_length = '32768';
    body.data[1].type = 'tts';
    const { models, drops } = modelsOf(lmstudio, body);
    expect(models[0]).toEqual({ id: 'qwen2-vl-7b-instruct', kind: 'chat', capabilities: { vision: true }, metadata_source: 'upstream' });
    expect(models[1]?.kind).toBe('other');
    expect(drops.summary()).toContain('context_window ×1');
  });

  it('refuses a body without a data array', () => {
    expect(() => lmstudio.parse({ models: [] })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});
