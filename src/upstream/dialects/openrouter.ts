import { perTokenToPerMillion } from '../../model/metadata.js';
import type { RawModel } from '../../model/normalize.js';
import type { Dialect } from '../dialect.js';
import { arrayAt, bearerHeaders, includes, isRecord, NO_FIELDS, own, ownField, rootOf } from './shared.js';

/**
 * OpenRouter (`GET /api/v1/models`): the list is public, so the key is optional (sent as Bearer
 * when given). Prices are USD per token as strings (`"0.000003"`), converted to per million here;
 * OpenRouter's own `"-1"` ("varies by route", on `openrouter/auto`) is left for the normaliser to
 * drop, never shown as a price.
 */
export const openrouter: Dialect = {
  name: 'openrouter',
  listKey: 'data',

  request(endpoint) {
    const url = endpoint.modelsPath !== undefined ? `${endpoint.baseURL}${endpoint.modelsPath}` : `${rootOf(endpoint.baseURL, '/api/v1')}/api/v1/models`;
    return { url, headers: bearerHeaders(endpoint) };
  },

  parse(body) {
    return { items: arrayAt(body, 'data', 'an OpenRouter model list') };
  },

  item(raw): RawModel {
    // The row checked once, then its fields read (a row that is not a record reads as one with no
    // fields, so every field is undefined and the normaliser drops the item for its missing id).
    const row = isRecord(raw) ? raw : NO_FIELDS;
    const architecture = ownField(row, 'architecture');
    const parameters = ownField(row, 'supported_parameters');
    return {
      id: ownField(row, 'id'),
      display_name: ownField(row, 'name'),
      created: ownField(row, 'created'),
      description: ownField(row, 'description'),
      context_window: ownField(row, 'context_length'),
      max_output_tokens: own(ownField(row, 'top_provider'), 'max_completion_tokens'),
      pricing: pricingOf(ownField(row, 'pricing')),
      capabilities: {
        vision: includes(own(architecture, 'input_modalities'), 'image'),
        tools: includes(parameters, 'tools'),
        reasoning: includes(parameters, 'reasoning', 'include_reasoning'),
      },
      // Every entry of this list is served through OpenRouter's chat completions API.
      kind: 'chat',
    };
  },
};

function pricingOf(pricing: unknown): unknown {
  if (!isRecord(pricing)) return pricing;
  return {
    input: perTokenToPerMillion(ownField(pricing, 'prompt')),
    output: perTokenToPerMillion(ownField(pricing, 'completion')),
    cache_read: perTokenToPerMillion(ownField(pricing, 'input_cache_read')),
    cache_write: perTokenToPerMillion(ownField(pricing, 'input_cache_write')),
  };
}
