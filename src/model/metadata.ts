import type { Capabilities, ModelMetadata, Pricing } from './metadata-schema.js';
import { MAX_DESCRIPTION_LENGTH, MAX_PRICE_PER_MILLION, MAX_TOKENS, METADATA_FIELDS, MODEL_KINDS, type MetadataSource, type ModelKind } from './vocabulary.js';

export type { Capabilities, ModelMetadata, Pricing } from './metadata-schema.js';
export { MAX_DESCRIPTION_LENGTH, MAX_PRICE_PER_MILLION, MAX_TOKENS, METADATA_FIELDS, METADATA_SOURCES, MODEL_KINDS } from './vocabulary.js';
export type { MetadataSource, ModelKind } from './vocabulary.js';

/** Metadata as a dialect hands it over: named fields, values not yet checked. */
export interface RawMetadata {
  context_window?: unknown;
  max_output_tokens?: unknown;
  /** Already in USD per million tokens (see `perTokenToPerMillion` for upstreams that price per token). */
  pricing?: { input?: unknown; output?: unknown; cache_read?: unknown; cache_write?: unknown } | unknown;
  capabilities?: { vision?: unknown; tools?: unknown; reasoning?: unknown } | unknown;
  kind?: unknown;
  description?: unknown;
}

/**
 * Counts the values dropped across a whole list, by field, so a refresh logs one summarised
 * warning rather than a line per model. Only field names are kept: a dropped value is upstream
 * text and may echo a secret.
 */
export class MetadataDrops {
  readonly #counts = new Map<string, number>();

  add(field: string): void {
    this.#counts.set(field, (this.#counts.get(field) ?? 0) + 1);
  }

