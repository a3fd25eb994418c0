import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { buildCatalogIndex, matchCatalog } from '../../src/model/catalog.js';
import { MetadataDrops } from '../../src/model/metadata.js';

const document = JSON.parse(readFileSync(new URL('../fixtures/catalog/models-dev.json', import.meta.url), 'utf8'));
const index = buildCatalogIndex(document);

describe('catalog matching: gateway spellings → models.dev entries', () => {
  it.each([
    // exact
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929'],
    ['Claude-Sonnet-4-5', 'claude-sonnet-4-5'],
    // route prefixes
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['openrouter/anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['vertex_ai/claude-sonnet-4-5@20250929', 'claude-sonnet-4-5-20250929'],
    // Bedrock and Vertex forms without a prefix
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['eu.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5-20251001'],
    ['global.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1-20250805'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'claude-3-5-sonnet-20240620'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1-20250805'],
    // 4.5 vs 4-5 (OpenRouter's spelling)
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['anthropic/claude-opus-4.1', 'claude-opus-4-1-20250805'],
    ['claude-3.5-sonnet-20241022', 'claude-3-5-sonnet-20241022'],
    // undated → the only dated snapshot
    ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    ['claude-opus-4-1', 'claude-opus-4-1-20250805'],
  ])('%s → %s', (gatewayId, catalogId) => {
    expect(matchCatalog(index, gatewayId)?.id).toBe(catalogId);
  });

  it.each([
    // two snapshots of claude-3-5-sonnet: which one the gateway means is unknown
    ['claude-3-5-sonnet', 'two dated snapshots, no undated alias'],
    ['anthropic/claude-3.5-sonnet', 'two dated snapshots, no undated alias'],
    // a date the catalog does not list, while it lists another snapshot of the family
    ['claude-3-5-sonnet-20250101', 'an unknown snapshot of a family with several'],
    ['claude-sonnet-4-5-20991231', 'a snapshot other than the one the alias is known to be'],
    // different models that look alike
    ['claude-sonnet-4', 'a different model (4, not 4.5)'],
    ['claude-sonnet-4-5-thinking', 'a suffix the catalog does not list'],
    ['claude-haiku-4', 'a different model'],
    ['gpt-4o', 'not in the catalog'],
    ['my-claude-sonnet-4-5', 'an id that only contains a catalog id'],
    ['claude-sonnet-4-5-v2@20250929', 'a Vertex version suffix we cannot read'],
    ['azure/claude-sonnet-4-5-x', 'an unknown prefix and suffix'],
    ['', 'empty'],
  ])('%s does not match (%s)', (gatewayId) => {
    expect(matchCatalog(index, gatewayId)).toBeUndefined();
  });

  it('reads the metadata of models.dev fields: limits, USD per million, capabilities, description', () => {
    expect(matchCatalog(index, 'claude-haiku-4-5')?.metadata).toEqual({
      context_window: 200000,
      max_output_tokens: 64000,
      pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
      capabilities: { vision: true, tools: true, reasoning: true },
      description: 'Fast Claude model for responsive assistance, classification, and lightweight agents',
      metadata_source: 'catalog',
    });
  });
});

describe('catalog matching across providers', () => {
  const base = document.anthropic.models['claude-sonnet-4-5-20250929'];
  const twoProviders = buildCatalogIndex({
    anthropic: { models: { 'claude-sonnet-4-5-20250929': base } },
    'amazon-bedrock': { models: { 'claude-sonnet-4-5-20250929': { ...base, cost: { input: 3.3, output: 16.5 } } } },
    someone: { models: { 'shared-model': { limit: { context: 1000 } } } },
    other: { models: { 'shared-model': { limit: { context: 2000 } } } },
  });

  it('prefers the provider a route prefix names, then the family’s own provider', () => {
    expect(matchCatalog(twoProviders, 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.metadata.pricing?.input).toBe(3.3);
    expect(matchCatalog(twoProviders, 'claude-sonnet-4-5-20250929')?.provider).toBe('anthropic');
  });

  it('makes no match when providers disagree and none is preferred', () => {
    expect(matchCatalog(twoProviders, 'shared-model')).toBeUndefined();
  });
});

describe('buildCatalogIndex on hostile documents', () => {
  it.each([[null], ['text'], [[]], [{ anthropic: null }], [{ anthropic: { models: [] } }], [{ anthropic: { models: { x: 'y' } } }]])('reads %j as empty', (doc) => {
    expect(buildCatalogIndex(doc).size).toBe(0);
  });

  it('drops bad values field by field and counts them', () => {
    const drops = new MetadataDrops();
    const bad = buildCatalogIndex({ p: { models: { m: { limit: { context: -1, output: 8192 }, cost: { input: 'abc', output: 15 } } } } }, drops);
    expect(matchCatalog(bad, 'm')?.metadata).toEqual({ max_output_tokens: 8192, pricing: { output: 15 }, metadata_source: 'catalog' });
    expect(drops.total).toBe(2);
  });

  it('never takes __proto__ or constructor as a provider or model', () => {
    const doc = JSON.parse('{"__proto__": {"models": {"x": {"limit": {"context": 5}}}}, "p": {"models": {"constructor": {"limit": {"context": 7}}}}}');
    const built = buildCatalogIndex(doc);
    expect(({} as Record<string, unknown>).models).toBeUndefined();
    expect(matchCatalog(built, 'constructor')?.metadata.context_window).toBe(7);
  });
});
