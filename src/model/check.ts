import type { Model } from './schema.js';
import {
  CAPABILITY_FIELDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_ID_LENGTH,
  MAX_PRICE_PER_MILLION,
  MAX_TOKENS,
  METADATA_SOURCES,
  MODEL_KINDS,
  PRICE_FIELDS,
} from './vocabulary.js';

// `modelSchema` (schema.ts) checked by hand, so the runtime never loads zod: the main entry must
// import in a few milliseconds, and a 10,000-model list must cost little more than its JSON.parse.
// test/perf/check-equivalence.test.ts holds every function here to the zod schema it mirrors
// (same verdict, same output, key order included) over 100,000 generated values.

/** A field: its key and either a test of its value or the fields of the object it holds. */
type Field = readonly [key: string, check: ((value: unknown) => boolean) | readonly Field[]];

const PRICING: readonly Field[] = PRICE_FIELDS.map((key) => [key, isPrice]);
const CAPABILITIES: readonly Field[] = CAPABILITY_FIELDS.map((key) => [key, isBoolean]);

/** `metadataShape` less `metadata_source`: what an override may set. */
export const OVERRIDABLE_FIELDS: readonly Field[] = [
  ['context_window', isTokenCount],
  ['max_output_tokens', isTokenCount],
  ['pricing', PRICING],
  ['capabilities', CAPABILITIES],
  ['kind', isKind],
  ['description', isDescription],
];

/** `modelSchema` less `id`, in its order: a parse hands the fields out in this order. */
const MODEL_FIELDS: readonly Field[] = [
  ['display_name', isString],
  ['created_at', isString],
  ['owned_by', isString],
  ['source', isString],
  ...OVERRIDABLE_FIELDS,
  ['metadata_source', isMetadataSource],
];

/**
 * `modelSchema.safeParse(value)`: a fresh model with the schema's fields only, in its order, or
 * `undefined` when the value does not fit. As zod does, a key present with `undefined` is kept.
 */
export function parseModel(value: unknown): Model | undefined {
  if (!isObject(value)) return undefined;
  const id = value.id;
  if (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID_LENGTH) return undefined;
  const out: Record<string, unknown> = { id };
  return readFields(value, MODEL_FIELDS, out) === undefined ? (out as Model) : undefined;
}

/** `z.object()`'s own test: any object that is not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies `fields` of `from` into `out` as `z.object(shape)` with every field optional would: an
 * absent key adds nothing, a key present with `undefined` adds `undefined`, a nested object is a
 * fresh copy of its own fields. Returns the path of the first value that does not fit, or
 * `undefined` when all do.
 */
export function readFields(from: Record<string, unknown>, fields: readonly Field[], out: Record<string, unknown>): string[] | undefined {
  for (const [key, check] of fields) {
    const value = from[key];
    if (value === undefined) {
      if (key in from) out[key] = undefined;
    } else if (typeof check === 'function') {
      if (!check(value)) return [key];
      out[key] = value;
    } else {
      if (!isObject(value)) return [key];
      const inner: Record<string, unknown> = {};
      const misfit = readFields(value, check, inner);
      if (misfit) return [key, ...misfit];
      out[key] = inner;
    }
  }
  return undefined;
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

/** `z.number().int().min(1).max(MAX_TOKENS)`. */
function isTokenCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TOKENS;
}

/** `z.number().min(0).max(MAX_PRICE_PER_MILLION)` (zod refuses NaN and ±Infinity). */
function isPrice(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= MAX_PRICE_PER_MILLION;
}

function isKind(value: unknown): boolean {
  return (MODEL_KINDS as readonly unknown[]).includes(value);
}

function isMetadataSource(value: unknown): boolean {
  return (METADATA_SOURCES as readonly unknown[]).includes(value);
}

function isDescription(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_DESCRIPTION_LENGTH;
}
