import { describe, expect, it } from 'vitest';

import {
  fillMissing,
  MAX_DESCRIPTION_LENGTH,
  MetadataDrops,
  normalizeMetadata,
  perTokenToPerMillion,
} from '../../src/model/metadata.js';
import { metadataShape } from '../../src/model/metadata-schema.js';
import { z } from 'zod';

import type { Model } from '../../src/model/schema.js';

const metadataSchema = z.object(metadataShape).strict();

describe('per-token prices to USD per million', () => {
  it.each([
    ['0.000003', 3],
    ['0.0000004', 0.4],
    ['0.000002', 2],
    ['0.00000375', 3.75],
    ['0.0000003', 0.3],
    ['0.000000003625', 0.003625],
    ['0', 0],
    [1.5e-6, 1.5],
    [2e-6, 2],
    [3e-7, 0.3],
    ['1e-6', 1],
    ['3E-6', 3],
  ])('%s → %s, exactly', (perToken, perMillion) => {
    expect(perTokenToPerMillion(perToken)).toBe(perMillion);
  });

  it('is exact where multiplying would not be', () => {
    // The naive conversion leaves float garbage in the served price.
    // OpenRouter's price of mistralai/mistral-medium-3.1 (test/fixtures/dialects/openrouter).
    expect(Number('0.0000004') * 1_000_000).toBe(0.39999999999999997);
    expect(perTokenToPerMillion('0.0000004')).toBe(0.4);
  });

  it.each([['-1'], ['abc'], [''], [' 1'], ['0x10'], ['Infinity'], ['NaN'], ['1,5'], [null], [true], [{}]])(
    'hands %j back unchanged, for the normaliser to drop',
    (value) => {
      expect(perTokenToPerMillion(value)).toBe(value);
    },
  );

  it('keeps a negative or non-finite number negative or non-finite', () => {
    expect(perTokenToPerMillion(-1)).toBe(-1);
    expect(perTokenToPerMillion(Number.NaN)).toBeNaN();
    expect(perTokenToPerMillion(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('normalizeMetadata', () => {
  it('keeps every good field and stamps the source', () => {
    const good = {
      context_window: 200_000,
      max_output_tokens: 64_000,
      pricing: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
      capabilities: { vision: true, tools: true, reasoning: false },
      kind: 'chat',
      description: 'A model.',
    };
    expect(normalizeMetadata(good)).toEqual({ ...good, metadata_source: 'upstream' });
  });

  it('returns nothing, not even a source, when the upstream said nothing', () => {
    expect(normalizeMetadata({})).toEqual({});
    expect(normalizeMetadata({ context_window: null, pricing: null, capabilities: undefined })).toEqual({});
  });

  it.each([
    ['a string', { context_window: '200000' }, 'context_window'],
    ['a negative number', { context_window: -1 }, 'context_window'],
    ['zero', { max_output_tokens: 0 }, 'max_output_tokens'],
    ['a fraction', { context_window: 4096.5 }, 'context_window'],
    ['an absurd number', { context_window: 1e300 }, 'context_window'],
    ['NaN', { context_window: Number.NaN }, 'context_window'],
    ['Infinity', { max_output_tokens: Number.POSITIVE_INFINITY }, 'max_output_tokens'],
    ['"-1" as a price', { pricing: { input: '-1' } }, 'pricing.input'],
    ['"abc" as a price', { pricing: { output: 'abc' } }, 'pricing.output'],
    ['"NaN" as a price', { pricing: { input: 'NaN' } }, 'pricing.input'],
    ['a negative price', { pricing: { cache_read: -0.5 } }, 'pricing.cache_read'],
    ['an absurd price', { pricing: { cache_write: 1e300 } }, 'pricing.cache_write'],
    ['a price object that is an array', { pricing: [3, 15] }, 'pricing'],
    ['a capability that is a string', { capabilities: { vision: 'true' } }, 'capabilities.vision'],
    ['a capability that is a number', { capabilities: { tools: 1 } }, 'capabilities.tools'],
    ['capabilities that are a list', { capabilities: ['vision'] }, 'capabilities'],
    ['an unknown kind', { kind: 'chatbot' }, 'kind'],
    ['a kind that is not a string', { kind: 7 }, 'kind'],
    ['a description that is not a string', { description: { en: 'x' } }, 'description'],
  ])('drops %s, counts it, and keeps the other fields', (_name, bad, field) => {
    const drops = new MetadataDrops();
    const out = normalizeMetadata({ ...bad, description: (bad as { description?: unknown }).description ?? 'kept' }, { drops });
    expect(drops.total).toBe(1);
    expect(drops.summary()).toContain(`${field} ×1`);
    expect(out.description ?? 'kept').toBe('kept');
    expect(metadataSchema.safeParse(out).success).toBe(true);
  });

  it('drops only the bad price of a pricing object', () => {
    const drops = new MetadataDrops();
    expect(normalizeMetadata({ pricing: { input: '-1', output: '15', cache_read: 'abc' } }, { drops }).pricing).toEqual({ output: 15 });
    expect(drops.total).toBe(2);
  });

  it('accepts a price of zero: a free model is free', () => {
    expect(normalizeMetadata({ pricing: { input: 0, output: '0' } }).pricing).toEqual({ input: 0, output: 0 });
  });

  it('makes the description one line, clipped, and scrubbed', () => {
    const out = normalizeMetadata(
      { description: `  First line.\n\nSecond\tline\u0000with sk-secret-1234 inside.\u2028${'x'.repeat(1000)}` },
      { scrub: (text) => text.replaceAll('sk-secret-1234', '[REDACTED]') },
    );
    expect(out.description).toMatch(/^First line\. Second line with \[REDACTED\] inside\. x+…$/);
    expect(Array.from(out.description ?? '')).toHaveLength(MAX_DESCRIPTION_LENGTH);
  });

  it('drops a description that is empty once cleaned, without counting it', () => {
    const drops = new MetadataDrops();
    expect(normalizeMetadata({ description: ' \n\t ' }, { drops })).toEqual({});
    expect(drops.total).toBe(1);
  });

  it('never reads an unnamed or inherited field', () => {
    const pricing = Object.create({ input: 99 }) as Record<string, unknown>;
    pricing.output = 1;
    const raw = JSON.parse('{"pricing": {"__proto__": {"input": 5}, "output": 2}, "context_window": 10, "api_base": "http://secret"}');
    expect(normalizeMetadata({ pricing })).toEqual({ pricing: { output: 1 }, metadata_source: 'upstream' });
    expect(normalizeMetadata(raw)).toEqual({ context_window: 10, pricing: { output: 2 }, metadata_source: 'upstream' });
  });

  it('summarises drops by field name only, never by value', () => {
    const drops = new MetadataDrops();
    normalizeMetadata({ pricing: { input: 'sk-canary-VALUE' }, kind: 'sk-canary-VALUE' }, { drops });
    normalizeMetadata({ pricing: { input: '-1' } }, { drops });
    const summary = drops.summary('OpenRouter') ?? '';
    expect(summary).toContain('OpenRouter sent 3 metadata values');
    expect(summary).toContain('pricing.input ×2, kind ×1');
    expect(summary).not.toContain('sk-canary');
    expect(new MetadataDrops().summary()).toBeUndefined();
  });
});

describe('fillMissing', () => {
  it('adds what the model lacks and keeps what it has', () => {
    const model: Model = { id: 'm', context_window: 1000, metadata_source: 'upstream' };
    expect(fillMissing(model, { context_window: 5, max_output_tokens: 10, kind: 'chat', metadata_source: 'catalog' })).toEqual({
      id: 'm',
      context_window: 1000,
      max_output_tokens: 10,
      kind: 'chat',
      metadata_source: 'upstream',
    });
  });

  it('stamps the source only when something was added', () => {
    const bare: Model = { id: 'm' };
    expect(fillMissing(bare, {})).toEqual({ id: 'm' });
    expect(fillMissing(bare, { kind: 'chat' })).toEqual({ id: 'm', kind: 'chat', metadata_source: 'upstream' });
  });
});
