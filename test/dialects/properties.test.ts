import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { normalizeMetadata, perTokenToPerMillion, type RawMetadata } from '../../src/model/metadata.js';
import { metadataShape } from '../../src/model/metadata-schema.js';
import { modelSchema } from '../../src/model/schema.js';
import { Redactor } from '../../src/security/redact.js';
import type { Dialect } from '../../src/upstream/dialect.js';
import { cursor } from '../../src/upstream/dialects/cursor.js';
import { gemini } from '../../src/upstream/dialects/gemini.js';
import { litellm } from '../../src/upstream/dialects/litellm.js';
import { lmstudio } from '../../src/upstream/dialects/lmstudio.js';
import { ollama } from '../../src/upstream/dialects/ollama.js';
import { openrouter } from '../../src/upstream/dialects/openrouter.js';
import { CANARY_KEY } from '../support/upstream.js';
import { endpoint, enrichContext, modelsOf } from './harness.js';

const strictMetadata = z.object(metadataShape).strict();

/** Any JSON-ish value, with the hostile numbers and strings of the issue mixed in. */
const hostile = fc.oneof(
  fc.anything(),
  fc.constantFrom('-1', 'abc', 'NaN', '1e300', 'Infinity', '', '0', '0.000003', -1, 0, 1e300, Number.NaN, Number.NEGATIVE_INFINITY, 2 ** 53, -0),
  fc.double(),
  fc.integer(),
  fc.string(),
);
const objectOf = (keys: string[]) => fc.oneof(hostile, fc.record(Object.fromEntries(keys.map((key) => [key, hostile])), { requiredKeys: [] }));

const rawMetadata: fc.Arbitrary<RawMetadata> = fc.record(
  {
    context_window: hostile,
    max_output_tokens: hostile,
    pricing: objectOf(['input', 'output', 'cache_read', 'cache_write']),
    capabilities: objectOf(['vision', 'tools', 'reasoning']),
    kind: fc.oneof(hostile, fc.constantFrom('chat', 'embedding', 'image', 'audio', 'other')),
    description: hostile,
  },
  { requiredKeys: [] },
);

describe('per-token conversion properties', () => {
  it('gives exactly the double nearest to the shifted decimal, for any plain decimal text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}(\.\d{1,30})?$/), (text) => {
        const [whole = '', fraction = ''] = text.split('.');
        expect(perTokenToPerMillion(text)).toBe(Number(`${whole}${fraction}e${6 - fraction.length}`));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('description properties', () => {
  it('the clean-line fast path gives what folding every run of whitespace and controls gives', () => {
    const fold = (text: string) => text.slice(0, 1200).replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.stringMatching(/^[a-z .\n\t\u00a0\u2028]{0,80}$/),
          // Every space `\s` knows, the controls, and their neighbours that are neither.
          fc.string({ unit: fc.constantFrom('a', ' ', ' ', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\u00a1', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'), maxLength: 12 }),
        ),
        (text) => {
          const expected = fold(text);
          const out = normalizeMetadata({ description: text }).description;
          if (expected === '') expect(out).toBeUndefined();
          else if (expected.length <= 300) expect(out).toBe(expected);
          else expect(out?.endsWith('…')).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('metadata normaliser properties', () => {
  it('never throws and always yields a value the public schemas accept', () => {
    fc.assert(
      fc.property(rawMetadata, (raw) => {
        const metadata = normalizeMetadata(raw);
        expect(strictMetadata.safeParse(metadata).success).toBe(true);
        expect(modelSchema.safeParse({ id: 'm', ...metadata }).success).toBe(true);
        // Plain data: it survives JSON unchanged, so the routes and the store hold the same thing.
        expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaks a canary: not from unnamed fields, and not from the description once scrubbed', () => {
    const redactor = new Redactor([CANARY_KEY]);
    const withCanary = fc.oneof(hostile, fc.string().map((text) => `${text}${CANARY_KEY}${text}`));
    fc.assert(
      fc.property(rawMetadata, fc.dictionary(fc.string(), withCanary), withCanary, (raw, extra, description) => {
        const metadata = normalizeMetadata({ ...extra, ...raw, description }, { scrub: (text) => redactor.redact(text) });
        expect(JSON.stringify(metadata)).not.toContain(CANARY_KEY);
      }),
      { numRuns: 1000 },
    );
  });

  it('converts a per-token price back to the exact per-million price it was written from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_00 }), (cents) => {
        const perMillion = cents / 100;
        // USD per token as OpenRouter writes it: the same digits, the point moved 6 places left.
        const perToken = String(cents).padStart(9, '0').replace(/^(\d*)(\d{8})$/, '$1.$2').replace(/^\./, '0.');
        expect(perTokenToPerMillion(perToken)).toBe(perMillion);
      }),
      { numRuns: 2000 },
    );
  });
});

const DIALECTS: Array<[Dialect, (item: unknown) => unknown]> = [
  [openrouter, (item) => ({ data: [item] })],
  [gemini, (item) => ({ models: [item] })],
  [lmstudio, (item) => ({ data: [item] })],
  [ollama, (item) => ({ models: [item] })],
  [litellm, (item) => ({ data: [item] })],
  [cursor, (item) => ({ models: [item] })],
];

describe.each(DIALECTS)('%s dialect properties', (dialect, page) => {
  const item = fc.oneof(
    hostile,
    fc.dictionary(
      fc.constantFrom('id', 'name', 'displayName', 'description', 'context_length', 'max_context_length', 'pricing', 'top_provider', 'architecture',
        'supported_parameters', 'supportedGenerationMethods', 'inputTokenLimit', 'outputTokenLimit', 'type', 'details', 'litellm_params', 'api_base', 'secret'),
      fc.oneof(hostile, fc.constant(CANARY_KEY), fc.constant({ api_key: CANARY_KEY, prompt: CANARY_KEY })),
    ),
  );

  it('never throws on an item, and every model it yields fits the public schema', () => {
    fc.assert(
      fc.property(item, (raw) => {
        for (const model of modelsOf(dialect, page(raw)).models) {
          expect(modelSchema.safeParse(model).success).toBe(true);
          // A canary can only come back where the upstream put it into a named text field.
          const named = [model.id, model.display_name, model.description, model.owned_by];
          if (JSON.stringify(model).includes(CANARY_KEY)) expect(named.some((value) => value?.includes(CANARY_KEY))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('enrich properties', () => {
  it('litellm: any metadata body keeps the whole list and leaks nothing it was not asked for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.record({ data: fc.array(fc.dictionary(fc.string(), fc.oneof(hostile, fc.constant(CANARY_KEY)))) })), async (body) => {
        const models = [{ id: 'a' }, { id: 'b' }];
        const { context } = enrichContext(() => body);
        const out = await litellm.enrich!(models, endpoint(), context);
        expect(out.map((model) => model.id)).toEqual(['a', 'b']);
        for (const model of out) expect(modelSchema.safeParse(model).success).toBe(true);
        expect(JSON.stringify(out)).not.toContain(CANARY_KEY);
      }),
      { numRuns: 300 },
    );
  });

  it('ollama: any /api/show body keeps the whole list and fits the schema', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.record({ model_info: fc.dictionary(fc.string(), hostile), capabilities: hostile })), async (body) => {
        const models = [{ id: 'a' }, { id: 'b' }];
        const { context } = enrichContext(() => body);
        const out = await ollama.enrich!(models, endpoint(), context);
        expect(out.map((model) => model.id)).toEqual(['a', 'b']);
        for (const model of out) expect(modelSchema.safeParse(model).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
