// The zod-based code the hand-written fast paths replaced (issue 17), kept verbatim as the
// reference test/perf/*.test.ts holds them to. Taken from src/model/schema.ts,
// src/model/normalize.ts, src/model/precedence.ts, src/fleet/shared-list.ts and
// src/upstream/dialects/openai.ts as of 0.2.0. The metadata rules and the OpenRouter row mapping
// below are the generic versions issue 12 (bench section 6) spelled out field by field.
import * as z from 'zod';

import { ERROR_CODES } from '../../src/errors/errors.js';
import { MAX_DESCRIPTION_LENGTH, MAX_PRICE_PER_MILLION, MAX_TOKENS, MODEL_KINDS, perTokenToPerMillion, type ModelMetadata, type NormalizeMetadataOptions, type RawMetadata } from '../../src/model/metadata.js';
import { metadataShape, type Capabilities, type Pricing } from '../../src/model/metadata-schema.js';
import { isUsableId, type RawModel } from '../../src/model/normalize.js';
import { modelSchema, snapshotWireSchema, type Model, type Snapshot, type SnapshotWire } from '../../src/model/schema.js';
import { CAPABILITY_FIELDS, PRICE_FIELDS } from '../../src/model/vocabulary.js';
import { hasControlCharacters } from '../../src/security/text.js';

export { ERROR_CODES };

/** One page of `GET /v1/models`, Anthropic (`has_more`, `last_id`) or OpenAI/LiteLLM shaped. */
export const upstreamPageSchema = z.object({
  data: z.array(z.unknown()).nullable(),
  has_more: z.unknown().optional().transform((value) => value === true),
  last_id: z.unknown().optional().transform((value) => (typeof value === 'string' && value !== '' ? value : undefined)),
});

const optionalText = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' && value.length <= 1024 && !hasControlCharacters(value) ? value : undefined));

/** One item of a page, either shape. Everything but `id` may be missing or wrong. */
export const upstreamModelSchema = z.object({
  id: z.unknown().optional(),
  display_name: optionalText,
  created_at: z.unknown().optional(),
  created: z.unknown().optional(),
  owned_by: optionalText,
});

/** `{ data: [...] }` or a bare array: the openai dialect's list. */
export const openaiListSchema = z.union([z.object({ data: z.array(z.unknown()).nullable() }), z.array(z.unknown())]);

export function referenceNormalizeModel(item: unknown, metadata: NormalizeMetadataOptions = {}): Model | undefined {
  const parsed = upstreamModelSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { id, display_name, created_at, created, owned_by } = parsed.data;
  if (!isUsableId(id)) return undefined;
  const model: Model = { id };
  if (display_name !== undefined) model.display_name = display_name;
  const createdAt = toIsoDate(created_at) ?? fromUnixSeconds(created);
  if (createdAt !== undefined) model.created_at = createdAt;
  if (owned_by !== undefined) model.owned_by = owned_by;
  return Object.assign(model, referenceNormalizeMetadata(item as RawModel as RawMetadata, metadata));
}

export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString().replace('.000Z', 'Z') : undefined;
}

function fromUnixSeconds(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 253402300799) return undefined;
  return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
}

const { metadata_source: _source, ...overridable } = metadataShape;
export const overridesSchema = z.record(z.string().min(1).max(256), z.object(overridable).strict());

export function sharedEntrySchema(maxModels: number) {
  return z.object({
    v: z.literal(2),
    refreshedAt: z.number().int().positive().refine((at) => at <= Date.now() + 60_000),
    models: z.array(modelSchema.extend({ id: z.string().refine(isUsableId) })).max(maxModels),
  });
}

export function referenceToWireSnapshot(snapshot: Snapshot): SnapshotWire {
  return snapshotWireSchema.parse({
    models: snapshot.models,
    discovery_available: snapshot.discoveryAvailable,
    stale: snapshot.stale,
    last_refreshed: snapshot.lastRefreshed,
    error: snapshot.error,
    sources: snapshot.sources.map((source) => ({
      name: source.name,
      status: source.status,
      count: source.count,
      last_refreshed: source.lastRefreshed,
      error: source.error,
      ...(source.duplicates === undefined ? {} : { duplicates: source.duplicates }),
    })),
  });
}

/**
 * The metadata rules in their generic form: one `checked` run per field, a price or flag drop
 * named when counted, the description always folded (never the clean-line shortcut).
 */
