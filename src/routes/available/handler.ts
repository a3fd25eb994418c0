import { WARM_READ } from '../../discovery/warm-read.js';
import type { Snapshot } from '../../model/schema.js';
import { errorResponse, renderedAlready, renderSnapshot, type RenderedSnapshot } from './render.js';
import { headerValue, matchesETag, toAuthorizeRequest, toSearchParams } from '../shared/request.js';
import type { ModelRoutesRequest, ModelRoutesResponse, RequestHeaders } from '../shared/http.js';
import { tenantOf, type TenantLister } from '../shared/credentials.js';
import { resolveRouteOptions, type ModelRoutesOptions, type ModelLister } from './options.js';

/**
 * The two routes as a plain function. Returns `undefined` (synchronously) for a path the routes do
 * not own, so the host passes the request on; otherwise a promise of the response to send. The
 * promise never rejects: every fault is already a response.
 */
export interface ModelRoutesHandler<Native = unknown> {
  (request: ModelRoutesRequest<Native>): Promise<ModelRoutesResponse> | undefined;
  /** The exact paths owned: `{prefix}/models/available` and `{prefix}/models/available/refresh`. */
  readonly paths: readonly [snapshot: string, refresh: string];
  /**
   * The response, synchronously, when it is ready without waiting (a plain `GET` or `HEAD` of a
   * warm `ModelDiscovery`, no query, no per-request option such as `authorize`); else `undefined`,
   * and the caller calls the handler itself. Adapters try it first so that a warm request is
   * answered in the same tick.
   */
  readonly answerNow: (request: ModelRoutesRequest<Native>) => ModelRoutesResponse | undefined;
}

/** A lister with the synchronous warm read of a `ModelDiscovery`. */
interface WarmReadable {
  [WARM_READ]<T>(use: (snapshot: Snapshot) => T | undefined): T | undefined;
}

interface Route {
  methods: readonly string[];
  allow: string;
  forced: 'query' | 'always';
}

const SNAPSHOT: Route = { methods: ['GET', 'HEAD'], allow: 'GET, HEAD', forced: 'query' };
const REFRESH: Route = { methods: ['POST'], allow: 'POST', forced: 'always' };

// Shared, so a forced request allocates no options object.
const FORCED = Object.freeze({ refresh: true });

// A Map, not an object literal: `?refresh=toString` or `?refresh=__proto__` must not find an
// inherited property.
const REFRESH_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

function hasQuery(query: ModelRoutesRequest['query']): boolean {
  return query !== undefined && query !== '';
}

/**
 * Builds the framework-agnostic handler every adapter delegates to:
 * `GET|HEAD {prefix}/models/available[?refresh=true|1|false|0]` and
 * `POST {prefix}/models/available/refresh`. Paths match exactly: a trailing slash, another case or
 * a percent-encoded spelling is not ours and is passed on.
 */
export function createAvailableModelsHandler<Native = unknown>(discovery: ModelLister, options?: ModelRoutesOptions<Native>): ModelRoutesHandler<Native> {
  const resolved = resolveRouteOptions(discovery, options);
  const { prefix, authorize, onError, credentials } = resolved;
  const paths = [`${prefix}/models/available`, `${prefix}/models/available/refresh`] as const;
  const routes = new Map<string, Route>([
    [paths[0], SNAPSHOT],
    [paths[1], REFRESH],
  ]);

  const report = (error: unknown, request: ModelRoutesRequest<Native>) => {
    try {
      onError?.(error, request);
    } catch {
      // The host's logger failing must not change the answer.
    }
  };

  async function answer(route: Route, request: ModelRoutesRequest<Native>): Promise<ModelRoutesResponse> {
    // One async function with its own try/catch: the hot path makes no promise beyond its own.
    try {
      const method = request.method.toUpperCase();
      if (!route.methods.includes(method)) {
        return errorResponse('method_not_allowed', `Use ${route.allow.replace(', ', ' or ')} on this path.`, { allow: route.allow });
      }
      // The common request has no query and no `authorize` to hand one to: nothing to parse.
      const query = authorize || hasQuery(request.query) ? toSearchParams(request.query) : undefined;
      if (authorize && (await authorize(toAuthorizeRequest(request, method, query as URLSearchParams))) !== true) {
        return errorResponse('unauthorized', 'This request is not allowed to read the model list.');
      }
      let refresh = true;
      if (route.forced === 'query') {
        const given = query ? query.getAll('refresh') : [];
        const parsed = given.length === 1 ? REFRESH_VALUES.get(given[0] as string) : given.length === 0 ? false : undefined;
        if (parsed === undefined) {
          return errorResponse('invalid_request', 'The `refresh` query parameter, given at most once, must be true, 1, false or 0.');
        }
        refresh = parsed;
      }
      const { waitUntil } = request;
      // Without `forward` a request always has a lister: the tenant's, or the instance's own.
      const tenant = credentials ? await tenantOf(discovery as TenantLister<ModelLister>, credentials, request, method) : undefined;
      const lister = typeof tenant === 'object' ? tenant : discovery;
      // No options object for a plain read: the discovery's warm read takes no option checks.
      const snapshot = await (waitUntil ? lister.getModels({ refresh, waitUntil }) : refresh ? lister.getModels(FORCED) : lister.getModels());
      return respond(renderedAlready(snapshot) ?? (await renderSnapshot(snapshot)), method, request.headers);
    } catch (error) {
      report(error, request);
      // No detail: the fault may be anything, including text that should not leave the server.
      return errorResponse('internal_error', 'The model list could not be served because of an unexpected error.');
    }
  }

  // The same-tick answer skips every per-request step, so it is offered only when no option asks
  // for one: any option beyond `prefix` and `onError` (`authorize` today, any hook added later)
  // turns it off unless it is listed here on purpose.
  const { prefix: _prefix, onError: _onError, ...perRequest } = resolved;
  const sameTick = Object.values(perRequest).every((value) => value === undefined);
  const warm = sameTick && typeof (discovery as Partial<WarmReadable>)[WARM_READ] === 'function' ? (discovery as unknown as WarmReadable) : undefined;

  const answerNow = (request: ModelRoutesRequest<Native>): ModelRoutesResponse | undefined => {
    // A string comparison, not the `routes` lookup: no hash of a path string new on every request.
    if (warm === undefined || request.path !== paths[0] || hasQuery(request.query)) return undefined;
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    // Counted as a read only when the snapshot's rendering is ready too (it is, but for the first
    // requests after a change): otherwise the request takes the full path and is counted there.
    return warm[WARM_READ]((snapshot) => {
      const rendered = renderedAlready(snapshot);
      return rendered && respond(rendered, method, request.headers);
    });
  };

  const handler = (request: ModelRoutesRequest<Native>): Promise<ModelRoutesResponse> | undefined => {
    const route = routes.get(request.path);
    if (!route) return undefined;
    return answer(route, request);
  };
  return Object.assign(handler, { paths, answerNow });
}

/** The rendered snapshot's answer to a GET, HEAD or POST: a 304 when a GET holds the ETag. */
function respond(rendered: RenderedSnapshot, method: string, headers: RequestHeaders): ModelRoutesResponse {
  if (method !== 'POST' && matchesETag(headerValue(headers, 'if-none-match'), rendered.etag)) return rendered.notModified;
  return method === 'HEAD' ? rendered.head : rendered.ok;
}

/**
 * @deprecated Since 0.2.0: use `createAvailableModelsHandler` (the same function under the name that says which route family it is). Removed in 0.3.0.
 */
export const createModelRoutesHandler = createAvailableModelsHandler;
