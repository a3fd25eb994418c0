import { describe, expect, it } from 'vitest';

import { MetadataDrops, normalizeMetadata } from '../../src/model/metadata.js';
import { anthropicMetadata, openaiMetadata } from '../../src/upstream/dialects/metadata-fields.js';
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
    expect(normalizeMetadata(openaiMetadata(raw))).toEqual({ ...expected, metadata_source: 'upstream' });
  });

  it('reads no field it does not name (Groq max_completion_tokens, Mistral capabilities, OpenRouter pricing)', () => {
    const mistral = fixture('mistral/models.json').data[0];
    expect(openaiMetadata(mistral)).not.toHaveProperty('capabilities');
    expect(openaiMetadata(fixture('groq/models.json').data[0])).not.toHaveProperty('max_output_tokens');
    const openrouterRow = fixture('openrouter/models.json').data[0];
    expect(normalizeMetadata(openaiMetadata(openrouterRow))).toEqual({ context_window: 262144, metadata_source: 'upstream' });
  });
});

describe('anthropicMetadata: the Models API fields', () => {
  it('reads max_input_tokens, max_tokens and capabilities.image_input / thinking', () => {
    expect(normalizeMetadata(anthropicMetadata(fixture('anthropic/models.json').data[0]))).toEqual({
      context_window: 1000000,
      max_output_tokens: 128000,
      capabilities: { vision: true, reasoning: true },
      metadata_source: 'upstream',
    });
  });

  it('reads null limits (the API sends null when unknown) as unknown', () => {
    expect(normalizeMetadata(anthropicMetadata({ id: 'm', max_input_tokens: null, max_tokens: null, capabilities: null }))).toEqual({});
  });

  it('drops a capability that is not {"supported": boolean}', () => {
    const drops = new MetadataDrops();
    const out = normalizeMetadata(anthropicMetadata({ capabilities: { image_input: true, thinking: { supported: 'yes' } }, max_tokens: -1 }), { drops });
    expect(out).toEqual({});
    expect(drops.summary()).toContain('max_output_tokens ×1, capabilities.vision ×1, capabilities.reasoning ×1');
  });
});
