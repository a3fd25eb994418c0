import { anthropicError, anthropicPageOf, toAnthropicModel, type AnthropicErrorType } from './anthropic.js';
import { catalogLoader, type Catalog, type ModelSource } from './catalog.js';
import { openaiError, toOpenAIModel } from './openai.js';
import { resolveServedOptions, type ResolvedServedOptions, type ServedModelsOptions } from './options.js';
import { clip, pageRange, type AnthropicPageParams } from './pagination.js';
import { headerValue, queryValues, type QueryBag, type ServedRequest, type ServedResponse } from './request.js';

/** Answers a plain request, or returns `undefined` when its path is not one of the served routes. */
export type ServedModelsHandler = (request: ServedRequest) => Promise<ServedResponse | undefined>;

type Shape = 'anthropic' | 'openai';
type Problem = 'invalid_request' | 'unauthorized' | 'not_found' | 'method_not_allowed';

// The one table from a problem to its status and to each shape's error vocabulary.
const PROBLEMS: Record<Problem, { status: number; anthropic: AnthropicErrorType; openai: string }> = {
  invalid_request: { status: 400, anthropic: 'invalid_request_error', openai: 'invalid_request' },
  unauthorized: { status: 401, anthropic: 'authentication_error', openai: 'invalid_api_key' },
  not_found: { status: 404, anthropic: 'not_found_error', openai: 'model_not_found' },
  method_not_allowed: { status: 405, anthropic: 'invalid_request_error', openai: 'method_not_allowed' },
};

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
 * @throws TypeError when an option or the source is invalid.
 */
export function createServedModelsHandler(source: ModelSource, options: ServedModelsOptions = {}): ServedModelsHandler {
  const settings = resolveServedOptions(options);
  const load = catalogLoader(source, settings.keep);

  return async (request) => {
    const route = matchRoute(request.path, settings.prefix);
    if (!route) return undefined;
    const reply = new Reply(chooseShape(settings, request), settings.format === 'auto');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.problem('method_not_allowed', `${clip(request.method, 16)} is not allowed here; use GET.`, { allow: ALLOW });
    }
    if (settings.authorize && !(await settings.authorize(request))) {
      return reply.problem('unauthorized', 'This request is not allowed to list models.');
    }
    const catalog = await load();
    return route.rawId === undefined ? list(catalog, request.query, reply, settings) : one(catalog, route.rawId, reply, settings);
  };
}

function list(catalog: Catalog, query: QueryBag, reply: Reply, settings: ResolvedServedOptions): ServedResponse {
  if (reply.shape === 'openai') {
    // OpenAI's list is never paged; like OpenAI, unknown query parameters are ignored.
    catalog.openai ??= catalog.models.map((model) => toOpenAIModel(model, ownedBy(settings)));
    return reply.ok({ object: 'list', data: catalog.openai });
  }
  const params = anthropicParams(query);
  const range = 'problem' in params ? params : pageRange(catalog.models.length, (id) => catalog.index.get(id) ?? -1, params);
  if ('problem' in range) return reply.problem('invalid_request', range.problem);
  catalog.anthropic ??= catalog.models.map(toAnthropicModel);
  return reply.ok(anthropicPageOf(catalog.anthropic.slice(range.start, range.end), range.hasMore));
}

function one(catalog: Catalog, rawId: string, reply: Reply, settings: ResolvedServedOptions): ServedResponse {
  const decoded = decodeOnce(rawId);
  // The decoded id first; the raw one covers an id with a literal `%` that a client sent unencoded.
  const position = catalog.index.get(decoded ?? rawId) ?? catalog.index.get(rawId);
  const model = position === undefined ? undefined : catalog.models[position];
  if (!model) return reply.problem('not_found', `Model ${JSON.stringify(clip(decoded ?? rawId))} is not in this gateway's model list.`);
  return reply.ok(reply.shape === 'anthropic' ? toAnthropicModel(model) : toOpenAIModel(model, ownedBy(settings)));
}

function anthropicParams(query: QueryBag): AnthropicPageParams | { problem: string } {
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

function singleValue(query: QueryBag, name: string): string | undefined | { problem: string } {
  const values = queryValues(query, name);
  if (values.length === 0) return undefined;
  if (values.length > 1 || typeof values[0] !== 'string') return { problem: `${name} must be given once, as plain text.` };
  return values[0];
}

function matchRoute(path: string, prefix: string): { rawId?: string } | undefined {
  const base = `${prefix}/models`;
  if (path === base || path === `${base}/`) return {};
  if (path.startsWith(`${base}/`)) return { rawId: path.slice(base.length + 1) };
  return undefined;
}

function chooseShape(settings: ResolvedServedOptions, request: ServedRequest): Shape {
  if (settings.format !== 'auto') return settings.format;
  return headerValue(request.headers, 'anthropic-version') === undefined ? 'openai' : 'anthropic';
}

function ownedBy(settings: ResolvedServedOptions): { ownedBy?: string } {
  return settings.ownedBy === undefined ? {} : { ownedBy: settings.ownedBy };
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

  problem(problem: Problem, message: string, extraHeaders: Record<string, string> = {}): ServedResponse {
    const entry = PROBLEMS[problem];
    const body = this.shape === 'anthropic' ? anthropicError(entry.anthropic, message) : openaiError(message, entry.openai);
    return this.#respond(entry.status, body, extraHeaders);
  }

  #respond(status: number, body: unknown, extraHeaders: Record<string, string> = {}): ServedResponse {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    };
    // The same URL answers in two shapes under `auto`, so a cache must key on the header too.
    if (this.varies) headers.vary = 'anthropic-version';
    return { status, headers, body: JSON.stringify(body) };
  }
}
