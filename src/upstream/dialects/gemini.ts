import { InvalidResponseError } from '../../errors/errors.js';
import type { RawModel } from '../../model/normalize.js';
import type { Dialect, SourceEndpoint } from '../dialect.js';
import { includes, isRecord, own, rootOf, text } from './shared.js';

/** The most models Gemini serves on one page; the default is 50. */
export const GEMINI_PAGE_SIZE = 1000;

/**
 * Google's Gemini API (`GET /v1beta/models`). Ids come as `models/gemini-2.5-pro` and are listed
 * without the `models/` prefix, the form the generate calls and OpenAI-compatible clients use.
 * Pages follow `nextPageToken` → `pageToken`. The key goes as `x-goog-api-key`, never in the query
 * string, where access logs and error messages would keep it.
 */
export const gemini: Dialect = {
  name: 'gemini',

  request(endpoint, cursor) {
    const base = endpoint.modelsPath !== undefined ? `${endpoint.baseURL}${endpoint.modelsPath}` : `${rootOf(endpoint.baseURL, '/v1beta')}/v1beta/models`;
    const url = new URL(base);
    url.searchParams.set('pageSize', String(GEMINI_PAGE_SIZE));
    if (cursor !== undefined) url.searchParams.set('pageToken', cursor);
    return { url: url.href, headers: geminiHeaders(endpoint) };
  },

  parse(body) {
    if (!isRecord(body)) throw notAList();
    const models = own(body, 'models');
    const next = own(body, 'nextPageToken');
    // Google's JSON leaves an empty repeated field out, so `{}` is an empty list, not an error;
    // anything else without `models` (an `{"error": ...}` from a proxy) is not a list.
    if (models === undefined && Object.keys(body).length > 0 && next === undefined) throw notAList();
    if (models !== undefined && !Array.isArray(models)) throw notAList();
    return { items: models ?? [], next: typeof next === 'string' && next !== '' ? next : undefined };
  },

  item(raw): RawModel {
    const name = own(raw, 'name');
    const methods = own(raw, 'supportedGenerationMethods');
    return {
      id: typeof name === 'string' && name.startsWith('models/') ? name.slice('models/'.length) : name,
      display_name: own(raw, 'displayName'),
      description: own(raw, 'description'),
      context_window: own(raw, 'inputTokenLimit'),
      max_output_tokens: own(raw, 'outputTokenLimit'),
      kind: kindOf(methods),
    };
  },
};

/** What the model is for, read from the calls it supports. */
function kindOf(methods: unknown): string | undefined {
  if (!Array.isArray(methods)) return undefined;
  if (includes(methods, 'generateContent')) return 'chat';
  if (includes(methods, 'embedContent', 'embedText', 'batchEmbedContents')) return 'embedding';
  // Imagen answers `predict`; Veo (video) `predictLongRunning`; the Live models `bidiGenerateContent`.
  if (includes(methods, 'predict')) return 'image';
  if (includes(methods, 'bidiGenerateContent')) return 'audio';
  return text(methods[0]) === undefined ? undefined : 'other';
}

function geminiHeaders(endpoint: SourceEndpoint): Record<string, string> {
  const headers: Record<string, string> = { ...endpoint.headers, accept: 'application/json' };
  if (endpoint.apiKey) headers['x-goog-api-key'] = endpoint.apiKey;
  // An OAuth access token (Vertex-style setups) goes as a Bearer token.
  if (endpoint.authToken) headers.authorization = `Bearer ${endpoint.authToken}`;
  return headers;
}

function notAList(): InvalidResponseError {
  return new InvalidResponseError(
    'The gateway answered, but not with a Gemini model list (expected a JSON object with a "models" array). Check that the base URL is https://generativelanguage.googleapis.com and the `dialect` option is "gemini".',
  );
}
