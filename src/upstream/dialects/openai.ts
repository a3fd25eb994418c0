import { InvalidResponseError } from '../../errors/errors.js';
import type { RawModel } from '../../model/normalize.js';
import { basicAuthorization, joinURL, requestHeaders } from '../endpoint.js';
import type { Dialect, PageRequest, ParsedPage, SourceEndpoint } from '../dialect.js';
import { itemFields, listFields, openaiMetadata } from './metadata-fields.js';
import { isRecord } from './shared.js';


/**
 * Any OpenAI-compatible server: `GET {base}/models` when the base already ends in `/v1`, else
 * `GET {base}/v1/models`; the key (or token) as a Bearer token; one page.
 */
export const openai: Dialect = {
  name: 'openai',

  request(endpoint: SourceEndpoint): PageRequest {
    const path = endpoint.modelsPath ?? (/\/v1$/.test(endpoint.baseURL) ? '/models' : '/v1/models');
    const bearer = endpoint.authToken ?? endpoint.apiKey;
    return {
      url: joinURL(endpoint.baseURL, path),
      headers: requestHeaders(endpoint, {
        accept: 'application/json',
        authorization: bearer !== undefined ? `Bearer ${bearer}` : basicAuthorization(endpoint),
      }),
    };
  },

  parse(body: unknown): ParsedPage {
    // `{ data: [...] }` (OpenAI, vLLM, Groq, LiteLLM) or a bare array (Together).
    if (Array.isArray(body)) return { items: body };
    const data = isRecord(body) ? body.data : undefined;
    if (Array.isArray(data)) return { items: data };
    if (data === null) return { items: [] };
    throw new InvalidResponseError(
      'The gateway answered, but not with a model list (expected a JSON object with a "data" array, or an array). Check that the base URL points at an OpenAI-compatible server, or set `dialect`.',
    );
  },

  item(raw: unknown): RawModel | undefined {
    if (typeof raw !== 'object' || raw === null) return undefined;
    // The named fields only, so a server's extra fields (a description, a capabilities object of
    // its own design) never reach a model: the list fields, then each server's metadata fields.
    const fields = itemFields(raw);
    return openaiMetadata(fields, listFields(fields));
  },
};
