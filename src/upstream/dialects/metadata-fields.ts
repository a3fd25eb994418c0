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
 * An item's fields, read in one pass over its keys, each matched by name. A read per field through
 * `Object.hasOwn` cost a 10,000-model list about 2 ms (15 fields asked for, most of them absent);
 * V8 runs this loop from the keys cached on the item's shape, where the own-key test is free
 * (bench section 5). Like `own`, it never reads an inherited field (`__proto__`, a getter put on
 * `Object.prototype`). It sees enumerable keys only, and every key `JSON.parse` makes is one: the
 * items are always parsed JSON. Anything but a record has no fields.
 */
export function itemFields(raw: unknown): ItemFields {
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
