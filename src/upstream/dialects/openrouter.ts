import { perTokenToPerMillion } from '../../model/metadata.js';
import type { RawModel } from '../../model/normalize.js';
import type { Dialect } from '../dialect.js';
import { arrayAt, bearerHeaders, includes, isRecord, own, rootOf } from './shared.js';

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
    const architecture = own(raw, 'architecture');
    const parameters = own(raw, 'supported_parameters');
    return {
      id: own(raw, 'id'),
      display_name: own(raw, 'name'),
      created: own(raw, 'created'),
      description: own(raw, 'description'),
      context_window: own(raw, 'context_length'),
      max_output_tokens: own(own(raw, 'top_provider'), 'max_completion_tokens'),
      pricing: pricingOf(own(raw, 'pricing')),
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
    input: perTokenToPerMillion(own(pricing, 'prompt')),
    output: perTokenToPerMillion(own(pricing, 'completion')),
    cache_read: perTokenToPerMillion(own(pricing, 'input_cache_read')),
    cache_write: perTokenToPerMillion(own(pricing, 'input_cache_write')),
  };
}
