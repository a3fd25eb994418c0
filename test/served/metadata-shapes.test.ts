import { describe, expect, it } from 'vitest';

import { toAnthropicModel, toOpenAIModel, type Model } from '../../src/index.js';

const known: Model = {
  id: 'claude-sonnet-4-5',
  display_name: 'Claude Sonnet 4.5',
  context_window: 200_000,
  max_output_tokens: 64_000,
  pricing: { input: 3, output: 15 },
  capabilities: { vision: true, tools: true, reasoning: false },
  kind: 'chat',
  description: 'Balanced model',
  metadata_source: 'upstream',
};

describe('served shapes with metadata', () => {
  it('the Anthropic shape sends max_input_tokens, max_tokens and capabilities as the Anthropic API does', () => {
    expect(toAnthropicModel(known)).toEqual({
      type: 'model',
      id: 'claude-sonnet-4-5',
      display_name: 'Claude Sonnet 4.5',
      created_at: '1970-01-01T00:00:00Z',
      description: 'Balanced model',
      max_input_tokens: 200_000,
      max_tokens: 64_000,
      capabilities: { image_input: { supported: true }, thinking: { supported: false } },
    });
  });

  it('the Anthropic shape leaves out what is unknown, and never sends our own field names', () => {
    const served = toAnthropicModel({ id: 'm', capabilities: { tools: true } });
    expect(served).toEqual({ type: 'model', id: 'm', display_name: 'm', created_at: '1970-01-01T00:00:00Z' });
    expect(Object.keys(toAnthropicModel(known))).not.toContain('pricing');
    expect(toAnthropicModel({ id: 'm', capabilities: { vision: false } }).capabilities).toEqual({ image_input: { supported: false } });
  });

  it('the OpenAI shape adds context_window only where known', () => {
    expect(toOpenAIModel(known)).toEqual({ id: 'claude-sonnet-4-5', object: 'model', created: 0, owned_by: 'system', context_window: 200_000 });
    expect(toOpenAIModel({ id: 'm' })).not.toHaveProperty('context_window');
  });
});

describe('the available routes and their OpenAPI document carry the metadata fields', () => {
  it('documents every metadata field from the one zod schema', async () => {
    const { modelRoutesOpenAPI } = await import('../../src/schema/index.js');
    const snapshot = modelRoutesOpenAPI().components.schemas.ModelDiscoverySnapshot as {
      properties: { models: { items: { properties: Record<string, { properties?: Record<string, unknown>; enum?: string[] }> } } };
    };
    const model = snapshot.properties.models.items.properties;
    for (const field of ['context_window', 'max_output_tokens', 'pricing', 'capabilities', 'kind', 'description', 'metadata_source']) {
      expect(model).toHaveProperty(field);
    }
    expect(Object.keys(model.pricing?.properties ?? {})).toEqual(['input', 'output', 'cache_read', 'cache_write']);
    expect(model.kind?.enum).toEqual(['chat', 'embedding', 'image', 'audio', 'other']);
  });
});
