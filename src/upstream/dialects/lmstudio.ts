import type { RawModel } from '../../model/normalize.js';
import type { Dialect } from '../dialect.js';
import { arrayAt, bearerHeaders, own, rootOf, text } from './shared.js';

/** LM Studio's `type`: `llm`, `vlm` (vision), `embeddings`; anything else is another kind of model. */
const KINDS: Record<string, string> = { llm: 'chat', vlm: 'chat', embeddings: 'embedding' };

/**
 * LM Studio's own REST API (`GET /api/v0/models`, 0.3.6 and later), which, unlike its OpenAI-compatible
 * `/v1/models`, says each model's type and context length. A key is optional (LM Studio can require
 * an API token) and goes as a Bearer token.
 */
export const lmstudio: Dialect = {
  name: 'lmstudio',

  request(endpoint) {
    // A base set up for the OpenAI-compatible API (`http://host:1234/v1`) still reaches /api/v0.
    const url = endpoint.modelsPath !== undefined ? `${endpoint.baseURL}${endpoint.modelsPath}` : `${rootOf(endpoint.baseURL, '/v1')}/api/v0/models`;
    return { url, headers: bearerHeaders(endpoint) };
  },

  parse(body) {
    return { items: arrayAt(body, 'data', 'an LM Studio model list') };
  },

  item(raw): RawModel {
    const type = text(own(raw, 'type'));
    const model: RawModel = { id: own(raw, 'id'), context_window: own(raw, 'max_context_length') };
    if (type !== undefined) {
      model.kind = KINDS[type] ?? 'other';
      // Only a `vlm` is known to see images; an `llm` is known not to.
      if (type === 'vlm' || type === 'llm') model.capabilities = { vision: type === 'vlm' };
    }
    return model;
  },
};
