import { InvalidResponseError } from '../../errors/errors.js';
import type { Dialect, SourceEndpoint } from '../dialect.js';
import { basicToken } from '../../security/secrets.js';
import { basicAuthorization, joinURL, requestHeaders } from '../endpoint.js';
import { own } from './shared.js';

/** Cursor's public API: the base every Cursor key works against. */
export const CURSOR_BASE_URL = 'https://api.cursor.com';

/**
 * Cursor's API (`GET /v0/models`): `{"models": ["claude-4-sonnet-thinking", "o3", ...]}`, bare id
 * strings and nothing else. The key goes as the HTTP Basic user with an empty password, as
 * Cursor's documentation shows (`curl -u KEY:`).
 */
export const cursor: Dialect = {
  name: 'cursor',

  request(endpoint: SourceEndpoint) {
    return { url: joinURL(endpoint.baseURL, endpoint.modelsPath ?? '/v0/models'), headers: cursorHeaders(endpoint) };
  },

  parse(body) {
    const models = own(body, 'models');
    if (!Array.isArray(models)) {
      throw new InvalidResponseError(
        'The gateway answered, but not with a Cursor model list (expected a JSON object with a "models" array of ids). Check that the base URL is https://api.cursor.com and the `dialect` option is "cursor".',
      );
    }
    return { items: models };
  },

  item(raw) {
    // Only strings are ids here; an object in the list is not Cursor's shape and is dropped.
    return typeof raw === 'string' ? { id: raw } : undefined;
  },
};

function cursorHeaders(endpoint: SourceEndpoint): Record<string, string> {
  const key = endpoint.apiKey ?? endpoint.authToken;
  return requestHeaders(endpoint, { accept: 'application/json', authorization: key !== undefined ? `Basic ${basicToken(key, '')}` : basicAuthorization(endpoint) });
}
