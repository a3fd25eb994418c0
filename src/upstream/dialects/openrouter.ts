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
    // A row that is not a record reads as one with no fields: every field is undefined, and the
    // normaliser drops the item for its missing id.
    const row = rowFields(isRecord(raw) ? raw : NO_FIELDS);
    const parameters = parameterFlags(row.supported_parameters);
    return {
      id: row.id,
      display_name: row.name,
      created: row.created,
      description: row.description,
      context_window: row.context_length,
      max_output_tokens: own(row.top_provider, 'max_completion_tokens'),
      pricing: pricingOf(row.pricing),
      capabilities: {
        vision: includes(own(row.architecture, 'input_modalities'), 'image'),
        tools: parameters < 0 ? undefined : (parameters & TOOLS) !== 0,
        reasoning: parameters < 0 ? undefined : (parameters & REASONING) !== 0,
      },
      // Every entry of this list is served through OpenRouter's chat completions API.
      kind: 'chat',
    };
  },
};

const TOOLS = 1;
const REASONING = 2;

/**
 * Which of tools (`tools`) and reasoning (`reasoning`, `include_reasoning`) a row's
 * `supported_parameters` names, as TOOLS and REASONING bits, in one pass over the list; -1 when it
 * is not a list (both unknown). What `includes` says of each, for a list read once, not twice.
 */
function parameterFlags(list: unknown): number {
  if (!Array.isArray(list)) return -1;
  let flags = 0;
  for (const entry of list) {
    if (entry === 'tools') flags |= TOOLS;
    else if (entry === 'reasoning' || entry === 'include_reasoning') flags |= REASONING;
  }
  return flags;
}

/** The fields of a row the mapping reads. */
interface RowFields {
  id: unknown;
  name: unknown;
  created: unknown;
  description: unknown;
  context_length: unknown;
  top_provider: unknown;
  pricing: unknown;
  architecture: unknown;
  supported_parameters: unknown;
}

const ROW_FIELD_COUNT = 9;
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The row's own fields the mapping reads. One pass over its keys, each matched by name, rather
 * than a lookup per field: V8 runs for-in from the keys cached on the row's shape, which makes the
 * own-key test free (a 10,000-row list, bench section 6). for-in lists enumerable keys only, so
 * when a field is not among them (absent, or own but not enumerable, which JSON never makes) each
 * is read as `ownField` reads it.
 */
function rowFields(row: Readonly<Record<string, unknown>>): RowFields {
  let id, name, created, description, contextLength, topProvider, pricing, architecture, parameters: unknown;
  let found = 0;
  for (const key in row) {
    if (!hasOwnProperty.call(row, key)) continue;
    found += 1;
    switch (key) {
      case 'id': id = row[key]; break;
      case 'name': name = row[key]; break;
      case 'created': created = row[key]; break;
      case 'description': description = row[key]; break;
      case 'context_length': contextLength = row[key]; break;
      case 'top_provider': topProvider = row[key]; break;
      case 'pricing': pricing = row[key]; break;
      case 'architecture': architecture = row[key]; break;
      case 'supported_parameters': parameters = row[key]; break;
      default: found -= 1;
    }
  }
  if (found === ROW_FIELD_COUNT) {
    return { id, name, created, description, context_length: contextLength, top_provider: topProvider, pricing, architecture, supported_parameters: parameters };
  }
  return {
    id: ownField(row, 'id'),
    name: ownField(row, 'name'),
    created: ownField(row, 'created'),
    description: ownField(row, 'description'),
    context_length: ownField(row, 'context_length'),
    top_provider: ownField(row, 'top_provider'),
    pricing: ownField(row, 'pricing'),
    architecture: ownField(row, 'architecture'),
    supported_parameters: ownField(row, 'supported_parameters'),
  };
}

function pricingOf(pricing: unknown): unknown {
  if (!isRecord(pricing)) return pricing;
  return {
    input: perTokenToPerMillion(ownField(pricing, 'prompt')),
    output: perTokenToPerMillion(ownField(pricing, 'completion')),
    cache_read: perTokenToPerMillion(ownField(pricing, 'input_cache_read')),
    cache_write: perTokenToPerMillion(ownField(pricing, 'input_cache_write')),
  };
}