  get total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** The one warning for the whole list, or undefined when nothing was dropped. */
  summary(source = 'The gateway'): string | undefined {
    if (this.#counts.size === 0) return undefined;
    const fields = [...this.#counts].map(([field, count]) => `${field} ×${count}`).join(', ');
    return `${source} sent ${this.total} metadata value${this.total === 1 ? '' : 's'} of the wrong type or out of range (${fields}); those fields were left out and the models kept. Check the gateway's model configuration if a value should be there.`;
  }
}

export interface NormalizeMetadataOptions {
  /** Where dropped values are counted; a fresh counter when omitted. */
  drops?: MetadataDrops;
  /** Applied to upstream text (the description) before it is kept, e.g. the secret redactor. */
  scrub?: (text: string) => string;
  /** Stamped as `metadata_source` when any field is kept. @default 'upstream' */
  source?: MetadataSource;
}

/**
 * Checks each metadata field on its own: a value of the wrong type, negative, non-finite or past
 * the bounds is dropped and counted, and the other fields are kept. The fields are written to
 * `out` (a fresh object when omitted; the model being built, so no second object per model) with
 * known keys only, so nothing the upstream sent beyond the named fields can reach a model.
 * Absent and `null` values are "unknown", not errors, and are not counted.
 *
 * Spelled out field by field, each key a constant, with no closure or key text made per call: a
 * 10,000-model list runs this 10,000 times (bench section 6). test/perf/ holds it equal to the
 * generic version it replaced.
 */
export function normalizeMetadata<T extends ModelMetadata = ModelMetadata>(raw: RawMetadata, options: NormalizeMetadataOptions = {}, out: T = {} as T): T {
  const drops = options.drops ?? new MetadataDrops();
  let kept = false;

  const contextWindow = checked(raw.context_window, toTokenCount, 'context_window', drops);
  if (contextWindow !== undefined) {
    out.context_window = contextWindow;
    kept = true;
  }
  const maxOutput = checked(raw.max_output_tokens, toTokenCount, 'max_output_tokens', drops);
  if (maxOutput !== undefined) {
    out.max_output_tokens = maxOutput;
    kept = true;
  }

  const pricing = normalizePricing(raw.pricing, drops);
  if (pricing !== undefined) {
    out.pricing = pricing;
    kept = true;
  }
  const capabilities = normalizeCapabilities(raw.capabilities, drops);
  if (capabilities !== undefined) {
    out.capabilities = capabilities;
    kept = true;
  }

  const kind = checked(raw.kind, toKind, 'kind', drops);
  if (kind !== undefined) {
    out.kind = kind;
    kept = true;
  }
  // Not through `checked`: the scrub would need a closure made per model.
  const rawDescription = raw.description;
  if (isPresent(rawDescription)) {
    const description = toDescription(rawDescription, options.scrub);
    if (description !== undefined) {
      out.description = description;
      kept = true;
    } else drops.add('description');
  }

  if (kept) out.metadata_source = options.source ?? 'upstream';
  return out;
}

function normalizePricing(raw: unknown, drops: MetadataDrops): Pricing | undefined {
  if (!isPresent(raw)) return undefined;
  if (!isPlainObject(raw)) {
    drops.add('pricing');
    return undefined;
  }
  const input = checked(ownValue(raw, 'input'), toPrice, 'pricing.input', drops);
  const output = checked(ownValue(raw, 'output'), toPrice, 'pricing.output', drops);
  const cacheRead = checked(ownValue(raw, 'cache_read'), toPrice, 'pricing.cache_read', drops);
  const cacheWrite = checked(ownValue(raw, 'cache_write'), toPrice, 'pricing.cache_write', drops);
  if (input === undefined && output === undefined && cacheRead === undefined && cacheWrite === undefined) return undefined;
  // Keys in the schema's order (PRICE_FIELDS), each only when kept.
  const out: Pricing = {};
  if (input !== undefined) out.input = input;
  if (output !== undefined) out.output = output;
  if (cacheRead !== undefined) out.cache_read = cacheRead;
  if (cacheWrite !== undefined) out.cache_write = cacheWrite;
  return out;
}

function normalizeCapabilities(raw: unknown, drops: MetadataDrops): Capabilities | undefined {
  if (!isPresent(raw)) return undefined;
  if (!isPlainObject(raw)) {
    drops.add('capabilities');
    return undefined;
  }
  const vision = checked(ownValue(raw, 'vision'), toBoolean, 'capabilities.vision', drops);
  const tools = checked(ownValue(raw, 'tools'), toBoolean, 'capabilities.tools', drops);
  const reasoning = checked(ownValue(raw, 'reasoning'), toBoolean, 'capabilities.reasoning', drops);
  if (vision === undefined && tools === undefined && reasoning === undefined) return undefined;
  // Keys in the schema's order (CAPABILITY_FIELDS), each only when kept.
  const out: Capabilities = {};
  if (vision !== undefined) out.vision = vision;
  if (tools !== undefined) out.tools = tools;
  if (reasoning !== undefined) out.reasoning = reasoning;
  return out;
}

/** Absent and `null` are "unknown": not kept, and not counted as dropped. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Runs one field's check: absent stays absent; present but unusable is counted. */
function checked<T>(value: unknown, check: (value: unknown) => T | undefined, field: string, drops: MetadataDrops): T | undefined {
  if (!isPresent(value)) return undefined;
  const result = check(value);
  if (result === undefined) drops.add(field);
  return result;
}

function toTokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TOKENS ? value : undefined;
}

/** A price in USD per million tokens: a number, or a plain decimal string ("3", "0.25"). */
function toPrice(value: unknown): number | undefined {
  const number = typeof value === 'string' ? parseDecimal(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > MAX_PRICE_PER_MILLION) return undefined;
  // -0 is 0: JSON would print it as 0 anyway, and a store round trip must not change a model.
  return number === 0 ? 0 : number;
}

function toBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function toKind(value: unknown): ModelKind | undefined {
  return typeof value === 'string' && (MODEL_KINDS as readonly string[]).includes(value) ? (value as ModelKind) : undefined;
}

// eslint-disable-next-line no-control-regex
const WHITESPACE_AND_CONTROLS = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line: runs of whitespace and control characters become one space, then clipped. */
function toDescription(value: unknown, scrub: ((text: string) => string) | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Unscrubbed, a long text whose first MAX + 1 characters are one clean line is clipped as it
  // is: folding would change nothing in them, and they hold all that is kept. Only those are
  // scanned (OpenRouter's descriptions run to a thousand characters and more).
  if (scrub === undefined && value.length > KEPT_PREFIX && isOneLine(value.slice(0, KEPT_PREFIX))) return clip(value);
  // Bounded before any work, so a 100 MB description costs no more than a short one.
  let text = value.length > MAX_DESCRIPTION_LENGTH * 4 ? value.slice(0, MAX_DESCRIPTION_LENGTH * 4) : value;
  // Most descriptions are one clean line already: a scan is cheaper than a replace that copies.
  if (!isOneLine(text)) text = text.replace(WHITESPACE_AND_CONTROLS, ' ').trim();
  if (scrub) text = scrub(text);
  if (text === '') return undefined;
  // Code units ≥ code points, so a short text needs no counting (the common case, and cheap).
  return text.length <= MAX_DESCRIPTION_LENGTH ? text : clip(text);
}

/**
 * The characters of a text that decide its clipped form when they are one line: at most MAX - 1
 * are kept, and the last of the two after them, not a space (isOneLine), outlasts the fold, so
 * the folded text is longer than MAX and is clipped. test/perf/ holds the shortcut to the fold.
 */
const KEPT_PREFIX = MAX_DESCRIPTION_LENGTH + 1;

/** A one-line text longer than MAX cut to MAX characters, the ellipsis last, never inside a surrogate pair. */
function clip(text: string): string {
  let end = MAX_DESCRIPTION_LENGTH - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** True when the text has no control character, no whitespace but single spaces, and no space at either end. */
function isOneLine(text: string): boolean {
  // Searched in native code rather than by a loop over the characters: a 10,000-model list with
  // descriptions is 4 million of them.
  return text.length > 0 && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32 && !NOT_ONE_LINE.test(text);
}

// Every character `\s` matches but the plain space, the control characters, and two spaces in a
// row: one pattern, so the text is scanned once (a separate `includes('  ')` was a second pass).
// eslint-disable-next-line no-control-regex
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

const DECIMAL = /^(\d{1,30})(?:\.(\d{1,30}))?(?:[eE]([+-]?\d{1,3}))?$/;

/** A plain non-negative decimal, or undefined: no hex, no `Infinity`, no whitespace, no sign. */
function parseDecimal(text: string): number | undefined {
  return decimalParts(text) ? Number(text) : undefined;
}

function decimalParts(text: string): { digits: string; exponent: number } | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  return { digits: `${whole}${fraction}`, exponent: Number(exponent) - fraction.length };
}

/**
 * Converts a per-token price (OpenRouter's `"0.000003"`, LiteLLM's `1.5e-6`) to USD per million
 * tokens without float error: the decimal point is moved in the text, then parsed once, so
 * `"0.000003"` is exactly `3` and not `2.9999999999999996`. A value that is not a plain decimal
 * (`"-1"`, `"abc"`, `NaN`) is handed back unchanged, so the normaliser drops and counts it.
 */
export function perTokenToPerMillion(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value;
    if (value < 0) return value;
    // `String(1.5e-6)` is `"0.0000015"` and `String(3e-21)` is `"3e-21"`: both are plain decimals.
    return perTokenToPerMillion(String(value));
  }
  if (typeof value !== 'string') return value;
  const fast = plainPerMillion(value);
  if (fast !== undefined) return fast;
  const parts = decimalParts(value);
  if (!parts) return value;
  return Number(`${parts.digits}e${parts.exponent + 6}`);
}

