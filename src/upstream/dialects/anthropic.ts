import { InvalidResponseError } from '../../errors/errors.js';
import type { RawModel } from '../../model/normalize.js';
import { basicAuthorization, modelsURL, requestHeaders } from '../endpoint.js';
import { connectAnthropicSdk } from '../anthropic-sdk.js';
import type { Dialect, PageRequest, ParsedPage, SourceEndpoint } from '../dialect.js';
import { anthropicMetadata, itemFields, listFields } from './metadata-fields.js';
import { isRecord } from './shared.js';

/** The largest page the Anthropic API serves; other gateways ignore the parameter. */
const PAGE_LIMIT = 1000;

/**
 * The Anthropic API's `GET /v1/models` (and every gateway that copies it): `x-api-key` or a
 * Bearer token, `has_more` / `last_id` paging. Also reads the OpenAI list shape, as LiteLLM and
 * many proxies answer it on the same path. Sent through the Anthropic SDK.
 */
export const anthropic: Dialect = {
  name: 'anthropic',
  listKey: 'data',

  request(endpoint: SourceEndpoint, cursor: string | undefined): PageRequest {
    const url = new URL(modelsURL(endpoint));
    url.searchParams.set('limit', String(PAGE_LIMIT));
    if (cursor !== undefined) url.searchParams.set('after_id', cursor);
    return {
      url: url.href,
      headers: requestHeaders(endpoint, {
        'anthropic-version': '2023-06-01',
        'x-api-key': endpoint.apiKey,
        // A token wins over the base URL's user:password; both are secrets either way.
        authorization: endpoint.authToken !== undefined ? `Bearer ${endpoint.authToken}` : basicAuthorization(endpoint),
      }),
    };
  },

  parse(body: unknown): ParsedPage {
    // Ollama sends `"data": null` when no model is installed: that is an empty list, not an error.
    const data = isRecord(body) ? body.data : undefined;
    if (!isRecord(body) || (data !== null && !Array.isArray(data))) {
      throw new InvalidResponseError(
        'The gateway answered, but not with a model list (expected a JSON object with a "data" array). Check that the base URL points at an OpenAI- or Anthropic-compatible gateway, or set `dialect`.',
      );
    }
    // Only a real `true` continues paging; `"false"` (a string) must not page forever.
    const has_more = body.has_more === true;
    const last_id = typeof body.last_id === 'string' && body.last_id !== '' ? body.last_id : undefined;
    const items = (data as unknown[] | null) ?? [];
    if (!has_more) return { items };
    // Gateways that page but leave out `last_id` are followed by the last item's id.
    const next = last_id ?? lastItemId(items);
    if (next === undefined) {
      throw new InvalidResponseError('The gateway said more pages follow but gave no cursor (last_id), so paging would never end; the list was not accepted.');
    }
    return { items, next };
  },

  item(raw: unknown): RawModel | undefined {
    if (typeof raw !== 'object' || raw === null) return undefined;
    // The named fields only: the Anthropic shape's, the OpenAI shape's (LiteLLM answers it here),
    // and the Models API's limits and capabilities.
    const fields = itemFields(raw);
    return anthropicMetadata(fields, listFields(fields));
  },

  connect: connectAnthropicSdk,
};

function lastItemId(data: readonly unknown[]): string | undefined {
  const last = data.at(-1) as { id?: unknown } | undefined;
  return typeof last?.id === 'string' && last.id !== '' ? last.id : undefined;
}
