import type { RequestQuery } from '../shared/http.js';
import { jsonHeaders, ROUTE_PROBLEMS, type RouteProblem } from '../shared/problems.js';
import { headerValue, toAuthorizeRequest, toSearchParams } from '../shared/request.js';
import { anthropicError, anthropicPageOf, toAnthropicModel } from './anthropic.js';
import { catalogLoader, claudeFirstOrder, type Catalog, type CatalogLoad, type ServedLister, type ServedModels } from './catalog.js';
import { NO_CREDENTIALS, tenantOf, type TenantLister } from '../shared/credentials.js';
import { openaiError, toOpenAIModel, type OpenAIShapeOptions } from './openai.js';
import { resolveServedOptions, type ResolvedServedOptions, type ServedFormat, type ServedModelsOptions } from './options.js';
import { clip, PAGE_LIMIT, pageRange, type AnthropicPageParams } from './pagination.js';
import type { ServedRequest, ServedResponse } from './request.js';

/**
 * The served routes as a plain function. Returns `undefined` (synchronously) for a path they do
 * not own, so the host passes the request on; otherwise a promise of the response to send, which
 * never rejects.
 */
export interface ServedModelsHandler<Native = unknown> {
  (request: ServedRequest<Native>): Promise<ServedResponse> | undefined;
  /** The list path, `{prefix}/models`, and the base of the one-model path, `{prefix}/models/`. */
  readonly paths: readonly [list: string, item: string];
}

type Shape = 'anthropic' | 'openai';
const ALLOW = 'GET, HEAD';

/**
 * The served `GET {prefix}/models` and `GET {prefix}/models/{id}` as one framework-agnostic
 * function: every adapter's served route delegates to it. The list comes from a `ModelDiscovery`
 * (its held or fallback list: discovery problems are never an error here) or a fixed array.
 *
 * Ids may hold `/`, `:`, `@` or `%`: everything after `/models/` is the id, percent-decoded once
 * (SDKs send `openai%2Fgpt-4o`; `openai/gpt-4o` sent raw works too). Answers are JSON in the
 * chosen shape, errors included: 400 for a bad `limit` or cursor, 404 for an unknown id.
 *
 * @throws TypeError when an option or `served` is invalid.
 */
export function createServedModelsHandler<Native = unknown>(served: ServedModels, options: ServedModelsOptions<Native> = {}): ServedModelsHandler<Native> {
  const settings = resolveServedOptions(options, served);
  const load = catalogLoader(served, settings.keep, settings.maxWait);
  const loadFor = tenantLoaders(settings);
  const paths = [`${settings.prefix}/models`, `${settings.prefix}/models/`] as const;
  const owner = settings.ownedBy === undefined ? {} : { ownedBy: settings.ownedBy };

  async function answer(request: ServedRequest<Native>, rawId: string | undefined, reply: Reply): Promise<ServedResponse> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return reply.problem('method_not_allowed', `${clip(request.method, 16)} is not allowed here; use GET.`, { allow: ALLOW });
    }
    if (settings.authorize && (await settings.authorize(toAuthorizeRequest(request, method, toSearchParams(request.query)))) !== true) {
      return reply.problem('unauthorized', 'This request is not allowed to list models.');
    }
    let loader = load;
    if (settings.credentials) {
      const tenant = await tenantOf(served as TenantLister<ServedLister>, settings.credentials, request, method);
      if (tenant === NO_CREDENTIALS) return reply.problem('unauthorized', 'Send your API key as x-api-key or Authorization: Bearer; this server lists models with each client\'s own key.');
      if (tenant) loader = loadFor(tenant);
    }
    const catalog = await loader(request.waitUntil);
    if (catalog.refused) return reply.problem('unauthorized', 'The gateway refused this key.');
    const response = rawId === undefined ? list(catalog, request.query, reply, owner) : one(catalog, rawId, reply, owner);
    return method === 'HEAD' ? withoutBody(response) : response;
  }

  const handler = (request: ServedRequest<Native>): Promise<ServedResponse> | undefined => {
    const path = request.path;
    let rawId: string | undefined;
    if (path === paths[0] || path === paths[1]) rawId = undefined;
    else if (path.startsWith(paths[1])) rawId = path.slice(paths[1].length);
    else return undefined;
    const reply = new Reply(chooseShape(settings.format, request), settings.format === 'auto');
    return answer(request, rawId, reply).catch((error: unknown) => {
      try {
        settings.onError?.(error, request);
      } catch {
        // The host's logger failing must not change the answer.
      }
      return reply.problem('internal_error', 'The model list could not be served because of an unexpected error.');
    });
  };
  return Object.assign(handler, { paths });
}