export function referenceNormalizeMetadata(raw: RawMetadata, options: NormalizeMetadataOptions = {}): ModelMetadata {
  const drops = options.drops ?? { add() {} };
  const out: ModelMetadata = {};
  const take = <K extends keyof ModelMetadata>(key: K, value: ModelMetadata[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  take('context_window', checked(raw.context_window, tokenCount, 'context_window', drops));
  take('max_output_tokens', checked(raw.max_output_tokens, tokenCount, 'max_output_tokens', drops));
  take('pricing', group<Pricing>(raw.pricing, 'pricing', PRICE_FIELDS, price, drops));
  take('capabilities', group<Capabilities>(raw.capabilities, 'capabilities', CAPABILITY_FIELDS, (value) => (typeof value === 'boolean' ? value : undefined), drops));
  take('kind', checked(raw.kind, (value) => ((MODEL_KINDS as readonly unknown[]).includes(value) ? (value as ModelMetadata['kind']) : undefined), 'kind', drops));
  take('description', checked(raw.description, (value) => description(value, options.scrub), 'description', drops));
  if (Object.keys(out).length > 0) out.metadata_source = options.source ?? 'upstream';
  return out;
}

function checked<T>(value: unknown, check: (value: unknown) => T | undefined, field: string, drops: { add(field: string): void }): T | undefined {
  if (value === undefined || value === null) return undefined;
  const result = check(value);
  if (result === undefined) drops.add(field);
  return result;
}

function group<T>(raw: unknown, name: string, fields: readonly string[], check: (value: unknown) => unknown, drops: { add(field: string): void }): T | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    drops.add(name);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = checked(Object.hasOwn(raw, field) ? (raw as Record<string, unknown>)[field] : undefined, check, `${name}.${field}`, drops);
    if (value !== undefined) out[field] = value;
  }
  return Object.keys(out).length > 0 ? (out as T) : undefined;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TOKENS ? value : undefined;
}

function price(value: unknown): number | undefined {
  const number = typeof value === 'string' ? (/^\d{1,30}(?:\.\d{1,30})?(?:[eE][+-]?\d{1,3})?$/.test(value) ? Number(value) : undefined) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > MAX_PRICE_PER_MILLION) return undefined;
  return number === 0 ? 0 : number;
}

function description(value: unknown, scrub: ((text: string) => string) | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  let text = value.slice(0, MAX_DESCRIPTION_LENGTH * 4).replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  if (scrub) text = scrub(text);
  if (text === '' || text.length <= MAX_DESCRIPTION_LENGTH) return text || undefined;
  // Clipped to MAX - 1 code units and an ellipsis, one fewer where the cut would split a surrogate pair.
  const head = text.slice(0, MAX_DESCRIPTION_LENGTH - 1);
  return `${(/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head).trimEnd()}…`;
}

const own = (object: unknown, key: string): unknown =>
  typeof object === 'object' && object !== null && !Array.isArray(object) && Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;

const includes = (list: unknown, ...wanted: string[]): boolean | undefined => (Array.isArray(list) ? list.some((entry) => typeof entry === 'string' && wanted.includes(entry)) : undefined);

/** The row fields OpenRouter's mapping copies as they are, by the raw field each becomes. */
const OPENROUTER_AS_IS = { id: 'id', display_name: 'name', created: 'created', description: 'description', context_window: 'context_length' } as const;
/** Its per-token prices, by the raw price each becomes. */
const OPENROUTER_PRICES = { input: 'prompt', output: 'completion', cache_read: 'input_cache_read', cache_write: 'input_cache_write' } as const;

/** src/upstream/dialects/openrouter.ts's row mapping, every field read through `own`, from tables. */
export function referenceOpenrouterItem(raw: unknown): RawModel {
  const out: Record<string, unknown> = {};
  for (const [to, from] of Object.entries(OPENROUTER_AS_IS)) out[to] = own(raw, from);
  out.max_output_tokens = own(own(raw, 'top_provider'), 'max_completion_tokens');
  const pricing = own(raw, 'pricing');
  out.pricing = pricing;
  if (typeof pricing === 'object' && pricing !== null && !Array.isArray(pricing)) {
    out.pricing = Object.fromEntries(Object.entries(OPENROUTER_PRICES).map(([to, from]) => [to, perTokenToPerMillion(own(pricing, from))]));
  }
  const parameters = own(raw, 'supported_parameters');
  out.capabilities = { vision: includes(own(own(raw, 'architecture'), 'input_modalities'), 'image'), tools: includes(parameters, 'tools'), reasoning: includes(parameters, 'reasoning', 'include_reasoning') };
  out.kind = 'chat';
  return out as unknown as RawModel;
}
