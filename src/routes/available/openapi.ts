// `* as z`, not `{ z }`: see model/schema.ts.
import * as z from 'zod';

import { snapshotWireSchema } from '../../model/schema.js';
import { routeErrorSchema } from '../shared/error-schema.js';
import { checkRoutesPrefix, DEFAULT_PREFIX } from './options.js';

/** Options of `availableModelRoutesOpenAPI()`. */
export interface ModelRoutesOpenAPIOptions {
  /** The same `prefix` the routes were mounted with. @default '/api/v1' */
  prefix?: string;
}

/** An OpenAPI 3.1 document: plain JSON, ready to merge into the host's own. */
export interface OpenAPIDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
}

const SNAPSHOT = 'ModelDiscoverySnapshot';
const ERROR = 'ModelDiscoveryRouteError';

/**
 * The two routes as an OpenAPI 3.1 document, generated from the same zod schemas the handler
 * validates its bodies with. Merge its `paths` and `components.schemas` into the host's document.
 */
export function availableModelRoutesOpenAPI(options: ModelRoutesOpenAPIOptions = {}): OpenAPIDocument {
  const prefix = checkRoutesPrefix(options.prefix ?? DEFAULT_PREFIX);
  const json = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
  const headers = {
    ETag: { description: 'Strong validator of the body; send it back in `If-None-Match`.', schema: { type: 'string' } },
    'Cache-Control': { schema: { type: 'string', const: 'no-cache' } },
  };
  const ok = {
    description: 'The list. Discovery problems are a 200 too: `discovery_available: false`, or the held list with `stale: true`.',
    headers,
    content: json(SNAPSHOT),
  };
  const problem = (description: string) => ({ description, content: json(ERROR) });
  const common = {
    '401': problem('`authorize` refused the request.'),
    '405': problem('Another method; the `Allow` header lists the right one.'),
    '500': problem('An unexpected fault, without detail.'),
  };
  return {
    openapi: '3.1.0',
    info: { title: 'model-discovery routes', version: '1' },
    paths: {
      [`${prefix}/models/available`]: {
        get: {
          operationId: 'getAvailableModels',
          summary: 'The models the gateway can route to.',
          parameters: [
            {
              name: 'refresh',
              in: 'query',
              required: false,
              description: 'Ask the gateway now instead of serving the cache (forced refreshes are coalesced).',
              schema: { type: 'string', enum: ['true', '1', 'false', '0'] },
            },
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': ok,
            '304': { description: 'Unchanged since the ETag sent in `If-None-Match`.', headers },
            '400': problem('`refresh` is not one of true, 1, false, 0.'),
            ...common,
          },
        },
      },
      [`${prefix}/models/available/refresh`]: {
        post: {
          operationId: 'refreshAvailableModels',
          summary: 'Ask the gateway now and return the new list (forced refreshes are coalesced).',
          responses: { '200': ok, ...common },
        },
      },
    },
    components: { schemas: { [SNAPSHOT]: schemaOf(snapshotWireSchema), [ERROR]: schemaOf(routeErrorSchema) } },
  };
}

function schemaOf(schema: z.ZodType): Record<string, unknown> {
  // `input` leaves objects open (no `additionalProperties: false`), so a field added later does not
  // break a client that validates strictly; the draft 2020-12 dialect is OpenAPI 3.1's own.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return rest;
}

/**
 * @deprecated Since 0.2.0: use `availableModelRoutesOpenAPI` (the same function under the name that says which route family it is). Removed in 0.3.0.
 */
export const modelRoutesOpenAPI = availableModelRoutesOpenAPI;
