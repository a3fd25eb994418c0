import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { createAvailableModelsHandler } from '../../routes/available/handler.js';
import { ENCODED_BODY, type MaybeEncoded } from '../../routes/available/render.js';
import type { ModelRoutesOptions, ModelLister } from '../../routes/available/options.js';
import type { ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
import { belowMount, splitTarget } from '../../routes/shared/request.js';
import type { ServedModels } from '../../routes/served/catalog.js';
import { createServedModelsHandler } from '../../routes/served/handler.js';
import type { ServedModelsOptions } from '../../routes/served/options.js';

export type { ModelRoutesOptions, ModelLister, ModelSource } from '../../routes/available/options.js';
export type { AuthorizeRequest, ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
export type { ServedModelsOptions, ServedFormat } from '../../routes/served/options.js';
export type { ServedModels, ServedModelSource } from '../../routes/served/catalog.js';
export type { ServedRequest, ServedResponse } from '../../routes/served/request.js';

/** `app.register(availableModelRoutes, { discovery, ...options })`. */
export interface ModelRoutesPluginOptions extends ModelRoutesOptions<FastifyRequest> {
  discovery: ModelLister;
}

/** `app.register(servedModelRoutes, { discovery, ...options })`; `discovery` may also be a fixed list. */
export interface ServedModelRoutesPluginOptions extends ServedModelsOptions<FastifyRequest> {
  discovery: ServedModels;
}

type Handle = ((request: ModelRoutesRequest<FastifyRequest>) => Promise<ModelRoutesResponse> | undefined) & {
  answerNow?: (request: ModelRoutesRequest<FastifyRequest>) => ModelRoutesResponse | undefined;
};

/** Registers `urls` on `instance`, each answered by `handle`. */
function mount(instance: FastifyInstance, handle: Handle, urls: readonly string[]): void {
  // A child context for one reason: Fastify parses a body before any handler runs, and answers 415
  // or 400 itself for a content type it cannot parse (a form post, an empty JSON body). These
  // routes never read a body, so here any body is read and dropped. The child inherits the host's
  // hooks and prefix like the routes would without it.
  void instance.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
    mountRoutes(child, handle, urls);
  });
}

function mountRoutes(instance: FastifyInstance, handle: Handle, urls: readonly string[]): void {
  // The handler sees the path relative to the prefix the routes sit under, as in the other adapters
  // (the prefix is a pattern: `/t/:tenant` is as many segments of the path, not as many characters).
  const base = instance.prefix;
  // Not async: a warm read is answered in this tick, as a bare route would.
  const route = (request: FastifyRequest, reply: FastifyReply) => {
    const { path, query } = splitTarget(request.url);
    const plain: ModelRoutesRequest<FastifyRequest> = { method: request.method, path: belowMount(path, base), query, headers: request.headers, native: request };
    const ready = handle.answerNow?.(plain);
    if (ready) return send(reply, ready);
    const pending = handle(plain);
    // Only a host with `ignoreTrailingSlash` (or similar) routes a path here that is not exactly ours.
    if (!pending) return reply.callNotFound();
    return pending.then((response) => send(reply, response));
  };
  // Every method goes to the handler, which answers 405 with `Allow` for the wrong ones.
  for (const url of urls) instance.all(url, route);
}

function send(reply: FastifyReply, response: MaybeEncoded): FastifyReply {
  // The encoded body when there is one: Fastify then writes the bytes, with no encoding per request.
  return reply.code(response.status).headers(response.headers).send(response[ENCODED_BODY] ?? response.body);
}

// Async, so that a bad option rejects `register()` / `ready()` instead of escaping as an uncaught throw.
async function plugin(instance: FastifyInstance, options: ModelRoutesPluginOptions): Promise<void> {
  const { discovery, prefix, authorize, onError, credentials } = options;
  const handle = createAvailableModelsHandler<FastifyRequest>(discovery, { prefix, authorize, onError, credentials });
  mount(instance, handle, handle.paths);
}

async function servedPlugin(instance: FastifyInstance, options: ServedModelRoutesPluginOptions): Promise<void> {
  const { discovery, ...served } = options;
  const handle = createServedModelsHandler<FastifyRequest>(discovery, served);
  // The list path, and everything below it: an id may hold `/` (`openai/gpt-4o` sent raw).
  mount(instance, handle, [handle.paths[0], `${handle.paths[1]}*`]);
}

/** What `fastify-plugin` would set, without making it a runtime dependency of every user. */
function unencapsulated<T extends object>(fn: T, name: string): T {
  return Object.assign(fn, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
    [Symbol.for('plugin-meta')]: { name, fastify: '5.x' },
  });
}

/**
 * The two available-models routes as a Fastify 5 plugin: `app.register(availableModelRoutes, { discovery,
 * ...options })`. Like a `fastify-plugin` plugin it is not encapsulated, so the host's hooks
 * (authentication, logging) apply to the routes and Fastify's own `prefix` option is ours.
 */
export const availableModelRoutes: FastifyPluginAsync<ModelRoutesPluginOptions> = unencapsulated(plugin, 'model-discovery');

/**
 * The served `GET /v1/models` and `GET /v1/models/{id}` for Claude Code, the Anthropic SDK and
 * the OpenAI SDK, as a Fastify 5 plugin: `app.register(servedModelRoutes, { discovery, ...options })`.
 * Separate from `availableModelRoutes`, with its own options; not encapsulated, like `availableModelRoutes`.
 */
export const servedModelRoutes: FastifyPluginAsync<ServedModelRoutesPluginOptions> = unencapsulated(servedPlugin, 'model-discovery-served');

/**
 * @deprecated Since 0.2.0: use `availableModelRoutes` (the same function under the name that says which route family it is). Removed in 0.3.0.
 */
export const modelRoutes = availableModelRoutes;
