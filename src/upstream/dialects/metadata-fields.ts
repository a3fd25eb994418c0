import type { RawModel } from '../../model/normalize.js';
import { isRecord, own } from './shared.js';

type RawMetadataFields = Omit<RawModel, 'id'>;

/**
 * The fields of a list item both list shapes share: Anthropic's `display_name`/`created_at`,
 * OpenAI's `created`/`owned_by`, and a `description` where a gateway gives one (Claude Code shows
 * it under the name in its `/model` picker).
 */
export function listFields(raw: unknown): RawModel {
  return {
    id: own(raw, 'id'),
    display_name: own(raw, 'display_name'),
    created_at: own(raw, 'created_at'),
    created: own(raw, 'created'),
    owned_by: own(raw, 'owned_by'),
    description: own(raw, 'description'),
  };
}

// The metadata readers below add to the object `listFields` made (one object per item, not three:
// a 10,000-model list makes 10,000 of them).

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
export function openaiMetadata<T extends RawMetadataFields>(raw: unknown, fields: T = {} as T): T {
  for (const field of CONTEXT_WINDOW_FIELDS) {
    const value = own(raw, field);
    if (value !== undefined && value !== null) {
      fields.context_window = value;
      break;
    }
  }
  const maxOutput = own(raw, 'max_output_tokens');
  if (maxOutput !== undefined) fields.max_output_tokens = maxOutput;
  // Together prices per million tokens already: `{"input": 0.88, "output": 0.88, "hourly": 0, ...}`.
  const pricing = own(raw, 'pricing');
  if (pricing !== undefined) fields.pricing = isRecord(pricing) ? { input: own(pricing, 'input'), output: own(pricing, 'output') } : pricing;
  return fields;
}

/**
 * The Anthropic Models API's own limits and capabilities: `max_input_tokens`, `max_tokens` (the
 * largest `max_tokens` a request may ask for) and `capabilities.image_input` / `.thinking`, each
 * `{"supported": boolean}`. Tool use has no flag there, so it stays unknown.
 */
export function anthropicMetadata<T extends RawMetadataFields>(raw: unknown, fields: T = {} as T): T {
  const input = own(raw, 'max_input_tokens');
  if (input !== undefined) fields.context_window = input;
  const output = own(raw, 'max_tokens');
  if (output !== undefined) fields.max_output_tokens = output;
  const capabilities = own(raw, 'capabilities');
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
