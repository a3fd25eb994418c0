import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { createModelRoutesHandler } from '../http/handler.js';
import type { ModelRoutesOptions, ModelSource } from '../http/options.js';
import { splitTarget } from '../http/request.js';

export type { AuthorizeRequest, ModelRoutesOptions, ModelRoutesRequest, ModelRoutesResponse, ModelSource } from '../http/options.js';

/** `app.register(modelRoutes, { discovery, ...options })`. */
export interface ModelRoutesPluginOptions extends ModelRoutesOptions<FastifyRequest> {
  discovery: ModelSource;
}

// Async, so that a bad option rejects `register()` / `ready()` instead of escaping as an uncaught throw.
async function plugin(instance: FastifyInstance, options: ModelRoutesPluginOptions): Promise<void> {
  const { discovery, prefix, authorize, onError } = options;
  const handle = createModelRoutesHandler<FastifyRequest>(discovery, { prefix, authorize, onError });
  // Registered without encapsulation, so the routes sit under the prefix of the context they were
  // registered in; the handler sees the path relative to it, as in the other adapters.
  const base = instance.prefix;
  const route = async (request: FastifyRequest, reply: FastifyReply) => {
    const { path, query } = splitTarget(request.url);
    const pending = handle({ method: request.method, path: path.slice(base.length), query, headers: request.headers, native: request });
    // Only a host with `ignoreTrailingSlash` (or similar) routes a path here that is not exactly ours.
    if (!pending) return reply.callNotFound();
    const { status, headers, body } = await pending;
    return reply.code(status).headers(headers).send(body);
  };
  // Every method goes to the handler, which answers 405 with `Allow` for the wrong ones.
  for (const url of handle.paths) instance.all(url, route);
}

/**
 * The two available-models routes as a Fastify 5 plugin: `app.register(modelRoutes, { discovery,
 * ...options })`. Like a `fastify-plugin` plugin it is not encapsulated, so the host's hooks
 * (authentication, logging) apply to the routes and Fastify's own `prefix` option is ours.
 */
export const modelRoutes: FastifyPluginAsync<ModelRoutesPluginOptions> = Object.assign(plugin, {
  // What `fastify-plugin` would set, without making it a runtime dependency of every user.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'model-discovery',
  [Symbol.for('plugin-meta')]: { name: 'model-discovery', fastify: '5.x' },
});
