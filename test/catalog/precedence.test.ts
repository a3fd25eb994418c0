import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { buildCatalogIndex } from '../../src/model/catalog.js';
import { checkOverrides, withMetadata } from '../../src/model/precedence.js';
import { modelSchema, type Model } from '../../src/model/schema.js';

const catalog = buildCatalogIndex(JSON.parse(readFileSync(new URL('../fixtures/catalog/models-dev.json', import.meta.url), 'utf8')));

describe('metadata precedence: overrides > upstream > catalog', () => {
  it('fills what the upstream left out from the catalog', () => {
    const upstream: Model = { id: 'anthropic/claude-haiku-4.5', context_window: 150_000, metadata_source: 'upstream' };
    const model = withMetadata(upstream, undefined, catalog);
    expect(model).toEqual({
      id: 'anthropic/claude-haiku-4.5',
      context_window: 150_000,
      max_output_tokens: 64000,
      pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
      capabilities: { vision: true, tools: true, reasoning: true },
      description: 'Fast Claude model for responsive assistance, classification, and lightweight agents',
      metadata_source: 'upstream',
    });
  });

  it('says catalog when all the metadata came from it', () => {
    const bare: Model = { id: 'claude-opus-4-1' };
    expect(withMetadata(bare, undefined, catalog).metadata_source).toBe('catalog');
  });

  it('lets the operator win on every field named, and says override', () => {
    const upstream: Model = { id: 'claude-haiku-4-5', pricing: { input: 0.8 }, metadata_source: 'upstream' };
    const model = withMetadata(
      upstream,
      { pricing: { input: 0, output: 0 }, kind: 'chat', description: 'Ours, on our own hardware' },
      catalog,
    );
    expect(model.pricing).toEqual({ input: 0, output: 0 });
    expect(model.kind).toBe('chat');
    expect(model.description).toBe('Ours, on our own hardware');
    expect(model.context_window).toBe(200000);
    expect(model.metadata_source).toBe('override');
    expect(modelSchema.safeParse(model).success).toBe(true);
  });

  it('leaves a model without override or match untouched, the same object', () => {
    const model = { id: 'gpt-4o' };
    expect(withMetadata(model, undefined, catalog)).toBe(model);
    expect(withMetadata(model, undefined, undefined)).toBe(model);
  });
});

describe('the overrides option', () => {
  it('accepts the documented shape', () => {
    const overrides = { 'my-model': { context_window: 32768, pricing: { input: 0.5 }, capabilities: { tools: true }, kind: 'chat' } };
    expect(checkOverrides(overrides)).toEqual(overrides);
    expect(checkOverrides(undefined)).toEqual({});
  });

  it.each([
    [{ m: { context_window: -1 } }, 'overrides["m"]["context_window"]'],
    [{ m: { pricing: { input: '3' } } }, 'overrides["m"]["pricing"]["input"]'],
    [{ m: { kind: 'chatbot' } }, 'overrides["m"]["kind"]'],
    [{ m: { metadata_source: 'upstream' } }, 'overrides["m"]'],
    [{ m: { contextWindow: 1 } }, 'overrides["m"]'],
    [['m'], 'overrides'],
  ])('refuses %j with a TypeError naming %s', (value, where) => {
    expect(() => checkOverrides(value)).toThrow(TypeError);
    expect(() => checkOverrides(value)).toThrow(where);
  });
});