/**
 * The common case without a regex or a string built (a 10,000-model list has 40,000 prices): a
 * plain `123.456` of at most 15 significant digits. The digits make an exact integer and the
 * power of ten is exact, so one division (correctly rounded by IEEE 754) gives the nearest double
 * to the decimal, the same as parsing the shifted text would. Undefined for anything else.
 */
function plainPerMillion(text: string): number | undefined {
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */ && fraction === -1 && index > 0 && index < text.length - 1) {
      fraction = 0;
      continue;
    }
    if (code < 48 || code > 57) return undefined;
    if (mantissa > 0 || code !== 48) digits += 1;
    if (digits > 15) return undefined;
    mantissa = mantissa * 10 + (code - 48);
    if (fraction !== -1) fraction += 1;
  }
  if (text.length === 0) return undefined;
  const shift = 6 - Math.max(fraction, 0);
  // Powers of ten are exact doubles up to 10^22 only.
  if (shift < -22) return undefined;
  return shift >= 0 ? mantissa * 10 ** shift : mantissa / 10 ** -shift;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only, so `__proto__` or an inherited getter is never taken as data. */
function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Adds the metadata fields a model lacks, keeping every field it already has: how a second
 * request (LiteLLM's metadata, Ollama's /api/show) completes what the list said. `metadata_source`
 * is stamped when anything was added and the model had none.
 */
export function fillMissing<T extends ModelMetadata>(model: T, metadata: ModelMetadata): T {
  const merged: T = { ...model };
  const target = merged as Record<string, unknown>;
  let added = false;
  for (const field of METADATA_FIELDS) {
    if (metadata[field] !== undefined && target[field] === undefined) {
      target[field] = metadata[field];
      added = true;
    }
  }
  if (added && merged.metadata_source === undefined) merged.metadata_source = metadata.metadata_source ?? 'upstream';
  return merged;
}
