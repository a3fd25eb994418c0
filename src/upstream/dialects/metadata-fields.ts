import type { RawModel } from '../../model/normalize.js';
import { isRecord, own } from './shared.js';

type RawMetadataFields = Omit<RawModel, 'id'>;

/**
 * The top-level fields of a list item that the list dialects read: the shared list fields, the
 * Anthropic Models API's limits and capabilities, and where OpenAI-compatible servers put their
 * metadata. Each is the item's own field, or undefined.
 */
export interface ItemFields {
  id: unknown;
  display_name: unknown;
  created_at: unknown;
  created: unknown;
  owned_by: unknown;
  description: unknown;
  max_input_tokens: unknown;
  max_tokens: unknown;
  capabilities: unknown;
  context_window: unknown;
  context_length: unknown;
  max_model_len: unknown;
  max_context_length: unknown;
  max_output_tokens: unknown;
  pricing: unknown;
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * An item's fields, each the item's own or undefined. Like `own`, it never reads an inherited field
 * (`__proto__`, a getter put on `Object.prototype`). Anything but a record has no fields.
 *
 * A parsed item (a plain object, `Object.prototype` behind it) while `Object.prototype` has none of
 * the names is read field by field: whatever such an item has under those names is its own, and
 * V8 answers each read from the shape the list's items share (bench section 5: a 10,000-model
 * list mapped in two thirds of the time a pass over each item's keys took). Anything else,
 * a prototype holding one of the names included, is read in one pass over its keys.
 */
export function itemFields(raw: unknown): ItemFields {
  if (!isRecord(raw)) return scanFields(raw);
  if (Object.getPrototypeOf(raw) !== Object.prototype || inheritsAField()) return scanFields(raw);
  return {
    id: raw.id,
    display_name: raw.display_name,
    created_at: raw.created_at,
    created: raw.created,
    owned_by: raw.owned_by,
    description: raw.description,
    max_input_tokens: raw.max_input_tokens,
    max_tokens: raw.max_tokens,
    capabilities: raw.capabilities,
    context_window: raw.context_window,
    context_length: raw.context_length,
    max_model_len: raw.max_model_len,
    max_context_length: raw.max_context_length,
    max_output_tokens: raw.max_output_tokens,
    pricing: raw.pricing,
  };
}

/** An empty plain object: it inherits what every parsed item inherits. */
const PROBE: object = {};

/**
 * Whether `Object.prototype` (or what is behind it) has one of the names `ItemFields` reads, as a
 * value, a getter or not enumerable: then a read by name could find it there. Each test is a
 * constant for V8 until `Object.prototype` changes, so this costs nothing per item.
 */
function inheritsAField(): boolean {
  return (
    'id' in PROBE ||
    'display_name' in PROBE ||
    'created_at' in PROBE ||
    'created' in PROBE ||
    'owned_by' in PROBE ||
    'description' in PROBE ||
    'max_input_tokens' in PROBE ||
    'max_tokens' in PROBE ||
    'capabilities' in PROBE ||
    'context_window' in PROBE ||
    'context_length' in PROBE ||
    'max_model_len' in PROBE ||
    'max_context_length' in PROBE ||
    'max_output_tokens' in PROBE ||
    'pricing' in PROBE
  );
}

/**
 * The fields of any record, read in one pass over its keys, each matched by name. A read per field
 * through `Object.hasOwn` cost a 10,000-model list about 2 ms (15 fields asked for, most of them
 * absent); V8 runs this loop from the keys cached on the item's shape, where the own-key test is
 * free. It sees enumerable keys only, and every key `JSON.parse` makes is one.
 */
function scanFields(raw: unknown): ItemFields {
  let id, displayName, createdAt, created, ownedBy, description, maxInputTokens, maxTokens, capabilities: unknown;
  let contextWindow, contextLength, maxModelLen, maxContextLength, maxOutputTokens, pricing: unknown;
  if (isRecord(raw)) {
    for (const key in raw) {
      if (!hasOwnProperty.call(raw, key)) continue;
      switch (key) {
        case 'id': id = raw[key]; break;
        case 'display_name': displayName = raw[key]; break;
        case 'created_at': createdAt = raw[key]; break;
        case 'created': created = raw[key]; break;
        case 'owned_by': ownedBy = raw[key]; break;
        case 'description': description = raw[key]; break;
        case 'max_input_tokens': maxInputTokens = raw[key]; break;
        case 'max_tokens': maxTokens = raw[key]; break;
        case 'capabilities': capabilities = raw[key]; break;
        case 'context_window': contextWindow = raw[key]; break;
        case 'context_length': contextLength = raw[key]; break;
        case 'max_model_len': maxModelLen = raw[key]; break;
        case 'max_context_length': maxContextLength = raw[key]; break;
        case 'max_output_tokens': maxOutputTokens = raw[key]; break;
        case 'pricing': pricing = raw[key]; break;
      }
    }
  }
  return {
    id,
    display_name: displayName,
    created_at: createdAt,
    created,
    owned_by: ownedBy,
    description,
    max_input_tokens: maxInputTokens,
    max_tokens: maxTokens,
    capabilities,
    context_window: contextWindow,
    context_length: contextLength,
    max_model_len: maxModelLen,
    max_context_length: maxContextLength,
    max_output_tokens: maxOutputTokens,
    pricing,
  };
}

/**
 * The fields of a list item both list shapes share: Anthropic's `display_name`/`created_at`,
 * OpenAI's `created`/`owned_by`, and a `description` where a gateway gives one (Claude Code shows
 * it under the name in its `/model` picker).
 */
export function listFields(item: ItemFields): RawModel {
  return {
    id: item.id,
    display_name: item.display_name,
    created_at: item.created_at,
    created: item.created,
    owned_by: item.owned_by,
    description: item.description,
  };
}

// The metadata readers below add to the object `listFields` made (one model object per item).

/**
 * Where OpenAI-compatible servers put a context window, in the order read: each server sends one
 * of them (Groq `context_window`; Together and OpenRouter `context_length`; vLLM `max_model_len`;
 * Mistral and LM Studio `max_context_length`; a LiteLLM row `max_input_tokens`).
 */
const CONTEXT_WINDOW_FIELDS = ['context_window', 'context_length', 'max_model_len', 'max_context_length', 'max_input_tokens'] as const;

/**
 * The metadata an item of an OpenAI-shaped list may carry, read from the fields SPEC names and no
 * other. Values are handed on unchecked; the shared normaliser drops the bad ones.
 */
export function openaiMetadata<T extends RawMetadataFields>(item: ItemFields, fields: T = {} as T): T {
  for (const field of CONTEXT_WINDOW_FIELDS) {
    const value = item[field];
    if (value !== undefined && value !== null) {
      fields.context_window = value;
      break;
    }
  }
  const maxOutput = item.max_output_tokens;
  if (maxOutput !== undefined) fields.max_output_tokens = maxOutput;
  // Together prices per million tokens already: `{"input": 0.88, "output": 0.88, "hourly": 0, ...}`.
  const pricing = item.pricing;
  if (pricing !== undefined) fields.pricing = isRecord(pricing) ? { input: own(pricing, 'input'), output: own(pricing, 'output') } : pricing;
  return fields;
}

/**
 * The Anthropic Models API's own limits and capabilities: `max_input_tokens`, `max_tokens` (the
 * largest `max_tokens` a request may ask for) and `capabilities.image_input` / `.thinking`, each
 * `{"supported": boolean}`. Tool use has no flag there, so it stays unknown.
 */
export function anthropicMetadata<T extends RawMetadataFields>(item: ItemFields, fields: T = {} as T): T {
  const input = item.max_input_tokens;
  if (input !== undefined) fields.context_window = input;
  const output = item.max_tokens;
  if (output !== undefined) fields.max_output_tokens = output;
  const capabilities = item.capabilities;
  if (isRecord(capabilities)) {
    fields.capabilities = { vision: supported(own(capabilities, 'image_input')), reasoning: supported(own(capabilities, 'thinking')) };
  } else if (capabilities !== undefined) {
    fields.capabilities = capabilities;
  }
  return fields;
}

/** `{"supported": true}` → true; an absent entry → unknown; anything else is handed on to be dropped. */
function supported(entry: unknown): unknown {
  if (entry === undefined || entry === null) return undefined;
  // A bare `true` is not the API's shape: passed on wrapped, so the normaliser counts it as bad.
  return isRecord(entry) ? own(entry, 'supported') : [entry];
}
