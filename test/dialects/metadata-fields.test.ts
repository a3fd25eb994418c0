import { describe, expect, it } from 'vitest';

import { MetadataDrops, normalizeMetadata } from '../../src/model/metadata.js';
import { anthropicMetadata, itemFields, openaiMetadata } from '../../src/upstream/dialects/metadata-fields.js';
import { fixture } from './harness.js';

describe('openaiMetadata: the fields OpenAI-compatible servers add', () => {
  it.each([
    ['Groq', fixture('groq/models.json').data[0], { context_window: 131072 }],
    ['vLLM', fixture('vllm/models.json').data[0], { context_window: 65536 }],
    ['Mistral', fixture('mistral/models.json').data[0], { context_window: 32768 }],
    ['Together', fixture('together/models.json')[0], { context_window: 2048, pricing: { input: 0.3, output: 0.3 } }],
    ['LM Studio', fixture('lmstudio/models.json').data[0], { context_window: 32768 }],
    ['a LiteLLM row', { id: 'm', max_input_tokens: 200000, max_output_tokens: 64000 }, { context_window: 200000, max_output_tokens: 64000 }],
  ])('%s', (_name, raw, expected) => {
    expect(normalizeMetadata(openaiMetadata(itemFields(raw)))).toEqual({ ...expected, metadata_source: 'upstream' });
  });

  it('reads no field it does not name (Groq max_completion_tokens, Mistral capabilities, OpenRouter pricing)', () => {
    const mistral = fixture('mistral/models.json').data[0];
    expect(openaiMetadata(itemFields(mistral))).not.toHaveProperty('capabilities');
    expect(openaiMetadata(itemFields(fixture('groq/models.json').data[0]))).not.toHaveProperty('max_output_tokens');
    const openrouterRow = fixture('openrouter/models.json').data[0];
    expect(normalizeMetadata(openaiMetadata(itemFields(openrouterRow)))).toEqual({ context_window: 262144, metadata_source: 'upstream' });
  });
});

describe('anthropicMetadata: the Models API fields', () => {
  it('reads max_input_tokens, max_tokens and capabilities.image_input / thinking', () => {
    expect(normalizeMetadata(anthropicMetadata(itemFields(fixture('anthropic/models.json').data[0])))).toEqual({
      context_window: 1000000,
      max_output_tokens: 128000,
      capabilities: { vision: true, reasoning: true },
      metadata_source: 'upstream',
    });
  });

  it('reads null limits (the API sends null when unknown) as unknown', () => {
    expect(normalizeMetadata(anthropicMetadata(itemFields({ id: 'm', max_input_tokens: null, max_tokens: null, capabilities: null })))).toEqual({});
  });

  it('drops a capability that is not {"supported": boolean}', () => {
    const drops = new MetadataDrops();
    const out = normalizeMetadata(anthropicMetadata(itemFields({ capabilities: { image_input: true, thinking: { supported: 'yes' } }, max_tokens: -1 })), { drops });
    expect(out).toEqual({});
    expect(drops.summary()).toContain('max_output_tokens ×1, capabilities.vision ×1, capabilities.reasoning ×1');
  });
});

describe('itemFields: one pass over an item', () => {
  it('reads own fields only: nothing inherited, from Object.prototype or a JSON "__proto__" key', () => {
    const item = JSON.parse('{"id":"m","__proto__":{"display_name":"from __proto__"}}') as unknown;
    Object.defineProperty(Object.prototype, 'owned_by', { value: 'polluted', configurable: true, enumerable: true, writable: true });
    try {
      const fields = itemFields(item);
      expect(fields.id).toBe('m');
      expect(fields.display_name).toBeUndefined();
      expect(fields.owned_by).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).owned_by;
    }
  });

  it('reads nothing put on Object.prototype under a field\'s name, not enumerable or as a getter, and reads an item with no prototype', () => {
    const item = JSON.parse('{"id":"m","display_name":"M"}') as unknown;
    const plain = itemFields(item);
    expect(plain).toMatchObject({ id: 'm', display_name: 'M', pricing: undefined, capabilities: undefined });
    for (const [name, descriptor] of [
      ['pricing', { value: { input: 1 }, configurable: true, enumerable: false, writable: true }],
      ['capabilities', { get: () => ({ image_input: { supported: true } }), configurable: true, enumerable: false }],
      ['id', { get: () => 'from a getter', configurable: true, enumerable: false }],
    ] as const) {
      Object.defineProperty(Object.prototype, name, descriptor);
      try {
        expect(itemFields(item)).toStrictEqual(plain);
        expect(itemFields(JSON.parse('{"other":1}')).id).toBeUndefined();
      } finally {
        delete (Object.prototype as Record<string, unknown>)[name];
      }
    }
    expect(itemFields(item)).toStrictEqual(plain);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { id: 'n', owned_by: 'o' });
    expect(itemFields(bare)).toMatchObject({ id: 'n', owned_by: 'o', display_name: undefined });
    const child = Object.assign(Object.create({ display_name: 'inherited', pricing: { input: 1 } }) as Record<string, unknown>, { id: 'c' });
    expect(itemFields(child)).toMatchObject({ id: 'c', display_name: undefined, pricing: undefined });
  });

  it('reads every field it names, and nothing of a value that is not a record', () => {
    const names = ['id', 'display_name', 'created_at', 'created', 'owned_by', 'description', 'max_input_tokens', 'max_tokens', 'capabilities'];
    const more = ['context_window', 'context_length', 'max_model_len', 'max_context_length', 'max_output_tokens', 'pricing'];
    const item = Object.fromEntries([...names, ...more, 'other'].map((name, index) => [name, index]));
    expect(itemFields(item)).toEqual(Object.fromEntries([...names, ...more].map((name, index) => [name, index])));
    for (const value of [null, 'id', 7, ['id']]) expect(Object.values(itemFields(value)).every((field) => field === undefined)).toBe(true);
  });
});