/** One catalog loader per tenant view, kept as long as the view is (a view dropped from the discovery goes with its loader). */
function tenantLoaders<Native>(settings: ResolvedServedOptions<Native>): (view: ServedLister) => CatalogLoad {
  const loaders = new WeakMap<ServedLister, CatalogLoad>();
  return (view) => {
    let loader = loaders.get(view);
    if (!loader) {
      loader = catalogLoader(view, settings.keep, settings.maxWait, true);
      loaders.set(view, loader);
    }
    return loader;
  };
}

function list(catalog: Catalog, query: RequestQuery | undefined, reply: Reply, owner: OpenAIShapeOptions): ServedResponse {
  if (reply.shape === 'openai') {
    // OpenAI's list is never paged; like OpenAI, unknown query parameters are ignored.
    catalog.openai ??= catalog.models.map((model) => toOpenAIModel(model, owner));
    return reply.ok({ object: 'list', data: catalog.openai });
  }
  const params = anthropicParams(query);
  if ('problem' in params) return reply.problem('invalid_request', params.problem);
  const items = (catalog.anthropic ??= catalog.models.map(toAnthropicModel));
  // A page smaller than the list lists Claude ids first (claude-first.ts); one page keeps the order.
  const ordered = (params.limit ?? PAGE_LIMIT.default) < items.length ? claudeFirstOrder(catalog, items) : { items, index: catalog.index };
  const range = pageRange(ordered.items.length, (id) => ordered.index.get(id) ?? -1, params);
  if ('problem' in range) return reply.problem('invalid_request', range.problem);
  return reply.ok(anthropicPageOf(ordered.items.slice(range.start, range.end), range.hasMore));
}

function one(catalog: Catalog, rawId: string, reply: Reply, owner: OpenAIShapeOptions): ServedResponse {
  const decoded = decodeOnce(rawId);
  // The decoded id first; the raw one covers an id with a literal `%` that a client sent unencoded.
  const position = catalog.index.get(decoded ?? rawId) ?? catalog.index.get(rawId);
  const model = position === undefined ? undefined : catalog.models[position];
  if (!model) return reply.problem('not_found', `Model ${JSON.stringify(clip(decoded ?? rawId))} is not in this gateway's model list.`);
  return reply.ok(reply.shape === 'anthropic' ? toAnthropicModel(model) : toOpenAIModel(model, owner));
}

function anthropicParams(query: RequestQuery | undefined): AnthropicPageParams | { problem: string } {
  const limit = singleValue(query, 'limit');
  const afterId = singleValue(query, 'after_id');
  const beforeId = singleValue(query, 'before_id');
  for (const value of [limit, afterId, beforeId]) if (typeof value === 'object') return value;
  const params: AnthropicPageParams = {};
  if (limit !== undefined) {
    if (!/^\d{1,7}$/.test(limit as string)) return { problem: 'limit must be a whole number from 1 to 1000.' };
    params.limit = Number(limit);
  }
  if (afterId) params.afterId = afterId as string;
  if (beforeId) params.beforeId = beforeId as string;
  return params;
}

function singleValue(query: RequestQuery | undefined, name: string): string | undefined | { problem: string } {
  const values = toSearchParams(query).getAll(name);
  if (values.length === 0) return undefined;
  if (values.length > 1) return { problem: `${name} must be given once.` };
  return values[0];
}

function chooseShape(format: ServedFormat, request: ServedRequest<unknown>): Shape {
  if (format !== 'auto') return format;
  return headerValue(request.headers, 'anthropic-version') === undefined ? 'openai' : 'anthropic';
}

/** HEAD: the same status and headers, with the length the body would have had. */
function withoutBody({ body, ...response }: ServedResponse): ServedResponse {
  return { ...response, headers: { ...response.headers, 'content-length': String(new TextEncoder().encode(body ?? '').byteLength) } };
}

function decodeOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

class Reply {
  constructor(
    readonly shape: Shape,
    private readonly varies: boolean,
  ) {}

  ok(body: unknown): ServedResponse {
    return this.#respond(200, body);
  }

  problem(problem: RouteProblem, message: string, extraHeaders: Record<string, string> = {}): ServedResponse {
    const entry = ROUTE_PROBLEMS[problem];
    const body = this.shape === 'anthropic' ? anthropicError(entry.anthropic, message) : openaiError(message, entry.openai);
    return this.#respond(entry.status, body, extraHeaders);
  }

  #respond(status: number, body: unknown, extraHeaders: Record<string, string> = {}): ServedResponse {
    const headers: Record<string, string> = { ...jsonHeaders('no-cache'), ...extraHeaders };
    // The same URL answers in two shapes under `auto`, so a cache must key on the header too.
    if (this.varies) headers.vary = 'anthropic-version';
    return { status, headers, body: JSON.stringify(body) };
  }
}
